"""The cold path's shortcuts give the same pages as the plain queries they replace."""

from __future__ import annotations

import json
from datetime import timedelta

import pytest
from django.conf import settings
from django.utils import timezone

from projects import listing_index, search
from projects.filters import Ordering, order_projects
from projects.selectors import public_projects
from projects.views import browse
from tests.factories import make_project

pytestmark = pytest.mark.django_db


@pytest.fixture
def railway_projects(moe_pd):
    """Seven matches of one word, ranked apart by where the word is, published on seven days."""
    now = timezone.now()
    placements = [
        {"title": "Railway siding for the Saindak mine"},
        {"summary": "A railway link to the port."},
        {"description": "Near the old railway line."},
        {"title": "Railway yard and railway sidings", "summary": "Railway freight."},
        {"description": "A railway, and another railway spur."},
        {"summary": "Railway access."},
        {"title": "Railway workshop"},
    ]
    return [
        make_project(
            **{"title": f"Project {index}", **placement},
            published_at=now - timedelta(days=index),
        )
        for index, placement in enumerate(placements)
    ]


@pytest.mark.skipif(not settings.USING_POSTGRES, reason="ranking runs on PostgreSQL")
def test_pages_within_the_ranked_candidates_equal_the_full_ordering(
    client, railway_projects, monkeypatch
):
    monkeypatch.setattr(search, "RANKED_CANDIDATES", 4)
    monkeypatch.setattr(browse, "PROJECTS_PER_PAGE", 2)
    everything = order_projects(
        search.search_projects(public_projects(), "railway"), Ordering.RELEVANCE
    )
    expected = [project.title for project in everything]
    assert len(expected) == 7
    shown = []
    for page in (1, 2, 3, 4):  # pages 1-2 from the candidates alone, 3-4 the plain way
        response = client.get(f"/en/projects/?search=railway&page={page}")
        assert response.status_code == 200
        shown += [row["title"] for row in response.context["page"].object_list]
    assert shown == expected


@pytest.mark.skipif(not settings.USING_POSTGRES, reason="ranking runs on PostgreSQL")
def test_best_matches_rank_like_the_full_ordering(railway_projects, monkeypatch):
    monkeypatch.setattr(search, "RANKED_CANDIDATES", 5)
    matches = search.search_projects(public_projects(), "railway")
    expected = [p.pk for p in order_projects(matches, Ordering.RELEVANCE)][:5]
    candidates = search.newest_candidate_ids(matches)
    assert [p.pk for p in search.best_matches("railway", candidates)] == expected


def test_the_listing_index_names_the_same_candidates_as_the_database(railway_projects):
    matches = search.search_projects(public_projects(), "railway")
    index = listing_index.current_index()
    mask = index.mask_of_ids(listing_index.matching_ids(matches))
    for limit in (1, 3, 100):
        expected = list(
            matches.order_by("-published_at", "-id").values_list("pk", flat=True)[:limit]
        )
        assert index.newest_ids(mask, limit) == expected


def test_best_matches_is_none_without_a_search_or_on_sqlite(railway_projects):
    assert search.best_matches("  ", [1, 2]) is None
    if not settings.USING_POSTGRES:
        assert search.best_matches("railway", [1, 2]) is None


def test_geojson_from_the_database_is_valid_json_with_every_point(client, railway_projects):
    response = client.get("/api/v1/projects/geojson/?search=railway")
    collection = json.loads(response.content)
    assert collection["type"] == "FeatureCollection"
    assert len(collection["features"]) == 7
    references = [feature["properties"]["reference"] for feature in collection["features"]]
    assert references == sorted(references)
