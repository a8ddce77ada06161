"""The column index counts exactly what the FilterSet's SQL selects, for every filter alone and
in pairs, and follows every change to the data (projects/listing_index.py)."""

from __future__ import annotations

import itertools
import json
import random
from collections import Counter
from decimal import Decimal

import numpy as np
import pytest
from django.db import OperationalError, connection
from django.http import QueryDict
from django.test.utils import CaptureQueriesContext
from django.utils import translation

from emining import data_versions
from minerals.models import Mineral, Region
from projects import geo, listing_index, selectors
from projects.api.serializers import (
    INDEXED_LISTING_VALUES,
    listing_values,
    public_rows_for_listing,
    rows_for_listing,
)
from projects.filters import ProjectFilter, ProjectPageFilter
from projects.models import Project
from tests.factories import make_project

pytestmark = pytest.mark.django_db

MINERALS = ("copper", "gold", "coal", "lead", "zinc", "chromite")
PLACES = (("balochistan", "chagai"), ("balochistan", None), ("sindh", "tharparkar"))
STATUSES = ("published", "closed", "awarded", "cancelled", "draft", "in_review")


@pytest.fixture
def varied_projects(moe_pd):
    """Projects over every facet's values, drafts and projects in review among them (which
    neither the SQL nor the index may count)."""
    chance = random.Random(7)  # noqa: S311 (test data)
    projects = []
    for number in range(18):
        region, district = PLACES[number % len(PLACES)]
        minerals = tuple(chance.sample(MINERALS, k=chance.randint(1, 3)))
        status = STATUSES[number % len(STATUSES)]
        extra = {"published_at": None} if status == "cancelled" and number % 2 else {}
        projects.append(
            make_project(
                title=f"Varied project {number}",
                minerals=minerals,
                region=region,
                district=district,
                status=status,
                stage=chance.choice(Project.Stage.values),
                investment_model=chance.choice(Project.InvestmentModel.values),
                investment_usd=chance.choice((40, 120, 250, 900, 1_200)) * 1_000_000,
                **extra,
            )
        )
    return projects


def sql_counts(data: dict) -> dict:
    """The counts as SQL states them: the FilterSet's own queryset, counted in Python."""
    filterset = ProjectPageFilter(data, queryset=selectors.public_projects())
    assert filterset.is_valid(), filterset.errors
    rows = list(filterset.qs.prefetch_related("minerals").select_related("region"))
    return {
        "total": len(rows),
        "region": Counter(project.region.slug for project in rows),
        "mineral": Counter(mineral.slug for project in rows for mineral in project.minerals.all()),
        **{
            name: Counter(getattr(project, name) for project in rows)
            for name in listing_index.CHOICE_FIELDS
        },
    }


def index_counts(data: dict) -> dict:
    filterset = ProjectPageFilter(data, queryset=selectors.public_projects())
    assert filterset.is_valid(), filterset.errors
    counted = _counts(filterset)
    return {
        "total": counted["total"],
        "region": Counter({row["slug"]: row["count"] for row in counted["region"]}),
        "mineral": Counter({row["slug"]: row["count"] for row in counted["mineral"]}),
        **{name: Counter(counted[name]) for name in listing_index.CHOICE_FIELDS},
    }


def every_single_filter() -> list[dict]:
    filters: list[dict] = [{}]
    filters += [{"mineral": slug} for slug in MINERALS]
    filters += [{"region": slug} for slug in ("balochistan", "chagai", "sindh", "tharparkar")]
    filters += [{"region": "punjab"}]  # no project there
    filters += [{"stage": value} for value in Project.Stage.values]
    filters += [{"investment_model": value} for value in Project.InvestmentModel.values]
    filters += [{"status": value} for value in ("published", "closed", "awarded", "cancelled")]
    filters += [{"status": "draft"}]  # never public: nothing
    for amount in ("0", "40", "119.99", "120", "250", "1200", "1200.01"):
        filters += [{"min_investment": amount}, {"max_investment": amount}]
    # Beyond any amount the database can hold (Django drops or empties such comparisons).
    filters += [{"max_investment": str(10**14)}, {"min_investment": str(10**14)}]
    return filters


