"""The officials' side of bidding: the count before the opening, the opening itself, the
opened bids side by side, each evaluator's own scores, the reconciliation, the shortlist and
the award.

Only officials of the owning agency reach these pages; anyone else gets a 404. Before the
opening they know one thing, how many bids arrived: the bids themselves are sealed (and
`permissions.bids_visible_to` does not return them to anyone but their firms).
"""

from __future__ import annotations

from django.contrib import messages
from django.contrib.auth.views import redirect_to_login
from django.core.exceptions import ValidationError
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_http_methods, require_POST

from projects import bid_selectors, permissions, services
from projects.evaluation_table import evaluation_rows_html
from projects.forms import ActionForm
from projects.forms.bids import ScoreForm
from projects.models import Bid, BidOpening, BidScore, Project
from projects.services.evaluation import INDEPENDENT_EVALUATORS, evaluators_of

from .bids import bid_page

Status = Project.Status


def _evaluated_project(request: HttpRequest, reference: str) -> Project:
    """The project whose bids the official evaluates, with its opening record if any."""
    project = (
        permissions.projects_visible_to(request.user)
        .select_related("agency", "bid_opening__opened_by")
        .defer("search_vector")
        .filter(reference=reference)
        .first()
    )
    if project is None or not permissions.may_evaluate_bids(request.user, project):
        raise Http404(_("No project has this reference."))
    return project


def _evaluated_bid(request: HttpRequest, pk: int) -> Bid:
    """An opened bid of the official's agency; sealed bids and anyone else's: 404."""
    bid = bid_selectors.bid_for_page(request.user, pk)
    if bid is None or bid.is_sealed or not permissions.may_evaluate_bids(request.user, bid.project):
        raise Http404(_("No bid has this number."))
    return bid


def _show_errors(request: HttpRequest, error: ValidationError) -> None:
    for message in error.messages:
        messages.error(request, message)


def _to_evaluation(project: Project) -> HttpResponse:
    return redirect("projects:bid-evaluation", reference=project.reference)


# --- The evaluation page and the opening --------------------------------------------------------


@require_http_methods(["GET", "HEAD"])
@bid_page
def bid_evaluation(request: HttpRequest, reference: str) -> HttpResponse:
    if not request.user.is_authenticated:
        return redirect_to_login(request.get_full_path())
    project = _evaluated_project(request, reference)
    try:
        opening = project.bid_opening
    except BidOpening.DoesNotExist:
        opening = None
    context: dict = {"project": project, "opening": opening}
    if opening is None:
        context |= {
            "received": bid_selectors.sealed_bid_count(project),
            "may_open": project.bidding_deadline_passed
            and project.status in (Status.PUBLISHED, Status.CLOSED),
        }
        return render(request, "projects/bids/evaluation.html", context)
    criteria = list(project.evaluation_criteria.all())
    rows = bid_selectors.evaluation_rows(project, criteria)
    context |= {
        "criteria": criteria,
        "rows": rows,
        "rows_html": evaluation_rows_html(
            request,
            rows,
            criteria_count=len(criteria),
            in_evaluation=project.status == Status.UNDER_EVALUATION,
        ),
    }
    return render(request, "projects/bids/evaluation.html", context)


@require_http_methods(["GET", "HEAD", "POST"])
@bid_page
def bids_open(request: HttpRequest, reference: str) -> HttpResponse:
    project = _evaluated_project(request, reference)
    if request.method != "POST":
        return render(
            request,
            "projects/bids/open_confirm.html",
            {"project": project, "received": bid_selectors.sealed_bid_count(project)},
        )
    try:
        opening = services.open_bids(project, by=request.user)
    except ValidationError as error:
        _show_errors(request, error)
    else:
        messages.success(
            request,
            _("%(count)s bids were opened; the opening is recorded. Evaluation has started.")
            % {"count": opening.bids_opened},
        )
    return _to_evaluation(project)


# --- Scores ------------------------------------------------------------------------------------


