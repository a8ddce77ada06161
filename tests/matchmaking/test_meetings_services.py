"""The meeting services: requests and their refusals, answers, cancellations, notices, and
nobody double-booked."""

from __future__ import annotations

from datetime import timedelta

import pytest
from django.core.exceptions import PermissionDenied
from django.db import IntegrityError, connection, transaction
from django.utils import timezone

from emining.models import AuditEvent, User
from emining.notifications.models import Notification
from emining.services import DomainError
from firms.models import Firm
from matchmaking.models import MeetingBooking, MeetingRequest, MeetingSlot
from matchmaking.services import meetings as services
from tests.factories import FirmFactory, OfficialFactory, make_firm_member

from .meetings import karachi, make_meeting, slot

pytestmark = pytest.mark.django_db


def refusal(excinfo) -> dict[str, list[str]]:
    return excinfo.value.message_dict


# --- Requesting --------------------------------------------------------------------------------


def test_a_verified_member_requests_a_meeting_with_another_firm(verified_member, pk_firm):
    meeting = make_meeting(
        verified_member, firm=pk_firm, event="Pak-China Mineral Cooperation Forum"
    )
    assert meeting.status == MeetingRequest.Status.REQUESTED
    assert meeting.requester_firm == verified_member.firm_membership.firm
    assert meeting.slots.count() == 3
    assert AuditEvent.objects.filter(action="meeting.requested", target_id=str(meeting.pk)).exists()


@pytest.mark.parametrize(
    ("slots", "field", "words"),
    [
        ([], "slot_1", "at least one"),
        ([None, None], "slot_1", "at least one"),
        ([slot(1, 9), slot(1, 11), slot(1, 13), slot(1, 15)], "slot_1", "at most 3"),
        ([slot(-1, 10)], "slot_1", "past"),
        ([slot(1, 10, minutes=10)], "slot_1", "at least 15 minutes"),
        ([slot(1, 10, minutes=5 * 60)], "slot_1", "at most 4 hours"),
        ([slot(1, 10, minutes=-30)], "slot_1", "end after it starts"),
        ([slot(1, 10, minutes=90), slot(1, 11)], "slot_2", "overlaps another"),
        ([slot(2, 9), None, slot(1, 10, minutes=0)], "slot_3", "end after it starts"),
    ],
)
def test_bad_slots_are_refused_with_a_clear_message(verified_member, pk_firm, slots, field, words):
    with pytest.raises(DomainError) as excinfo:
        make_meeting(verified_member, firm=pk_firm, slots=slots)
    assert words in " ".join(refusal(excinfo)[field])
    assert not MeetingRequest.objects.exists()


def test_a_naive_slot_is_refused(verified_member, pk_firm):
    start = timezone.now().replace(tzinfo=None) + timedelta(days=1)
    with pytest.raises(DomainError) as excinfo:
        make_meeting(verified_member, firm=pk_firm, slots=[(start, start + timedelta(hours=1))])
    assert "time zone" in refusal(excinfo)["slot_1"][0]


def test_own_firm_unverified_firm_and_two_invitees_are_refused(verified_member, cn_firm, sifc):
    with pytest.raises(DomainError, match="itself"):
        make_meeting(verified_member, firm=cn_firm)
    pending = FirmFactory(name="Pending Co", verification_status=Firm.VerificationStatus.PENDING)
    with pytest.raises(DomainError, match="verified firms"):
        make_meeting(verified_member, firm=pending)
    with pytest.raises(DomainError, match="one firm or one agency"):
        make_meeting(verified_member, firm=pending, agency=sifc)
    with pytest.raises(DomainError, match="one firm or one agency"):
        make_meeting(verified_member)
    with pytest.raises(DomainError, match="about"):
        make_meeting(verified_member, agency=sifc, subject="  ")


@pytest.mark.parametrize("persona", ["pending_member", "firm_member", "official"])
def test_only_members_of_verified_firms_request(request, persona, pk_firm):
    with pytest.raises(PermissionDenied):
        make_meeting(request.getfixturevalue(persona), firm=pk_firm)


# --- Answering ---------------------------------------------------------------------------------


@pytest.fixture
def meeting(verified_member, pk_firm):
    return make_meeting(verified_member, firm=pk_firm)


