"""Reminders written by beat: bidding deadlines, overdue lead follow-ups, MoU milestones due.

They live in matchmaking because the deadline reminder reads both sides: the firms that showed
interest (recommendation feedback, invitations to bid: matchmaking) and the firms with a live
bid (projects), and `projects/` may not import `matchmaking/`.

Every reminder goes through the notifications outbox with a key (`notify(..., key=...)`), so a
task run twice, or two runs at once, write each reminder once per recipient. Each item is
written in its own transaction under a row lock taken with SKIP LOCKED (as
`projects.services.workflow.close_due_projects` does): an item another run holds is left to
it, an item deleted or moved on since it was listed is skipped quietly. One item's fan-out is
one `notify()` call: its queries do not grow with the number of recipients.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import date, datetime, timedelta

from django.db import transaction
from django.db.models import Q, QuerySet
from django.utils import timezone

from emining.models import User
from projects.models import Bid, BidParticipant, Project

from .. import notifications
from ..models import BidInvitation, Lead, MatchFeedback, MoU, MoUMilestone


@dataclass(frozen=True)
class DeadlineWindow:
    """Projects whose bidding closes after `after` and at most `until` from now."""

    name: str  # part of the outbox key: never rename a window that was used
    days: int
    after: timedelta
    until: timedelta


# Beat runs the reminder hourly: a one-day-wide window catches every project at least once
# even if several runs are missed.
DEADLINE_WINDOWS = (
    DeadlineWindow("7d", 7, after=timedelta(days=6), until=timedelta(days=7)),
    DeadlineWindow("1d", 1, after=timedelta(0), until=timedelta(days=1)),
)
# A milestone is announced when it comes within this many days of its due date.
MILESTONE_NOTICE = timedelta(days=7)
# A finished MoU's milestones no longer concern anyone.
LIVE_MOU_STATUSES = (MoU.Status.DRAFT, MoU.Status.SIGNED, MoU.Status.IN_IMPLEMENTATION)
# A firm that "started a bid": it takes part (lead or partner) in a bid still in the race
# before the closing time. There are no draft bids: a bid exists once it is submitted.
LIVE_BID_STATUSES = (Bid.Status.SUBMITTED,)


@dataclass
class Reminders:
    """What a run did: items looked at, and notifications written (0 for repeats)."""

    items: int = 0
    written: int = 0
    by_item: dict[str, int] = field(default_factory=dict)


# --- Bidding deadlines -------------------------------------------------------------------------


def deadline_recipients(project_id: int) -> QuerySet[User]:
    """Active members of the firms that marked the project interesting, were invited to bid on
    it, or take part in a live bid for it (one query, evaluated by `notify`)."""
    interested = MatchFeedback.objects.filter(
        project_id=project_id, verdict=MatchFeedback.Verdict.INTERESTED
    ).values("firm_id")
    invited = BidInvitation.objects.filter(project_id=project_id).values("firm_id")
    bidding = BidParticipant.objects.filter(
        project_id=project_id, active=True, bid__status__in=LIVE_BID_STATUSES
    ).values("firm_id")
    return User.objects.filter(
        Q(firm_membership__firm_id__in=interested)
        | Q(firm_membership__firm_id__in=invited)
        | Q(firm_membership__firm_id__in=bidding),
        is_active=True,
    )


def _window(name: str) -> DeadlineWindow:
    for window in DEADLINE_WINDOWS:
        if window.name == name:
            return window
    raise ValueError(f"Unknown deadline window: {name!r}")


def _closing_in(window: DeadlineWindow, now: datetime) -> Q:
    return Q(
        status=Project.Status.PUBLISHED,
        bid_closes_at__gt=now + window.after,
        bid_closes_at__lte=now + window.until,
    )


def remind_project_deadline(project_id: int, window: str, *, now: datetime | None = None) -> int:
    """Remind one project's interested, invited and bidding firms that bidding closes soon.
    Nothing (0) for a project deleted, closed, cancelled or moved out of the window since it
    was listed, or locked by another run."""
    now = now or timezone.now()
    window_ = _window(window)
    with transaction.atomic():
        project = (
            Project.objects.select_for_update(skip_locked=True)
            .filter(_closing_in(window_, now), pk=project_id)
            .first()
        )
        if project is None:
            return 0
        return notifications.bid_deadline(
            project=project,
            recipients=deadline_recipients(project.pk),
            window=window_.name,
            days=window_.days,
        )


def remind_bid_deadlines(*, now: datetime | None = None) -> Reminders:
    """Beat, hourly: every published project closing within 7 days (the `7d` window: 6 to 7
    days left) or within a day (`1d`)."""
    now = now or timezone.now()
    result = Reminders()
    for window in DEADLINE_WINDOWS:
        project_ids = (
            Project.objects.filter(_closing_in(window, now))
            .order_by("bid_closes_at", "pk")
            .values_list("pk", flat=True)
        )
        for project_id in project_ids:
            written = remind_project_deadline(project_id, window.name, now=now)
            result.items += 1
            result.written += written
            result.by_item[f"{project_id}:{window.name}"] = written
    return result


# --- Lead follow-ups ----------------------------------------------------------------------------


def overdue_leads(today: date) -> QuerySet[Lead]:
    """Open leads with an owner whose next action was due before `today`."""
    return Lead.objects.filter(
        ~Q(stage__in=Lead.FINAL_STAGES),
        next_action_due__lt=today,
        owner__isnull=False,
        owner__is_active=True,
    )


def remind_lead_follow_up(lead_id: int, *, today: date | None = None) -> int:
    """Tell a lead's owner its next action is overdue. Nothing for a lead deleted, closed,
    rescheduled or handed to nobody since it was listed."""
    today = today or timezone.localdate()
    with transaction.atomic():
        lead = (
            overdue_leads(today)
            .select_for_update(skip_locked=True, of=("self",))
            .select_related("owner", "firm")
            .filter(pk=lead_id)
            .first()
        )
        if lead is None:
            return 0
        return notifications.lead_follow_up_overdue(lead)


def remind_overdue_leads(*, today: date | None = None) -> Reminders:
    """Beat, daily: each owner hears once of each open lead whose follow-up is overdue."""
    today = today or timezone.localdate()
    result = Reminders()
    for lead_id in (
        overdue_leads(today).order_by("next_action_due", "pk").values_list("pk", flat=True)
    ):
        written = remind_lead_follow_up(lead_id, today=today)
        result.items += 1
        result.written += written
        result.by_item[str(lead_id)] = written
    return result


# --- MoU milestones -----------------------------------------------------------------------------


def due_milestones(today: date) -> QuerySet[MoUMilestone]:
    """Open milestones of live MoUs due within `MILESTONE_NOTICE` or already overdue."""
    return MoUMilestone.objects.filter(
        completed_on__isnull=True,
        due_on__lte=today + MILESTONE_NOTICE,
        mou__status__in=LIVE_MOU_STATUSES,
    )


def agency_officials(agency_id: int) -> QuerySet[User]:
    return User.objects.filter(role=User.Role.OFFICIAL, agency_id=agency_id, is_active=True)


def remind_milestone(milestone_id: int, *, today: date | None = None) -> int:
    """Tell the officials of the MoU's agency that a milestone is due soon, or overdue."""
    today = today or timezone.localdate()
    with transaction.atomic():
        milestone = (
            due_milestones(today)
            .select_for_update(skip_locked=True, of=("self",))
            .select_related("mou")
            .filter(pk=milestone_id)
            .first()
        )
        if milestone is None:
            return 0
        return notifications.mou_milestone_due(
            milestone,
            officials=agency_officials(milestone.mou.agency_id),
            overdue=milestone.is_overdue(today),
        )


def remind_due_milestones(*, today: date | None = None) -> Reminders:
    """Beat, daily: each open milestone of a live MoU is announced once when it comes within a
    week of its due date and once when it passes it."""
    today = today or timezone.localdate()
    result = Reminders()
    for milestone_id in due_milestones(today).order_by("due_on", "pk").values_list("pk", flat=True):
        written = remind_milestone(milestone_id, today=today)
        result.items += 1
        result.written += written
        result.by_item[str(milestone_id)] = written
    return result