def test_every_filter_alone_counts_what_the_sql_selects(varied_projects):
    for data in every_single_filter():
        assert index_counts(data) == sql_counts(data), data


def test_filters_combined_count_what_the_sql_selects(varied_projects):
    singles = every_single_filter()[1:]
    for first, second in itertools.combinations(singles, 2):
        if first.keys() == second.keys():
            continue
        data = first | second
        if Decimal(data.get("min_investment", 0)) > Decimal(data.get("max_investment", 10**9)):
            continue  # the form refuses it
        assert index_counts(data) == sql_counts(data), data


def test_a_search_counts_the_matches_postgresql_or_sqlite_finds(varied_projects):
    make_project(title="Heliport survey for a copper camp", minerals=("copper",))
    for data in ({"search": "heliport"}, {"search": "varied", "mineral": "gold"}, {"search": "x"}):
        assert index_counts(data) == sql_counts(data), data


def test_without_a_search_the_counts_take_no_query_once_the_index_is_built(varied_projects):
    index_counts({})  # builds it
    with CaptureQueriesContext(connection) as queries:
        index_counts({"mineral": "copper", "max_investment": "900"})
    # The data version, and the mineral the form validates; nothing is counted in SQL.
    assert len(queries) == 2, [query["sql"] for query in queries]


def test_the_index_follows_every_change_to_listed_data(varied_projects):
    before = index_counts({"mineral": "copper"})
    added = make_project(title="New copper find", minerals=("copper",), region="sindh")
    after = index_counts({"mineral": "copper"})
    assert after["total"] == before["total"] + 1
    assert after["region"]["sindh"] == before["region"]["sindh"] + 1

    # A mineral added to a project, a project withdrawn from view, a renamed region.
    added.minerals.add(Mineral.objects.get(slug="gold"))
    assert index_counts({"mineral": "gold"}) == sql_counts({"mineral": "gold"})
    Project.objects.filter(pk=added.pk).update(published_at=None, status="draft")
    assert index_counts({"mineral": "copper"}) == before
    Region.objects.filter(slug="sindh").update(name="Sindh province")
    names = {row["slug"]: row["name"] for row in _counts(_valid({}))["region"]}
    assert names["sindh"] == "Sindh province"


def _counts(filterset: ProjectPageFilter) -> dict:
    """The counts as the list page takes them (`views.browse._facet_counts`)."""
    index = listing_index.current_index()
    return index.counts(listing_index.matching_mask(index, filterset))


def _valid(data: dict) -> ProjectPageFilter:
    filterset = ProjectPageFilter(data, queryset=selectors.public_projects())
    assert filterset.is_valid()
    return filterset


def test_the_newest_matches_come_in_the_lists_own_order(varied_projects):
    """Projects published at the same moment (most of these) follow by id, as in SQL."""
    index = listing_index.current_index()
    every = np.ones(index.size, dtype=bool)
    expected = list(
        selectors.public_projects().order_by("-published_at", "-id").values_list("pk", flat=True)
    )
    assert index.newest_ids(every, 5) == expected[:5]
    assert index.newest_ids(every, 1000) == expected


@pytest.mark.parametrize(
    "query",
    [
        "min_investment=120000000.5",  # the API takes dollars, fractions too
        "max_investment=119999999.99",
        "min_investment=40000000&max_investment=250000000",
        "mineral=gold&stage=mining",
        "region=chagai",
        "max_investment=1000000000000000",
    ],
)
def test_the_api_filters_count_what_their_sql_selects(varied_projects, query):
    filterset = ProjectFilter(QueryDict(query), queryset=selectors.public_projects())
    assert filterset.is_valid(), filterset.errors
    index = listing_index.current_index()
    selected = index.ids[listing_index.matching_mask(index, filterset)].tolist()
    assert selected == sorted(filterset.qs.values_list("pk", flat=True))