def test_the_invited_firm_accepts_a_slot_and_both_firms_are_booked(
    meeting, pk_firm_member, cn_firm, pk_firm
):
    chosen = meeting.slots.order_by("starts_at")[1]
    services.accept_meeting(meeting, by=pk_firm_member, slot=chosen)
    meeting.refresh_from_db()
    assert meeting.status == "accepted"
    assert meeting.accepted_slot == chosen
    assert meeting.accepted_at is not None
    bookings = MeetingBooking.objects.filter(meeting=meeting)
    assert {b.firm_id for b in bookings} == {cn_firm.pk, pk_firm.pk}
    assert all(b.starts_at == chosen.starts_at for b in bookings)
    assert AuditEvent.objects.filter(action="meeting.accepted", target_id=str(meeting.pk)).exists()


@pytest.mark.parametrize("persona", ["verified_member", "official", "other_agency_official"])
def test_only_the_invited_side_accepts_or_declines(request, meeting, persona):
    user = request.getfixturevalue(persona)
    with pytest.raises(PermissionDenied):
        services.accept_meeting(meeting, by=user, slot=meeting.slots.first())
    with pytest.raises(PermissionDenied):
        services.decline_meeting(meeting, by=user, message="No.")


def test_a_slot_of_another_request_is_refused(meeting, verified_member, pk_firm_member, sifc):
    other = make_meeting(verified_member, agency=sifc)
    with pytest.raises(DomainError, match="proposed slots"):
        services.accept_meeting(meeting, by=pk_firm_member, slot=other.slots.first())


def test_a_slot_that_has_begun_is_refused(meeting, pk_firm_member):
    first = meeting.slots.order_by("starts_at").first()
    MeetingSlot.objects.filter(pk=first.pk).update(
        starts_at=timezone.now() - timedelta(minutes=5),
        ends_at=timezone.now() + timedelta(minutes=55),
    )
    first.refresh_from_db()
    with pytest.raises(DomainError, match="already begun"):
        services.accept_meeting(meeting, by=pk_firm_member, slot=first)


def test_an_answered_request_is_not_answered_again(meeting, pk_firm_member):
    services.decline_meeting(meeting, by=pk_firm_member, message="Not this year.")
    with pytest.raises(DomainError, match="no longer be accepted"):
        services.accept_meeting(meeting, by=pk_firm_member, slot=meeting.slots.first())
    with pytest.raises(DomainError, match="no longer be declined"):
        services.decline_meeting(meeting, by=pk_firm_member, message="Still no.")
    with pytest.raises(DomainError, match="no longer be cancelled"):
        services.cancel_meeting(meeting, by=pk_firm_member)


def test_declining_needs_a_message(meeting, pk_firm_member):
    with pytest.raises(DomainError) as excinfo:
        services.decline_meeting(meeting, by=pk_firm_member, message="   ")
    assert "Say why" in refusal(excinfo)["message"][0]
    services.decline_meeting(meeting, by=pk_firm_member, message="Our team is in Beijing.")
    meeting.refresh_from_db()
    assert meeting.status == "declined"
    assert meeting.decline_message == "Our team is in Beijing."


# --- Cancelling --------------------------------------------------------------------------------


@pytest.mark.parametrize("side", ["verified_member", "pk_firm_member"])
def test_either_side_cancels_an_accepted_meeting_and_frees_the_time(
    request, meeting, pk_firm_member, side
):
    services.accept_meeting(meeting, by=pk_firm_member, slot=meeting.slots.first())
    services.cancel_meeting(meeting, by=request.getfixturevalue(side), message="Flight cancelled")
    meeting.refresh_from_db()
    assert meeting.status == "cancelled"
    assert meeting.cancel_message == "Flight cancelled"
    assert not MeetingBooking.objects.filter(meeting=meeting).exists()


def test_the_requester_withdraws_a_request(meeting, verified_member):
    services.cancel_meeting(meeting, by=verified_member)
    assert MeetingRequest.objects.get(pk=meeting.pk).status == "cancelled"


def test_outsiders_cannot_cancel(meeting, official, firm_member):
    for user in (official, firm_member):
        with pytest.raises(PermissionDenied):
            services.cancel_meeting(meeting, by=user)


