"""Generate a large, realistic set of projects for the benchmark (`make bench`).

    manage.py generate_bench_data --projects 20000 [--seed 1] [--batch 2000] [--append]

(the command is in projects/management/commands; the generator is here)

Projects are spread over the real minerals and districts of the reference data (each mineral
mostly where it occurs), with coordinates near their district, stages across the value chain,
amounts and timelines that satisfy every database constraint, and statuses mostly public.
The text is varied so that full-text search sees common and rare words: `COMMON_WORD` is in
about a third of the descriptions, `RARE_WORD` in about one in a thousand.

Rows are written with `bulk_create` in batches (no services, no audit events: this is load,
not history). References follow the service's `PMP-<year>-<number>` scheme by creation year,
and the yearly sequences are moved past them so that later creations do not collide.
"""

from __future__ import annotations

import math
import random
from collections import Counter, defaultdict
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass
from datetime import datetime, timedelta
from decimal import Decimal

from django.core.management.base import CommandError
from django.db import connection
from django.utils import timezone

from emining.models import Agency, User
from minerals.models import PAKISTAN_LATITUDE, PAKISTAN_LONGITUDE, Mineral, Region
from projects.models import Project

from .project_words import (
    AREA_RANGE,
    COMMON_SHARE,
    COMMON_WORD,
    COMMUNITIES,
    CORRIDORS_BY_PROVINCE,
    CRITERIA_SCHEMES,
    DAY,
    FEDERAL_AGENCY_WEIGHTS,
    GEOLOGY,
    GWADAR,
    HOUR,
    INVESTMENT_RANGE,
    MODEL_OPENINGS,
    MODELS_BY_STAGE,
    POWER,
    RAILWAY_DETAILS,
    RARE_SHARE,
    RARE_WORD,
    SEZ_BY_PROVINCE,
    STAGE_PHRASES,
    STAGE_WEIGHTS,
    STATUS_WEIGHTS,
    SURVEYS,
    TITLE_NOUNS,
    TITLE_NOUNS_UR,
    TITLE_NOUNS_ZH,
    TOPICS,
    WATER,
    WORKS,
)

Status = Project.Status
Stage = Project.Stage
Model = Project.InvestmentModel


@dataclass
class Catalogue:
    minerals: list[Mineral]
    mineral_weights: list[float]
    districts: list[Region]
    districts_of_mineral: dict[int, list[Region]]
    minerals_of_district: dict[int, list[Mineral]]
    provinces: dict[int, Region]
    federal_agencies: list[Agency]
    federal_weights: list[int]
    provincial_agency: dict[int, Agency]  # province id -> agency
    officials: dict[int, tuple[User, User]]  # agency id -> (author, approver)


@contextmanager
def explicit_timestamps() -> Iterator[None]:
    """Let bulk_create keep the given `created_at`/`updated_at`.

    They are auto_now_add/auto_now fields, which would stamp every generated row with the
    time of the run; the benchmark needs projects created over several years.
    """
    fields = [Project._meta.get_field("created_at"), Project._meta.get_field("updated_at")]
    saved = [(field.auto_now, field.auto_now_add) for field in fields]
    for field in fields:
        field.auto_now = field.auto_now_add = False
    try:
        yield
    finally:
        for field, (auto_now, auto_now_add) in zip(fields, saved, strict=True):
            field.auto_now, field.auto_now_add = auto_now, auto_now_add


def _distance_km(lat1: float, lon1: float, lat2: float, lon2: float) -> float:
    """Great-circle distance (haversine)."""
    p1, p2 = math.radians(lat1), math.radians(lat2)
    dp, dl = p2 - p1, math.radians(lon2 - lon1)
    a = math.sin(dp / 2) ** 2 + math.cos(p1) * math.cos(p2) * math.sin(dl / 2) ** 2
    return 2 * 6371 * math.asin(math.sqrt(a))


