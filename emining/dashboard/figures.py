"""The public dashboard's figures: aggregate queries over what the public may see.

Like `emining/urls.py` and `emining/api.py`, this package sits above every app and asks each
one for its own visibility rule (no app imports it):

- projects: published and not cancelled (`Project.PUBLISHED_STATUSES`); the trend counts
  publications (`projects.permissions.public_projects_condition`);
- bids: only those opened at a recorded opening (a count; sealed bids, their number included,
  stay secret until the opening, as the OCDS export's `numberOfTenderers` does);
- awards: the winning bid of an awarded project, as the public award notices show it;
- MoUs: what an anonymous visitor sees in the registry (public, signed or later);
- firms: verified (the public directory).

One function, `public_figures()`, feeds the page and `/api/v1/stats/`. The result is a plain
JSON-ready dict of codes, slugs and numbers (record names in the three languages, no translated
labels: the page translates at render), so one cached copy serves every language and visitor.

Cache (`emining/cache.py`): keyed by the `dashboard` data version, which database triggers bump
in the same transaction as every write to the counted tables
(`matchmaking.0002_dashboard_version_triggers`), and by the current month (the trend's window).
A miss costs the nine aggregate queries; a failing cache is a miss.
"""

from __future__ import annotations

from collections import defaultdict
from datetime import date, datetime
from typing import Any

from django.contrib.auth.models import AnonymousUser
from django.core.cache import cache
from django.db.models import Count, Sum
from django.db.models.functions import TruncMonth
from django.utils import timezone

from emining.data_versions import read_version
from firms.models import Firm
from firms.permissions import visible_firms_condition
from matchmaking.models import MoU
from matchmaking.permissions import visible_mous_condition
from minerals.models import Mineral, Region, ValueChainStage
from projects.models import Bid, BidOpening, Project
from projects.permissions import public_projects_condition

VERSION_NAME = "dashboard"
CACHE_TIMEOUT = 10 * 60
TREND_MONTHS = 24

# Value addition in Pakistan: every stage after raw extraction (exploration and mining) that
# turns ore into products. Logistics serves the chain but adds no processing.
BEYOND_EXTRACTION = (
    ValueChainStage.PROCESSING,
    ValueChainStage.SMELTING,
    ValueChainStage.REFINING,
    ValueChainStage.MANUFACTURING,
)
# The MoU statuses the public sees, in their order of life.
PUBLIC_MOU_STATUSES = [status for status in MoU.Status if status != MoU.Status.DRAFT]


def share(part: int, whole: int) -> float | None:
    """Percent, one decimal; None when there is nothing to share."""
    return round(part * 100 / whole, 1) if whole else None


def trend_months(today: date | None = None) -> list[str]:
    """The last TREND_MONTHS months, oldest first, the current one included ("2026-12")."""
    today = today or timezone.localdate()
    year, month = today.year, today.month
    months = []
    for _ in range(TREND_MONTHS):
        months.append(f"{year:04d}-{month:02d}")
        year, month = (year, month - 1) if month > 1 else (year - 1, 12)
    return months[::-1]


def _month_start(key: str) -> datetime:
    year, month = (int(part) for part in key.split("-"))
    return datetime(year, month, 1, tzinfo=timezone.get_current_timezone())


def _month_key(value: date | datetime | None) -> str | None:
    if value is None:
        return None
    if isinstance(value, datetime) and timezone.is_aware(value):
        value = timezone.localtime(value)
    return f"{value.year:04d}-{value.month:02d}"


def _names(model, ids) -> dict[int, dict[str, str]]:
    rows = model.objects.filter(pk__in=ids).values("pk", "slug", "name", "name_zh", "name_ur")
    return {row.pop("pk"): row for row in rows}


def _breakdown(key_rows: dict[Any, dict[str, int]], names: dict[Any, dict] | None) -> list[dict]:
    total_projects = sum(row["projects"] for row in key_rows.values())
    total_awarded = sum(row["awarded_usd"] for row in key_rows.values())
    items = []
    for key, row in key_rows.items():
        item = dict(names[key]) if names is not None else {}
        item |= row
        item["projects_share"] = share(row["projects"], total_projects)
        item["awarded_share"] = share(row["awarded_usd"], total_awarded)
        items.append(item)
    return items


