"""Writes on B2B meetings: every rule about meeting requests lives here.

A member of a verified firm asks another firm or an agency for a meeting, proposing one to
three time slots; the other side accepts one slot or declines with a message; either side may
cancel. Each write checks who acts and whether the change is allowed, locks the rows it
depends on, writes the change, its audit event and the notices to the other side in one
transaction.

Nobody is double-booked: accepting locks both participants' rows (firms and agency, in a fixed
order, so two acceptances never deadlock) before it looks for an overlapping accepted meeting
of either, so of two concurrent acceptances the second sees the first. On PostgreSQL the
database's exclusion constraint on `MeetingBooking` refuses an overlap as well.
"""

from __future__ import annotations

from collections.abc import Sequence
from datetime import datetime
from itertools import pairwise
from zoneinfo import ZoneInfo

from django.conf import settings
from django.core.exceptions import PermissionDenied
from django.db import IntegrityError, transaction
from django.db.models import Q
from django.utils import timezone
from django.utils.translation import gettext as _

from emining.audit import record_event
from emining.models import Agency, User
from emining.services import DomainError
from firms.models import Firm
from firms.permissions import firm_of
from matchmaking import notifications, permissions
from matchmaking.models import MeetingBooking, MeetingRequest, MeetingSlot
from matchmaking.models.meetings import MAX_SLOT_DURATION, MAX_SLOTS, MIN_SLOT_DURATION

Status = MeetingRequest.Status
Slot = tuple[datetime, datetime]

SUBJECT_MAX = 200
TEXT_MAX = 2000


def portal_zone() -> ZoneInfo:
    """Slots are entered in the portal's time zone (Asia/Karachi)."""
    return ZoneInfo(settings.TIME_ZONE)


def slot_label(start: datetime, end: datetime) -> str:
    """A slot as plain text in the portal's time zone (for notices and audit data)."""
    zone = portal_zone()
    start, end = start.astimezone(zone), end.astimezone(zone)
    return f"{start:%Y-%m-%d %H:%M}–{end:%H:%M} ({settings.TIME_ZONE})"


# --- Checks ----------------------------------------------------------------------------------


def check_slots(slots: Sequence[Slot | None], *, now: datetime | None = None) -> list[Slot]:
    """The proposed slots, in time order; refuses (per slot, keyed `slot_<n>`) what is
    missing, badly formed, in the past, too short or too long, or overlapping another."""
    now = now or timezone.now()
    given = [(n, slot) for n, slot in enumerate(slots, start=1) if slot is not None]
    if not given:
        raise DomainError({"slot_1": _("Propose at least one time slot.")}, code="no_slots")
    if len(given) > MAX_SLOTS:
        raise DomainError(
            {"slot_1": _("Propose at most %(count)d time slots.") % {"count": MAX_SLOTS}},
            code="too_many_slots",
        )
    errors: dict[str, str] = {}
    for n, (start, end) in given:
        key = f"slot_{n}"
        if not isinstance(start, datetime) or not isinstance(end, datetime):
            errors[key] = _("Give the slot's date, start time and end time.")
        elif timezone.is_naive(start) or timezone.is_naive(end):
            errors[key] = _("Give the slot's time with its time zone.")
        elif end <= start:
            errors[key] = _("The slot must end after it starts.")
        elif start <= now:
            errors[key] = _("The slot lies in the past: propose a time to come.")
        elif end - start < MIN_SLOT_DURATION:
            errors[key] = _("A meeting lasts at least 15 minutes.")
        elif end - start > MAX_SLOT_DURATION:
            errors[key] = _("A meeting lasts at most 4 hours.")
    if errors:
        raise DomainError(errors, code="bad_slot")
    ordered = sorted(given, key=lambda item: item[1][0])
    for (_n, (_start, previous_end)), (n, (start, _end)) in pairwise(ordered):
        if start < previous_end:
            errors[f"slot_{n}"] = _("This slot overlaps another proposed slot.")
    if errors:
        raise DomainError(errors, code="overlapping_slots")
    return [slot for _n, slot in ordered]


def _check_text(subject: str, message: str, event: str, location: str) -> None:
    errors: dict[str, str] = {}
    if not subject:
        errors["subject"] = _("Say what the meeting is about.")
    elif len(subject) > SUBJECT_MAX:
        errors["subject"] = _("Keep the subject under 200 characters.")
    if len(message) > TEXT_MAX:
        errors["message"] = _("Keep the message under 2,000 characters.")
    if len(event) > SUBJECT_MAX:
        errors["event"] = _("Keep the event's name under 200 characters.")
    if len(location) > 255:
        errors["location"] = _("Keep the location under 255 characters.")
    if errors:
        raise DomainError(errors)


