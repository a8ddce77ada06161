"""The MoU registry's pages: the list, an MoU's page with its timeline, the officials' forms,
and document downloads. An MoU the visitor may not see is a 404 on every one of them."""

from __future__ import annotations

import logging
from dataclasses import dataclass
from datetime import date
from typing import Any

from django.conf import settings
from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views.decorators.csrf import csrf_exempt, csrf_protect
from django.views.decorators.http import require_http_methods, require_POST, require_safe

from emining import uploads
from emining.services import DomainError
from emining.uploads.downloads import stored_document_response
from firms.views.common import denied, page_of, private

from . import mou_selectors as selectors
from . import permissions
from .models import Lead, MoU, MoUMilestone
from .mou_filters import MoUFilter
from .mou_forms import MilestoneForm, MoUDocumentForm, MoUForm, TransitionForm
from .services import mous as services

logger = logging.getLogger(__name__)

MOUS_PER_PAGE = 20


@require_safe
def mou_list(request: HttpRequest) -> HttpResponse:
    filterset = MoUFilter(request.GET, queryset=selectors.mous_for_listing(request.user))
    template = "matchmaking/mou_list.html"
    if request.htmx and not request.htmx.boosted:
        template = "matchmaking/partials/_mou_results.html"
    context: dict[str, Any] = {
        "filter": filterset,
        "may_create": permissions.may_create_mou(request.user),
    }
    if not filterset.is_valid():
        context.update(page=None, invalid=True)
        return private(render(request, template, context, status=400))
    page = page_of(request, filterset.qs, MOUS_PER_PAGE)
    query = request.GET.copy()
    query.pop("page", None)
    context.update(page=page, query=query.urlencode(), is_filtered=filterset.is_filtered)
    response = render(request, template, context)
    if request.user.is_authenticated:
        private(response)
    return response


@dataclass(frozen=True)
class TimelineEntry:
    on: date
    kind: str  # "transition" or "milestone"
    item: Any
    overdue: bool = False


def timeline_of(mou: MoU) -> list[TimelineEntry]:
    """Status changes and milestones in date order (a milestone at its due date)."""
    today = timezone.localdate()
    entries = [TimelineEntry(t.effective_on, "transition", t) for t in mou.transitions.all()]
    entries += [
        TimelineEntry(m.due_on, "milestone", m, overdue=m.is_overdue(today))
        for m in mou.milestones.all()
    ]
    return sorted(entries, key=lambda entry: (entry.on, entry.kind != "transition"))


@require_safe
def mou_detail(request: HttpRequest, reference: str) -> HttpResponse:
    mou = selectors.mou_for_user(request.user, reference)
    may_manage = permissions.may_manage_mou(request.user, mou)
    context = {
        "mou": mou,
        "timeline": timeline_of(mou),
        "may_manage": may_manage,
        "is_open": bool(mou.TRANSITIONS[mou.status]),
        "milestone_form": MilestoneForm() if may_manage else None,
        "lead": (
            Lead.objects.filter(mou=mou).only("reference").first()
            if permissions.may_see_internal_lead_details(request.user)
            else None
        ),
    }
    response = render(request, "matchmaking/mou_detail.html", context)
    if not mou.is_public or request.user.is_authenticated:
        private(response)
    return response


def _managed(request: HttpRequest, reference: str) -> MoU | HttpResponse:
    """The MoU if the user manages it; a 404 if they may not see it, a 403 if they may see
    it but not change it."""
    mou = selectors.mou_for_user(request.user, reference)
    if not permissions.may_manage_mou(request.user, mou):
        return denied(request, _("Only officials of the recording agency may change this MoU."))
    return mou


@login_required
@require_http_methods(["GET", "HEAD", "POST"])
def mou_create(request: HttpRequest) -> HttpResponse:
    if not permissions.may_create_mou(request.user):
        return denied(request, _("Only government officials may record MoUs."))
    agency_id = request.user.agency_id
    if request.method != "POST":
        form = MoUForm(agency_id=agency_id)
        return private(render(request, "matchmaking/mou_form.html", {"form": form}))
    form = MoUForm(request.POST, agency_id=agency_id)
    if form.is_valid():
        try:
            mou = services.create_mou(
                by=request.user, values=form.values(), parties=form.parties, scope=form.scope()
            )
        except DomainError as exc:
            form.add_domain_error(exc)
        else:
            messages.success(
                request, _("MoU %(reference)s was recorded.") % {"reference": mou.reference}
            )
            return redirect(mou)
    return private(render(request, "matchmaking/mou_form.html", {"form": form}, status=400))


@login_required
@require_http_methods(["GET", "HEAD", "POST"])
def mou_edit(request: HttpRequest, reference: str) -> HttpResponse:
    mou = _managed(request, reference)
    if isinstance(mou, HttpResponse):
        return mou
    context: dict[str, Any] = {"mou": mou}
    if request.method != "POST":
        context["form"] = MoUForm(initial=MoUForm.initial_for(mou), agency_id=mou.agency_id)
        return private(render(request, "matchmaking/mou_form.html", context))
    form = MoUForm(request.POST, agency_id=mou.agency_id)
    context["form"] = form
    if form.is_valid():
        try:
            services.update_mou(
                mou, by=request.user, values=form.values(), parties=form.parties, scope=form.scope()
            )
        except DomainError as exc:
            form.add_domain_error(exc)
        else:
            messages.success(request, _("The MoU was saved."))
            return redirect(mou)
    return private(render(request, "matchmaking/mou_form.html", context, status=400))


