"""The listing cache is correct: keys hold the cleaned filters and the viewer's visibility
scope, links come from the cleaned state, and the data version lives in the database."""

from __future__ import annotations

import re

import pytest
from django.core.cache import cache

from emining.models import Agency, DataVersion
from minerals.models import Mineral
from projects import permissions
from projects.listing_cache import data_version
from tests.factories import make_project
from tests.projects.test_browse_pages import body, catalogue_of_projects  # noqa: F401

pytestmark = pytest.mark.django_db

HREFS = re.compile(r'href="([^"]*)"')


def main_part(page: str) -> str:
    """The page below the header: the header's language switcher returns the visitor to the
    address they typed, for them alone; everything cached is below it."""
    return page[page.index("<main") :]


def listing_links(page: str) -> list[str]:
    return [link for link in HREFS.findall(page) if link.startswith("?") or "projects" in link]


def test_unknown_parameters_never_reach_a_link_or_another_visitor(
    client,
    catalogue_of_projects,  # noqa: F811
):
    for _ in range(25):  # a second page, so that pagination links are rendered too
        make_project(title="Filler copper project", minerals=("copper",))
    planted = main_part(body(client.get("/en/projects/?zzinject=X&mineral=copper&page=1")))
    assert "zzinject" not in planted
    assert 'href="?mineral=copper&amp;page=2"' in planted
    for path in ("/en/projects/", "/en/projects/?mineral=copper", "/en/projects/map/"):
        assert "zzinject" not in body(client.get(path)), path
    htmx = client.get("/en/projects/?zzinject=X&mineral=copper", headers={"HX-Request": "true"})
    assert "zzinject" not in body(htmx)
    assert htmx["HX-Push-Url"] == "/en/projects/?mineral=copper"


def test_repeated_parameters_are_one_cleaned_value_in_links(
    client,
    catalogue_of_projects,  # noqa: F811
):
    page = body(client.get("/en/projects/?mineral=gold&mineral=copper&ordering=largest"))
    links = listing_links(page)
    assert not [link for link in links if link.count("mineral=") > 1]
    # The sort order chosen stays in the facet links; the last mineral given is the filter.
    assert any("mineral=copper" in link and "ordering=largest" in link for link in links)
    assert not any("mineral=gold&amp;mineral" in link for link in links)


def test_oddly_written_filters_share_one_cached_page_that_shows_the_cleaned_values(
    client,
    catalogue_of_projects,  # noqa: F811
    django_assert_num_queries,
):
    first = main_part(
        body(client.get("/en/projects/?max_investment=0300000000&search=%20copper%20"))
    )
    with django_assert_num_queries(1):  # the data version: every part comes from the cache
        second = main_part(body(client.get("/en/projects/?search=copper&max_investment=300000000")))
    assert first == second
    assert 'value="300000000"' in first
    assert "0300000000" not in first


def test_visibility_scope_follows_the_visibility_rule(official, approver, other_agency_official):
    from django.contrib.auth.models import AnonymousUser

    assert permissions.visibility_scope(AnonymousUser()) == permissions.PUBLIC_SCOPE
    assert permissions.visibility_scope(official) == permissions.visibility_scope(approver)
    assert permissions.visibility_scope(official) != permissions.visibility_scope(
        other_agency_official
    )
    assert permissions.visibility_scope(official) != permissions.PUBLIC_SCOPE


def test_official_and_anonymous_api_counts_are_cached_apart(api_client, official, moe_pd):
    make_project(status="published", title="Public copper block")
    make_project(status="draft", title="Draft copper block")
    assert api_client.get("/api/v1/projects/").json()["count"] == 1
    api_client.force_authenticate(official)
    assert api_client.get("/api/v1/projects/").json()["count"] == 2
    api_client.force_authenticate(None)
    assert api_client.get("/api/v1/projects/").json()["count"] == 1


# --- The data version lives in the database ------------------------------------------------


def test_every_listed_table_bumps_the_version_in_its_transaction(moe_pd):
    project = make_project(title="Versioned project", minerals=("copper", "gold"))
    before = data_version()
    project.__class__.objects.filter(pk=project.pk).update(title="Renamed project")
    assert data_version() > before
    for change in (
        lambda: Mineral.objects.filter(slug="copper").update(name="Copper ore"),
        lambda: Agency.objects.filter(pk=moe_pd.pk).update(acronym="MoE"),
        lambda: project.minerals.remove(Mineral.objects.get(slug="gold")),
    ):
        before = data_version()
        change()
        assert data_version() > before


def test_a_flushed_cache_never_serves_a_stale_list(client, catalogue_of_projects):  # noqa: F811
    assert "Saindak copper-gold expansion" in body(client.get("/en/projects/"))
    cache.clear()  # every entry lost, as after a Redis restart or eviction
    catalogue_of_projects["saindak"].__class__.objects.filter(
        pk=catalogue_of_projects["saindak"].pk
    ).update(title="Saindak renamed expansion")
    page = body(client.get("/en/projects/"))
    assert "Saindak renamed expansion" in page
    assert "Saindak copper-gold expansion" not in page


def test_a_lost_version_row_starts_again_above_every_earlier_version(
    client,
    catalogue_of_projects,  # noqa: F811
):
    body(client.get("/en/projects/"))
    earlier = data_version()
    DataVersion.objects.all().delete()  # a flushed table
    project = catalogue_of_projects["thar"]
    project.__class__.objects.filter(pk=project.pk).update(title="Thar renamed gasification")
    assert data_version() > earlier
    assert "Thar renamed gasification" in body(client.get("/en/projects/"))


def test_a_renamed_mineral_shows_at_once_on_the_list_and_in_search(
    client,
    catalogue_of_projects,  # noqa: F811
):
    assert "Chromite" in body(client.get("/en/projects/"))
    chromite = Mineral.objects.get(slug="chromite")
    chromite.name = "Chromium ore"
    chromite.save()
    page = body(client.get("/en/projects/"))
    assert "Chromium ore" in page
    found = client.get("/en/projects/?search=chromium").context["page"].object_list
    assert [row["title"] for row in found] == ["Muslim Bagh chromite beneficiation"]


# --- A page past the end ----------------------------------------------------------------------


@pytest.mark.parametrize("page_number", ["2", "0", "abc"])
def test_a_page_past_the_end_is_404_in_the_layout_with_a_link_to_page_one(
    client,
    catalogue_of_projects,  # noqa: F811
    page_number,
):
    response = client.get(f"/en/projects/?mineral=copper&zzinject=X&page={page_number}")
    assert response.status_code == 404
    page = body(response)
    assert "<nav" in page
    assert 'href="/en/projects/?mineral=copper"' in page
    assert "zzinject" not in main_part(page)