def _participants(meeting: MeetingRequest) -> tuple[list[int], int | None]:
    firm_ids = sorted({meeting.requester_firm_id, meeting.invitee_firm_id} - {None})
    return firm_ids, meeting.invitee_agency_id


def _lock_participants(meeting: MeetingRequest) -> None:
    """Lock the firms' rows (by id) and then the agency's: every acceptance takes them in
    this order, so concurrent acceptances queue instead of deadlocking."""
    firm_ids, agency_id = _participants(meeting)
    list(Firm.objects.select_for_update().filter(pk__in=firm_ids).order_by("pk").values("pk"))
    if agency_id is not None:
        list(Agency.objects.select_for_update().filter(pk=agency_id).values("pk"))


def _clash(meeting: MeetingRequest, slot: MeetingSlot) -> MeetingBooking | None:
    """An accepted meeting of either participant that overlaps the slot."""
    firm_ids, agency_id = _participants(meeting)
    whose = Q(firm_id__in=firm_ids)
    if agency_id is not None:
        whose |= Q(agency_id=agency_id)
    return (
        MeetingBooking.objects.filter(whose)
        .filter(starts_at__lt=slot.ends_at, ends_at__gt=slot.starts_at)
        .exclude(meeting=meeting)
        .select_related("firm", "agency")
        .first()
    )


def _double_booked(booking: MeetingBooking) -> DomainError:
    return DomainError(
        {
            "slot": _(
                "%(participant)s already has an accepted meeting at this time (%(when)s): "
                "choose another slot, or decline."
            )
            % {
                "participant": booking.firm or booking.agency,
                "when": slot_label(booking.starts_at, booking.ends_at),
            }
        },
        code="double_booked",
    )


def _lock(meeting: MeetingRequest) -> MeetingRequest:
    return MeetingRequest.objects.select_for_update().get(pk=meeting.pk)


def _sync(target: MeetingRequest, source: MeetingRequest) -> MeetingRequest:
    for field in MeetingRequest._meta.concrete_fields:
        setattr(target, field.attname, getattr(source, field.attname))
    return target


def _refuse_transition(locked: MeetingRequest, status: str) -> DomainError:
    messages = {
        Status.ACCEPTED: _("This request is “%(status)s”: it can no longer be accepted."),
        Status.DECLINED: _("This request is “%(status)s”: it can no longer be declined."),
        Status.CANCELLED: _("This meeting is “%(status)s”: it can no longer be cancelled."),
    }
    return DomainError(
        messages[status] % {"status": locked.get_status_display()}, code="invalid_transition"
    )


# --- Writing ---------------------------------------------------------------------------------


@transaction.atomic
def request_meeting(
    *,
    by: User,
    slots: Sequence[Slot | None],
    subject: str,
    invitee_firm: Firm | None = None,
    invitee_agency: Agency | None = None,
    message: str = "",
    event: str = "",
    location: str = "",
) -> MeetingRequest:
    """A member of a verified firm asks another firm or an agency for a meeting."""
    if not permissions.may_request_meeting(by):
        raise PermissionDenied(_("Only members of a verified firm may request meetings."))
    own_firm = firm_of(by)
    if (invitee_firm is None) == (invitee_agency is None):
        raise DomainError(
            {"invitee": _("Request the meeting with one firm or one agency.")}, code="invitee"
        )
    if invitee_firm is not None:
        if invitee_firm.pk == own_firm.pk:
            raise DomainError(
                {"invitee": _("Your firm cannot request a meeting with itself.")}, code="own_firm"
            )
        if not invitee_firm.is_verified:
            raise DomainError(
                {"invitee": _("Meetings are requested with verified firms only.")},
                code="unverified_firm",
            )
    subject, message = subject.strip(), message.strip()
    event, location = event.strip(), location.strip()
    _check_text(subject, message, event, location)
    ordered = check_slots(slots)
    meeting = MeetingRequest.objects.create(
        requester_firm=own_firm,
        requested_by=by,
        invitee_firm=invitee_firm,
        invitee_agency=invitee_agency,
        subject=subject,
        message=message,
        event=event,
        location=location,
    )
    MeetingSlot.objects.bulk_create(
        MeetingSlot(meeting=meeting, starts_at=start, ends_at=end) for start, end in ordered
    )
    record_event(
        action="meeting.requested",
        actor=by,
        target=meeting,
        data={
            "requester_firm": own_firm.pk,
            "invitee_firm": invitee_firm.pk if invitee_firm else None,
            "invitee_agency": invitee_agency.pk if invitee_agency else None,
            "slots": [[start.isoformat(), end.isoformat()] for start, end in ordered],
        },
    )
    notifications.meeting_requested(meeting=meeting, slots=ordered)
    return meeting


