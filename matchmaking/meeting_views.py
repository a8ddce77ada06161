"""B2B meeting pages: my meetings (the calendar), request a meeting, a meeting's page with its
answer forms, and the `.ics` downloads. Times show in the viewer's time zone (their
`time_zone`, else the portal's Asia/Karachi); slots are entered in Asia/Karachi. A meeting the
visitor is not a side of is a 404 on every one of them."""

from __future__ import annotations

from collections.abc import Callable
from functools import wraps
from typing import Any

from django.conf import settings
from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views.decorators.http import require_http_methods, require_POST, require_safe

from emining.services import DomainError, set_time_zone
from firms.permissions import firm_of
from firms.views.common import denied, page_of, private

from . import meeting_ics, permissions
from . import meeting_selectors as selectors
from .meeting_forms import AcceptForm, CancelForm, DeclineForm, MeetingRequestForm, TimeZoneForm
from .models import MeetingRequest
from .services import meetings as services

PAST_PER_PAGE = 20


def viewer_time_zone(request: HttpRequest) -> str:
    return getattr(request.user, "time_zone", "") or settings.TIME_ZONE


def in_viewer_time_zone(view: Callable[..., HttpResponse]) -> Callable[..., HttpResponse]:
    """Render the page with times in the viewer's chosen time zone."""

    @wraps(view)
    def wrapped(request: HttpRequest, *args, **kwargs) -> HttpResponse:
        with timezone.override(viewer_time_zone(request)):
            return view(request, *args, **kwargs)

    return wrapped


def _may_use(request: HttpRequest) -> HttpResponse | None:
    if not permissions.may_use_meetings(request.user):
        return denied(request, _("Meetings are for firm members and government officials."))
    return None


@login_required
@require_safe
@in_viewer_time_zone
def meeting_list(request: HttpRequest) -> HttpResponse:
    refusal = _may_use(request)
    if refusal:
        return refusal
    mine = selectors.my_meetings(request.user)
    context: dict[str, Any] = {
        "mine": mine,
        "past": page_of(request, mine.past, PAST_PER_PAGE),
        "may_request": permissions.may_request_meeting(request.user),
        "time_zone_form": TimeZoneForm(initial={"time_zone": viewer_time_zone(request)}),
        "time_zone": viewer_time_zone(request),
    }
    return private(render(request, "matchmaking/meetings/meeting_list.html", context))


def _initial_invitee(request: HttpRequest) -> str:
    firm, agency = request.GET.get("firm", ""), request.GET.get("agency", "")
    if firm.isdigit():
        return f"firm:{firm}"
    if agency:
        return f"agency:{agency}"
    return ""


@login_required
@require_http_methods(["GET", "HEAD", "POST"])
def meeting_create(request: HttpRequest) -> HttpResponse:
    if not permissions.may_request_meeting(request.user):
        return denied(request, _("Only members of a verified firm may request meetings."))
    own = firm_of(request.user)
    template = "matchmaking/meetings/meeting_form.html"
    if request.method != "POST":
        form = MeetingRequestForm(
            initial={"invitee": _initial_invitee(request)}, exclude_firm_id=own.pk
        )
        return private(render(request, template, {"form": form, "zone": settings.TIME_ZONE}))
    form = MeetingRequestForm(request.POST, exclude_firm_id=own.pk)
    if form.is_valid():
        data = form.cleaned_data
        try:
            meeting = services.request_meeting(
                by=request.user,
                invitee_firm=form.invitee_firm,
                invitee_agency=form.invitee_agency,
                subject=data["subject"],
                message=data["message"],
                event=data["event"],
                location=data["location"],
                slots=form.slots,
            )
        except DomainError as exc:
            form.add_domain_error(exc)
        else:
            messages.success(request, _("Your meeting request was sent."))
            return redirect(meeting)
    context = {"form": form, "zone": settings.TIME_ZONE}
    return private(render(request, template, context, status=400))


def _detail(
    request: HttpRequest, meeting: MeetingRequest, *, status: int = 200, **forms
) -> HttpResponse:
    may_answer = permissions.may_answer_meeting(request.user, meeting)
    may_cancel = permissions.may_cancel_meeting(request.user, meeting)
    if may_cancel and meeting.status == MeetingRequest.Status.ACCEPTED:
        may_cancel = meeting.accepted_slot.ends_at > timezone.now()
    context = {
        "meeting": meeting,
        "slots": list(meeting.slots.all()),
        "accept_form": forms.get("accept_form")
        or (AcceptForm(meeting=meeting) if may_answer else None),
        "decline_form": forms.get("decline_form")
        or (DeclineForm(prefix="decline") if may_answer else None),
        "cancel_form": forms.get("cancel_form")
        or (CancelForm(prefix="cancel") if may_cancel else None),
        "is_requester": permissions.is_requester_side(request.user, meeting),
        "time_zone": viewer_time_zone(request),
    }
    return private(
        render(request, "matchmaking/meetings/meeting_detail.html", context, status=status)
    )


