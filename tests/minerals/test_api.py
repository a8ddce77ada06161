from __future__ import annotations

import pytest

from minerals.models import Mineral

pytestmark = pytest.mark.django_db

FIELDS = {"slug", "name", "name_zh", "name_ur", "category", "is_critical"}


def test_list_and_detail(api_client, reference_data):
    response = api_client.get("/api/v1/minerals/")
    assert response.status_code == 200
    data = response.json()
    assert data["count"] == Mineral.objects.count()
    assert set(data["results"][0]) >= FIELDS
    detail = api_client.get("/api/v1/minerals/copper/").json()
    assert detail["name_zh"] == "铜"
    assert "chagai" in detail["regions"]


@pytest.mark.parametrize(
    ("query", "expected"),
    [
        ("category=energy", {"coal"}),
        ("is_critical=true&search=copper", {"copper"}),
        ("search=铜", {"copper"}),
    ],
)
def test_filters(api_client, reference_data, query, expected):
    slugs = {row["slug"] for row in api_client.get(f"/api/v1/minerals/?{query}").json()["results"]}
    assert expected <= slugs
    if query == "category=energy":
        assert all(
            row["category"] == "energy"
            for row in api_client.get(f"/api/v1/minerals/?{query}").json()["results"]
        )


def test_is_critical_false_excludes_critical(api_client, reference_data):
    rows = api_client.get("/api/v1/minerals/?is_critical=false&page_size=100").json()["results"]
    assert rows
    assert not any(row["is_critical"] for row in rows)


@pytest.mark.parametrize(
    "query",
    [
        "category=kryptonite",
        "is_critical=maybe",
        "page=abc",
        "page_size=x&page=99",
        "search=%00",  # PostgreSQL rejects NUL bytes: refused before the query
        "search=" + "x" * 101,
    ],
)
def test_bad_query_values_are_json_4xx(api_client, reference_data, query):
    response = api_client.get(f"/api/v1/minerals/?{query}")
    assert 400 <= response.status_code < 500
    assert response.json()


def test_missing_records_and_pages_say_so_in_the_users_language(api_client, reference_data):
    missing = api_client.get("/api/v1/minerals/unobtainium/")
    assert missing["Content-Type"] == "application/problem+json"
    assert missing.json() == {
        "type": "about:blank",
        "title": "Not found",
        "status": 404,
        "detail": "Not found.",
        "code": "not_found",
    }
    assert api_client.get("/api/v1/minerals/?page=99").json()["detail"] == "Invalid page."
    chinese = api_client.get("/api/v1/minerals/?page=99", HTTP_ACCEPT_LANGUAGE="zh-hans")
    assert (chinese.json()["title"], chinese.json()["detail"]) == ("未找到", "页码无效。")
    urdu = api_client.get("/api/v1/minerals/unobtainium/", HTTP_ACCEPT_LANGUAGE="ur")
    assert (urdu.json()["title"], urdu.json()["detail"]) == ("نہیں ملا", "نہیں ملا۔")


def test_regions_endpoint(api_client, reference_data):
    rows = api_client.get("/api/v1/regions/?province=balochistan&page_size=100").json()["results"]
    assert {"chagai", "lasbela", "khuzdar"} <= {row["slug"] for row in rows}
    assert all(row["parent"] == "balochistan" for row in rows)
    chagai = api_client.get("/api/v1/regions/chagai/").json()
    assert chagai["kind"] == "district"
    assert api_client.get("/api/v1/regions/?kind=planet").status_code == 400


@pytest.mark.parametrize("page_size", [5, 40])
def test_list_query_count_is_pinned(
    api_client, reference_data, django_assert_num_queries, page_size
):
    # COUNT, the page of minerals, and one prefetch of their regions: never one per row.
    with django_assert_num_queries(3):
        response = api_client.get(f"/api/v1/minerals/?page_size={page_size}")
    assert len(response.json()["results"]) == page_size


def test_read_only(api_client, administrator, reference_data):
    api_client.force_authenticate(administrator)
    assert api_client.post("/api/v1/minerals/", {"slug": "x"}).status_code == 405
    assert api_client.delete("/api/v1/minerals/copper/").status_code == 405


def test_schema_and_docs(client, db):
    schema = client.get("/api/schema/")
    assert schema.status_code == 200
    assert b"/api/v1/minerals/" in schema.content
    docs = client.get("/api/docs/")
    assert docs.status_code == 200
    assert b"swagger-ui" in docs.content
    assert b"cdn" not in docs.content.lower()


def test_openapi_schema_validates(db):
    from io import StringIO

    from django.core.management import call_command

    out = StringIO()
    call_command("spectacular", "--validate", "--fail-on-warn", stdout=out)
    assert "openapi: 3" in out.getvalue()
