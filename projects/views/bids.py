"""The firms' bidding pages: submit, "my bids", a bid's page with its receipts and documents,
revise, withdraw, and a consortium partner's confirmation.

Until the opening a bid exists only for its firms: every page here finds the bid through
`permissions.bids_visible_to` (anyone else gets a 404, as if it did not exist), reads the
sealed offer only for the bid's firms, and answers `Cache-Control: private, no-store`.
Offers are never logged.
"""

from __future__ import annotations

from collections.abc import Callable
from functools import wraps
from typing import Any

from django.conf import settings
from django.contrib import messages
from django.contrib.auth.views import redirect_to_login
from django.core.exceptions import PermissionDenied, ValidationError
from django.core.paginator import InvalidPage, Paginator
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.utils.cache import patch_cache_control
from django.utils.translation import gettext as _
from django.views.decorators.csrf import csrf_exempt, csrf_protect
from django.views.decorators.http import require_http_methods, require_POST, require_safe

from emining import uploads
from firms.permissions import firm_of
from minerals.models import ValueChainStage
from projects import bid_selectors, permissions, services
from projects.forms.bids import DOCUMENT_SLOTS, BidForm, upload_help_text
from projects.models import OFFER_FIELDS, Bid, BidParticipant, Project
from projects.services import bid_documents

BIDS_PER_PAGE = 20
# Room for the offer's fields and the multipart boundaries around the files.
FORM_OVERHEAD_BYTES = 64 * 1024


# --- Access ------------------------------------------------------------------------------------


def forbidden(request: HttpRequest, message: str) -> HttpResponse:
    return render(request, "403.html", {"message": message}, status=403)


def bid_page(view: Callable) -> Callable:
    """A refusal by a service is a 403 in the layout; nothing here is kept by a cache."""

    @wraps(view)
    def wrapped(request: HttpRequest, *args, **kwargs) -> HttpResponse:
        try:
            response = view(request, *args, **kwargs)
        except PermissionDenied as exc:
            response = forbidden(request, str(exc) or _("You may not do this with this bid."))
        patch_cache_control(response, private=True, no_store=True)
        return response

    return wrapped


def _visible_bid(request: HttpRequest, pk: int) -> Bid:
    bid = bid_selectors.bid_for_page(request.user, pk)
    if bid is None:
        raise Http404(_("No bid has this number."))
    return bid


def _bid_firm_bid(request: HttpRequest, pk: int) -> Bid:
    """A bid whose firms the user speaks for; anyone else (officials too) gets a 404."""
    bid = _visible_bid(request, pk)
    if not permissions.is_bid_firm(request.user, bid):
        raise Http404(_("No bid has this number."))
    return bid


def _bidding_project(request: HttpRequest, reference: str) -> Project:
    project = (
        permissions.projects_visible_to(request.user)
        .select_related("agency")
        .defer("search_vector")
        .filter(reference=reference)
        .first()
    )
    if project is None:
        raise Http404(_("No project has this reference."))
    return project


def _announced_size(request: HttpRequest) -> int:
    try:
        return int(request.META.get("CONTENT_LENGTH") or 0)
    except ValueError:
        return 0


def _size_guarded(request: HttpRequest) -> uploads.DocumentSizeLimitHandler | HttpResponse:
    """Refuse an oversize body before reading it; else install the per-file guard before the
    body is read (the CSRF check reads it), as the project documents' upload does."""
    limit = DOCUMENT_SLOTS * settings.PROJECT_DOCUMENT_MAX_BYTES + FORM_OVERHEAD_BYTES
    if request.method == "POST" and _announced_size(request) > limit:
        return render(request, "413.html", {"message": uploads.too_large_message()}, status=413)
    guard = uploads.DocumentSizeLimitHandler(request)
    request.upload_handlers.insert(0, guard)
    return guard


# --- Submit and revise -------------------------------------------------------------------------


def _checked_offer(form: BidForm) -> services.Offer | None:
    try:
        return services.Offer.from_values(form.offer_values())
    except ValidationError as error:
        form.add_domain_error(error)
        return None


def _form_context(form: BidForm, **context: Any) -> dict[str, Any]:
    return {"form": form, "upload_help": upload_help_text(), **context}


@csrf_exempt  # checked by _bid_form_post once the upload is known to be allowed
@require_http_methods(["GET", "HEAD", "POST"])
@bid_page
def bid_submit(request: HttpRequest, reference: str) -> HttpResponse:
    if not request.user.is_authenticated:
        return redirect_to_login(request.get_full_path())
    if not permissions.may_bid(request.user):
        raise Http404(_("Only members of verified firms may bid."))
    project = _bidding_project(request, reference)
    firm = firm_of(request.user)
    existing = bid_selectors.active_bid_of_firm(firm, project)
    if existing is not None:
        messages.info(request, _("Your firm already takes part in a bid for this project."))
        return redirect("projects:bid-detail", pk=existing.pk)
    guard = _size_guarded(request)
    if isinstance(guard, HttpResponse):
        return guard
    return _bid_submit(request, project, firm, guard)


