"""Generated MoUs for the benchmark (the dashboard's row): public and confidential, in every
status, each between a Chinese and a Pakistani firm, with scope rows and milestones, signed over
the last four years. Consistent with every database constraint; bulk inserts, no services and
no audit events (this is load, not history).

The issue's 50,000 leads come from `bench/generators/leads.py`, called by the same command.
"""

from __future__ import annotations

import random
from datetime import datetime, timedelta

from django.utils import timezone

from emining.models import User
from firms.models import Firm
from matchmaking.models import MoU, MoUMilestone, MoUParty, MoUReferenceSequence, MoUStage
from minerals.models import Mineral, Region, ValueChainStage

Status = MoU.Status
# (status, weight): most MoUs signed or in implementation, a few drafts and ended ones.
STATUSES = (
    (Status.DRAFT, 8),
    (Status.SIGNED, 40),
    (Status.IN_IMPLEMENTATION, 30),
    (Status.CONVERTED, 10),
    (Status.EXPIRED, 7),
    (Status.TERMINATED, 5),
)
PUBLIC_SHARE = 0.85
TOPICS = (
    ("Copper concentrate offtake", "铜精矿包销", "تانبے کے کنسنٹریٹ کی خریداری"),
    ("Chromite beneficiation plant", "铬铁矿选矿厂", "کرومائٹ کی افزودگی کا پلانٹ"),
    (
        "Lithium exploration in Gilgit-Baltistan",
        "吉尔吉特-巴尔蒂斯坦锂矿勘探",
        "گلگت بلتستان میں لیتھیم کی تلاش",
    ),
    ("Coal-to-power at Thar", "塔尔煤电", "تھر میں کوئلے سے بجلی"),
    ("Marble processing zone", "大理石加工区", "سنگ مرمر پراسیسنگ زون"),
    ("Rare-earth laboratory", "稀土实验室", "نایاب معدنیات کی لیبارٹری"),
)


def _stamp(mou: MoU, status: str, signed: datetime, rng: random.Random) -> None:
    mou.status = status
    if status == Status.DRAFT:
        return
    mou.signed_at = signed
    mou.signed_on = timezone.localtime(signed).date()
    mou.expires_on = mou.signed_on + timedelta(days=365 * rng.randint(2, 5))
    later = signed + timedelta(days=rng.randint(20, 200))
    if status in (Status.IN_IMPLEMENTATION, Status.CONVERTED):
        mou.implementation_started_at = later
    if status == Status.CONVERTED:
        mou.converted_at = later + timedelta(days=rng.randint(30, 300))
    elif status == Status.EXPIRED:
        mou.expired_at = later
    elif status == Status.TERMINATED:
        mou.terminated_at = later
        mou.termination_reason = "The parties did not agree on the financing."


def generate_mous(count: int, *, seed: int, now: datetime, batch: int = 1000) -> int:
    """`count` MoUs with two parties, one to three stages and minerals, a province and (once
    signed) three milestones each. Returns how many were written."""
    rng = random.Random(seed)  # noqa: S311 - reproducible load, not secrets
    officials = list(User.objects.filter(role=User.Role.OFFICIAL).exclude(agency=None)[:20])
    chinese = list(Firm.objects.filter(country=Firm.Country.CHINA).values_list("pk", flat=True))
    pakistani = list(
        Firm.objects.filter(country=Firm.Country.PAKISTAN).values_list("pk", flat=True)
    )
    if not officials or not chinese or not pakistani:
        raise ValueError("Generate the projects and the firms first (officials and firms).")
    minerals = list(Mineral.objects.values_list("pk", flat=True))
    provinces = list(Region.objects.filter(parent__isnull=True).values_list("pk", flat=True))
    statuses = [status for status, _weight in STATUSES]
    weights = [weight for _status, weight in STATUSES]
    stages = [stage.value for stage in ValueChainStage]
    numbers: dict[int, int] = {}
    written = 0
    for start in range(0, count, batch):
        size = min(batch, count - start)
        rows: list[MoU] = []
        for _ in range(size):
            signed = now - timedelta(days=rng.randint(5, 4 * 365), minutes=rng.randint(0, 1440))
            year = timezone.localtime(signed).year
            numbers[year] = numbers.get(year, 0) + 1
            official = rng.choice(officials)
            topic = rng.choice(TOPICS)
            mou = MoU(
                reference=f"MOU-{year}-{numbers[year]:04d}",
                title=f"{topic[0]} ({numbers[year]})",
                title_zh=topic[1],
                title_ur=topic[2],
                summary="Cooperation between the parties on the named project.",
                place="Jinnah Convention Centre, Islamabad",
                indicative_value_usd=rng.randint(5, 2000) * 1_000_000,
                is_public=rng.random() < PUBLIC_SHARE,
                agency_id=official.agency_id,
                created_by=official,
            )
            _stamp(mou, rng.choices(statuses, weights)[0], signed, rng)
            rows.append(mou)
        rows = MoU.objects.bulk_create(rows)
        MoUParty.objects.bulk_create(
            party
            for mou in rows
            for party in (
                MoUParty(mou=mou, firm_id=rng.choice(chinese), role="chinese_party", position=0),
                MoUParty(
                    mou=mou, firm_id=rng.choice(pakistani), role="pakistani_party", position=1
                ),
            )
        )
        MoUStage.objects.bulk_create(
            MoUStage(mou=mou, stage=stage)
            for mou in rows
            for stage in rng.sample(stages, rng.randint(1, 3))
        )
        MoU.minerals.through.objects.bulk_create(
            MoU.minerals.through(mou_id=mou.pk, mineral_id=mineral)
            for mou in rows
            for mineral in rng.sample(minerals, rng.randint(1, 3))
        )
        MoU.regions.through.objects.bulk_create(
            MoU.regions.through(mou_id=mou.pk, region_id=rng.choice(provinces)) for mou in rows
        )
        today = timezone.localdate()
        MoUMilestone.objects.bulk_create(
            MoUMilestone(
                mou=mou,
                title=f"Milestone {position + 1}",
                due_on=mou.signed_on + timedelta(days=120 * (position + 1)),
                completed_on=(
                    mou.signed_on + timedelta(days=120 * (position + 1))
                    if mou.signed_on + timedelta(days=120 * (position + 1)) < today
                    and rng.random() < 0.7
                    else None
                ),
                position=position,
            )
            for mou in rows
            if mou.signed_on is not None
            for position in range(3)
        )
        written += len(rows)
    for year, number in numbers.items():
        MoUReferenceSequence.objects.update_or_create(year=year, defaults={"last_number": number})
    return written
