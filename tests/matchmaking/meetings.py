"""Helpers for the meeting tests: slots in Asia/Karachi, requests made through the service."""

from __future__ import annotations

from datetime import datetime, time, timedelta
from zoneinfo import ZoneInfo

from django.utils import timezone

from matchmaking.models import MeetingRequest
from matchmaking.services import meetings as services

KARACHI = ZoneInfo("Asia/Karachi")


def karachi(days: int, hour: int, minute: int = 0) -> datetime:
    """A moment `days` from today at `hour:minute`, Karachi time."""
    day = timezone.localdate() + timedelta(days=days)
    return datetime.combine(day, time(hour, minute), tzinfo=KARACHI)


def slot(days: int, hour: int, minutes: int = 60) -> tuple[datetime, datetime]:
    start = karachi(days, hour)
    return start, start + timedelta(minutes=minutes)


def make_meeting(by, *, firm=None, agency=None, slots=None, **fields) -> MeetingRequest:
    values = {"subject": "Barite supply", "message": "Let us talk.", **fields}
    return services.request_meeting(
        by=by,
        invitee_firm=firm,
        invitee_agency=agency,
        slots=[slot(7, 10), slot(7, 14), slot(8, 11)] if slots is None else slots,
        **values,
    )
