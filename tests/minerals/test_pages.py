from __future__ import annotations

import re

import pytest
from django.db.models import Q

pytestmark = pytest.mark.django_db


def test_mineral_list_filters_by_category_and_critical(client, reference_data):
    body = client.get("/en/minerals/?category=energy").content.decode()
    assert "Coal" in body
    assert "Copper" not in body
    body = client.get("/en/minerals/?is_critical=true").content.decode()
    assert "Copper" in body
    assert ">Granite<" not in body


def test_mineral_search_matches_chinese_and_urdu_names(client, reference_data):
    assert "Copper" in client.get("/en/minerals/?search=铜").content.decode()
    assert "Copper" in client.get("/en/minerals/?search=تانبا").content.decode()


def test_empty_result_has_a_clear_message(client, reference_data):
    body = client.get("/en/minerals/?search=unobtainium").content.decode()
    assert "No mineral matches these filters." in body


def test_bad_filter_value_is_a_400_in_the_layout(client, reference_data):
    response = client.get("/en/minerals/?category=kryptonite&is_critical=maybe")
    assert response.status_code == 400
    body = response.content.decode()
    assert "Some filters are not valid" in body
    assert 'class="portal-header"' in body


def test_nul_byte_in_search_is_a_400(client, reference_data):
    response = client.get("/en/minerals/?search=cop%00per")
    assert response.status_code == 400
    assert "Null characters are not allowed." in response.content.decode()


def test_bad_page_number_is_a_404(client, reference_data):
    assert client.get("/en/minerals/?page=abc").status_code == 404
    assert client.get("/en/minerals/?page=999").status_code == 404


def test_htmx_request_gets_only_the_results(client, reference_data):
    response = client.get("/en/minerals/?category=energy", HTTP_HX_REQUEST="true")
    body = response.content.decode()
    assert "Coal" in body
    assert "<html" not in body


def test_mineral_detail_lists_occurrences(client, reference_data):
    body = client.get("/en/minerals/copper/").content.decode()
    assert "Chagai" in body
    assert "铜" in body
    assert client.get("/en/minerals/unobtainium/").status_code == 404


def test_region_pages(client, reference_data):
    body = client.get("/en/regions/").content.decode()
    assert "Balochistan" in body
    body = client.get("/en/regions/?province=balochistan&kind=district").content.decode()
    assert "Chagai" in body
    assert "Tharparkar" not in body
    assert client.get("/en/regions/?province=atlantis").status_code == 400
    province = client.get("/en/regions/balochistan/").content.decode()
    assert "Chagai" in province
    assert "Copper" in province  # minerals of its districts
    district = client.get("/en/regions/chagai/").content.decode()
    assert "Copper" in district


def test_list_page_query_counts_are_pinned(client, reference_data, django_assert_num_queries):
    # Count, the page of minerals, one prefetch of their regions: never one query per row.
    with django_assert_num_queries(3):
        client.get("/en/minerals/")
    # Count, rows, provinces, their districts, and the province filter's options.
    with django_assert_num_queries(5):
        client.get("/en/regions/")
    with django_assert_num_queries(5):
        client.get("/en/regions/?kind=district&search=a")


def test_detail_and_home_query_counts_are_pinned(client, reference_data, django_assert_num_queries):
    # The mineral, then its regions with their provinces in one prefetch; its projects' count
    # (none: no page of them is fetched).
    with django_assert_num_queries(3):
        client.get("/en/minerals/copper/")
    # The region, its districts, the minerals found in it, its projects' count.
    with django_assert_num_queries(4):
        client.get("/en/regions/balochistan/")
    # Home: mineral counts (one aggregate), districts, agencies, the projects' key figures (one
    # aggregate, cached under the listings data version, read from the database).
    with django_assert_num_queries(5):
        client.get("/en/")


# --- The catalogue leads to projects ---------------------------------------------------------


