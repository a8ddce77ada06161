"""Where matches show: a firm's recommended projects and suggested partners, and a project's
likely investors for the officials who manage it (with "invite to bid")."""

from __future__ import annotations

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST, require_safe

from emining.services import DomainError
from firms.models import Firm
from firms.permissions import firm_of, is_verified_firm_member
from firms.views.common import denied, private
from projects.models import Project
from projects.permissions import may_manage_project

from . import match_selectors as selectors
from .models import BidInvitation, MatchFeedback
from .services import matches as services


def _verified_firm(request: HttpRequest) -> Firm | HttpResponse:
    if not is_verified_firm_member(request.user):
        return denied(request, _("Recommendations are for the members of verified firms."))
    return firm_of(request.user)


@login_required
@require_safe
def recommendations(request: HttpRequest) -> HttpResponse:
    firm = _verified_firm(request)
    if isinstance(firm, HttpResponse):
        return firm
    firm = selectors.firm_for_matching(firm.pk)
    context = {
        "firm": firm,
        "recommended": selectors.recommended_projects(firm),
        "partners": selectors.suggested_partners(firm),
    }
    return private(render(request, "matchmaking/recommendations.html", context))


@login_required
@require_POST
def feedback(request: HttpRequest, reference: str) -> HttpResponse:
    firm = _verified_firm(request)
    if isinstance(firm, HttpResponse):
        return firm
    project = get_object_or_404(Project, reference=reference, published_at__isnull=False)
    verdict = request.POST.get("verdict", "")
    try:
        services.record_feedback(firm=firm, project=project, verdict=verdict, by=request.user)
    except DomainError as exc:
        messages.error(request, " ".join(exc.messages))
        return redirect("matchmaking:recommendations")
    if verdict == MatchFeedback.Verdict.DISMISSED:
        messages.success(
            request,
            _("Project %(reference)s left your recommendations.") % {"reference": reference},
        )
    else:
        messages.success(
            request,
            _("Noted: projects like %(reference)s will rank higher.") % {"reference": reference},
        )
    return redirect("matchmaking:recommendations")


def _managed_project(request: HttpRequest, reference: str) -> Project:
    project = Project.objects.select_related("agency").filter(reference=reference).first()
    if project is None or not may_manage_project(request.user, project):
        raise Http404(_("No such project."))
    return project


@login_required
@require_safe
def likely_investors(request: HttpRequest, reference: str) -> HttpResponse:
    project = _managed_project(request, reference)
    investors = selectors.likely_investors(project)
    invited = set(BidInvitation.objects.filter(project=project).values_list("firm_id", flat=True))
    context = {
        "project": project,
        "investors": investors,
        "invited": invited,
        "may_invite": project.is_open_for_bids and not project.bidding_deadline_passed,
    }
    return private(render(request, "matchmaking/likely_investors.html", context))


@login_required
@require_POST
def invite(request: HttpRequest, reference: str, firm_id: int) -> HttpResponse:
    project = _managed_project(request, reference)
    firm = get_object_or_404(Firm, pk=firm_id)
    try:
        services.invite_to_bid(project=project, firm=firm, by=request.user)
    except PermissionDenied:
        raise Http404(_("No such project.")) from None
    except DomainError as exc:
        messages.error(request, " ".join(exc.messages))
    else:
        messages.success(request, _("%(firm)s was invited to bid.") % {"firm": firm.localized_name})
    return redirect("matchmaking:likely-investors", reference=project.reference)
