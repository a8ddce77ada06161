"""The meeting pages: who sees what, the request form and its bad input, answering, time
zones, query counts, and the `.ics` files."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta

import pytest
from django.utils import timezone

from matchmaking.meeting_ics import escape_text, fold
from matchmaking.models import MeetingRequest
from matchmaking.services import meetings as services
from tests.factories import FirmFactory, OfficialFactory, make_firm_member

from .meetings import karachi, make_meeting, slot

pytestmark = pytest.mark.django_db

LIST = "/en/meetings/"
NEW = "/en/meetings/new/"


def page(meeting: MeetingRequest, suffix: str = "") -> str:
    return f"/en/meetings/{meeting.pk}/{suffix}"


@pytest.fixture
def sifc_officer(sifc):
    return OfficialFactory(username="sifc_meetings", agency=sifc)


@pytest.fixture
def meetings(verified_member, pk_firm, pk_firm_member, sifc, sifc_officer):
    """The Chinese firm asks the Pakistani firm (accepted) and SIFC (waiting)."""
    accepted = make_meeting(
        verified_member,
        firm=pk_firm,
        subject="Barite supply, drilling; fluids",
        event="Pak-China Mineral Cooperation Forum",
        location="Jinnah Convention Centre, Islamabad",
        message="Line one\nLine two",
        slots=[slot(5, 10), slot(6, 10)],
    )
    services.accept_meeting(
        accepted, by=pk_firm_member, slot=accepted.slots.order_by("starts_at")[0]
    )
    waiting = make_meeting(verified_member, agency=sifc, subject="Facilitation desk")
    return {"accepted": accepted, "waiting": waiting}


# Who sees which meeting: persona → the meetings they see.
SEEN = {
    "verified_member": {"accepted", "waiting"},  # its firm asked for both
    "cn_firm_owner": {"accepted", "waiting"},
    "pk_firm_member": {"accepted"},  # invited to one
    "sifc_officer": {"waiting"},  # its agency is invited
    "official": set(),  # another agency's official
    "firm_member": set(),  # no firm
    "administrator": set(),
}


@pytest.mark.parametrize(("persona", "seen"), SEEN.items())
def test_only_the_two_sides_see_a_meeting(request, client, meetings, persona, seen):
    client.force_login(request.getfixturevalue(persona))
    for name, meeting in meetings.items():
        expected = 200 if name in seen else 404
        assert client.get(page(meeting)).status_code == expected, name
        if name == "accepted":
            assert client.get(page(meeting, "meeting.ics")).status_code == expected
    listed = client.get(LIST)
    if listed.status_code == 200:
        text = listed.content.decode()
        for name, meeting in meetings.items():
            assert (meeting.subject in text) == (name in seen), name


def test_anonymous_visitors_are_sent_to_sign_in(client, meetings):
    for url in (LIST, NEW, page(meetings["accepted"]), page(meetings["accepted"], "meeting.ics")):
        response = client.get(url)
        assert response.status_code == 302
        assert "/accounts/login/" in response["Location"]


def test_the_list_has_its_sections_and_costs_a_fixed_number_of_queries(
    client, meetings, verified_member, pk_firm, pk_firm_member, django_assert_num_queries
):
    declined = make_meeting(
        verified_member, firm=pk_firm, subject="Old gypsum request", slots=[slot(30, 9)]
    )
    services.decline_meeting(declined, by=pk_firm_member, message="No")
    client.force_login(verified_member)
    # Session, user, membership; current meetings and their slots; past: count, page, slots.
    with django_assert_num_queries(8):
        response = client.get(LIST)
    text = response.content.decode()
    upcoming, sent = text.index("Upcoming meetings"), text.index("Requests you sent")
    assert upcoming < text.index("Barite supply") < sent < text.index("Facilitation desk")
    past = text.index("Past, declined and cancelled")
    assert text.index("Old gypsum request") > past
    assert text.count("Facilitation desk") == 1  # waiting: not also among the past
    assert text.count("Barite supply") == 1
    # More meetings, same cost.
    for n in range(4):
        extra = make_meeting(
            verified_member, firm=pk_firm, subject=f"Extra {n}", slots=[slot(20 + n, 9)]
        )
        if n % 2:
            services.decline_meeting(extra, by=pk_firm_member, message="No")
    with django_assert_num_queries(8):
        client.get(LIST)


def test_a_user_without_a_calendar_is_told_why(client, firm_member):
    client.force_login(firm_member)
    response = client.get(LIST)
    assert response.status_code == 403
    assert "firm members and government officials" in response.content.decode()


def test_the_menu_links_to_meetings_for_members_and_officials(client, verified_member, official):
    for user in (verified_member, official):
        client.force_login(user)
        assert 'href="/en/meetings/"' in client.get("/en/").content.decode()


def test_the_firm_page_offers_a_meeting_to_members_of_other_verified_firms(
    client, verified_member, pk_firm, cn_firm, pending_member
):
    link = f"/en/meetings/new/?firm={pk_firm.pk}"
    client.force_login(verified_member)
    assert link in client.get(f"/en/firms/{pk_firm.pk}/").content.decode()
    assert "/en/meetings/new/" not in client.get(f"/en/firms/{cn_firm.pk}/").content.decode()
    client.force_login(pending_member)
    assert link not in client.get(f"/en/firms/{pk_firm.pk}/").content.decode()


# --- Requesting through the form ---------------------------------------------------------------


def form_data(invitee: str, overrides: dict | None = None) -> dict:
    day = (timezone.localdate() + timedelta(days=3)).isoformat()
    data = {
        "invitee": invitee,
        "subject": "Copper concentrate offtake",
        "message": "",
        "event": "Pak-China Mineral Cooperation Forum",
        "location": "",
        "slot_1_date": day,
        "slot_1_start": "10:00",
        "slot_1_end": "11:00",
    }
    data.update(overrides or {})
    return data


def test_the_form_is_prefilled_and_says_slots_are_in_karachi_time(client, verified_member, pk_firm):
    client.force_login(verified_member)
    text = client.get(f"{NEW}?firm={pk_firm.pk}").content.decode()
    assert f'value="firm:{pk_firm.pk}" selected' in text
    assert "Asia/Karachi" in text
    assert client.get(f"{NEW}?agency=sifc").status_code == 200
    assert client.get(f"{NEW}?firm=nonsense").status_code == 200


def test_a_request_through_the_form_stores_karachi_times(client, verified_member, pk_firm):
    client.force_login(verified_member)
    response = client.post(NEW, form_data(f"firm:{pk_firm.pk}"))
    meeting = MeetingRequest.objects.get()
    assert response.status_code == 302
    assert response["Location"] == meeting.get_absolute_url()
    start = meeting.slots.get().starts_at
    assert start.astimezone(UTC).hour == 5  # 10:00 in Karachi (UTC+5)


@pytest.mark.parametrize(
    ("overrides", "message"),
    [
        ({"slot_1_date": "2020-01-01"}, "lies in the past"),
        ({"slot_1_end": "09:00"}, "end after it starts"),
        ({"slot_1_end": ""}, "date, start time and end time"),
        ({"slot_1_date": "31/31/2026"}, "Enter a valid date"),
        ({"slot_1_start": "25:99"}, "Enter a valid time"),
        ({"slot_1_date": "", "slot_1_start": "", "slot_1_end": ""}, "at least one time slot"),
        (
            {
                "slot_2_date": (timezone.localdate() + timedelta(days=3)).isoformat(),
                "slot_2_start": "10:30",
                "slot_2_end": "11:30",
            },
            "overlaps another proposed slot",
        ),
        ({"subject": ""}, "This field is required"),
        ({"invitee": "firm:999999"}, "Select a valid choice"),
        ({"invitee": "agency:no-such-agency"}, "Select a valid choice"),
    ],
)
def test_bad_input_keeps_the_form_and_explains(
    client, verified_member, pk_firm, overrides, message
):
    client.force_login(verified_member)
    data = form_data(f"firm:{pk_firm.pk}", overrides)
    response = client.post(NEW, data)
    assert response.status_code == 400
    text = response.content.decode()
    assert message in text
    assert "Copper concentrate offtake" in text or not data["subject"]
    assert not MeetingRequest.objects.exists()


def test_asking_ones_own_firm_is_refused_on_the_form(client, verified_member, cn_firm):
    client.force_login(verified_member)
    response = client.post(NEW, form_data(f"firm:{cn_firm.pk}"))
    assert response.status_code == 400
    assert not MeetingRequest.objects.exists()


@pytest.mark.parametrize("persona", ["pending_member", "official", "firm_member"])
def test_only_verified_members_get_the_form(request, client, persona):
    client.force_login(request.getfixturevalue(persona))
    assert client.get(NEW).status_code == 403


# --- Answering on the page ---------------------------------------------------------------------


def test_accepting_on_the_page(client, verified_member, pk_firm, pk_firm_member):
    meeting = make_meeting(verified_member, firm=pk_firm)
    client.force_login(pk_firm_member)
    text = client.get(page(meeting)).content.decode()
    assert "Accept a time" in text
    assert "Decline" in text
    chosen = meeting.slots.order_by("starts_at")[2]
    response = client.post(page(meeting, "accept/"), {"slot": chosen.pk})
    assert response.status_code == 302
    meeting.refresh_from_db()
    assert meeting.accepted_slot == chosen
    assert "Add to calendar" in client.get(page(meeting)).content.decode()


def test_answers_with_bad_input_are_explained(client, meetings, pk_firm_member, sifc_officer):
    client.force_login(sifc_officer)
    waiting = meetings["waiting"]
    response = client.post(page(waiting, "accept/"), {"slot": "nonsense"})
    assert response.status_code == 400
    response = client.post(page(waiting, "decline/"), {"decline-message": ""})
    assert response.status_code == 400
    assert "This field is required" in response.content.decode()
    client.force_login(pk_firm_member)  # not its side: a 404
    assert client.post(page(waiting, "decline/"), {"decline-message": "No"}).status_code == 404
    assert MeetingRequest.objects.get(pk=waiting.pk).status == "requested"


def test_a_double_booking_is_refused_on_the_page(
    client, meetings, verified_member, sifc, sifc_officer, pk_firm_member
):
    """The Chinese firm is booked at day 5, 10:00; SIFC may not accept that time from it."""
    clash = make_meeting(verified_member, agency=sifc, subject="Clash", slots=[slot(5, 10)])
    client.force_login(sifc_officer)
    response = client.post(page(clash, "accept/"), {"slot": clash.slots.get().pk})
    assert response.status_code == 400
    assert "already has an accepted meeting at this time" in response.content.decode()


def test_cancelling_on_the_page(client, meetings, pk_firm_member):
    client.force_login(pk_firm_member)
    response = client.post(page(meetings["accepted"], "cancel/"), {"cancel-message": "Sorry"})
    assert response.status_code == 302
    assert MeetingRequest.objects.get(pk=meetings["accepted"].pk).status == "cancelled"
    assert client.get(page(meetings["accepted"], "meeting.ics")).status_code == 404


# --- Time zones --------------------------------------------------------------------------------


def test_a_viewer_in_shanghai_sees_three_hours_later(client, verified_member, pk_firm):
    meeting = make_meeting(verified_member, firm=pk_firm, slots=[slot(4, 10)])
    day = karachi(4, 10).date().isoformat()
    client.force_login(verified_member)
    text = client.get(page(meeting)).content.decode()
    assert f'datetime="{day}T10:00:00+05:00"' in text
    assert client.post("/en/meetings/time-zone/", {"time_zone": "Asia/Shanghai"}).status_code == 302
    verified_member.refresh_from_db()
    assert verified_member.time_zone == "Asia/Shanghai"
    text = client.get(page(meeting)).content.decode()
    assert f'datetime="{day}T13:00:00+08:00"' in text
    assert "Asia/Shanghai" in text
    listed = client.get(LIST).content.decode()
    assert f'datetime="{day}T13:00:00+08:00"' in listed


def test_an_unknown_time_zone_is_refused(client, verified_member):
    client.force_login(verified_member)
    response = client.post("/en/meetings/time-zone/", {"time_zone": "Mars/Olympus"}, follow=True)
    assert "Choose one of the listed time zones" in response.content.decode()
    verified_member.refresh_from_db()
    assert verified_member.time_zone == ""


# --- The calendar files ------------------------------------------------------------------------


def unfold(body: str) -> list[str]:
    assert body.endswith("\r\n")
    for line in body.split("\r\n"):
        assert len(line.encode()) <= 75, line
    return body.replace("\r\n ", "").split("\r\n")[:-1]


def fields_of(lines: list[str]) -> dict[str, str]:
    return {line.split(":", 1)[0]: line.split(":", 1)[1] for line in lines}


def test_the_ics_of_an_accepted_meeting(client, meetings, pk_firm_member):
    meeting = meetings["accepted"]
    chosen = meeting.slots.order_by("starts_at")[0]
    client.force_login(pk_firm_member)
    response = client.get(page(meeting, "meeting.ics"))
    assert response.status_code == 200
    assert response["Content-Type"] == "text/calendar; charset=utf-8"
    assert response["Content-Disposition"] == 'attachment; filename="meeting.ics"'
    lines = unfold(response.content.decode())
    assert lines[:2] == ["BEGIN:VCALENDAR", "VERSION:2.0"]
    assert lines[-1] == "END:VCALENDAR"
    assert lines.count("BEGIN:VEVENT") == lines.count("END:VEVENT") == 1
    event = fields_of(lines[lines.index("BEGIN:VEVENT") + 1 : lines.index("END:VEVENT")])
    assert event["UID"] == f"meeting-{meeting.pk}@meetings.emining.pk"
    assert event["DTSTART"] == chosen.starts_at.astimezone(UTC).strftime("%Y%m%dT%H%M%SZ")
    assert event["DTEND"] == chosen.ends_at.astimezone(UTC).strftime("%Y%m%dT%H%M%SZ")
    assert event["DTSTART"].endswith("T050000Z")  # 10:00 Karachi is 05:00 UTC
    stamp = datetime.strptime(event["DTSTAMP"], "%Y%m%dT%H%M%SZ").replace(tzinfo=UTC)
    assert abs(stamp - timezone.now()) < timedelta(minutes=5)
    assert event["SUMMARY"].startswith("Barite supply\\, drilling\\; fluids (")
    assert event["LOCATION"] == (
        "Pak-China Mineral Cooperation Forum\\, Jinnah Convention Centre\\, Islamabad"
    )
    assert "Line one\\nLine two" in event["DESCRIPTION"]
    assert event["DESCRIPTION"].endswith(f"http://testserver{meeting.get_absolute_url()}")
    assert event["STATUS"] == "CONFIRMED"


def test_a_request_not_accepted_has_no_ics(client, meetings, verified_member):
    client.force_login(verified_member)
    assert client.get(page(meetings["waiting"], "meeting.ics")).status_code == 404


def test_the_calendar_feed_holds_the_sides_accepted_meetings(client, meetings, pk_firm_member):
    client.force_login(pk_firm_member)
    response = client.get("/en/meetings/calendar.ics")
    lines = unfold(response.content.decode())
    assert lines.count("BEGIN:VEVENT") == 1
    assert f"UID:meeting-{meetings['accepted'].pk}@meetings.emining.pk" in lines


def test_escaping_and_folding():
    assert escape_text("a,b;c\\d\ne\r\nf") == "a\\,b\\;c\\\\d\\ne\\nf"
    long = "DESCRIPTION:" + "中" * 40
    folded = fold(long)
    assert all(len(part.encode()) <= 75 for part in folded.split("\r\n"))
    assert folded.replace("\r\n ", "") == long
    assert fold("SHORT:x") == "SHORT:x"


def test_a_member_of_a_third_firm_cannot_reach_another_firms_meeting(client, meetings):
    third = make_firm_member(FirmFactory(name="Third Minerals Limited"), username="third")
    client.force_login(third)
    assert client.get(page(meetings["accepted"])).status_code == 404
    assert client.post(page(meetings["accepted"], "cancel/"), {}).status_code == 404