def _empty_row() -> dict[str, int]:
    return {"projects": 0, "investment_usd": 0, "awards": 0, "awarded_usd": 0}


def compute_public_figures(today: date | None = None) -> dict[str, Any]:
    """Every public figure, from the database (nine aggregate queries)."""
    months = trend_months(today)
    since = _month_start(months[0])
    anonymous = AnonymousUser()

    # 1. Published projects, grouped by everything the breakdowns need.
    project_groups = list(
        Project.objects.filter(status__in=Project.PUBLISHED_STATUSES)
        .values("primary_mineral_id", "region_id", "stage", "status")
        .annotate(n=Count("id"), usd=Sum("investment_usd"))
        .order_by()
    )
    # 2. Awards: the winning bid of each awarded project.
    awarded = Bid.objects.filter(status=Bid.Status.AWARDED, project__status=Project.Status.AWARDED)
    award_groups = list(
        awarded.values("project__primary_mineral_id", "project__region_id", "project__stage")
        .annotate(n=Count("id"), usd=Sum("offered_investment_usd"))
        .order_by()
    )
    # 3. Awards per month (of the award).
    award_months = (
        awarded.filter(project__awarded_at__gte=since)
        .annotate(month=TruncMonth("project__awarded_at"))
        .values("month")
        .annotate(n=Count("id"), usd=Sum("offered_investment_usd"))
        .order_by()
    )
    # 4. Projects published per month.
    published_months = (
        Project.objects.filter(public_projects_condition(), published_at__gte=since)
        .annotate(month=TruncMonth("published_at"))
        .values("month")
        .annotate(n=Count("id"))
        .order_by()
    )
    # 5. Bids opened, per month of the opening (all time: the total is their sum).
    opening_months = (
        BidOpening.objects.filter(project__in=Project.objects.filter(public_projects_condition()))
        .annotate(month=TruncMonth("opened_at"))
        .values("month")
        .annotate(n=Sum("bids_opened"))
        .order_by()
    )
    # 6. Public MoUs by status and month of signing.
    mou_groups = (
        MoU.objects.filter(visible_mous_condition(anonymous))
        .annotate(month=TruncMonth("signed_on"))
        .values("status", "month")
        .annotate(n=Count("id"), usd=Sum("indicative_value_usd"))
        .order_by()
    )
    # 7. Verified firms by country.
    firm_counts = dict(
        Firm.objects.filter(visible_firms_condition(anonymous))
        .values("country")
        .annotate(n=Count("id"))
        .order_by()
        .values_list("country", "n")
    )

    by_mineral: dict[int, dict[str, int]] = defaultdict(_empty_row)
    by_region: dict[int, dict[str, int]] = defaultdict(_empty_row)
    by_stage: dict[str, dict[str, int]] = {stage: _empty_row() for stage in ValueChainStage}
    projects_open = investment_open = projects_published = investment_published = 0
    for group in project_groups:
        n, usd = group["n"], group["usd"] or 0
        projects_published += n
        investment_published += usd
        if group["status"] == Project.Status.PUBLISHED:
            projects_open += n
            investment_open += usd
        for row in (
            by_mineral[group["primary_mineral_id"]],
            by_region[group["region_id"]],
            by_stage[group["stage"]],
        ):
            row["projects"] += n
            row["investment_usd"] += usd
    awards = awarded_usd = 0
    for group in award_groups:
        n, usd = group["n"], group["usd"] or 0
        awards += n
        awarded_usd += usd
        for row in (
            by_mineral[group["project__primary_mineral_id"]],
            by_region[group["project__region_id"]],
            by_stage[group["project__stage"]],
        ):
            row["awards"] += n
            row["awarded_usd"] += usd

    trend = {
        month: {"month": month, "projects_published": 0, "bids_opened": 0, "mous_signed": 0}
        | {"awards": 0, "awarded_usd": 0}
        for month in months
    }
    for group in published_months:
        if (month := _month_key(group["month"])) in trend:
            trend[month]["projects_published"] += group["n"]
    for group in award_months:
        if (month := _month_key(group["month"])) in trend:
            trend[month]["awards"] += group["n"]
            trend[month]["awarded_usd"] += group["usd"] or 0
    bids_opened = 0
    for group in opening_months:
        bids_opened += group["n"] or 0
        if (month := _month_key(group["month"])) in trend:
            trend[month]["bids_opened"] += group["n"] or 0
    mou_counts = dict.fromkeys(PUBLIC_MOU_STATUSES, 0)
    mou_value = 0
    for group in mou_groups:
        mou_counts[group["status"]] = mou_counts.get(group["status"], 0) + group["n"]
        mou_value += group["usd"] or 0
        if (month := _month_key(group["month"])) in trend:
            trend[month]["mous_signed"] += group["n"]

    # 8-9. The names of the minerals and regions that appear (in the three languages).
    mineral_names = _names(Mineral, list(by_mineral))
    region_names = _names(Region, list(by_region))
    stage_rows = _breakdown(by_stage, None)
    for item, stage in zip(stage_rows, by_stage, strict=True):
        item["stage"] = str(stage)
        item["beyond_extraction"] = stage in BEYOND_EXTRACTION
    beyond_projects = sum(by_stage[stage]["projects"] for stage in BEYOND_EXTRACTION)
    beyond_awarded = sum(by_stage[stage]["awarded_usd"] for stage in BEYOND_EXTRACTION)

    def ranked(items: list[dict]) -> list[dict]:
        return sorted(
            items, key=lambda item: (-item["projects"], -item["awarded_usd"], item["slug"])
        )

    return {
        "totals": {
            "projects_open": projects_open,
            "investment_sought_usd": investment_open,
            "projects_published": projects_published,
            "investment_published_usd": investment_published,
            "awards": awards,
            "investment_committed_usd": awarded_usd,
            "bids_received": bids_opened,
            "mous_signed": mou_counts[MoU.Status.SIGNED],
            "mous_in_implementation": mou_counts[MoU.Status.IN_IMPLEMENTATION],
            "mous_public": sum(mou_counts.values()),
            "mous_indicative_value_usd": mou_value,
            "firms_verified": sum(firm_counts.values()),
        },
        "mous_by_status": [
            {"status": str(status), "count": mou_counts[status]} for status in PUBLIC_MOU_STATUSES
        ],
        "firms_by_country": [
            {"country": str(country), "count": firm_counts.get(country, 0)}
            for country in Firm.Country
        ],
        "by_mineral": ranked(_breakdown(by_mineral, mineral_names)),
        "by_region": ranked(_breakdown(by_region, region_names)),
        "by_stage": stage_rows,
        "beyond_extraction": {
            "stages": [str(stage) for stage in BEYOND_EXTRACTION],
            "projects": beyond_projects,
            "projects_share": share(beyond_projects, projects_published),
            "awarded_usd": beyond_awarded,
            "awarded_share": share(beyond_awarded, awarded_usd),
        },
        "trend": list(trend.values()),
    }


def _cache_key(version: int, today: date) -> str:
    return f"dashboard:public:{version}:{today:%Y-%m}"


def public_figures(*, version: int | None = None) -> dict[str, Any]:
    """The public figures, shared by every visitor until the next change to counted data.
    `version`: the `dashboard` data version, when the caller has just read it."""
    today = timezone.localdate()
    version = read_version(VERSION_NAME) if version is None else version
    key = _cache_key(version, today)
    figures = _computed.get(key) or cache.get(key)
    if figures is None:
        figures = compute_public_figures(today)
        cache.set(key, figures, timeout=CACHE_TIMEOUT)
    if key not in _computed:
        _computed.clear()  # older versions or months: never read again
        _computed[key] = figures
    return figures


# This process's copy of the figures, by key. The key holds the data version read from the
# database on every request, so the copy is never stale; it spares the shared cache's round
# trip (and its timeouts under load, each of which would cost a full recomputation).
_computed: dict[str, dict[str, Any]] = {}


def forget() -> None:
    """Drop this process's copy (tests: rolled-back writes give data versions again)."""
    _computed.clear()
