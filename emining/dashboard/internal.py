"""The officials' dashboard: their agency's project pipeline, the work waiting for them, and
the MoU milestones due. Computed on every request (a handful of queries, officials only),
never cached: it depends on the official's agency, and nobody else may see it.

What an official may know is each app's rule: their agency's projects in every status
(`projects.permissions.visible_projects_condition`); of sealed bids only how many there are
(`projects.bid_selectors.sealed_bid_count` says the same per project); every firm and every
MoU (officials verify firms and keep the national MoU registry).
"""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import date, timedelta
from typing import Any

from django.db.models import Count, Q
from django.utils import timezone

from firms.models import Firm
from matchmaking.models import MoU, MoUMilestone
from projects.models import Bid, Project

from .figures import share

MILESTONE_HORIZON = timedelta(days=30)
MILESTONES_SHOWN = 50
# The MoUs whose milestones are still followed up.
ACTIVE_MOU_STATUSES = (MoU.Status.SIGNED, MoU.Status.IN_IMPLEMENTATION)

# The pipeline's steps: how many of the agency's projects ever reached each, by its stamp.
FUNNEL = (
    ("created", None),
    ("submitted", "submitted_at"),
    ("published", "published_at"),
    ("closed", "closed_at"),
    ("evaluated", "evaluation_started_at"),
    ("awarded", "awarded_at"),
)


@dataclass(frozen=True)
class FunnelStep:
    step: str
    count: int
    # Percent of the step before it that got this far (None for the first step).
    conversion: float | None


@dataclass(frozen=True)
class InternalFigures:
    funnel: list[FunnelStep]
    drafts: int
    in_review: int
    bids_awaiting_opening: int
    firms_pending: int
    milestones_overdue: int
    milestones_due_soon: int
    milestones: list[MoUMilestone] = field(default_factory=list)
    today: date | None = None

    def as_dict(self) -> dict[str, Any]:
        return {
            "funnel": [step.__dict__ for step in self.funnel],
            "drafts": self.drafts,
            "in_review": self.in_review,
            "bids_awaiting_opening": self.bids_awaiting_opening,
            "firms_pending": self.firms_pending,
            "milestones_overdue": self.milestones_overdue,
            "milestones_due_soon": self.milestones_due_soon,
        }


def internal_figures(*, agency_id: int, today: date | None = None) -> InternalFigures:
    """Five queries: the agency's funnel and statuses, its sealed bids, the verification
    queue, the count of milestones due and the first of them."""
    today = today or timezone.localdate()
    projects = Project.objects.filter(agency_id=agency_id)
    counts = projects.aggregate(
        created=Count("id"),
        **{
            step: Count("id", filter=Q(**{f"{stamp}__isnull": False}))
            for step, stamp in FUNNEL
            if stamp
        },
        drafts=Count("id", filter=Q(status=Project.Status.DRAFT)),
        in_review=Count("id", filter=Q(status=Project.Status.IN_REVIEW)),
    )
    funnel, previous = [], None
    for step, _stamp in FUNNEL:
        count = counts[step]
        funnel.append(FunnelStep(step, count, None if previous is None else share(count, previous)))
        previous = count
    bids_awaiting_opening = Bid.objects.filter(
        project__agency_id=agency_id, status=Bid.Status.SUBMITTED
    ).count()
    firms_pending = Firm.objects.filter(verification_status=Firm.VerificationStatus.PENDING).count()
    due = MoUMilestone.objects.filter(
        completed_on__isnull=True,
        due_on__lte=today + MILESTONE_HORIZON,
        mou__status__in=ACTIVE_MOU_STATUSES,
    )
    due_counts = due.aggregate(
        overdue=Count("id", filter=Q(due_on__lt=today)),
        soon=Count("id", filter=Q(due_on__gte=today)),
    )
    shown = list(
        due.select_related("mou").order_by("due_on", "mou__reference", "position", "id")[
            :MILESTONES_SHOWN
        ]
    )
    return InternalFigures(
        funnel=funnel,
        drafts=counts["drafts"],
        in_review=counts["in_review"],
        bids_awaiting_opening=bids_awaiting_opening,
        firms_pending=firms_pending,
        milestones_overdue=due_counts["overdue"],
        milestones_due_soon=due_counts["soon"],
        milestones=shown,
        today=today,
    )
