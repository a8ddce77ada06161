"""Generated firms for the benchmark: Chinese and Pakistani, mostly verified, with valid
registration numbers, capabilities, minerals and provinces of interest, and one member each.

Rows are written in bulk (no services, no audit events: this is load, not history).
"""

from __future__ import annotations

import random
from collections.abc import Iterator
from datetime import datetime, timedelta

from django.contrib.auth.hashers import make_password

from emining.models import User
from firms.models import Firm, FirmCapability, Membership
from firms.validators import uscc_check_character
from minerals.models import Mineral, Region, ValueChainStage

CHINESE_CITIES = ("Beijing", "Shanghai", "Shenzhen", "Changsha", "Xi'an", "Kunming", "Urumqi")
PAKISTANI_CITIES = ("Karachi", "Lahore", "Islamabad", "Quetta", "Peshawar", "Gwadar", "Multan")
NAME_PARTS = (
    ("Silk Road", "丝路"),
    ("Karakoram", "喀喇昆仑"),
    ("Indus", "印度河"),
    ("Chagai", "查盖"),
    ("Gwadar", "瓜达尔"),
    ("Thar", "塔尔"),
    ("Kunlun", "昆仑"),
    ("Tianshan", "天山"),
)
TRADES = (
    ("Mining", "矿业", "مائننگ"),
    ("Minerals", "矿产", "منرلز"),
    ("Resources", "资源", "ریسورسز"),
    ("Metallurgy", "冶金", "میٹلرجی"),
    ("Engineering", "工程", "انجینئرنگ"),
)
STAGES = [stage.value for stage in ValueChainStage]
BENCH_PASSWORD_HASH = make_password(None)  # unusable: bench users never sign in by password


def chinese_code(n: int) -> str:
    first_17 = f"91{110000 + n % 500000:06d}{n:09d}"[:17]
    return first_17 + uscc_check_character(first_17)


def generate_firms(
    count: int, *, seed: int, now: datetime, verifier: User, batch: int = 2000
) -> list[Firm]:
    """`count` firms (half Chinese, half Pakistani; 9 in 10 verified), each with one member
    (its owner) named `bench-firm-<n>`."""
    rng = random.Random(seed)  # noqa: S311 - reproducible load, not secrets
    minerals = list(Mineral.objects.values_list("pk", flat=True))
    provinces = list(Region.objects.filter(parent__isnull=True).values_list("pk", flat=True))
    rows = list(_firm_rows(count, rng=rng, now=now, verifier=verifier))
    users = User.objects.bulk_create(
        [
            User(
                username=f"bench-firm-{n}",
                email=f"bench-firm-{n}@firms.example.com",
                role=User.Role.FIRM_MEMBER,
                password=BENCH_PASSWORD_HASH,
                email_confirmed_at=now,
            )
            for n in range(count)
        ],
        batch_size=batch,
    )
    for firm, user in zip(rows, users, strict=True):
        firm.created_by = user
    firms = Firm.objects.bulk_create(rows, batch_size=batch)
    Membership.objects.bulk_create(
        [
            Membership(user=user, firm=firm, role=Membership.Role.OWNER)
            for firm, user in zip(firms, users, strict=True)
        ],
        batch_size=batch,
    )
    FirmCapability.objects.bulk_create(
        [
            FirmCapability(firm=firm, stage=stage)
            for firm in firms
            for stage in rng.sample(STAGES, rng.randint(1, 4))
        ],
        batch_size=batch * 3,
    )
    Firm.minerals.through.objects.bulk_create(
        [
            Firm.minerals.through(firm_id=firm.pk, mineral_id=mineral)
            for firm in firms
            for mineral in rng.sample(minerals, rng.randint(1, 5))
        ],
        batch_size=batch * 3,
    )
    Firm.regions.through.objects.bulk_create(
        [
            Firm.regions.through(firm_id=firm.pk, region_id=region)
            for firm in firms
            for region in rng.sample(provinces, rng.randint(1, 3))
        ],
        batch_size=batch * 3,
    )
    return firms


def _firm_rows(count: int, *, rng: random.Random, now: datetime, verifier: User) -> Iterator[Firm]:
    for n in range(count):
        chinese = n % 2 == 0
        place, place_zh = NAME_PARTS[n % len(NAME_PARTS)]
        trade, trade_zh, trade_ur = TRADES[(n // len(NAME_PARTS)) % len(TRADES)]
        verified = rng.random() < 0.9
        submitted = now - timedelta(days=rng.randint(30, 400))
        low = rng.choice((1, 5, 10, 50, 100)) * 1_000_000
        yield Firm(
            name=f"{place} {trade} {'Co., Ltd.' if chinese else '(Pvt) Limited'} {n}",
            name_zh=f"{place_zh}{trade_zh}有限公司{n}" if chinese else "",
            name_ur=f"{trade_ur} {n}",
            country=Firm.Country.CHINA if chinese else Firm.Country.PAKISTAN,
            registration_number=chinese_code(n) if chinese else f"{n % 10_000_000:07d}",
            kind=rng.choice([kind.value for kind in Firm.Kind]),
            head_office_city=rng.choice(CHINESE_CITIES if chinese else PAKISTANI_CITIES),
            present_in_pakistan=not chinese or rng.random() < 0.4,
            description=f"{trade} across the value chain; {rng.randint(3, 60)} years of work.",
            capital_usd_min=low,
            capital_usd_max=low * rng.choice((2, 5, 10)),
            years_of_experience=rng.randint(2, 60),
            contact_name="Contact Person",
            contact_email=f"contact{n}@firms.example.com",
            verification_status=(
                Firm.VerificationStatus.VERIFIED if verified else Firm.VerificationStatus.PENDING
            ),
            submitted_at=submitted,
            verified_at=submitted + timedelta(days=3) if verified else None,
            decided_by=verifier if verified else None,
        )
