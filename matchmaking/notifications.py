"""Notices of matchmaking, written through the core's outbox (`emining.notifications`)."""

from __future__ import annotations

from django.conf import settings
from django.urls import reverse
from django.utils.translation import gettext_lazy as _

from emining.models import User
from emining.notifications.registry import register_kind
from emining.notifications.services import notify
from firms.models import Firm
from matchmaking.models import MeetingRequest, MeetingSlot
from projects.models import Project
from projects.notifications import project_context, project_path


def register_kinds() -> None:
    register_kind("project_matched", label=_("A new project matches your firm"))
    register_kind("invited_to_bid", label=_("Your firm is invited to bid"))
    register_kind(
        "bid_deadline", label=_("Bidding closes soon on a project your firm follows or bids for")
    )
    register_kind("lead_follow_up_overdue", label=_("A follow-up of your lead is overdue"))
    register_kind("mou_milestone_due", label=_("A milestone of your agency’s MoU is due"))
    register_kind("meeting_requested", label=_("A meeting is requested with you"))
    register_kind("meeting_accepted", label=_("Your meeting request is accepted"))
    register_kind("meeting_declined", label=_("Your meeting request is declined"))
    register_kind("meeting_cancelled", label=_("A meeting is cancelled"))


def _members(firm_ids) -> object:
    return User.objects.filter(firm_membership__firm_id__in=firm_ids, is_active=True)


def invited_to_bid(*, project: Project, firm: Firm) -> int:
    return notify(
        "invited_to_bid",
        _members([firm.pk]),
        context={**project_context(project), "agency": project.agency.name},
        url=project_path(project),
        key=f"invited:{project.pk}:{firm.pk}",
    )


def project_matched(*, project: Project, scores: dict[int, int]) -> int:
    """A newly published project, to the members of each firm it scores well for (at least
    `MATCH_NOTIFY_THRESHOLD`). One bulk write for all of them."""
    threshold = int(settings.MATCH_NOTIFY_THRESHOLD)
    firm_ids = [firm_id for firm_id, score in scores.items() if score >= threshold]
    if not firm_ids:
        return 0
    return notify(
        "project_matched",
        _members(firm_ids),
        context=project_context(project),
        url=reverse("matchmaking:recommendations"),
        key=f"matched:{project.pk}",
    )


# --- Reminders (written by the beat tasks of `services.reminders`) ------------------------------


def bid_deadline(*, project: Project, recipients, window: str, days: int) -> int:
    """Bidding closes in `days` days: once per project and window (`7d`, `1d`) per recipient,
    however often the task runs."""
    return notify(
        "bid_deadline",
        recipients,
        context={
            **project_context(project),
            "days": days,
            "closes_at": project.bid_closes_at,
        },
        url=project_path(project),
        key=f"deadline:{project.pk}:{window}",
    )


def lead_follow_up_overdue(lead) -> int:
    """The owner of a lead whose next action is past due: once per lead and due date (a new
    due date that passes in turn is a new reminder)."""
    firm = lead.firm
    investor = (
        {"investor": firm.name, "investor_zh": firm.name_zh, "investor_ur": firm.name_ur}
        if firm is not None
        else {"investor": lead.contact_organisation or lead.contact_name}
    )
    return notify(
        "lead_follow_up_overdue",
        [lead.owner],
        context={
            "reference": lead.reference,
            **investor,
            "next_action": lead.next_action,
            "due_on": lead.next_action_due.isoformat(),
        },
        url=lead.get_absolute_url(),
        key=f"lead-overdue:{lead.pk}:{lead.next_action_due.isoformat()}",
    )


def mou_milestone_due(milestone, *, officials, overdue: bool) -> int:
    """The officials of the MoU's agency: once when the milestone comes within a week of its
    due date, once more when it is overdue (per due date: a moved date reminds again)."""
    mou = milestone.mou
    state = "overdue" if overdue else "soon"
    return notify(
        "mou_milestone_due",
        officials,
        context={
            "reference": mou.reference,
            "title": mou.title,
            "title_zh": mou.title_zh,
            "title_ur": mou.title_ur,
            "milestone": milestone.title,
            "milestone_zh": milestone.title_zh,
            "milestone_ur": milestone.title_ur,
            "due_on": milestone.due_on.isoformat(),
            "overdue": overdue,
        },
        url=mou.get_absolute_url(),
        key=f"milestone:{milestone.pk}:{milestone.due_on.isoformat()}:{state}",
    )


# --- B2B meetings: each notice goes to the other side (a firm's members or an agency's
# officials). Times are given in the portal's time zone, as the requester entered them.


def _requester_side(meeting: MeetingRequest) -> object:
    return _members([meeting.requester_firm_id])


def _invitee_side(meeting: MeetingRequest) -> object:
    if meeting.invitee_agency_id is not None:
        return User.objects.filter(
            role=User.Role.OFFICIAL, agency_id=meeting.invitee_agency_id, is_active=True
        )
    return _members([meeting.invitee_firm_id])


def _meeting_context(meeting: MeetingRequest) -> dict:
    return {
        "subject": meeting.subject,
        "requester": meeting.requester_firm.name,
        "invitee": str(meeting.invitee),
        "event": meeting.event,
    }


def meeting_requested(*, meeting: MeetingRequest, slots) -> int:
    from matchmaking.services.meetings import slot_label

    return notify(
        "meeting_requested",
        _invitee_side(meeting),
        context={
            **_meeting_context(meeting),
            "slots": [slot_label(start, end) for start, end in slots],
        },
        url=meeting.get_absolute_url(),
        key=f"meeting-requested:{meeting.pk}",
    )


def meeting_accepted(*, meeting: MeetingRequest, slot: MeetingSlot) -> int:
    from matchmaking.services.meetings import slot_label

    return notify(
        "meeting_accepted",
        _requester_side(meeting),
        context={**_meeting_context(meeting), "when": slot_label(slot.starts_at, slot.ends_at)},
        url=meeting.get_absolute_url(),
        key=f"meeting-accepted:{meeting.pk}",
    )


def meeting_declined(*, meeting: MeetingRequest) -> int:
    return notify(
        "meeting_declined",
        _requester_side(meeting),
        context={**_meeting_context(meeting), "message": meeting.decline_message},
        url=meeting.get_absolute_url(),
        key=f"meeting-declined:{meeting.pk}",
    )


def meeting_cancelled(*, meeting: MeetingRequest, by_requester: bool) -> int:
    recipients = _invitee_side(meeting) if by_requester else _requester_side(meeting)
    by = meeting.requester_firm.name if by_requester else str(meeting.invitee)
    return notify(
        "meeting_cancelled",
        recipients,
        context={**_meeting_context(meeting), "by": by, "message": meeting.cancel_message},
        url=meeting.get_absolute_url(),
        key=f"meeting-cancelled:{meeting.pk}",
    )