@csrf_protect
def _bid_submit(request, project: Project, firm, guard) -> HttpResponse:
    context: dict[str, Any] = {
        "project": project,
        "firm": firm,
        "accepting": bid_selectors.accepting_bids(project),
    }
    if request.method != "POST":
        return render(
            request, "projects/bids/bid_form.html", _form_context(BidForm(lead=firm), **context)
        )
    # A refused POST shows the form again with what was typed, even when the refusal is the
    # closing time: the firm keeps its text.
    context["accepting"] = True
    form = BidForm(request.POST, request.FILES, lead=firm)
    offer = _posted_offer(form, guard)
    if offer is not None:
        try:
            version = services.submit_bid(
                project,
                by=request.user,
                offer=offer,
                partners=form.service_partners(),
                documents=form.service_documents(),
            )
        except ValidationError as error:
            form.add_domain_error(error)
        else:
            messages.success(
                request,
                _("Your bid was received and sealed. Keep its receipt: %(digest)s")
                % {"digest": version.receipt_digest},
            )
            return redirect("projects:bid-detail", pk=version.bid_id)
    return render(
        request, "projects/bids/bid_form.html", _form_context(form, **context), status=400
    )


def _posted_offer(form: BidForm, guard) -> services.Offer | None:
    """The offer of a posted bid form, or None with the form's messages set (fields, the
    offer's rules, an upload past the size limit)."""
    valid = form.is_valid()
    if guard.exceeded:
        form.document_errors.append(uploads.too_large_message())
        valid = False
    offer = _checked_offer(form)
    return offer if valid else None


@csrf_exempt  # checked by _bid_revise once the upload is known to be allowed
@require_http_methods(["GET", "HEAD", "POST"])
@bid_page
def bid_revise(request: HttpRequest, pk: int) -> HttpResponse:
    bid = _bid_firm_bid(request, pk)
    if not permissions.may_change_bid(request.user, bid):
        raise PermissionDenied(_("Only members of the lead firm may change this bid."))
    if bid.status != Bid.Status.SUBMITTED or not bid_selectors.accepting_bids(bid.project):
        messages.error(request, _("This bid can no longer be revised."))
        return redirect("projects:bid-detail", pk=bid.pk)
    guard = _size_guarded(request)
    if isinstance(guard, HttpResponse):
        return guard
    return _bid_revise(request, bid, guard)


def _revise_form(request: HttpRequest, bid: Bid, content: dict, *, bound: bool) -> BidForm:
    documents = [
        (document.pk, bid_documents.document_digest(document).title)
        for document in bid_selectors.current_documents(bid)
    ]
    initial = {
        **content["offer"],
        "partners": [partner["id"] for partner in content["partners"]],
    }
    if bound:
        return BidForm(request.POST, request.FILES, lead=bid.lead_firm, current_documents=documents)
    return BidForm(initial=initial, lead=bid.lead_firm, current_documents=documents)


@csrf_protect
def _bid_revise(request: HttpRequest, bid: Bid, guard) -> HttpResponse:
    content = bid_selectors.sealed_offer(bid)
    context: dict[str, Any] = {"project": bid.project, "firm": bid.lead_firm, "bid": bid}
    context["accepting"] = True
    if request.method != "POST":
        form = _revise_form(request, bid, content, bound=False)
        return render(request, "projects/bids/bid_form.html", _form_context(form, **context))
    form = _revise_form(request, bid, content, bound=True)
    offer = _posted_offer(form, guard)
    if offer is not None:
        try:
            version = services.revise_bid(
                bid,
                by=request.user,
                offer=offer,
                partners=form.service_partners(),
                add_documents=form.service_documents(),
                remove_documents=form.service_removed_documents(),
            )
        except ValidationError as error:
            form.add_domain_error(error)
        else:
            messages.success(
                request,
                _("Version %(number)s of your bid was received and sealed. Receipt: %(digest)s")
                % {"number": version.number, "digest": version.receipt_digest},
            )
            return redirect("projects:bid-detail", pk=bid.pk)
    return render(
        request, "projects/bids/bid_form.html", _form_context(form, **context), status=400
    )


# --- My bids -----------------------------------------------------------------------------------