@login_required
@require_http_methods(["GET", "HEAD", "POST"])
def mou_transition(request: HttpRequest, reference: str) -> HttpResponse:
    mou = _managed(request, reference)
    if isinstance(mou, HttpResponse):
        return mou
    form = TransitionForm(request.POST or None, mou=mou)
    context = {"mou": mou, "form": form}
    if request.method != "POST":
        return private(render(request, "matchmaking/mou_transition.html", context))
    if form.is_valid():
        data = form.cleaned_data
        try:
            services.transition_mou(
                mou,
                data["status"],
                by=request.user,
                effective_on=data["effective_on"],
                reason=data["reason"],
            )
        except DomainError as exc:
            form.add_domain_error(exc)
        else:
            messages.success(
                request,
                _("The MoU is now “%(status)s”.") % {"status": mou.get_status_display()},
            )
            return redirect(mou)
    return private(render(request, "matchmaking/mou_transition.html", context, status=400))


@login_required
@require_POST
def milestone_add(request: HttpRequest, reference: str) -> HttpResponse:
    mou = _managed(request, reference)
    if isinstance(mou, HttpResponse):
        return mou
    form = MilestoneForm(request.POST)
    if form.is_valid():
        try:
            services.add_milestone(mou, by=request.user, **form.cleaned_data)
        except DomainError as exc:
            form.add_domain_error(exc)
        else:
            messages.success(request, _("The milestone was added."))
            return redirect(mou)
    mou = selectors.mou_for_user(request.user, reference)
    context = {
        "mou": mou,
        "timeline": timeline_of(mou),
        "may_manage": True,
        "is_open": bool(mou.TRANSITIONS[mou.status]),
        "milestone_form": form,
    }
    return private(render(request, "matchmaking/mou_detail.html", context, status=400))


@login_required
@require_POST
def milestone_complete(request: HttpRequest, reference: str, pk: int) -> HttpResponse:
    mou = _managed(request, reference)
    if isinstance(mou, HttpResponse):
        return mou
    milestone = MoUMilestone.objects.filter(mou=mou, pk=pk).first()
    if milestone is None:
        raise Http404(_("This MoU has no such milestone."))
    milestone.mou = mou
    try:
        services.complete_milestone(milestone, by=request.user)
    except DomainError as exc:
        messages.error(request, " ".join(exc.messages))
    else:
        messages.success(request, _("The milestone was marked completed."))
    return redirect(mou)


# Room for the form's other fields and the multipart boundaries around the file.
FORM_OVERHEAD_BYTES = 64 * 1024


def _announced_size(request: HttpRequest) -> int:
    try:
        return int(request.META.get("CONTENT_LENGTH") or 0)
    except ValueError:
        return 0


@csrf_exempt  # checked by _upload, once the upload is known to be allowed
@login_required
@require_http_methods(["GET", "HEAD", "POST"])
def document_upload(request: HttpRequest, reference: str) -> HttpResponse:
    """Decides before the body is read: an upload by someone who may not make it, or whose
    announced size passes the limit, is refused before a byte of it is stored."""
    mou = _managed(request, reference)
    if isinstance(mou, HttpResponse):
        return mou
    if request.method == "POST" and _announced_size(request) > (
        settings.PROJECT_DOCUMENT_MAX_BYTES + FORM_OVERHEAD_BYTES
    ):
        return render(request, "413.html", {"message": uploads.too_large_message()}, status=413)
    size_guard = uploads.DocumentSizeLimitHandler(request)
    request.upload_handlers.insert(0, size_guard)
    return _upload(request, mou, size_guard)


@csrf_protect
def _upload(
    request: HttpRequest, mou: MoU, size_guard: uploads.DocumentSizeLimitHandler
) -> HttpResponse:
    if request.method != "POST":
        context = {"mou": mou, "form": MoUDocumentForm()}
        return private(render(request, "matchmaking/mou_document_form.html", context))
    form = MoUDocumentForm(request.POST, request.FILES)
    valid = form.is_valid()
    if size_guard.exceeded:
        form.errors.pop("file", None)
        form.add_error("file", uploads.too_large_message())
        valid = False
    if valid:
        try:
            services.add_mou_document(
                mou,
                by=request.user,
                uploaded_file=form.cleaned_data["file"],
                title=form.cleaned_data["title"],
            )
        except DomainError as exc:
            form.add_domain_error(exc)
        else:
            messages.success(request, _("The document was added."))
            return redirect(mou)
    context = {"mou": mou, "form": form}
    return private(render(request, "matchmaking/mou_document_form.html", context, status=400))


@require_safe
def document_download(request: HttpRequest, reference: str, pk: int) -> HttpResponse:
    """Whoever may see the MoU; a 404 for everyone else (as for the MoU itself)."""
    mou = selectors.mou_for_user(request.user, reference)
    document = next((d for d in mou.documents.all() if d.pk == pk), None)
    if document is None:
        raise Http404(_("This MoU has no such document."))
    return stored_document_response(document)
