"""The investment-lead pages: the list, the board by stage (drag and drop, with a "Move to"
form on every card for keyboards and browsers without scripts), "My overdue leads", a lead's
page with its history and activity log, and the officials' forms. A lead the visitor may not
see is a 404 on every one of them."""

from __future__ import annotations

from typing import Any

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils.http import url_has_allowed_host_and_scheme
from django.utils.translation import gettext as _
from django.views.decorators.http import require_http_methods, require_POST, require_safe

from emining.services import DomainError
from firms.views.common import denied, page_of, private
from projects.permissions import may_view_project

from . import lead_selectors as selectors
from . import permissions
from .lead_filters import LeadFilter
from .lead_forms import ActivityForm, ConvertForm, LeadForm, MoveForm
from .models import Lead
from .services import leads as services

LEADS_PER_PAGE = 20


def _may_list(user) -> bool:
    return permissions.visible_leads_condition(user) is not None


@login_required
@require_safe
def lead_list(request: HttpRequest) -> HttpResponse:
    if not _may_list(request.user):
        return denied(request, _("Investment leads are seen by officials only."))
    filterset = LeadFilter(request.GET, queryset=selectors.leads_for_listing(request.user))
    template = "matchmaking/leads/lead_list.html"
    if request.htmx and not request.htmx.boosted:
        template = "matchmaking/leads/partials/_lead_results.html"
    context: dict[str, Any] = {
        "filter": filterset,
        "may_manage": permissions.may_manage_leads(request.user),
        "internal": permissions.may_see_internal_lead_details(request.user),
    }
    if not filterset.is_valid():
        context.update(page=None, invalid=True)
        return private(render(request, template, context, status=400))
    page = page_of(request, filterset.qs, LEADS_PER_PAGE)
    query = request.GET.copy()
    query.pop("page", None)
    context.update(page=page, query=query.urlencode(), is_filtered=filterset.is_filtered)
    return private(render(request, template, context))


@login_required
@require_safe
def lead_overdue(request: HttpRequest) -> HttpResponse:
    """ "My overdue leads": the signed-in officer's open leads whose next action is past due."""
    if not permissions.may_manage_leads(request.user):
        return denied(request, _("Only government officials own investment leads."))
    page = page_of(request, selectors.overdue_leads_of(request.user), LEADS_PER_PAGE)
    context = {"page": page, "query": "", "may_manage": True, "internal": True}
    return private(render(request, "matchmaking/leads/lead_overdue.html", context))


def _board_context(request: HttpRequest, filterset: LeadFilter) -> dict[str, Any]:
    query = request.GET.urlencode()
    return {
        "filter": filterset,
        "columns": selectors.board_columns(filterset.qs) if filterset.is_valid() else None,
        "invalid": not filterset.is_valid(),
        "board_url": reverse("matchmaking:lead-board") + (f"?{query}" if query else ""),
        "per_stage": selectors.BOARD_CARDS_PER_STAGE,
    }


@login_required
@require_safe
def lead_board(request: HttpRequest) -> HttpResponse:
    if not permissions.may_manage_leads(request.user):
        return denied(request, _("Only government officials work on the lead board."))
    filterset = LeadFilter(request.GET, queryset=selectors.leads_visible_to_officials())
    context = _board_context(request, filterset)
    template = "matchmaking/leads/lead_board.html"
    if request.htmx and not request.htmx.boosted:
        template = "matchmaking/leads/partials/_lead_board.html"
    status = 400 if context["invalid"] else 200
    return private(render(request, template, context, status=status))


def _detail_context(request: HttpRequest, lead: Lead, **forms: Any) -> dict[str, Any]:
    may_manage = permissions.may_manage_leads(request.user)
    context: dict[str, Any] = {
        "lead": lead,
        "may_manage": may_manage,
        "internal": permissions.may_see_internal_lead_details(request.user),
        "show_project": lead.project_id is not None
        and may_view_project(request.user, lead.project),
        "overdue": lead.is_overdue(),
    }
    if may_manage and lead.is_open:
        context["activity_form"] = forms.get("activity_form") or ActivityForm()
        context["move_form"] = forms.get("move_form") or MoveForm(lead=lead)
        if lead.firm_id and not lead.mou_id:
            context["convert_form"] = forms.get("convert_form") or ConvertForm(
                initial={
                    "title": _("Investment in Pakistan's mineral sector: %(investor)s")
                    % {"investor": lead.firm.name}
                }
            )
    return context


@login_required
@require_safe
def lead_detail(request: HttpRequest, reference: str) -> HttpResponse:
    lead = selectors.lead_for_user(request.user, reference)
    return private(
        render(request, "matchmaking/leads/lead_detail.html", _detail_context(request, lead))
    )


def _managed(request: HttpRequest, reference: str) -> Lead | HttpResponse:
    lead = selectors.lead_for_user(request.user, reference)
    if not permissions.may_manage_leads(request.user):
        return denied(request, _("Only government officials may work on investment leads."))
    return lead


