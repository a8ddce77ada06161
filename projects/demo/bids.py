"""Demo bids, made through the bidding services by the demo firms' members (`firms/demo/`).

Open projects receive sealed bids (the demo user `cn_firm` sees its receipt); projects that
are already closed, under evaluation or awarded receive theirs while still open, are then
moved back in time like their project (`project.demo_backdated`), opened, scored by two
officials, reconciled, shortlisted and, for the awarded one, awarded. The offers are
illustrative. Without verified demo firms no bids are made, and the report says so.
"""

from __future__ import annotations

from datetime import datetime

from django.db.models import Prefetch

from emining.audit import record_event
from emining.models import User
from firms.models import Firm, Membership
from projects import services
from projects.models import Bid, BidVersion, Project

Status = Project.Status

# Illustrative offers: (share of the investment sought, months, jobs, trainees, stage, plan).
OFFERS = (
    (
        1.08,
        42,
        1400,
        350,
        "refining",
        "A flotation and SX-EW line built with Chinese equipment, a training centre in the "
        "province and Pakistani engineers in every shift within three years.",
    ),
    (
        0.96,
        36,
        1150,
        500,
        "smelting",
        "Consortium of a Chinese operator and a Pakistani contractor; local procurement of "
        "cement, steel and transport; apprenticeships with the provincial technical board.",
    ),
)


def demo_bidders() -> list[tuple[Firm, User]]:
    """Verified firms with their first member, Chinese firms first, by name."""
    firms = (
        Firm.objects.filter(verification_status=Firm.VerificationStatus.VERIFIED)
        .prefetch_related(
            Prefetch(
                "memberships",
                queryset=Membership.objects.select_related("user").order_by("joined_at", "pk"),
            )
        )
        .order_by("country", "name")
    )
    return [(firm, firm.memberships.all()[0].user) for firm in firms if firm.memberships.all()]


def _offer(project: Project, index: int) -> services.Offer:
    share, months, jobs, trainees, stage, plan = OFFERS[index % len(OFFERS)]
    return services.Offer.from_values(
        {
            "offered_investment_usd": int(project.investment_usd * share),
            "investment_model": project.investment_model,
            "timeline_months": months,
            "local_jobs": jobs,
            "trainees": trainees,
            "technology_transfer": plan,
            "value_addition_stage": stage,
        }
    )


def submit_demo_bids(project: Project, *, position: int) -> list[Bid]:
    """Two bids while the project is open: a Chinese firm alone, and a Chinese-led
    consortium with a Pakistani partner who confirms. `position` varies the firms."""
    bidders = demo_bidders()
    chinese = [pair for pair in bidders if pair[0].country == Firm.Country.CHINA]
    pakistani = [pair for pair in bidders if pair[0].country == Firm.Country.PAKISTAN]
    if len(chinese) < 2 or not pakistani:
        return []
    alone = chinese[position % len(chinese)]
    lead = chinese[(position + 1) % len(chinese)]
    partner = pakistani[position % len(pakistani)]
    bids = [services.submit_bid(project, by=alone[1], offer=_offer(project, 0)).bid]
    consortium = services.submit_bid(
        project, by=lead[1], offer=_offer(project, 1), partners=[partner[0]]
    ).bid
    services.confirm_participation(consortium, by=partner[1])
    bids.append(consortium)
    return bids


def backdate_bids(project: Project, *, submitted: datetime) -> None:
    """Bids of a backdated project were made while it was open."""
    bids = Bid.objects.filter(project=project)
    bids.update(created_at=submitted, submitted_at=submitted)
    BidVersion.objects.filter(bid__project=project).update(submitted_at=submitted)
    record_event(
        action="bids.demo_backdated",
        target=project,
        data={"submitted_at": submitted.isoformat(), "bids": bids.count()},
    )


def evaluate_demo_bids(project: Project, *, evaluators: list[User], award_note: str = "") -> None:
    """Open, score (two officials), reconcile and shortlist; award if a note is given."""
    services.open_bids(project, by=evaluators[0])
    criteria = list(project.evaluation_criteria.all())
    bids = list(project.bids.filter(status=Bid.Status.OPENED).order_by("pk"))
    for rank, bid in enumerate(bids):
        for shift, evaluator in enumerate(evaluators):
            services.score_bid(
                bid,
                by=evaluator,
                scores={c.pk: (max(0, 82 - 9 * rank - 3 * shift), "") for c in criteria},
            )
        services.reconcile_scores(
            bid,
            by=evaluators[0],
            scores={
                c.pk: (max(0, 81 - 9 * rank), "Agreed after the evaluation meeting.")
                for c in criteria
            },
        )
        services.shortlist_bid(bid, by=evaluators[0])
    if award_note and bids:
        services.award_project(project, by=evaluators[1], bid=bids[0], note=award_note)
