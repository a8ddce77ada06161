"""The project map: the published projects only, the list's filters, no inline script, and a
table of the same projects for screen readers and visitors without JavaScript."""

from __future__ import annotations

import json
import re
from datetime import timedelta
from pathlib import Path

import pytest
from django.conf import settings
from django.contrib.staticfiles import finders
from django.utils import timezone

from projects.views import browse
from tests.factories import make_project

pytestmark = pytest.mark.django_db

DATA_SCRIPT = re.compile(
    r'<script id="project-map-data" type="application/json">(.*?)</script>', re.S
)


@pytest.fixture
def mapped(moe_pd):
    now = timezone.now()
    return {
        "saindak": make_project(
            title="Saindak copper-gold",
            title_zh="山达克铜金",
            minerals=("copper", "gold"),
            latitude=29.25,
            longitude=61.55,
        ),
        "thar": make_project(
            status="closed",
            title="Thar coal block",
            minerals=("coal",),
            region="sindh",
            district="tharparkar",
            latitude=24.8,
            longitude=70.3,
            investment_usd=1_200_000_000,
        ),
        "withdrawn": make_project(
            status="cancelled",
            title="Withdrawn chromite plant",
            minerals=("chromite",),
            district="zhob",
            latitude=31.3,
            longitude=69.5,
            published_at=now - timedelta(days=3),
        ),
        "draft": make_project(status="draft", title="Draft antimony prospect", latitude=30.0),
        "in_review": make_project(status="in_review", title="Reviewed tungsten", latitude=33.0),
        "never_published": make_project(
            status="cancelled", title="Never published granite", latitude=34.0
        ),
    }


def geojson(response) -> dict:
    match = DATA_SCRIPT.search(response.content.decode())
    assert match, "the map data is embedded with json_script"
    return json.loads(match.group(1))


def references(response) -> set[str]:
    return {feature["properties"]["reference"] for feature in geojson(response)["features"]}


@pytest.fixture
def visitor(request, client):
    if request.param != "anonymous":
        client.force_login(request.getfixturevalue(request.param))
    return client


@pytest.mark.parametrize(
    "visitor", ["anonymous", "firm_member", "other_agency_official", "official"], indirect=True
)
def test_map_shows_the_published_projects_only(visitor, mapped):
    response = visitor.get("/en/projects/map/")
    assert response.status_code == 200
    expected = {mapped[key].reference for key in ("saindak", "thar", "withdrawn")}
    assert references(response) == expected
    page = response.content.decode()
    for key in ("draft", "in_review", "never_published"):
        assert mapped[key].reference not in page
        assert mapped[key].title not in page


def test_points_are_geojson_with_links_to_the_project_pages(client, mapped):
    collection = geojson(client.get("/en/projects/map/"))
    assert collection["type"] == "FeatureCollection"
    feature = next(
        f
        for f in collection["features"]
        if f["properties"]["reference"] == mapped["thar"].reference
    )
    assert feature["geometry"] == {"type": "Point", "coordinates": [70.3, 24.8]}
    properties = feature["properties"]
    assert properties["url"] == f"/en/projects/{mapped['thar'].reference}/"
    assert properties["status"] == "closed"
    assert properties["primary_mineral_name"] == "Coal"
    assert properties["investment_text"] == "USD 1.2 billion"


def test_the_lists_filters_apply_to_the_map(client, mapped):
    assert references(client.get("/en/projects/map/?mineral=coal")) == {mapped["thar"].reference}
    assert references(client.get("/en/projects/map/?status=published")) == {
        mapped["saindak"].reference
    }
    assert references(client.get("/en/projects/map/?region=zhob")) == {
        mapped["withdrawn"].reference
    }
    assert references(client.get("/en/projects/map/?search=铜金")) == {mapped["saindak"].reference}
    assert references(client.get("/en/projects/map/?min_investment=1000")) == {
        mapped["thar"].reference
    }
    # The list and the map link to each other with the same filters.
    listing = client.get("/en/projects/?mineral=coal").content.decode()
    assert 'href="/en/projects/map/?mineral=coal"' in listing
    page = client.get("/en/projects/map/?mineral=coal").content.decode()
    assert 'href="/en/projects/?mineral=coal"' in page


def test_no_match_still_renders_an_empty_map(client, mapped):
    response = client.get("/en/projects/map/?mineral=lithium")
    assert response.status_code == 200
    assert geojson(response)["features"] == []
    assert "No project matches these filters." in response.content.decode()


@pytest.mark.parametrize(
    "query", ["stage=moon", "min_investment=9&max_investment=1", "region=atlantis"]
)
def test_bad_filters_are_a_400_in_the_layout(client, reference_data, query):
    response = client.get(f"/en/projects/map/?{query}")
    assert response.status_code == 400
    page = response.content.decode()
    assert "<html" in page
    assert "Some filters are not valid:" in page


