"""The public figures against values computed by hand on the small world of conftest.py:
only what the public may see is counted."""

from __future__ import annotations

from collections import Counter

import pytest

from emining.dashboard.figures import compute_public_figures, public_figures, trend_months

from .conftest import month_of

pytestmark = pytest.mark.django_db

M = 1_000_000


def test_totals_count_only_what_the_public_may_see(world):
    totals = compute_public_figures()["totals"]
    assert totals == {
        # Open: the copper mine, the gold refinery and the sealed-bids project (not the draft).
        "projects_open": 3,
        "investment_sought_usd": (250 + 100 + 40) * M,
        "projects_published": 4,
        "investment_published_usd": (250 + 100 + 40 + 300) * M,
        "awards": 1,
        "investment_committed_usd": 320 * M,  # the winning bid, not the losing one
        "bids_received": 2,  # the two opened bids; the sealed bid stays secret
        "mous_signed": 1,  # the confidential one and the draft are not counted
        "mous_in_implementation": 1,
        "mous_public": 2,
        "mous_indicative_value_usd": (50 + 70) * M,
        "firms_verified": 2,  # not the pending firm nor the rejected one
    }


def test_firms_and_mous_by_category(world):
    figures = compute_public_figures()
    assert figures["firms_by_country"] == [
        {"country": "PK", "count": 1},
        {"country": "CN", "count": 1},
    ]
    assert {row["status"]: row["count"] for row in figures["mous_by_status"]} == {
        "signed": 1,
        "in_implementation": 1,
        "converted": 0,
        "expired": 0,
        "terminated": 0,
    }


def test_breakdowns_by_stage_mineral_and_region(world):
    figures = compute_public_figures()
    stages = {row["stage"]: row for row in figures["by_stage"]}
    assert list(stages) == [
        "exploration",
        "mining",
        "processing",
        "smelting",
        "refining",
        "manufacturing",
        "logistics",
    ]
    assert stages["mining"] | {} == {
        "stage": "mining",
        "projects": 2,
        "investment_usd": 290 * M,
        "awards": 0,
        "awarded_usd": 0,
        "projects_share": 50.0,
        "awarded_share": 0.0,
        "beyond_extraction": False,
    }
    assert stages["processing"]["awarded_usd"] == 320 * M
    assert stages["processing"]["awarded_share"] == 100.0
    assert stages["smelting"]["projects"] == 0  # the draft smelter is not counted
    assert stages["refining"]["projects_share"] == 25.0
    assert [row["stage"] for row in figures["by_stage"] if row["beyond_extraction"]] == [
        "processing",
        "smelting",
        "refining",
        "manufacturing",
    ]

    minerals = {row["slug"]: row for row in figures["by_mineral"]}
    assert set(minerals) == {"copper", "gold"}
    assert minerals["copper"]["projects"] == 3
    assert minerals["copper"]["projects_share"] == 75.0
    assert minerals["copper"]["awarded_usd"] == 320 * M
    assert minerals["gold"]["investment_usd"] == 100 * M
    assert minerals["copper"]["name_zh"]  # the names travel in the three languages
    assert figures["by_mineral"][0]["slug"] == "copper"  # the most projects first

    regions = {row["slug"]: row for row in figures["by_region"]}
    assert regions["balochistan"]["projects"] == 3
    assert regions["punjab"]["projects"] == 1


def test_share_beyond_raw_extraction(world):
    beyond = compute_public_figures()["beyond_extraction"]
    # The refinery and the concentrator, of four published projects; all the awarded value.
    assert beyond == {
        "stages": ["processing", "smelting", "refining", "manufacturing"],
        "projects": 2,
        "projects_share": 50.0,
        "awarded_usd": 320 * M,
        "awarded_share": 100.0,
    }


def test_trend_covers_24_months_with_zeros(world):
    trend = compute_public_figures()["trend"]
    assert [row["month"] for row in trend] == trend_months()
    assert len(trend) == 24
    published = Counter(
        month_of(p.published_at)
        for p in (world.open_copper, world.open_gold, world.sealed, world.awarded)
    )
    by_month = {row["month"]: row for row in trend}
    for month, row in by_month.items():
        assert row["projects_published"] == published.get(month, 0), month
    opened = month_of(world.awarded.bid_opening.opened_at)
    assert by_month[opened]["bids_opened"] == 2
    assert sum(row["bids_opened"] for row in trend) == 2
    awarded = month_of(world.awarded.awarded_at)
    assert by_month[awarded]["awards"] == 1
    assert by_month[awarded]["awarded_usd"] == 320 * M
    # make_mou signs 30 days ago: both public MoUs in that month, the confidential one not.
    assert sum(row["mous_signed"] for row in trend) == 2


def test_an_empty_portal_has_zeros_and_no_shares(db, reference_data):
    figures = compute_public_figures()
    assert figures["totals"]["projects_published"] == 0
    assert figures["beyond_extraction"]["projects_share"] is None
    assert figures["by_mineral"] == []
    assert all(row["projects_share"] is None for row in figures["by_stage"])
    assert len(figures["trend"]) == 24


def test_trend_months_cross_the_year():
    from datetime import date

    months = trend_months(date(2026, 3, 15))
    assert months[0] == "2024-04"
    assert months[-1] == "2026-03"


def test_figures_take_a_fixed_number_of_queries(world, django_assert_num_queries):
    """Nine aggregate queries whatever the data; then one (the data version) from the cache."""
    with django_assert_num_queries(9):
        compute_public_figures()
    public_figures()
    with django_assert_num_queries(1):
        public_figures()