@pytest.mark.parametrize("language", ["en", "zh-hans", "ur"])
@pytest.mark.parametrize("query", ["", "mineral=copper", "region=sindh&max_investment=900000000"])
def test_the_public_geojson_equals_what_the_database_writes(varied_projects, language, query):
    """The listing index's features against `feature_collection_json` (the SQL path on
    PostgreSQL, `feature_collection` in Python elsewhere): the same document."""
    with translation.override(language):
        filterset = ProjectFilter(QueryDict(query), queryset=selectors.public_projects())
        assert filterset.is_valid()
        from_database = json.loads(geo.feature_collection_json(filterset.qs))
        from_index = json.loads(geo.public_feature_collection_json(filterset if query else None))
    assert from_index == from_database
    assert from_index["features"], "the comparison must compare something"


def test_public_api_rows_from_the_index_equal_the_joined_rows(varied_projects):
    """The public API list names minerals, regions and agencies from the index's catalogue;
    an official's list joins them in SQL. Both write the same rows."""
    index = listing_index.current_index()
    newest = selectors.public_projects().order_by("-published_at", "-id")
    joined = rows_for_listing(list(listing_values(newest)))
    indexed = public_rows_for_listing(list(newest.values(*INDEXED_LISTING_VALUES)), index)
    assert indexed == joined
    assert any(row["district"] is None for row in joined)
    assert any(len(row["minerals"]) > 1 for row in joined)


def test_the_public_api_counts_with_the_index(client, varied_projects):
    for query in ("", "?mineral=copper", "?region=sindh&max_investment=900000000"):
        filterset = ProjectFilter(
            QueryDict(query.lstrip("?")), queryset=selectors.public_projects()
        )
        assert filterset.is_valid()
        response = client.get(f"/api/v1/projects/{query}")
        assert response.json()["count"] == filterset.qs.count(), query


def test_a_new_worker_builds_the_index_before_its_first_request(varied_projects, monkeypatch):
    """gunicorn's post_worker_init calls warm_up: the index is there before anyone asks."""
    closed = []
    monkeypatch.setattr(data_versions.connections, "close_all", lambda: closed.append(True))
    listing_index.forget()
    assert listing_index.warm_up() is True
    assert listing_index._index is not None
    assert closed, "the start-up connection is closed, not left idle"


def test_a_database_down_at_start_up_postpones_the_build(monkeypatch, caplog):
    def no_database(version):
        raise OperationalError("connection refused")

    monkeypatch.setattr(listing_index, "current_index", lambda: no_database(0))
    monkeypatch.setattr(data_versions.connections, "close_all", lambda: None)
    assert listing_index.warm_up() is False
    assert "could not be built at start-up" in caplog.text


def test_kept_cards_are_the_cards_written_afresh_and_follow_changes(client, varied_projects):
    """Cards are kept beside the index per language: what a page shows is what writing them
    afresh gives, and a change to a project shows on the next page."""
    from projects.cards import _cards, project_cards_html

    newest = selectors.public_projects().order_by("-published_at", "-id")
    rows = selectors.listing_page_rows(newest[:5])
    for language in ("en", "zh-hans", "ur"):
        with translation.override(language):
            index = listing_index.current_index()
            first = project_cards_html(rows, index)  # written, then kept
            again = project_cards_html(rows, index)  # from what was kept
            afresh = _cards(rows, index)
            assert first == again == "\n  ".join(afresh[row["id"]] for row in rows)
    open_one = next(p for p in varied_projects if p.status == "published")
    page = client.get("/en/projects/?search=&status=published").content.decode()
    assert open_one.reference in page
    Project.objects.filter(pk=open_one.pk).update(status="closed", closed_at=open_one.bid_closes_at)
    page = client.get("/en/projects/?status=closed").content.decode()
    card = page[page.index(f'id="project-{open_one.reference}-title"') :][:2500]
    assert "Bids closed" in card
