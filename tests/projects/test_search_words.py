"""Several words find the projects that hold all of them, on PostgreSQL and SQLite alike; a
search that finds nothing suggests the nearest mineral and place names, as links."""

from __future__ import annotations

import pytest

from tests.projects.test_browse_pages import body, catalogue_of_projects, titles_on  # noqa: F401

pytestmark = pytest.mark.django_db


@pytest.mark.parametrize(
    ("search", "expected"),
    [
        ("copper gold", ["Saindak copper-gold expansion"]),
        ("saindak copper gold", ["Saindak copper-gold expansion"]),
        ("Copper  Refinery", ["Gwadar copper refinery"]),
        ("copper -gold", ["Gwadar copper refinery"]),
        ("copper chromite", []),
    ],
)
def test_several_words_find_projects_holding_all_of_them(
    client,
    catalogue_of_projects,  # noqa: F811
    search,
    expected,
):
    assert titles_on(client, f"search={search}") == expected


def test_the_api_searches_the_same_way(api_client, catalogue_of_projects):  # noqa: F811
    rows = api_client.get("/api/v1/projects/?search=saindak copper gold").json()["results"]
    assert [row["title"] for row in rows] == ["Saindak copper-gold expansion"]


def test_no_result_suggests_the_nearest_mineral_and_place_names(
    client,
    catalogue_of_projects,  # noqa: F811
):
    page = body(client.get("/en/projects/?search=coper&stage=mining&zzinject=1"))
    assert "No project matches these filters." in page
    assert "Did you mean:" in page
    assert '<a class="alert-link" href="?search=Copper&amp;stage=mining">Copper</a>' in page
    assert "zzinject=1&" not in page
    place = body(client.get("/en/projects/?search=tharparker"))
    assert ">Tharparkar</a>" in place


def test_suggestions_are_in_the_visitors_language(client, catalogue_of_projects):  # noqa: F811
    page = body(client.get("/zh-hans/projects/?search=coper"))
    assert 'href="?search=%E9%93%9C">铜</a>' in page


def test_a_search_with_results_suggests_nothing(client, catalogue_of_projects):  # noqa: F811
    assert "search-suggestions" not in body(client.get("/en/projects/?search=copper"))