@pytest.fixture
def catalogue_projects(reference_data):
    """Two public copper projects in Chagai (Balochistan), a draft, and a gold project in Sindh."""
    from tests.factories import make_project

    return {
        "saindak": make_project(title="Saindak copper extension", minerals=("copper", "gold")),
        "reko": make_project(title="Reko Diq copper concentrate", minerals=("copper",)),
        "draft": make_project(title="Secret draft copper", status="draft"),
        "sindh": make_project(
            title="Thar coal gasification",
            minerals=("coal",),
            region="sindh",
            district="tharparkar",
            latitude=24.7,
            longitude=70.2,
        ),
    }


def test_mineral_page_lists_its_published_projects_and_links_to_the_filtered_list(
    client, catalogue_projects
):
    body = client.get("/en/minerals/copper/").content.decode()
    assert "Saindak copper extension" in body
    assert "Reko Diq copper concentrate" in body
    assert "Secret draft copper" not in body  # never public
    assert "Thar coal gasification" not in body
    assert 'href="/en/projects/?mineral=copper"' in body
    assert "See all 2 projects in the project list" in body
    # The link leads to the same projects.
    listed = client.get("/en/projects/?mineral=copper").content.decode()
    assert "Saindak copper extension" in listed
    assert "Thar coal gasification" not in listed


def test_region_pages_list_their_published_projects(client, catalogue_projects):
    province = client.get("/en/regions/balochistan/").content.decode()
    assert "Saindak copper extension" in province
    assert "Thar coal gasification" not in province
    assert 'href="/en/projects/?region=balochistan"' in province
    district = client.get("/en/regions/tharparkar/").content.decode()
    assert "Thar coal gasification" in district
    assert "See the 1 project in the project list" in district
    assert 'href="/en/projects/?region=tharparkar"' in district


def test_catalogue_pages_without_projects_say_so_in_the_visitors_language(client, reference_data):
    assert (
        "No project has been published here yet."
        in client.get("/en/minerals/lithium/").content.decode()
    )
    assert (
        "此处尚未发布任何项目。"
        in client.get("/zh-hans/regions/gilgit-baltistan/").content.decode()
    )


def test_catalogue_project_titles_follow_the_language(client, reference_data):
    from tests.factories import make_project

    make_project(title="Saindak copper extension", title_zh="山达克铜矿扩建")
    assert "山达克铜矿扩建" in client.get("/zh-hans/minerals/copper/").content.decode()


def test_catalogue_detail_query_counts_are_pinned(
    client, catalogue_projects, django_assert_num_queries
):
    from tests.factories import make_project

    for number in range(5):
        make_project(title=f"More copper {number}")
    # Mineral, its occurrences; the projects' count and their first page, however many.
    with django_assert_num_queries(4):
        client.get("/en/minerals/copper/")
    # Region (with its parent), its districts, its minerals; the projects' count and page.
    with django_assert_num_queries(5):
        client.get("/en/regions/balochistan/")


def test_province_rows_count_the_minerals_of_their_districts(client, reference_data):
    from minerals.models import Mineral, Region

    balochistan = Region.objects.get(slug="balochistan")
    expected = (
        Mineral.objects.filter(Q(regions=balochistan) | Q(regions__parent=balochistan))
        .distinct()
        .count()
    )
    assert expected > 0
    response = client.get("/en/regions/?kind=province")
    row = next(
        region for region in response.context["page"].object_list if region.slug == "balochistan"
    )
    assert row.mineral_count == expected
    chagai = Region.objects.get(slug="chagai")
    response = client.get("/en/regions/?province=balochistan&kind=district")
    row = next(region for region in response.context["page"].object_list if region == chagai)
    assert row.mineral_count == chagai.minerals.count()


def test_province_filter_options_read_in_the_visitors_language(client, reference_data):
    from minerals.models import Region

    balochistan = Region.objects.get(slug="balochistan")
    for language, name in (("zh-hans", balochistan.name_zh), ("ur", balochistan.name_ur)):
        assert name
        body = client.get(f"/{language}/regions/").content.decode()
        assert f'<option value="balochistan">{name}</option>' in body
        body = client.get(f"/{language}/projects/").content.decode()
        assert re.search(f'<option value="balochistan">[^<]*{name}[^<]*</option>', body)
        assert f'<optgroup label="{name}">' in body
