from __future__ import annotations

import pytest

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
    # The mineral, then its regions with their provinces in one prefetch.
    with django_assert_num_queries(2):
        client.get("/en/minerals/copper/")
    # The region, its districts, the minerals found in it.
    with django_assert_num_queries(3):
        client.get("/en/regions/balochistan/")
    # Home: mineral counts (one aggregate), districts, agencies, the projects' key figures (one
    # aggregate, cached under the listings data version, read from the database).
    with django_assert_num_queries(5):
        client.get("/en/")