@transaction.atomic
def accept_meeting(meeting: MeetingRequest, *, by: User, slot: MeetingSlot) -> MeetingRequest:
    """The invited side takes one of the proposed slots; both sides' time is then booked."""
    if not permissions.is_invitee_side(by, meeting):
        raise PermissionDenied(_("Only the invited side may accept this request."))
    locked = _lock(meeting)
    if not locked.may_become(Status.ACCEPTED):
        raise _refuse_transition(locked, Status.ACCEPTED)
    slot = MeetingSlot.objects.filter(meeting=locked, pk=getattr(slot, "pk", slot)).first()
    if slot is None:
        raise DomainError({"slot": _("Choose one of the proposed slots.")}, code="bad_slot")
    if slot.starts_at <= timezone.now():
        raise DomainError(
            {"slot": _("This slot has already begun: choose a later one, or decline.")},
            code="slot_past",
        )
    _lock_participants(locked)
    clash = _clash(locked, slot)
    if clash is not None:
        raise _double_booked(clash)
    firm_ids, agency_id = _participants(locked)
    held = {"meeting": locked, "starts_at": slot.starts_at, "ends_at": slot.ends_at}
    bookings = [MeetingBooking(firm_id=firm_id, **held) for firm_id in firm_ids]
    if agency_id is not None:
        bookings.append(MeetingBooking(agency_id=agency_id, **held))
    try:
        with transaction.atomic():
            MeetingBooking.objects.bulk_create(bookings)
    except IntegrityError as exc:  # PostgreSQL's exclusion constraint: the last line of defence
        raise DomainError(
            {"slot": _("A participant already has an accepted meeting at this time.")},
            code="double_booked",
        ) from exc
    locked.status = Status.ACCEPTED
    locked.accepted_slot = slot
    locked.accepted_at = timezone.now()
    locked.responded_by = by
    locked.save()
    record_event(
        action="meeting.accepted",
        actor=by,
        target=locked,
        data={"slot": slot.pk, "starts_at": slot.starts_at.isoformat()},
    )
    notifications.meeting_accepted(meeting=locked, slot=slot)
    return _sync(meeting, locked)


@transaction.atomic
def decline_meeting(meeting: MeetingRequest, *, by: User, message: str) -> MeetingRequest:
    """The invited side says no, and why."""
    if not permissions.is_invitee_side(by, meeting):
        raise PermissionDenied(_("Only the invited side may decline this request."))
    locked = _lock(meeting)
    if not locked.may_become(Status.DECLINED):
        raise _refuse_transition(locked, Status.DECLINED)
    message = message.strip()
    if not message:
        raise DomainError({"message": _("Say why you decline, so the requester knows.")})
    if len(message) > TEXT_MAX:
        raise DomainError({"message": _("Keep the message under 2,000 characters.")})
    locked.status = Status.DECLINED
    locked.declined_at = timezone.now()
    locked.decline_message = message
    locked.responded_by = by
    locked.save()
    record_event(action="meeting.declined", actor=by, target=locked, data={"message": message})
    notifications.meeting_declined(meeting=locked)
    return _sync(meeting, locked)


@transaction.atomic
def cancel_meeting(meeting: MeetingRequest, *, by: User, message: str = "") -> MeetingRequest:
    """Either side calls the meeting off, before or after acceptance (not once it is over);
    the booked time is freed."""
    requester = permissions.is_requester_side(by, meeting)
    if not (requester or permissions.is_invitee_side(by, meeting)):
        raise PermissionDenied(_("Only the two sides of a meeting may cancel it."))
    locked = _lock(meeting)
    if not locked.may_become(Status.CANCELLED):
        raise _refuse_transition(locked, Status.CANCELLED)
    if locked.status == Status.ACCEPTED:
        slot = MeetingSlot.objects.get(pk=locked.accepted_slot_id)
        if slot.ends_at <= timezone.now():
            raise DomainError(
                _("This meeting has taken place: it can no longer be cancelled."), code="past"
            )
    message = message.strip()
    if len(message) > TEXT_MAX:
        raise DomainError({"message": _("Keep the message under 2,000 characters.")})
    previous = locked.status
    locked.status = Status.CANCELLED
    locked.cancelled_at = timezone.now()
    locked.cancelled_by = by
    locked.cancel_message = message
    locked.save()
    MeetingBooking.objects.filter(meeting=locked).delete()
    record_event(
        action="meeting.cancelled",
        actor=by,
        target=locked,
        data={"from": previous, "side": "requester" if requester else "invitee"},
    )
    notifications.meeting_cancelled(meeting=locked, by_requester=requester)
    return _sync(meeting, locked)