def test_a_meeting_that_took_place_cannot_be_cancelled(meeting, pk_firm_member, verified_member):
    first = meeting.slots.first()
    services.accept_meeting(meeting, by=pk_firm_member, slot=first)
    past = timezone.now() - timedelta(days=1)
    MeetingSlot.objects.filter(pk=first.pk).update(
        starts_at=past, ends_at=past + timedelta(hours=1)
    )
    with pytest.raises(DomainError, match="taken place"):
        services.cancel_meeting(meeting, by=verified_member)


# --- Nobody double-booked ----------------------------------------------------------------------


def test_overlapping_accepted_meetings_of_a_firm_are_refused(
    verified_member, pk_firm, pk_firm_member, reference_data
):
    """The Chinese firm meets the Pakistani firm at 10:00–11:00; a third firm's request for
    10:30 cannot then be accepted by the Chinese firm, nor one at 10:00 by the Pakistani."""
    third = FirmFactory(name="Third Minerals Limited")
    third_member = make_firm_member(third, username="third_member")
    first = make_meeting(verified_member, firm=pk_firm, slots=[slot(3, 10)])
    services.accept_meeting(first, by=pk_firm_member, slot=first.slots.get())

    cn_firm = verified_member.firm_membership.firm
    clashing = make_meeting(
        third_member, firm=cn_firm, slots=[(karachi(3, 10, 30), karachi(3, 11, 30))]
    )
    with pytest.raises(DomainError) as excinfo:
        services.accept_meeting(clashing, by=verified_member, slot=clashing.slots.get())
    message = refusal(excinfo)["slot"][0]
    assert "already has an accepted meeting" in message
    assert MeetingRequest.objects.get(pk=clashing.pk).status == "requested"

    also = make_meeting(third_member, firm=pk_firm, slots=[slot(3, 10)])
    with pytest.raises(DomainError, match="already has an accepted meeting"):
        services.accept_meeting(also, by=pk_firm_member, slot=also.slots.get())
    assert MeetingBooking.objects.count() == 2


def test_back_to_back_meetings_are_allowed(verified_member, pk_firm, pk_firm_member, sifc):
    first = make_meeting(verified_member, firm=pk_firm, slots=[slot(3, 10)])
    services.accept_meeting(first, by=pk_firm_member, slot=first.slots.get())
    officer = OfficialFactory(username="sifc_meetings", agency=sifc)
    second = make_meeting(verified_member, agency=sifc, slots=[slot(3, 11)])
    services.accept_meeting(second, by=officer, slot=second.slots.get())
    assert MeetingBooking.objects.count() == 4


def test_an_agency_is_not_double_booked(verified_member, pk_firm_member, sifc):
    officer = OfficialFactory(username="sifc_meetings", agency=sifc)
    first = make_meeting(verified_member, agency=sifc, slots=[slot(3, 10)])
    services.accept_meeting(first, by=officer, slot=first.slots.get())
    second = make_meeting(pk_firm_member, agency=sifc, slots=[slot(3, 10, minutes=30)])
    with pytest.raises(DomainError, match="already has an accepted meeting"):
        services.accept_meeting(second, by=officer, slot=second.slots.get())


def test_a_cancelled_meeting_frees_the_slot_for_another(
    verified_member, pk_firm, pk_firm_member, sifc
):
    officer = OfficialFactory(username="sifc_meetings", agency=sifc)
    first = make_meeting(verified_member, firm=pk_firm, slots=[slot(3, 10)])
    services.accept_meeting(first, by=pk_firm_member, slot=first.slots.get())
    second = make_meeting(verified_member, agency=sifc, slots=[slot(3, 10)])
    services.cancel_meeting(first, by=verified_member)
    services.accept_meeting(second, by=officer, slot=second.slots.get())
    assert MeetingRequest.objects.get(pk=second.pk).status == "accepted"


@pytest.mark.skipif(connection.vendor != "postgresql", reason="exclusion constraints: PostgreSQL")
def test_the_database_refuses_overlapping_bookings(meeting, pk_firm_member, pk_firm):
    services.accept_meeting(meeting, by=pk_firm_member, slot=meeting.slots.first())
    booked = MeetingBooking.objects.filter(meeting=meeting, firm=pk_firm).get()
    with pytest.raises(IntegrityError), transaction.atomic():
        MeetingBooking.objects.create(
            meeting=meeting,
            firm=pk_firm,
            starts_at=booked.starts_at + timedelta(minutes=30),
            ends_at=booked.ends_at + timedelta(minutes=30),
        )


