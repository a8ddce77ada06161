"""Reads of B2B meetings: the one way pages, downloads and the calendar fetch them."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime
from typing import TYPE_CHECKING

from django.db.models import Exists, OuterRef, Q, QuerySet
from django.http import Http404
from django.utils import timezone
from django.utils.translation import gettext as _

from . import permissions
from .models import MeetingRequest, MeetingSlot

if TYPE_CHECKING:
    from emining.permissions import AnyUser

Status = MeetingRequest.Status


def meetings_for_user(user: AnyUser) -> QuerySet[MeetingRequest]:
    """The requests this user may see, with what every page shows of them loaded."""
    return (
        permissions.meetings_visible_to(user)
        .select_related(
            "requester_firm", "invitee_firm", "invitee_agency", "accepted_slot", "requested_by"
        )
        .prefetch_related("slots")
    )


def meeting_for_user(user: AnyUser, pk: int) -> MeetingRequest:
    meeting = meetings_for_user(user).filter(pk=pk).first()
    if meeting is None:
        raise Http404(_("No such meeting."))
    return meeting


def _has_slot_to_come(now: datetime) -> Exists:
    return Exists(MeetingSlot.objects.filter(meeting_id=OuterRef("pk"), starts_at__gt=now))


@dataclass(frozen=True)
class MyMeetings:
    upcoming: list[MeetingRequest]  # accepted, not yet over, soonest first
    received: list[MeetingRequest]  # waiting for this user's side to answer
    sent: list[MeetingRequest]  # waiting for the other side
    past: QuerySet[MeetingRequest]  # over, declined, cancelled, or never answered in time


def my_meetings(user: AnyUser, *, now: datetime | None = None) -> MyMeetings:
    """The sections of a user's meetings calendar: two queries for the current meetings
    (the requests and their slots), and the past as a queryset to paginate."""
    now = now or timezone.now()
    base = meetings_for_user(user)
    ongoing = Q(status=Status.ACCEPTED, accepted_slot__ends_at__gt=now) | Q(
        _has_slot_to_come(now), status=Status.REQUESTED
    )
    current = list(base.filter(ongoing).order_by("created_at", "pk"))
    upcoming = sorted(
        (m for m in current if m.status == Status.ACCEPTED),
        key=lambda m: (m.accepted_slot.starts_at, m.pk),
    )
    pending = [m for m in current if m.status == Status.REQUESTED]
    return MyMeetings(
        upcoming=upcoming,
        received=[m for m in pending if permissions.is_invitee_side(user, m)],
        sent=[m for m in pending if not permissions.is_invitee_side(user, m)],
        past=base.exclude(ongoing).order_by("-created_at", "-pk"),
    )


def accepted_meetings_for_calendar(user: AnyUser) -> QuerySet[MeetingRequest]:
    """The accepted meetings of the user's side, for the calendar feed (.ics)."""
    accepted = meetings_for_user(user).filter(status=Status.ACCEPTED)
    return accepted.order_by("accepted_slot__starts_at", "pk")
