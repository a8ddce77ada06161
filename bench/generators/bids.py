"""Generated bids for the benchmark, consistent with every database constraint: sealed bids
(encrypted canonical content, receipt digest) on projects still open or closed, opened bids
with their opening on projects under evaluation, one awarded bid per awarded project.

Two projects are prepared for the benchmark's scenarios: one under evaluation with exactly 50
opened bids (the officials' side-by-side page), and one open for bids with 16 firms holding a
sealed bid each (16 firms revising at once on the same project).
"""

from __future__ import annotations

import random
from dataclasses import dataclass, field
from datetime import datetime, timedelta

from firms.models import Firm
from projects import sealing
from projects.models import Bid, BidOpening, BidParticipant, BidVersion, Project
from projects.services import receipts

Status = Project.Status
SIDE_BY_SIDE_BIDS = 50
CONCURRENT_FIRMS = 16
STAGES = ("mining", "processing", "smelting", "refining", "manufacturing")


@dataclass
class Plan:
    """The rows of one batch, written together."""

    bids: list[Bid] = field(default_factory=list)
    firms: list[list[tuple[Firm, str, bool]]] = field(default_factory=list)  # (firm, role, ok)
    offers: list[dict] = field(default_factory=list)


@dataclass(frozen=True)
class Scenario:
    evaluation_project: str  # reference
    evaluation_official_id: int
    bidding_project: str
    bidding_bids: list[tuple[int, int]]  # (bid id, member user id)


def _offer(rng: random.Random, project: Project) -> dict:
    return {
        "offered_investment_usd": int(project.investment_usd * rng.uniform(0.7, 1.3)),
        "investment_model": project.investment_model,
        "timeline_months": rng.randint(12, 96),
        "local_jobs": rng.randint(50, 5000),
        "trainees": rng.randint(10, 1500),
        "technology_transfer": "Training centre, local engineers in every shift, "
        f"equipment maintained in Pakistan (plan {rng.randint(1, 10**6)}).",
        "value_addition_stage": rng.choice(STAGES),
    }