def test_a_table_lists_the_same_projects_under_the_map(client, mapped):
    page = client.get("/en/projects/map/").content.decode()
    table = page[page.index("<table") : page.index("</table>")]
    assert "<caption" in table
    for key in ("saindak", "thar", "withdrawn"):
        assert f'href="/en/projects/{mapped[key].reference}/"' in table
    assert "Thar coal block" in table
    assert "24.800, 70.300" in table


def test_tiles_come_from_the_settings_and_the_script_is_not_inline(client, mapped, settings):
    settings.MAP_TILE_URL = "https://tiles.example.org/{z}/{x}/{y}.png"
    settings.MAP_TILE_ATTRIBUTION = "© Example & contributors"
    page = client.get("/en/projects/map/").content.decode()
    assert 'data-tile-url="https://tiles.example.org/{z}/{x}/{y}.png"' in page
    assert 'data-tile-attribution="© Example &amp; contributors"' in page
    assert "/static/vendor/leaflet/leaflet.js" in page
    assert "/static/vendor/leaflet/leaflet.css" in page
    assert "/static/js/project-map.js" in page
    assert "unpkg.com" not in page
    assert "cdn" not in page.lower()
    # The CSP forbids inline scripts: every script has a src, or is JSON data.
    for tag in re.findall(r"<script\b[^>]*>", page):
        assert "src=" in tag or 'type="application/json"' in tag, tag


def test_leaflet_is_vendored_and_markers_need_no_images():
    for name in ("leaflet.js", "leaflet.css", "LICENSE", "images/layers.png"):
        assert finders.find(f"vendor/leaflet/{name}"), name
    script = Path(finders.find("js/project-map.js")).read_text()
    # Vector circles: drawn without icon images, so they show when tiles fail to load.
    assert "circleMarker" in script
    assert "L.marker(" not in script
    assert "innerHTML =" not in script


def test_map_titles_follow_the_language(client, mapped):
    features = geojson(client.get("/zh-hans/projects/map/"))["features"]
    titles = {f["properties"]["reference"]: f["properties"]["title"] for f in features}
    assert titles[mapped["saindak"].reference] == "山达克铜金"
    assert titles[mapped["thar"].reference] == "Thar coal block"
    assert client.get("/ur/projects/map/").status_code == 200


@pytest.mark.parametrize("number", [3, 25])
def test_map_query_count_is_independent_of_the_points(
    client, moe_pd, django_assert_num_queries, number
):
    for index in range(number):
        make_project(title=f"Point {index}", minerals=("copper", "gold"))
    client.get("/en/projects/")  # builds the listing index (the form's names come from it)
    # The listings data version and the points (one values(), one more than the map shows:
    # only beyond that is a count needed).
    with django_assert_num_queries(2):
        response = client.get("/en/projects/map/")
    assert len(geojson(response)["features"]) == number


def test_navigation_marks_the_map_as_the_current_page(client, reference_data):
    page = client.get("/en/projects/map/").content.decode()
    assert re.search(r'class="nav-link active" aria-current="page" href="/en/projects/map/"', page)
    assert settings.MAP_TILE_URL  # a tile server is always configured (OSM by default)


def test_a_large_map_shows_the_newest_and_says_so(client, reference_data, monkeypatch):
    monkeypatch.setattr(browse, "MAP_LIMIT", 2)
    for index in range(3):
        make_project(status="published", title=f"Mapped {index}")
    response = client.get("/en/projects/map/")
    assert len(response.context["features"]) == 2
    assert "The map shows the 2 most recently published of the 3 matching projects" in (
        response.content.decode()
    )
    monkeypatch.setattr(browse, "MAP_LIMIT", 3)
    assert "most recently published" not in client.get("/en/projects/map/").content.decode()


@pytest.mark.parametrize("language", ["en", "zh-hans", "ur"])
def test_geojson_built_by_the_database_equals_the_python_one(moe_pd, language):
    """The API's GeoJSON is built in SQL on PostgreSQL: the same document as in Python."""
    import json

    from django.utils import translation

    from projects.geo import feature_collection, feature_collection_json
    from projects.selectors import map_points, public_projects

    make_project(title="Saindak copper-gold expansion", title_zh="山达克铜金扩建项目")
    make_project(title="Thar block coal gasification", minerals=("coal",), status="closed")
    with translation.override(language):
        from_database = json.loads(feature_collection_json(public_projects()))
        in_python = json.loads(json.dumps(feature_collection(map_points(public_projects()))))
    assert from_database == in_python
    assert len(from_database["features"]) == 2