# --- The database's other guards ---------------------------------------------------------------


def test_constraints_bite(meeting, verified_member, sifc):
    cases = [
        lambda: MeetingRequest.objects.filter(pk=meeting.pk).update(invitee_agency=sifc),
        lambda: MeetingRequest.objects.filter(pk=meeting.pk).update(
            invitee_firm=meeting.requester_firm
        ),
        lambda: MeetingRequest.objects.filter(pk=meeting.pk).update(status="accepted"),
        lambda: MeetingRequest.objects.filter(pk=meeting.pk).update(status="declined"),
        lambda: MeetingRequest.objects.filter(pk=meeting.pk).update(status="cancelled"),
        lambda: MeetingSlot.objects.create(
            meeting=meeting, starts_at=timezone.now(), ends_at=timezone.now()
        ),
        lambda: MeetingSlot.objects.create(
            meeting=meeting,
            starts_at=timezone.now(),
            ends_at=timezone.now() + timedelta(hours=5),
        ),
        lambda: MeetingBooking.objects.create(
            meeting=meeting, starts_at=timezone.now(), ends_at=timezone.now() + timedelta(hours=1)
        ),
    ]
    for case in cases:
        with pytest.raises(IntegrityError), transaction.atomic():
            case()


# --- Notices -----------------------------------------------------------------------------------


def test_each_step_notifies_the_other_side(
    verified_member, cn_firm_owner, pk_firm, pk_firm_member, sifc
):
    officer = OfficialFactory(username="sifc_meetings", agency=sifc)
    to_firm = make_meeting(verified_member, firm=pk_firm)
    assert set(
        Notification.objects.filter(kind="meeting_requested").values_list("recipient", flat=True)
    ) == {pk_firm_member.pk}
    services.accept_meeting(to_firm, by=pk_firm_member, slot=to_firm.slots.first())
    accepted = Notification.objects.filter(kind="meeting_accepted")
    assert set(accepted.values_list("recipient", flat=True)) == {
        verified_member.pk,
        cn_firm_owner.pk,
    }
    assert "Asia/Karachi" in accepted.first().context["when"]
    services.cancel_meeting(to_firm, by=verified_member)
    assert set(
        Notification.objects.filter(kind="meeting_cancelled").values_list("recipient", flat=True)
    ) == {pk_firm_member.pk}

    to_agency = make_meeting(verified_member, agency=sifc)
    notified = Notification.objects.filter(
        kind="meeting_requested", url__contains=str(to_agency.pk)
    )
    assert set(notified.values_list("recipient", flat=True)) == {officer.pk}
    assert User.objects.get(pk=officer.pk).unread_notifications == 1
    services.decline_meeting(to_agency, by=officer, message="Please write to the desk first.")
    declined = Notification.objects.get(kind="meeting_declined", recipient=verified_member)
    assert declined.context["message"] == "Please write to the desk first."


@pytest.mark.parametrize("language", ["en", "zh-hans", "ur"])
def test_the_notices_read_well_in_every_language(
    verified_member, pk_firm, pk_firm_member, language
):
    from emining.notifications.rendering import render

    meeting = make_meeting(
        verified_member, firm=pk_firm, subject="Barite supply", event="Pak-China Forum"
    )
    services.accept_meeting(meeting, by=pk_firm_member, slot=meeting.slots.first())
    services.cancel_meeting(meeting, by=pk_firm_member, message="Flight cancelled")
    other = make_meeting(verified_member, firm=pk_firm, subject="Gypsum")
    services.decline_meeting(other, by=pk_firm_member, message="Not this year")
    kinds = set()
    for notice in Notification.objects.select_related("recipient"):
        rendered = render(notice, language=language)
        kinds.add(notice.kind)
        assert "Barite supply" in rendered.subject or "Gypsum" in rendered.subject
        assert f"/meetings/{notice.url.rstrip('/').rsplit('/', 1)[1]}/" in rendered.text
        if notice.kind == "meeting_requested":
            assert "(Asia/Karachi)" in rendered.text
        if notice.kind == "meeting_declined":
            assert "Not this year" in rendered.text
        if language != "en":
            assert "Meeting" not in rendered.subject
    assert kinds == {
        "meeting_requested",
        "meeting_accepted",
        "meeting_cancelled",
        "meeting_declined",
    }