class Generator:
    """Builds unsaved Project rows (with their minerals and criteria) from a seeded RNG."""

    def __init__(self, catalogue: Catalogue, *, seed: int, now: datetime) -> None:
        self.c = catalogue
        self.rng = random.Random(seed)  # noqa: S311 (reproducible test data, not secrets)
        self.now = now

    def _pick(self, weights: dict):
        keys = list(weights)
        return self.rng.choices(keys, weights=list(weights.values()))[0]

    def _span(self, low: timedelta, high: timedelta) -> timedelta:
        return timedelta(seconds=self.rng.uniform(low.total_seconds(), high.total_seconds()))

    def _timeline(self, status: str) -> dict:
        """Status and stamps that satisfy the model's constraints, all in the past except
        deadlines of projects still open or not yet published."""
        now, span = self.now, self._span
        stamps: dict = {}
        published = closes = None
        if status == Status.PUBLISHED:
            published = now - span(HOUR, 60 * DAY)
            closes = published + span(14 * DAY, 120 * DAY)
            if closes <= now:
                closes = now + span(DAY, 30 * DAY)
        elif status == Status.CLOSED:
            closes = now - span(HOUR, 45 * DAY)
            published = closes - span(14 * DAY, 90 * DAY)
            stamps["closed_at"] = closes + timedelta(minutes=1)
        elif status == Status.UNDER_EVALUATION:
            closes = now - span(10 * DAY, 120 * DAY)
            published = closes - span(14 * DAY, 90 * DAY)
            stamps["closed_at"] = closes + timedelta(minutes=1)
            stamps["evaluation_started_at"] = closes + span(DAY, 9 * DAY)
        elif status == Status.AWARDED:
            closes = now - span(60 * DAY, 1000 * DAY)
            published = closes - span(14 * DAY, 90 * DAY)
            stamps["closed_at"] = closes + timedelta(minutes=1)
            stamps["evaluation_started_at"] = closes + span(DAY, 14 * DAY)
            stamps["awarded_at"] = stamps["evaluation_started_at"] + span(14 * DAY, 45 * DAY)
        elif status == "cancelled_after_publication":
            published = now - span(20 * DAY, 1000 * DAY)
            closes = published + span(14 * DAY, 90 * DAY)
            stamps["cancelled_at"] = published + span(DAY, 12 * DAY)
            status = Status.CANCELLED
        if published is not None:
            submitted = published - span(HOUR, 10 * DAY)
            created = submitted - span(HOUR, 30 * DAY)
            opens = published
            if self.rng.random() < 0.2 and published + 7 * DAY < closes - DAY:
                opens = published + 7 * DAY  # a pre-bid period before bids open
            stamps.update(submitted_at=submitted, published_at=published)
        elif status == Status.IN_REVIEW:
            submitted = now - span(HOUR, 2 * DAY)
            created = submitted - span(HOUR, 30 * DAY)
            opens = now + span(3 * DAY, 30 * DAY)
            closes = opens + span(21 * DAY, 90 * DAY)
            stamps["submitted_at"] = submitted
        elif status == Status.DRAFT:
            created = now - span(HOUR, 90 * DAY)
            opens = now + span(3 * DAY, 30 * DAY)
            closes = opens + span(21 * DAY, 90 * DAY)
        else:  # cancelled before publication
            created = now - span(10 * DAY, 400 * DAY)
            opens = created + 20 * DAY
            closes = opens + 30 * DAY
            stamps["cancelled_at"] = created + span(DAY, 9 * DAY)
        # The last change is the latest event (bid deadlines are not changes).
        stamps["updated_at"] = max([created, *stamps.values()])
        stamps.update(status=status, created_at=created, bid_opens_at=opens, bid_closes_at=closes)
        return stamps

    def _minerals_and_place(self) -> tuple[list[Mineral], Region]:
        rng, c = self.rng, self.c
        primary = rng.choices(c.minerals, weights=c.mineral_weights)[0]
        known = c.districts_of_mineral.get(primary.pk)
        # Mostly where the mineral is known to occur; sometimes a new area.
        district = rng.choice(known) if known and rng.random() < 0.85 else rng.choice(c.districts)
        extra_count = rng.choices([0, 1, 2, 3], weights=[35, 35, 20, 10])[0]
        nearby = [m for m in c.minerals_of_district.get(district.pk, []) if m.pk != primary.pk]
        extras: list[Mineral] = []
        for _ in range(extra_count):
            pool = nearby if nearby and rng.random() < 0.7 else c.minerals
            mineral = rng.choice(pool)
            if mineral.pk != primary.pk and mineral not in extras:
                extras.append(mineral)
        return [primary, *extras], district

    def _text(self, minerals: list[Mineral], district: Region, province: Region, stage: str):
        rng = self.rng
        primary = minerals[0]
        geology = rng.choice(GEOLOGY.get(primary.category, GEOLOGY[Mineral.Category.METALLIC]))
        works = rng.sample(WORKS[stage], k=min(2, len(WORKS[stage])))
        sentences = [
            f"The {district.name} area of {province.name} hosts {geology} "
            f"{primary.name.lower()} mineralisation"
            + (
                f" with {', '.join(m.name.lower() for m in minerals[1:])}."
                if len(minerals) > 1
                else "."
            ),
            f"Previous work includes {rng.choice(SURVEYS)} and {rng.choice(SURVEYS)}.",
            "The partner will "
            + " and ".join(work.format(n=rng.randrange(1, 40) * 500) for work in works)
            + ".",
            f"Water comes from {rng.choice(WATER)} and power from {rng.choice(POWER)}.",
            f"The project works with {rng.choice(COMMUNITIES)} on {rng.choice(TOPICS)} "
            f"and {rng.choice(TOPICS)}.",
        ]
        if rng.random() < COMMON_SHARE:
            sentences.insert(3, f"A {COMMON_WORD} {rng.choice(RAILWAY_DETAILS)}.")
        if rng.random() < RARE_SHARE:
            sentences.append(f"A {RARE_WORD} serves the camp when roads close in winter.")
        rest = sentences[1:]
        rng.shuffle(rest)  # the first sentence stays first
        return " ".join([sentences[0], *rest])

    def project(self) -> tuple[Project, list[Mineral], tuple]:
        rng, c = self.rng, self.c
        minerals, district = self._minerals_and_place()
        province = c.provinces[district.parent_id]
        stage = self._pick(STAGE_WEIGHTS)
        model = rng.choice(MODELS_BY_STAGE[stage])
        low, high = INVESTMENT_RANGE[stage]
        investment = round(math.exp(rng.uniform(math.log(low), math.log(high))), -5)
        area_low, area_high = AREA_RANGE[stage]
        area = Decimal(f"{math.exp(rng.uniform(math.log(area_low), math.log(area_high))):.2f}")
        latitude = min(
            max(district.latitude + rng.uniform(-0.3, 0.3), PAKISTAN_LATITUDE[0] + 0.01),
            PAKISTAN_LATITUDE[1] - 0.01,
        )
        longitude = min(
            max(district.longitude + rng.uniform(-0.3, 0.3), PAKISTAN_LONGITUDE[0] + 0.01),
            PAKISTAN_LONGITUDE[1] - 0.01,
        )
        primary = minerals[0]
        number = rng.randrange(1, 60)
        title = f"{district.name} {primary.name} {rng.choice(TITLE_NOUNS[stage])} {number}"
        summary = (
            f"{MODEL_OPENINGS[model]} for {STAGE_PHRASES[stage]} of "
            f"{' and '.join(m.name.lower() for m in minerals[:2])} in {district.name}, "
            f"{province.name}."
        )
        translated = rng.random() < 0.6
        agency = self._agency(province)
        author, approver = c.officials[agency.pk]
        stamps = self._timeline(self._pick(STATUS_WEIGHTS))
        if stamps.get("published_at"):
            stamps["published_by"] = approver
        if stamps.get("submitted_at"):
            stamps["submitted_by"] = author
        if stamps["status"] == Status.CANCELLED:
            stamps["cancellation_reason"] = rng.choice(
                [
                    "The lease area is being redrawn; the project will be offered again.",
                    "Funding was secured from the public sector.",
                    "The provincial government withdrew the site for a protected area.",
                ]
            )
        near_gwadar = _distance_km(latitude, longitude, *GWADAR)
        row = Project(
            title=title,
            title_zh=(
                f"{district.name_zh}{primary.name_zh}{TITLE_NOUNS_ZH[stage]} {number}"
                if translated
                else ""
            ),
            title_ur=(
                f"{district.name_ur} {primary.name_ur} {TITLE_NOUNS_UR[stage]} {number}"
                if translated
                else ""
            ),
            summary=summary,
            summary_zh=(
                f"{province.name_zh}{district.name_zh}{primary.name_zh}项目，寻求中国合作伙伴投资。"
                if translated
                else ""
            ),
            summary_ur=(
                f"{province.name_ur}، {district.name_ur} میں {primary.name_ur} کا منصوبہ؛ "
                "چینی شراکت دار کی سرمایہ کاری درکار ہے۔"
                if translated
                else ""
            ),
            description=self._text(minerals, district, province, stage),
            primary_mineral=primary,
            region=province,
            district=district,
            latitude=round(latitude, 5),
            longitude=round(longitude, 5),
            area_km2=area,
            stage=stage,
            investment_model=model,
            investment_usd=int(investment),
            estimated_reserves=self._reserves(primary),
            grade=self._grade(primary),
            distance_to_gwadar_km=round(near_gwadar * 1.35) if rng.random() < 0.6 else None,
            special_economic_zone=(
                rng.choice(SEZ_BY_PROVINCE.get(province.slug, [""]))
                if stage != Stage.EXPLORATION and rng.random() < 0.5
                else ""
            ),
            corridor=rng.choice(CORRIDORS_BY_PROVINCE.get(province.slug, [""])),
            expected_jobs=max(20, min(5000, round(investment / rng.uniform(1.5e5, 6e5)))),
            training_commitment=rng.choice(
                [
                    "Apprenticeships for residents of the district.",
                    "Scholarships in mining and metallurgical engineering.",
                    "Operator and maintenance training with a local technical college.",
                    "Mine-safety training for small-scale miners.",
                    "",
                ]
            ),
            agency=agency,
            contact_official=author,
            created_by=author,
            **stamps,
        )
        return row, minerals, rng.choice(CRITERIA_SCHEMES)

    def _agency(self, province: Region) -> Agency:
        provincial = self.c.provincial_agency.get(province.pk)
        if provincial is not None and self.rng.random() < 0.35:
            return provincial
        return self.rng.choices(self.c.federal_agencies, weights=self.c.federal_weights)[0]

    def _reserves(self, mineral: Mineral) -> str:
        tonnes = math.exp(self.rng.uniform(math.log(0.2), math.log(800)))
        return f"About {tonnes:,.1f} Mt (indicative)"

    def _grade(self, mineral: Mineral) -> str:
        rng = self.rng
        if mineral.category == Mineral.Category.PRECIOUS:
            return "Gem quality; yield to be confirmed"
        if mineral.category == Mineral.Category.ENERGY:
            return f"{rng.randrange(5200, 11000, 100):,} Btu/lb as received"
        if mineral.slug in ("gold", "silver"):
            return f"{rng.uniform(0.2, 6):.2f} g/t {mineral.symbol}"
        if mineral.symbol and mineral.category in (
            Mineral.Category.METALLIC,
            Mineral.Category.RARE_EARTH,
        ):
            return f"{rng.uniform(0.1, 45):.2f}% {mineral.symbol}"
        return f"{rng.uniform(80, 99.5):.1f}% purity"