@login_required
@require_safe
@in_viewer_time_zone
def meeting_detail(request: HttpRequest, pk: int) -> HttpResponse:
    return _detail(request, selectors.meeting_for_user(request.user, pk))


@login_required
@require_POST
@in_viewer_time_zone
def meeting_accept(request: HttpRequest, pk: int) -> HttpResponse:
    meeting = selectors.meeting_for_user(request.user, pk)
    if not permissions.is_invitee_side(request.user, meeting):
        return denied(request, _("Only the invited side may accept this request."))
    form = AcceptForm(request.POST, meeting=meeting)
    if form.is_valid():
        slot = next(s for s in meeting.slots.all() if s.pk == form.cleaned_data["slot"])
        try:
            services.accept_meeting(meeting, by=request.user, slot=slot)
        except DomainError as exc:
            form.add_domain_error(exc)
        else:
            messages.success(request, _("The meeting is accepted: it is in both calendars."))
            return redirect(meeting)
    return _detail(request, meeting, status=400, accept_form=form)


@login_required
@require_POST
@in_viewer_time_zone
def meeting_decline(request: HttpRequest, pk: int) -> HttpResponse:
    meeting = selectors.meeting_for_user(request.user, pk)
    if not permissions.is_invitee_side(request.user, meeting):
        return denied(request, _("Only the invited side may decline this request."))
    form = DeclineForm(request.POST, prefix="decline")
    if form.is_valid():
        try:
            services.decline_meeting(meeting, by=request.user, message=form.cleaned_data["message"])
        except DomainError as exc:
            form.add_domain_error(exc)
        else:
            messages.success(request, _("The request is declined; the requester is told."))
            return redirect(meeting)
    return _detail(request, meeting, status=400, decline_form=form)


@login_required
@require_POST
@in_viewer_time_zone
def meeting_cancel(request: HttpRequest, pk: int) -> HttpResponse:
    meeting = selectors.meeting_for_user(request.user, pk)
    form = CancelForm(request.POST, prefix="cancel")
    if form.is_valid():
        try:
            services.cancel_meeting(meeting, by=request.user, message=form.cleaned_data["message"])
        except DomainError as exc:
            form.add_domain_error(exc)
        else:
            messages.success(request, _("The meeting is cancelled; the other side is told."))
            return redirect(meeting)
    return _detail(request, meeting, status=400, cancel_form=form)


def _ics_response(request: HttpRequest, meetings, filename: str) -> HttpResponse:
    body = meeting_ics.calendar(
        meetings, url_of=lambda m: request.build_absolute_uri(m.get_absolute_url())
    )
    response = HttpResponse(body, content_type="text/calendar; charset=utf-8")
    response["Content-Disposition"] = f'attachment; filename="{filename}"'
    return private(response)


@login_required
@require_safe
def meeting_ics_download(request: HttpRequest, pk: int) -> HttpResponse:
    """An accepted meeting as a calendar file; a 404 for a meeting not (or no longer)
    accepted, as for one the visitor may not see."""
    meeting = selectors.meeting_for_user(request.user, pk)
    if meeting.status != MeetingRequest.Status.ACCEPTED:
        raise Http404(_("Only an accepted meeting has a calendar file."))
    return _ics_response(request, [meeting], "meeting.ics")


@login_required
@require_safe
def calendar_ics_download(request: HttpRequest) -> HttpResponse:
    """All the accepted meetings of the viewer's side, in one calendar file."""
    refusal = _may_use(request)
    if refusal:
        return refusal
    meetings = selectors.accepted_meetings_for_calendar(request.user)
    return _ics_response(request, meetings, "meetings.ics")


@login_required
@require_POST
def time_zone_set(request: HttpRequest) -> HttpResponse:
    form = TimeZoneForm(request.POST)
    if form.is_valid():
        try:
            set_time_zone(request.user, time_zone=form.cleaned_data["time_zone"])
        except DomainError:
            pass  # the form's choices are the service's: nothing else gets here
        else:
            messages.success(request, _("Times are now shown in your chosen time zone."))
            return redirect("matchmaking:meeting-list")
    messages.error(request, _("Choose one of the listed time zones."))
    return redirect("matchmaking:meeting-list")