@require_http_methods(["GET", "HEAD", "POST"])
@bid_page
def bid_score(request: HttpRequest, pk: int) -> HttpResponse:
    """The evaluator's own scores: never another evaluator's, until the bid is reconciled."""
    bid = _evaluated_bid(request, pk)
    project = bid.project
    criteria = list(project.evaluation_criteria.all())
    reconciled = BidScore.objects.filter(bid=bid, round=BidScore.Round.RECONCILED).exists()
    own = bid_selectors.own_scores(bid, request.user)
    initial = {}
    for criterion_id, score in own.items():
        initial[f"score_{criterion_id}"] = score.score
        initial[f"comment_{criterion_id}"] = score.comment
    form = ScoreForm(
        request.POST if request.method == "POST" else None, initial=initial, criteria=criteria
    )
    context = {"bid": bid, "project": project, "form": form, "reconciled": reconciled}
    if request.method != "POST":
        return render(request, "projects/bids/score.html", context)
    if form.is_valid():
        try:
            services.score_bid(bid, by=request.user, scores=form.score_sheet())
        except ValidationError as error:
            form.add_domain_error(error)
        else:
            messages.success(request, _("Your scores of this bid were saved."))
            return _to_evaluation(project)
    return render(request, "projects/bids/score.html", context, status=400)


@require_http_methods(["GET", "HEAD", "POST"])
@bid_page
def bid_reconcile(request: HttpRequest, pk: int) -> HttpResponse:
    """Both evaluators' scores side by side and the agreed score per criterion, once at least
    two officials have scored every criterion on their own."""
    bid = _evaluated_bid(request, pk)
    project = bid.project
    criteria = list(project.evaluation_criteria.all())
    ready = len(evaluators_of(bid)) >= INDEPENDENT_EVALUATORS
    context: dict = {"bid": bid, "project": project, "ready": ready}
    if not ready:
        # Nobody's scores are shown: each evaluator still sees only their own.
        return render(request, "projects/bids/reconcile.html", context, status=409)
    evaluators, sheet = bid_selectors.reconciliation_sheet(bid)
    initial = {}
    for criterion in criteria:
        agreed = sheet.get(criterion.pk, {}).get(0)
        if agreed is not None:
            initial[f"score_{criterion.pk}"] = agreed.score
            initial[f"comment_{criterion.pk}"] = agreed.comment
    form = ScoreForm(
        request.POST if request.method == "POST" else None, initial=initial, criteria=criteria
    )
    context |= {
        "form": form,
        "evaluators": evaluators,
        "rows": [
            {
                "criterion": criterion,
                "scores": [sheet.get(criterion.pk, {}).get(e.pk) for e in evaluators],
                "score": form[f"score_{criterion.pk}"],
                "comment": form[f"comment_{criterion.pk}"],
            }
            for criterion in criteria
        ],
    }
    if request.method != "POST":
        return render(request, "projects/bids/reconcile.html", context)
    if form.is_valid():
        try:
            services.reconcile_scores(bid, by=request.user, scores=form.score_sheet())
        except ValidationError as error:
            form.add_domain_error(error)
        else:
            messages.success(request, _("The agreed scores of this bid were recorded."))
            return _to_evaluation(project)
    return render(request, "projects/bids/reconcile.html", context, status=400)


# --- Shortlist and award -----------------------------------------------------------------------


@require_POST
@bid_page
def bid_shortlist(request: HttpRequest, pk: int) -> HttpResponse:
    bid = _evaluated_bid(request, pk)
    try:
        services.shortlist_bid(bid, by=request.user)
    except ValidationError as error:
        _show_errors(request, error)
    else:
        messages.success(
            request,
            _("The bid of %(firm)s is shortlisted.") % {"firm": bid.lead_firm.localized_name},
        )
    return _to_evaluation(bid.project)


@require_http_methods(["GET", "HEAD", "POST"])
@bid_page
def bid_award(request: HttpRequest, pk: int) -> HttpResponse:
    bid = _evaluated_bid(request, pk)
    project = bid.project
    form = ActionForm(request.POST if request.method == "POST" else None, note=True)
    context = {"bid": bid, "project": project, "form": form}
    if request.method != "POST":
        return render(request, "projects/bids/award_confirm.html", context)
    if not form.is_valid():
        return render(request, "projects/bids/award_confirm.html", context, status=400)
    try:
        services.award_project(project, by=request.user, bid=bid, note=form.cleaned_data["note"])
    except ValidationError as error:
        _show_errors(request, error)
        return _to_evaluation(project)
    messages.success(
        request,
        _("%(reference)s is awarded to the bid of %(firm)s. The award notice is public.")
        % {"reference": project.reference, "firm": bid.lead_firm.localized_name},
    )
    return redirect(project.get_absolute_url())