class BidGenerator:
    def __init__(self, *, seed: int, now: datetime):
        self.rng = random.Random(seed)  # noqa: S311 - reproducible load, not secrets
        self.now = now
        verified = Firm.objects.filter(verification_status=Firm.VerificationStatus.VERIFIED)
        self.chinese = list(verified.filter(country="CN").order_by("pk"))
        self.pakistani = list(verified.filter(country="PK").order_by("pk"))
        self.firms = self.chinese + self.pakistani

    def plan_project(self, project: Project, count: int, *, consortium_share: float = 0.3):
        """`count` bids on one project by distinct firms: (bid, participants, offer)."""
        chosen = self.rng.sample(self.firms, min(count * 2, len(self.firms)))
        used: set[int] = set()
        planned = []
        for lead in chosen:
            if len(planned) == count:
                break
            if lead.pk in used:
                continue
            used.add(lead.pk)
            parties = [(lead, BidParticipant.Role.LEAD, True)]
            if self.rng.random() < consortium_share:
                pool = self.pakistani if lead.country == "CN" else self.chinese
                partner = self.rng.choice(pool)
                if partner.pk not in used:
                    used.add(partner.pk)
                    parties.append((partner, BidParticipant.Role.PARTNER, self.rng.random() < 0.8))
            planned.append((parties, _offer(self.rng, project)))
        return planned

    def write(self, project: Project, planned) -> list[Bid]:
        opened = project.status in (Status.UNDER_EVALUATION, Status.AWARDED)
        submitted = min(project.bid_closes_at, self.now) - timedelta(days=self.rng.randint(1, 6))
        bids = []
        for index, (parties, offer) in enumerate(planned):
            bid = Bid(
                project=project,
                lead_firm=parties[0][0],
                created_by_id=parties[0][0].created_by_id,
                created_at=submitted,
                submitted_at=submitted,
            )
            if opened:
                complete = all(ok for _f, _r, ok in parties)
                for name, value in offer.items():
                    setattr(bid, name, value)
                bid.opened_at = project.evaluation_started_at or self.now
                bid.complete = complete
                bid.status = Bid.Status.OPENED
                if project.status == Status.AWARDED:
                    winner = index == 0
                    if winner:
                        bid.complete = True
                        bid.shortlisted_at = bid.opened_at
                    bid.status = Bid.Status.AWARDED if winner else Bid.Status.UNSUCCESSFUL
                    bid.decided_at = project.awarded_at
            bids.append(bid)
        bids = Bid.objects.bulk_create(bids)
        participants, versions = [], []
        for bid, (parties, offer) in zip(bids, planned, strict=True):
            for firm, role, confirmed in parties:
                awarded_partner = bid.status == Bid.Status.AWARDED
                participants.append(
                    BidParticipant(
                        bid=bid,
                        project=project,
                        firm=firm,
                        role=role,
                        confirmed_at=submitted if confirmed or awarded_partner else None,
                        confirmed_by_id=firm.created_by_id
                        if confirmed or awarded_partner
                        else None,
                    )
                )
            content = receipts.canonical_content(
                bid_id=bid.pk,
                version=1,
                project_reference=project.reference,
                lead_firm=receipts.firm_json(parties[0][0]),
                partners=[receipts.firm_json(f) for f, role, _ok in parties if role == "partner"],
                offer=offer,
                documents=[],
                nonce=receipts.new_nonce(),
            )
            versions.append(
                BidVersion(
                    bid=bid,
                    number=1,
                    submitted_at=submitted,
                    submitted_by_id=bid.created_by_id,
                    sealed_content=sealing.seal(content),
                    receipt_digest=receipts.receipt_digest(content),
                )
            )
        BidParticipant.objects.bulk_create(participants)
        BidVersion.objects.bulk_create(versions)
        if opened and not BidOpening.objects.filter(project=project).exists():
            BidOpening.objects.create(
                project=project,
                opened_by_id=project.created_by_id,
                opened_at=project.evaluation_started_at or self.now,
                bids_opened=len(bids),
                bids_withdrawn=0,
            )
        return bids


def generate_bids(total: int, *, seed: int, now: datetime, report=print) -> Scenario:
    generator = BidGenerator(seed=seed, now=now)
    if len(generator.chinese) < CONCURRENT_FIRMS or len(generator.pakistani) < 2:
        raise ValueError("Generate firms first: too few verified firms to bid.")
    biddable = list(
        Project.objects.filter(
            status__in=[Status.PUBLISHED, Status.CLOSED, Status.UNDER_EVALUATION, Status.AWARDED],
            bid_opens_at__lte=now,
        ).order_by("pk")
    )
    evaluation = next(p for p in biddable if p.status == Status.UNDER_EVALUATION)
    bidding = next(
        p
        for p in biddable
        if p.status == Status.PUBLISHED and p.bid_closes_at > now + timedelta(days=2)
    )
    written = 0
    bids = generator.write(
        evaluation, generator.plan_project(evaluation, SIDE_BY_SIDE_BIDS, consortium_share=0.2)
    )
    written += len(bids)
    concurrent = generator.write(
        bidding, generator.plan_project(bidding, CONCURRENT_FIRMS, consortium_share=0)
    )
    written += len(concurrent)
    others = [p for p in biddable if p.pk not in (evaluation.pk, bidding.pk)]
    per_project = max(1, (total - written) // max(1, len(others)))
    for project in others:
        if written >= total:
            break
        count = min(total - written, max(1, int(generator.rng.gauss(per_project, 2))))
        written += len(generator.write(project, generator.plan_project(project, count)))
        if written % 10_000 < count:
            report(f"  {written:>7} / {total} bids")
    report(f"Generated {written} bids on {len(others) + 2} projects.")
    return Scenario(
        evaluation_project=evaluation.reference,
        evaluation_official_id=evaluation.created_by_id,
        bidding_project=bidding.reference,
        bidding_bids=[(bid.pk, bid.lead_firm.created_by_id) for bid in concurrent],
    )