@login_required
@require_http_methods(["GET", "HEAD", "POST"])
def lead_create(request: HttpRequest) -> HttpResponse:
    if not permissions.may_manage_leads(request.user):
        return denied(request, _("Only government officials may record investment leads."))
    if request.method != "POST":
        form = LeadForm(user=request.user, initial={"owner": request.user})
        return private(render(request, "matchmaking/leads/lead_form.html", {"form": form}))
    form = LeadForm(request.POST, user=request.user)
    if form.is_valid():
        data = form.cleaned_data
        try:
            lead = services.create_lead(
                by=request.user,
                values=form.values(),
                minerals=list(data["minerals"]),
                regions=list(data["regions"]),
            )
        except DomainError as exc:
            form.add_domain_error(exc)
        else:
            messages.success(
                request, _("Lead %(reference)s was recorded.") % {"reference": lead.reference}
            )
            return redirect(lead)
    return private(render(request, "matchmaking/leads/lead_form.html", {"form": form}, status=400))


@login_required
@require_http_methods(["GET", "HEAD", "POST"])
def lead_edit(request: HttpRequest, reference: str) -> HttpResponse:
    lead = _managed(request, reference)
    if isinstance(lead, HttpResponse):
        return lead
    context: dict[str, Any] = {"lead": lead}
    if request.method != "POST":
        context["form"] = LeadForm(initial=LeadForm.initial_for(lead), user=request.user)
        return private(render(request, "matchmaking/leads/lead_form.html", context))
    form = LeadForm(request.POST, user=request.user)
    context["form"] = form
    if form.is_valid():
        data = form.cleaned_data
        try:
            services.update_lead(
                lead,
                by=request.user,
                values=form.values(),
                minerals=list(data["minerals"]),
                regions=list(data["regions"]),
            )
        except DomainError as exc:
            form.add_domain_error(exc)
        else:
            messages.success(request, _("The lead was saved."))
            return redirect(lead)
    return private(render(request, "matchmaking/leads/lead_form.html", context, status=400))


def _back_to(request: HttpRequest, lead: Lead) -> str:
    target = request.POST.get("next") or request.GET.get("next") or ""
    if target and url_has_allowed_host_and_scheme(
        target, allowed_hosts={request.get_host()}, require_https=request.is_secure()
    ):
        return target
    return lead.get_absolute_url()


@login_required
@require_http_methods(["GET", "HEAD", "POST"])
def lead_move(request: HttpRequest, reference: str) -> HttpResponse:
    """Move a lead: the board's drag and drop (htmx: the board comes back), its "Move to"
    forms and the lead page's form (a redirect), or this page's own form (marking a lead
    lost asks for the reason here)."""
    lead = _managed(request, reference)
    if isinstance(lead, HttpResponse):
        return lead
    initial = {"stage": request.GET.get("stage", "")}
    form = MoveForm(request.POST or None, lead=lead, initial=initial)
    context = {"lead": lead, "form": form, "next": _back_to(request, lead)}
    if request.method != "POST":
        return private(render(request, "matchmaking/leads/lead_move.html", context))
    error = None
    if form.is_valid():
        try:
            services.move_lead(
                lead,
                form.cleaned_data["stage"],
                by=request.user,
                reason=form.cleaned_data["reason"],
            )
        except DomainError as exc:
            form.add_domain_error(exc)
            error = " ".join(exc.messages)
    else:
        error = " ".join(message for errors in form.errors.values() for message in errors)
    if request.htmx:
        filterset = LeadFilter(request.GET, queryset=selectors.leads_visible_to_officials())
        board = _board_context(request, filterset)
        if error is None:
            board["announcement"] = _("%(reference)s moved to “%(stage)s”.") % {
                "reference": lead.reference,
                "stage": lead.get_stage_display(),
            }
        else:
            board["move_error"] = error
        template = "matchmaking/leads/partials/_lead_board.html"
        return private(render(request, template, board, status=200 if error is None else 400))
    if error is None:
        messages.success(
            request,
            _("%(reference)s moved to “%(stage)s”.")
            % {"reference": lead.reference, "stage": lead.get_stage_display()},
        )
        return redirect(context["next"])
    return private(render(request, "matchmaking/leads/lead_move.html", context, status=400))


@login_required
@require_POST
def activity_add(request: HttpRequest, reference: str) -> HttpResponse:
    lead = _managed(request, reference)
    if isinstance(lead, HttpResponse):
        return lead
    form = ActivityForm(request.POST)
    if form.is_valid():
        try:
            services.add_activity(lead, by=request.user, **form.cleaned_data)
        except DomainError as exc:
            form.add_domain_error(exc)
        else:
            messages.success(request, _("The activity was logged."))
            return redirect(lead)
    context = _detail_context(request, lead, activity_form=form)
    return private(render(request, "matchmaking/leads/lead_detail.html", context, status=400))


@login_required
@require_POST
def lead_convert(request: HttpRequest, reference: str) -> HttpResponse:
    lead = _managed(request, reference)
    if isinstance(lead, HttpResponse):
        return lead
    form = ConvertForm(request.POST)
    if form.is_valid():
        try:
            mou = services.convert_to_mou(lead, by=request.user, **form.cleaned_data)
        except DomainError as exc:
            form.add_domain_error(exc)
        else:
            messages.success(
                request,
                _("Lead %(lead)s was converted into MoU %(mou)s.")
                % {"lead": lead.reference, "mou": mou.reference},
            )
            return redirect(mou)
    context = _detail_context(request, lead, convert_form=form)
    if "convert_form" not in context:
        context["convert_errors"] = form.non_field_errors()
    return private(render(request, "matchmaking/leads/lead_detail.html", context, status=400))
