"""Seeds the demo B2B meeting requests (idempotent): one accepted at the Pak-China Mineral
Cooperation Forum, two waiting for an answer (one to SIFC, so `sifc_officer` has one to
answer), and one declined. Subjects, times and messages are illustrative; they are written
through `matchmaking.services.meetings`, so they obey its rules (times to come, no
double-booking). The times are set relative to the day of seeding, in Asia/Karachi.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime, time, timedelta

from django.utils import timezone

from emining.models import Agency, User
from firms.models import Firm
from matchmaking.models import MeetingRequest
from matchmaking.services import meetings as services

FORUM = "Pak-China Mineral Cooperation Forum"
FORUM_VENUE = "Jinnah Convention Centre, Islamabad"


@dataclass(frozen=True)
class DemoMeeting:
    requester: str  # a demo account, member of the requesting firm
    subject: str
    message: str
    invitee_firm: str = ""  # a demo firm's name
    invitee_agency: str = ""  # an agency's slug
    slots: tuple[tuple[int, int], ...] = ((7, 10), (7, 14), (8, 11))  # (days ahead, hour)
    at_forum: bool = True
    answer: str = ""  # "accept" (the first slot) or "decline"
    answered_by: str = ""  # a demo account of the invited side
    reason: str = ""


DEMO_MEETINGS = [
    DemoMeeting(
        "cn_firm",
        "Barite supply for drilling fluids",
        "We would like to discuss a long-term supply of API-grade barite.",
        invitee_firm="Wah Nobel (Pvt) Limited",
        answer="accept",
        answered_by="pk_firm",
    ),
    DemoMeeting(
        "pk_firm",
        "Investment facilitation for a gypsum processing plant",
        "An introduction to SIFC's facilitation desk for our planned plant in Punjab.",
        invitee_agency="sifc",
        slots=((9, 10), (10, 15)),
    ),
    DemoMeeting(
        "cn_firm",
        "Copper concentrate offtake from Saindak",
        "We propose a working session on offtake terms for the coming year.",
        invitee_firm="MCC Resources Development Company Limited (Saindak)",
        slots=((12, 11),),
        at_forum=False,
    ),
    DemoMeeting(
        "pk_firm",
        "Explosives for open-pit copper mining",
        "We supply commercial explosives and would like to present our range.",
        invitee_firm="MCCT International Limited",
        slots=((14, 9),),
        at_forum=False,
        answer="decline",
        answered_by="cn_firm",
        reason="Our blasting contracts are settled for this year; let us talk again next spring.",
    ),
]


def _slots(spec: DemoMeeting) -> list[tuple[datetime, datetime]]:
    zone = services.portal_zone()
    today = timezone.localdate()
    slots = []
    for days, hour in spec.slots:
        start = datetime.combine(today + timedelta(days=days), time(hour), tzinfo=zone)
        slots.append((start, start + timedelta(hours=1)))
    return slots


def _create(spec: DemoMeeting) -> MeetingRequest | None:
    requester = User.objects.filter(username=spec.requester).first()
    invitee_firm = (
        Firm.objects.filter(name=spec.invitee_firm).first() if spec.invitee_firm else None
    )
    invitee_agency = (
        Agency.objects.filter(slug=spec.invitee_agency).first() if spec.invitee_agency else None
    )
    if requester is None or (invitee_firm is None and invitee_agency is None):
        return None
    meeting = services.request_meeting(
        by=requester,
        invitee_firm=invitee_firm,
        invitee_agency=invitee_agency,
        subject=spec.subject,
        message=spec.message,
        event=FORUM if spec.at_forum else "",
        location=FORUM_VENUE if spec.at_forum else "",
        slots=_slots(spec),
    )
    answerer = User.objects.filter(username=spec.answered_by).first()
    if spec.answer == "accept" and answerer is not None:
        services.accept_meeting(meeting, by=answerer, slot=meeting.slots.order_by("starts_at")[0])
    elif spec.answer == "decline" and answerer is not None:
        services.decline_meeting(meeting, by=answerer, message=spec.reason)
    return meeting


def seed_meetings(report: list[str]) -> None:
    report.append("Demo B2B meetings (times and messages are illustrative):")
    for spec in DEMO_MEETINGS:
        meeting = MeetingRequest.objects.filter(subject=spec.subject).first()
        state = "exists"
        if meeting is None:
            meeting = _create(spec)
            if meeting is None:
                report.append(f"  skipped (an account or a firm is missing): {spec.subject}")
                continue
            state = "created"
        report.append(f"  {meeting.get_status_display():<10} {meeting.subject} [{state}]")