@require_safe
@bid_page
def bid_list(request: HttpRequest) -> HttpResponse:
    if not request.user.is_authenticated:
        return redirect_to_login(request.get_full_path())
    if not permissions.may_bid(request.user):
        raise Http404(_("Only members of verified firms have bids."))
    firm = firm_of(request.user)
    paginator = Paginator(bid_selectors.bids_for_firm_list(request.user), BIDS_PER_PAGE)
    try:
        page = paginator.page(request.GET.get("page") or 1)
    except InvalidPage as exc:
        raise Http404(_("That page does not exist.")) from exc
    rows = []
    for bid in page.object_list:
        participants = list(bid.participants.all())
        mine = next((p for p in participants if p.firm_id == firm.pk and p.active), None)
        rows.append(
            {
                "bid": bid,
                "role": mine.get_role_display() if mine else "",
                "partners": [p for p in participants if p.role == "partner" and p.active],
                "needs_confirmation": (
                    mine is not None
                    and mine.role == BidParticipant.Role.PARTNER
                    and mine.confirmed_at is None
                    and bid.status == Bid.Status.SUBMITTED
                ),
            }
        )
    return render(
        request, "projects/bids/bid_list.html", {"page": page, "rows": rows, "firm": firm}
    )


# --- A bid's page ------------------------------------------------------------------------------


def _choice_label(choices, value: str) -> str:
    return dict(choices).get(value, value) if value else ""


def _offer_for_page(bid: Bid, content: dict | None) -> dict[str, Any] | None:
    """The offer as the page shows it: from the sealed content for the bid's firms before the
    opening, from the plain columns after it."""
    if bid.is_sealed:
        if content is None:
            return None
        values = content["offer"]
    else:
        values = {name: getattr(bid, name) for name in OFFER_FIELDS}
    return {
        **values,
        "investment_model_label": _choice_label(
            Project.InvestmentModel.choices, values["investment_model"]
        ),
        "value_addition_label": _choice_label(
            ValueChainStage.choices, values["value_addition_stage"]
        ),
    }


@require_safe
@bid_page
def bid_detail(request: HttpRequest, pk: int) -> HttpResponse:
    bid = _visible_bid(request, pk)
    user = request.user
    is_firm = permissions.is_bid_firm(user, bid)
    content = bid_selectors.sealed_offer(bid) if is_firm else None
    participants = [p for p in bid.participants.all() if p.active or not bid.is_active]
    partners = [p for p in participants if p.role == BidParticipant.Role.PARTNER]
    waiting = [p.firm for p in partners if p.confirmed_at is None]
    may_read_documents = permissions.may_read_bid_documents(user, bid)
    documents = [
        {"document": document, "details": bid_documents.document_digest(document)}
        for document in bid_selectors.current_documents(bid)
    ]
    accepting = bid_selectors.accepting_bids(bid.project)
    context = {
        "bid": bid,
        "project": bid.project,
        "is_firm": is_firm,
        "offer": _offer_for_page(bid, content),
        "lead": bid.lead_firm,
        "partners": partners,
        "waiting": waiting if bid.status == Bid.Status.SUBMITTED else [],
        "versions": list(bid.versions.all()) if is_firm else [],
        "documents": documents if may_read_documents else [],
        "may_change": is_firm
        and accepting
        and bid.status == Bid.Status.SUBMITTED
        and permissions.may_change_bid(user, bid),
        "may_confirm": accepting and permissions.may_confirm_participation(user, bid),
        "may_evaluate": not bid.is_sealed and permissions.may_evaluate_bids(user, bid.project),
    }
    return render(request, "projects/bids/bid_detail.html", context)


@require_http_methods(["GET", "HEAD", "POST"])
@bid_page
def bid_withdraw(request: HttpRequest, pk: int) -> HttpResponse:
    bid = _bid_firm_bid(request, pk)
    if not permissions.may_change_bid(request.user, bid):
        raise PermissionDenied(_("Only members of the lead firm may withdraw this bid."))
    if request.method == "POST":
        try:
            services.withdraw_bid(bid, by=request.user)
        except ValidationError as error:
            for message in error.messages:
                messages.error(request, message)
        else:
            messages.success(
                request,
                _("Your bid was withdrawn. It will not be opened; your firm may bid again."),
            )
        return redirect("projects:bid-detail", pk=bid.pk)
    return render(request, "projects/bids/bid_withdraw.html", {"bid": bid, "project": bid.project})


@require_POST
@bid_page
def bid_confirm(request: HttpRequest, pk: int) -> HttpResponse:
    bid = _bid_firm_bid(request, pk)
    try:
        services.confirm_participation(bid, by=request.user)
    except ValidationError as error:
        for message in error.messages:
            messages.error(request, message)
    else:
        messages.success(request, _("Your firm's participation in this bid is confirmed."))
    return redirect("projects:bid-detail", pk=bid.pk)
