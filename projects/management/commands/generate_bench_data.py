"""Generate a large, realistic set of projects for the benchmark (`make bench`).

    manage.py generate_bench_data --projects 20000 [--seed 1] [--batch 2000] [--append]

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
import time
from collections import Counter, defaultdict
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass
from datetime import datetime, timedelta
from decimal import Decimal

from django.conf import settings
from django.core.management.base import BaseCommand, CommandError
from django.db import connection, transaction
from django.utils import timezone

from emining.models import Agency, User
from minerals.models import PAKISTAN_LATITUDE, PAKISTAN_LONGITUDE, Mineral, Region
from projects.models import EvaluationCriterion, Project
from projects.search import refresh_search_vectors

Status = Project.Status
Stage = Project.Stage
Model = Project.InvestmentModel

COMMON_WORD = "railway"  # in about a third of all projects
RARE_WORD = "heliport"  # in about one project in a thousand
COMMON_SHARE = 1 / 3
RARE_SHARE = 1 / 1000

DAY = timedelta(days=1)
HOUR = timedelta(hours=1)
GWADAR = (25.13, 62.32)

STATUS_WEIGHTS = {
    Status.PUBLISHED: 40,
    Status.CLOSED: 18,
    Status.UNDER_EVALUATION: 7,
    Status.AWARDED: 17,
    "cancelled_after_publication": 3,
    Status.DRAFT: 8,
    Status.IN_REVIEW: 4,
    Status.CANCELLED: 3,  # before publication: never public
}
STAGE_WEIGHTS = {
    Stage.EXPLORATION: 26,
    Stage.MINING: 24,
    Stage.PROCESSING: 22,
    Stage.SMELTING: 6,
    Stage.REFINING: 5,
    Stage.MANUFACTURING: 10,
    Stage.LOGISTICS: 7,
}
# Investment sought in USD (log-uniform between the bounds) and area in km², by stage.
INVESTMENT_RANGE = {
    Stage.EXPLORATION: (2e6, 60e6),
    Stage.MINING: (15e6, 2e9),
    Stage.PROCESSING: (5e6, 400e6),
    Stage.SMELTING: (150e6, 2.5e9),
    Stage.REFINING: (80e6, 1.5e9),
    Stage.MANUFACTURING: (3e6, 300e6),
    Stage.LOGISTICS: (20e6, 1.2e9),
}
AREA_RANGE = {
    Stage.EXPLORATION: (40, 2500),
    Stage.MINING: (3, 300),
    Stage.PROCESSING: (0.2, 15),
    Stage.SMELTING: (0.5, 6),
    Stage.REFINING: (0.3, 4),
    Stage.MANUFACTURING: (0.05, 3),
    Stage.LOGISTICS: (1, 80),
}
MODELS_BY_STAGE = {
    Stage.EXPLORATION: [Model.EXPLORATION_LICENCE] * 6 + [Model.JOINT_VENTURE, Model.EQUITY],
    Stage.MINING: [Model.JOINT_VENTURE] * 3 + [Model.EQUITY, Model.OFFTAKE, Model.EPC],
    Stage.PROCESSING: [Model.JOINT_VENTURE, Model.EQUITY, Model.EQUITY, Model.EPC, Model.BOT],
    Stage.SMELTING: [Model.BOT, Model.BOT, Model.JOINT_VENTURE, Model.EPC, Model.OFFTAKE],
    Stage.REFINING: [Model.BOT, Model.JOINT_VENTURE, Model.EPC, Model.OFFTAKE],
    Stage.MANUFACTURING: [Model.EQUITY, Model.EQUITY, Model.JOINT_VENTURE, Model.OFFTAKE],
    Stage.LOGISTICS: [Model.BOT, Model.BOT, Model.EPC, Model.EPC, Model.JOINT_VENTURE],
}
TITLE_NOUNS = {
    Stage.EXPLORATION: ["Exploration Block", "Prospect", "Exploration Licence Area"],
    Stage.MINING: ["Mine", "Open-Pit Mine", "Underground Mine", "Quarry"],
    Stage.PROCESSING: ["Beneficiation Plant", "Processing Plant", "Concentrator"],
    Stage.SMELTING: ["Smelter", "Smelting Complex"],
    Stage.REFINING: ["Refinery", "Refining Plant"],
    Stage.MANUFACTURING: ["Products Plant", "Industrial Park", "Manufacturing Unit"],
    Stage.LOGISTICS: ["Bulk Terminal", "Logistics Hub", "Haul Road and Conveyor"],
}
TITLE_NOUNS_ZH = {
    Stage.EXPLORATION: "勘探区块",
    Stage.MINING: "矿山",
    Stage.PROCESSING: "选矿厂",
    Stage.SMELTING: "冶炼厂",
    Stage.REFINING: "精炼厂",
    Stage.MANUFACTURING: "制品厂",
    Stage.LOGISTICS: "物流枢纽",
}
TITLE_NOUNS_UR = {
    Stage.EXPLORATION: "ایکسپلوریشن بلاک",
    Stage.MINING: "کان",
    Stage.PROCESSING: "پروسیسنگ پلانٹ",
    Stage.SMELTING: "سملٹر",
    Stage.REFINING: "ریفائنری",
    Stage.MANUFACTURING: "مصنوعات پلانٹ",
    Stage.LOGISTICS: "لاجسٹکس مرکز",
}
MODEL_OPENINGS = {
    Model.JOINT_VENTURE: "Joint-venture partner sought",
    Model.EQUITY: "Equity investor sought",
    Model.EPC: "EPC contractor sought",
    Model.BOT: "Build-operate-transfer concession offered",
    Model.OFFTAKE: "Offtake partner sought",
    Model.EXPLORATION_LICENCE: "Exploration licence offered",
}
STAGE_PHRASES = {
    Stage.EXPLORATION: "exploration and resource definition",
    Stage.MINING: "mine development",
    Stage.PROCESSING: "beneficiation and processing",
    Stage.SMELTING: "smelting",
    Stage.REFINING: "refining",
    Stage.MANUFACTURING: "mineral-based manufacturing",
    Stage.LOGISTICS: "logistics and infrastructure",
}
GEOLOGY = {
    Mineral.Category.METALLIC: [
        "porphyry",
        "skarn",
        "volcanogenic massive sulphide",
        "sediment-hosted",
        "epithermal vein",
        "ophiolite-hosted",
        "lateritic",
        "shear-zone",
    ],
    Mineral.Category.INDUSTRIAL: [
        "bedded",
        "evaporite",
        "residual",
        "sedimentary",
        "metamorphic",
        "hydrothermal",
        "karst-filling",
    ],
    Mineral.Category.ENERGY: ["lignite-seam", "sub-bituminous", "coal-measure"],
    Mineral.Category.PRECIOUS: [
        "pegmatite",
        "hydrothermal vein",
        "talc-carbonate schist",
        "marble-hosted",
        "alluvial",
    ],
    Mineral.Category.RARE_EARTH: [
        "carbonatite",
        "alkaline intrusion",
        "pegmatite",
        "ion-adsorption clay",
        "graphitic schist",
    ],
}
SURVEYS = [
    "regional mapping at 1:50,000",
    "stream-sediment geochemistry",
    "airborne magnetics",
    "induced polarisation surveys",
    "trenching and channel sampling",
    "soil geochemistry",
    "ground gravity",
    "hyperspectral satellite imagery",
    "historic adits and pits",
    "a Soviet-era reconnaissance report",
]
WORKS = {
    Stage.EXPLORATION: [
        "complete {n} m of diamond drilling",
        "prepare a resource estimate to the JORC Code",
        "map the licence area at 1:10,000",
        "run metallurgical tests on bulk samples",
    ],
    Stage.MINING: [
        "develop an open pit with a {n} t/day fleet",
        "sink a decline to the deeper lenses",
        "install primary crushing at the pit rim",
        "build a haul road and camp",
    ],
    Stage.PROCESSING: [
        "install flotation cells",
        "build a dense-media separation plant",
        "add wet high-intensity magnetic separators",
        "commission a pelletising line",
        "build a calcination kiln",
        "install gang saws and polishing lines",
    ],
    Stage.SMELTING: [
        "build a flash smelter",
        "add a converter aisle and anode furnaces",
        "install a sulphuric acid plant",
        "build a submerged arc furnace for ferroalloys",
    ],
    Stage.REFINING: [
        "build an electrolytic tankhouse",
        "install solvent extraction and electrowinning",
        "commission a precious-metals refinery",
    ],
    Stage.MANUFACTURING: [
        "produce tiles and slabs for export",
        "manufacture ceramic and refractory products",
        "make fertiliser from the concentrate",
        "produce cement clinker",
        "draw copper wire rod",
    ],
    Stage.LOGISTICS: [
        "build a conveyor to the highway",
        "develop a bulk export berth",
        "build a truck staging yard",
        "set up a container freight station",
    ],
}
WATER = [
    "a desalination plant",
    "recycled process water",
    "a tube-well field",
    "a small dam upstream",
    "the canal network",
    "treated mine water",
]
POWER = [
    "the national grid",
    "a solar and battery plant",
    "captive gas engines",
    "a hybrid wind-solar farm",
    "a run-of-river hydropower plant",
]
COMMUNITIES = [
    "local jirgas",
    "the district administration",
    "village committees",
    "women's cooperatives",
    "tribal elders",
    "the provincial labour department",
]
TOPICS = ["hiring", "land access", "water sharing", "health services", "schooling", "road safety"]
RAILWAY_DETAILS = [
    "is planned within 30 km of the site",
    "serves the nearest town",
    "links the area to Karachi and Port Qasim",
    "is part of the ML-1 upgrade",
    "would shorten haulage to the coast",
]
SEZ_BY_PROVINCE = {
    "balochistan": [
        "Bostan Special Economic Zone",
        "Hub Special Economic Zone",
        "Gwadar Free Zone",
    ],
    "sindh": ["Dhabeji Special Economic Zone", "Bin Qasim Industrial Park"],
    "khyber-pakhtunkhwa": ["Rashakai Special Economic Zone", "Hattar Special Economic Zone"],
    "punjab": ["Allama Iqbal Industrial City", "M-3 Industrial City"],
    "gilgit-baltistan": ["Moqpondass Special Economic Zone"],
    "azad-jammu-and-kashmir": ["Bhimber Special Economic Zone"],
    "islamabad-capital-territory": ["ICT Model Industrial Zone"],
}
CORRIDORS_BY_PROVINCE = {
    "balochistan": ["Nokundi–Mashkel–Turbat–Gwadar", "N-25 Karachi–Quetta–Chaman", "N-85"],
    "sindh": ["Thar coal rail link to Port Qasim", "M-9 Karachi–Hyderabad"],
    "khyber-pakhtunkhwa": ["CPEC Western Route", "N-45 via the Lowari Tunnel"],
    "punjab": ["M-2 Lahore–Islamabad", "CPEC Eastern Route"],
    "gilgit-baltistan": ["Karakoram Highway (N-35)"],
    "azad-jammu-and-kashmir": ["Neelum Valley Road"],
    "islamabad-capital-territory": ["M-1 Islamabad–Peshawar"],
}
CRITERIA_SCHEMES = [
    (("Technical capability", 40), ("Financial offer", 40), ("Local benefits", 20)),
    (
        ("Technical capability and mining plan", 30),
        ("Financial offer and funding plan", 30),
        ("Local employment and training", 20),
        ("Environmental and social management", 20),
    ),
    (
        ("Process technology and recovery", 35),
        ("Financial offer", 25),
        ("Value added in Pakistan", 20),
        ("Local employment and training", 10),
        ("Environmental safeguards", 10),
    ),
    (
        ("Exploration work programme", 40),
        ("Committed exploration spending", 30),
        ("Track record in similar geology", 20),
        ("Community engagement", 10),
    ),
    (("Price", 60), ("Delivery schedule", 25), ("Quality assurance", 15)),
]
FEDERAL_AGENCY_WEIGHTS = {
    "ministry-of-energy-petroleum-division": 45,
    "sifc": 25,
    "pmdc": 20,
    "board-of-investment": 10,
}


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


class Command(BaseCommand):
    help = "Generate many realistic projects for the benchmark (bulk inserts; not for production)."

    def add_arguments(self, parser):
        parser.add_argument("--projects", type=int, default=20000, help="How many (20000).")
        parser.add_argument("--seed", type=int, default=1, help="Random seed (1).")
        parser.add_argument("--batch", type=int, default=2000, help="Rows per insert (2000).")
        parser.add_argument(
            "--append",
            action="store_true",
            help="Add the projects even though the database already holds as many or more.",
        )
        parser.add_argument(
            "--allow-production",
            action="store_true",
            help="Run even though DEBUG is off (the benchmark's settings turn DEBUG off).",
        )

    def handle(self, *args, projects: int, seed: int, batch: int, append: bool, **options):
        if not settings.DEBUG and not options["allow_production"]:
            raise CommandError(
                "DEBUG is off: refusing to generate benchmark data. "
                "Pass --allow-production to insist."
            )
        if projects < 1 or batch < 1:
            raise CommandError("--projects and --batch must be at least 1.")
        existing = Project.objects.count()
        if existing >= projects and not append:
            raise CommandError(
                f"The database already holds {existing} projects, at least the {projects} "
                "asked for; pass --append to add them anyway."
            )
        started = time.monotonic()
        now = timezone.now()
        with transaction.atomic():
            catalogue = load_catalogue()
            generator = Generator(catalogue, seed=seed, now=now)
            generated = [generator.project() for _ in range(projects)]
            generated.sort(key=lambda item: item[0].created_at)
            allocate_references([row for row, _minerals, _criteria in generated])
            built = time.monotonic()
            through = Project.minerals.through
            for start in range(0, len(generated), batch):
                chunk = generated[start : start + batch]
                with explicit_timestamps():
                    rows = Project.objects.bulk_create([row for row, _m, _c in chunk])
                through.objects.bulk_create(
                    through(project_id=row.pk, mineral_id=mineral.pk)
                    for row, (_row, minerals, _c) in zip(rows, chunk, strict=True)
                    for mineral in minerals
                )
                EvaluationCriterion.objects.bulk_create(
                    EvaluationCriterion(project_id=row.pk, name=name, weight=weight, position=i)
                    for row, (_row, _m, criteria) in zip(rows, chunk, strict=True)
                    for i, (name, weight) in enumerate(criteria)
                )
                refresh_search_vectors([row.pk for row in rows])
                self.stdout.write(f"  {start + len(chunk):>7} / {projects} projects")
            # The database triggers bumped the listings version in this transaction.
        inserted = time.monotonic()
        if connection.vendor == "postgresql":
            with connection.cursor() as cursor:
                for table in (
                    Project._meta.db_table,
                    through._meta.db_table,
                    EvaluationCriterion._meta.db_table,
                ):
                    # VACUUM too: index-only scans (the facet counts) need the visibility map,
                    # which autovacuum would build only later. Not inside a transaction (tests).
                    vacuum = "" if connection.in_atomic_block else "VACUUM "
                    cursor.execute(f"{vacuum}ANALYZE {connection.ops.quote_name(table)}")
        statuses = Counter(row.status for row, _m, _c in generated)
        common = sum(COMMON_WORD in row.description for row, _m, _c in generated)
        rare = sum(RARE_WORD in row.description for row, _m, _c in generated)
        self.stdout.write(
            f"Generated {projects} projects in {time.monotonic() - started:.1f} s "
            f"(build {built - started:.1f} s, insert and index {inserted - built:.1f} s, "
            f"analyze {time.monotonic() - inserted:.1f} s)."
        )
        self.stdout.write(
            "  statuses: " + ", ".join(f"{s} {n}" for s, n in sorted(statuses.items()))
        )
        self.stdout.write(
            f'  search words: "{COMMON_WORD}" in {common} projects, "{RARE_WORD}" in {rare}'
        )
        self.stdout.write(self.style.SUCCESS("Benchmark data is in place."))
