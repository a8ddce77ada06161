"""Generated investment leads for the benchmark (the dashboard's dataset): half about
registered firms, half about prospective investors, in every stage, owned by the generated
officials, each with its dated stage history and an activity or two. Consistent with every
database constraint; bulk inserts, no services and no audit events (this is load, not history).
"""

from __future__ import annotations

import random
from datetime import datetime, timedelta

from django.utils import timezone

from emining.models import User
from firms.models import Firm
from matchmaking.models import Lead, LeadActivity, LeadReferenceSequence, LeadStageChange
from minerals.models import Mineral, Region

Stage = Lead.Stage
# (stage, weight): a funnel, most leads early, a few committed, some lost.
STAGES = (
    (Stage.NEW, 30),
    (Stage.QUALIFIED, 20),
    (Stage.CONTACTED, 15),
    (Stage.SITE_VISIT, 10),
    (Stage.NEGOTIATION, 8),
    (Stage.MOU_SIGNED, 5),
    (Stage.INVESTMENT_COMMITTED, 3),
    (Stage.LOST, 9),
)
INVESTORS = (
    ("Strategic Metals Holdings", "CN"),
    ("Gwadar Minerals Trading", "PK"),
    ("Western China Nonferrous Investment", "CN"),
    ("Karachi Copper Ventures", "PK"),
)


def generate_leads(count: int, *, seed: int, now: datetime, batch: int = 2000) -> int:
    """`count` leads with their stage history and activities. Returns how many were written."""
    rng = random.Random(seed)  # noqa: S311 - reproducible load, not secrets
    officials = list(User.objects.filter(role=User.Role.OFFICIAL).exclude(agency=None)[:20])
    firms = list(Firm.objects.values_list("pk", flat=True))
    if not officials or not firms:
        raise ValueError("Generate the projects and the firms first (officials and firms).")
    minerals = list(Mineral.objects.values_list("pk", flat=True))
    provinces = list(Region.objects.filter(parent__isnull=True).values_list("pk", flat=True))
    stages = [stage for stage, _weight in STAGES]
    weights = [weight for _stage, weight in STAGES]
    today = timezone.localdate()
    numbers: dict[int, int] = {}
    written = 0
    for start in range(0, count, batch):
        size = min(batch, count - start)
        leads: list[Lead] = []
        paths: list[list[str]] = []
        for _ in range(size):
            created = now - timedelta(days=rng.randint(1, 700), minutes=rng.randint(0, 1440))
            year = timezone.localtime(created).year
            numbers[year] = numbers.get(year, 0) + 1
            stage = rng.choices(stages, weights)[0]
            if stage == Stage.LOST:
                path = [*Lead.PIPELINE[: rng.randint(1, 5)], Stage.LOST]
            else:
                path = list(Lead.PIPELINE[: Lead.PIPELINE.index(stage) + 1])
            lead = Lead(
                reference=f"LEAD-{year}-{numbers[year]:05d}",
                stage=stage,
                stage_changed_at=created + timedelta(days=len(path) * 5),
                lost_reason="Chose another country." if stage == Stage.LOST else "",
                owner=rng.choice(officials),
                created_by=rng.choice(officials),
                estimated_value_usd=rng.randint(1, 500) * 1_000_000,
                summary="Interest recorded at the Pak-China Mineral Cooperation Forum.",
            )
            if rng.random() < 0.5:
                lead.firm_id = rng.choice(firms)
            else:
                name, country = rng.choice(INVESTORS)
                lead.contact_name = "Investor contact"
                lead.contact_organisation = name
                lead.contact_country = country
            if lead.is_open:
                lead.next_action = "Follow up"
                lead.next_action_due = today + timedelta(days=rng.randint(-30, 60))
            leads.append(lead)
            paths.append(path)
        leads = Lead.objects.bulk_create(leads)
        LeadStageChange.objects.bulk_create(
            LeadStageChange(
                lead=lead,
                from_stage=previous,
                to_stage=following,
                reason=lead.lost_reason if following == Stage.LOST else "",
                by=lead.owner,
                at=lead.stage_changed_at - timedelta(days=5 * (len(path) - 1 - position)),
            )
            for lead, path in zip(leads, paths, strict=True)
            for position, (previous, following) in enumerate(zip(["", *path], path, strict=False))
        )
        LeadActivity.objects.bulk_create(
            LeadActivity(
                lead=lead,
                kind=rng.choice(LeadActivity.Kind.values),
                text="Discussed the project's terms.",
                happened_at=lead.stage_changed_at,
                internal=rng.random() < 0.3,
                by=lead.owner,
            )
            for lead in leads
            for _ in range(rng.randint(1, 2))
        )
        Lead.minerals.through.objects.bulk_create(
            Lead.minerals.through(lead_id=lead.pk, mineral_id=mineral)
            for lead in leads
            for mineral in rng.sample(minerals, rng.randint(1, 2))
        )
        Lead.regions.through.objects.bulk_create(
            Lead.regions.through(lead_id=lead.pk, region_id=rng.choice(provinces)) for lead in leads
        )
        written += len(leads)
    for year, number in numbers.items():
        LeadReferenceSequence.objects.update_or_create(year=year, defaults={"last_number": number})
    return written