def load_catalogue() -> Catalogue:
    minerals = list(Mineral.objects.prefetch_related("regions").order_by("slug"))
    districts = list(Region.objects.filter(kind=Region.Kind.DISTRICT).order_by("slug"))
    provinces = {region.pk: region for region in Region.objects.filter(parent__isnull=True)}
    if not minerals or not districts or not provinces:
        raise CommandError("The mineral catalogue is missing: run `manage.py migrate` first.")
    district_ids = {district.pk for district in districts}
    districts_of_mineral: dict[int, list[Region]] = {}
    minerals_of_district: dict[int, list[Mineral]] = defaultdict(list)
    for mineral in minerals:
        known = [region for region in mineral.regions.all() if region.pk in district_ids]
        districts_of_mineral[mineral.pk] = known
        for region in known:
            minerals_of_district[region.pk].append(mineral)
    # Common commodities more often than rare gems: weight by the number of known districts,
    # with copper, coal and chromite a little more (the forum's priorities).
    favoured = {"copper": 3, "coal": 2, "chromite": 2, "gold": 2, "granite": 1.5}
    weights = [(1 + len(districts_of_mineral[m.pk])) * favoured.get(m.slug, 1.0) for m in minerals]
    agencies = {agency.slug: agency for agency in Agency.objects.all()}
    federal = [agencies[slug] for slug in FEDERAL_AGENCY_WEIGHTS if slug in agencies]
    if not federal:
        raise CommandError("The agencies are missing: run `manage.py migrate` first.")
    province_by_name = {province.name: province for province in provinces.values()}
    provincial = {
        province_by_name[agency.jurisdiction].pk: agency
        for agency in agencies.values()
        if agency.level == Agency.Level.PROVINCIAL and agency.jurisdiction in province_by_name
    }
    officials = {
        agency.pk: (_official(agency, "author"), _official(agency, "approver"))
        for agency in [*federal, *provincial.values()]
    }
    return Catalogue(
        minerals=minerals,
        mineral_weights=weights,
        districts=districts,
        districts_of_mineral=districts_of_mineral,
        minerals_of_district=dict(minerals_of_district),
        provinces=provinces,
        federal_agencies=federal,
        federal_weights=[FEDERAL_AGENCY_WEIGHTS[agency.slug] for agency in federal],
        provincial_agency=provincial,
        officials=officials,
    )


def _official(agency: Agency, role: str) -> User:
    """Two officials per agency (author and four-eyes approver); they cannot sign in."""
    user, created = User.objects.get_or_create(
        username=f"bench-{role}-{agency.slug}"[:150],
        defaults={
            "role": User.Role.OFFICIAL,
            "agency": agency,
            "first_name": "Benchmark",
            "last_name": role.title(),
        },
    )
    if created:
        user.set_unusable_password()
        user.save(update_fields=["password"])
    return user


def allocate_references(rows: list[Project]) -> None:
    """`PMP-<year>-<number>` by creation year, continuing each year's sequence atomically
    (the same upsert as the service), so later creations never collide."""
    per_year = Counter(timezone.localtime(row.created_at).year for row in rows)
    table = "projects_referencesequence"
    next_number: dict[int, int] = {}
    with connection.cursor() as cursor:
        for year, count in sorted(per_year.items()):
            cursor.execute(
                f"INSERT INTO {table} (year, last_number) VALUES (%s, %s) "  # noqa: S608 (constant)
                f"ON CONFLICT (year) DO UPDATE SET last_number = {table}.last_number + %s "
                "RETURNING last_number",
                [year, count, count],
            )
            (last,) = cursor.fetchone()
            next_number[year] = last - count + 1
    for row in rows:  # rows are in creation order: references grow with time
        year = timezone.localtime(row.created_at).year
        row.reference = f"PMP-{year}-{next_number[year]:04d}"
        next_number[year] += 1
