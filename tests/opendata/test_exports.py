"""CSV and JSON exports: streamed, public rows and public columns only, bad parameters a 400."""

from __future__ import annotations

import csv
import io
import json
from datetime import UTC

import pytest
from django.db import connection
from django.http import StreamingHttpResponse

from emining import opendata
from tests.factories import FirmFactory, make_project

from .conftest import BIDDERS, SECRETS

pytestmark = pytest.mark.django_db

# The table exports stream with PostgreSQL (COPY, array subqueries; CI runs it). On SQLite
# they answer 503, which `test_without_postgresql_the_exports_say_so` checks.
postgresql_only = pytest.mark.skipif(
    connection.vendor != "postgresql", reason="the table exports need PostgreSQL (CI runs it)"
)


def _body(response) -> str:
    assert isinstance(response, StreamingHttpResponse)
    return b"".join(response.streaming_content).decode("utf-8")


def _csv(client, url):
    response = client.get(url)
    assert response.status_code == 200
    assert response["Content-Type"] == "text/csv; charset=utf-8"
    text = _body(response)
    assert text.startswith("\ufeff")  # for Excel
    return response, list(csv.DictReader(io.StringIO(text[1:])))


def _json(client, url):
    response = client.get(url)
    assert response.status_code == 200
    assert response["Content-Type"] == "application/json; charset=utf-8"
    return response, json.loads(_body(response))


def test_the_registry_holds_every_dataset_and_the_ocds_package():
    assert [d.name for d in opendata.datasets()] == ["projects", "awards", "firms", "mous"]
    assert [d.name for d in opendata.downloads()] == ["ocds", "audit-head"]


@postgresql_only
def test_projects_csv_has_public_projects_only(client, portal):
    response, rows = _csv(client, "/opendata/projects.csv")
    assert response["Content-Disposition"].startswith('attachment; filename="emining-projects-')
    assert response["X-Content-Type-Options"] == "nosniff"
    by_reference = {row["reference"]: row for row in rows}
    public = {portal.open_project, portal.awarded, portal.cancelled, portal.sealed}
    assert set(by_reference) == {p.reference for p in public}
    awarded = by_reference[portal.awarded.reference]
    assert awarded["title_zh"] == "已授予铬铁矿项目"
    assert awarded["title_ur"] == "منظور شدہ کرومائٹ منصوبہ"
    assert awarded["minerals"] == "chromite;copper"
    assert awarded["status"] == "awarded"
    assert awarded["investment_usd"] == "250000000"
    assert set(rows[0]) == {column.name for column in opendata.get_dataset("projects").columns}


@postgresql_only
def test_projects_json_matches_the_csv(client, portal):
    _response, records = _json(client, "/opendata/projects.json")
    assert {r["reference"] for r in records} == {
        portal.open_project.reference,
        portal.awarded.reference,
        portal.cancelled.reference,
        portal.sealed.reference,
    }
    awarded = next(r for r in records if r["reference"] == portal.awarded.reference)
    assert awarded["minerals"] == ["chromite", "copper"]
    assert awarded["area_km2"] == 120.0
    assert awarded["agency"] == "ministry-of-energy-petroleum-division"


@postgresql_only
def test_awards_show_the_winning_notice_only(client, portal):
    _response, rows = _csv(client, "/opendata/awards.csv")
    assert len(rows) == 1
    (row,) = rows
    assert row["project"] == portal.awarded.reference
    assert row["lead_firm"] == portal.cn_firm.name
    assert row["firms"] == f"{portal.cn_firm.name};{portal.pk_firm.name}"
    assert row["firm_countries"] == "CN;PK"
    assert row["offered_investment_usd"] == "240000000"
    _response, records = _json(client, "/opendata/awards.json")
    assert records[0]["firms"] == [portal.cn_firm.name, portal.pk_firm.name]


@postgresql_only
def test_firms_are_the_verified_ones_without_contacts(client, portal):
    _response, rows = _csv(client, "/opendata/firms.csv")
    names = {row["name"] for row in rows}
    assert portal.cn_firm.name in names
    assert "Pending Minerals Limited" not in names
    assert "Rejected Minerals Limited" not in names
    assert not {"contact_name", "contact_email", "contact_phone"} & set(rows[0])
    cn = next(row for row in rows if row["name"] == portal.cn_firm.name)
    assert cn["capabilities"] == "mining;processing"
    assert cn["country"] == "CN"


@postgresql_only
@pytest.mark.parametrize("name", ["projects", "awards", "firms", "mous"])
@pytest.mark.parametrize("fmt", ["csv", "json"])
def test_nothing_non_public_in_any_export(client, portal, name, fmt):
    text = _body(client.get(f"/opendata/{name}.{fmt}"))
    for secret in SECRETS:
        assert secret not in text, secret
    if name in ("projects", "awards"):  # verified firms are public, but not as bidders
        for bidder in BIDDERS:
            assert bidder not in text, bidder


@postgresql_only
def test_mous_are_the_public_signed_ones_with_public_links_only(client, portal):
    _response, rows = _csv(client, "/opendata/mous.csv")
    assert [row["reference"] for row in rows] == [portal.public_mou.reference]
    (row,) = rows
    assert row["title_zh"] == "数字跨境产业贸易"
    assert row["title_ur"] == "ڈیجیٹل سرحد پار تجارت"
    assert row["status"] == "signed"
    assert row["parties"] == (
        f"{portal.cn_firm.name} (chinese_party);{portal.pk_firm.name} (pakistani_party)"
    )
    assert row["party_firm_countries"] == "CN;PK"
    assert row["projects"] == portal.awarded.reference  # the linked draft stays unnamed
    assert not {"is_public", "documents", "milestones", "created_by"} & set(row)


@postgresql_only
def test_filters_of_the_list_pages_narrow_an_export(client, portal):
    _response, rows = _csv(client, "/opendata/projects.csv?status=awarded")
    assert [row["reference"] for row in rows] == [portal.awarded.reference]
    _response, rows = _csv(client, "/opendata/projects.csv?mineral=chromite")
    assert [row["reference"] for row in rows] == [portal.awarded.reference]
    _response, rows = _csv(client, "/opendata/firms.csv?country=PK")
    assert {row["name"] for row in rows} == {portal.pk_firm.name}
    _response, rows = _csv(client, "/opendata/mous.csv?status=expired")
    assert rows == []
    _response, records = _json(client, "/opendata/mous.json?q=cross-border&country=CN")
    assert [r["reference"] for r in records] == [portal.public_mou.reference]


@postgresql_only
@pytest.mark.parametrize(
    ("url", "field"),
    [
        ("/opendata/projects.csv?status=nonsense", "status"),
        ("/opendata/projects.json?mineral=unobtainium", "mineral"),
        ("/opendata/projects.csv?min_investment=lots", "min_investment"),
        ("/opendata/projects.csv?fields=contact_official", "fields"),
        ("/opendata/projects.csv?status=awarded&status=closed", "status"),
        ("/opendata/awards.csv?status=awarded", "status"),
        ("/opendata/firms.csv?country=XX", "country"),
        ("/opendata/mous.csv?year=last", "year"),
        ("/opendata/mous.json?status=secret", "status"),
        ("/opendata/ocds.json?page=2", "page"),
    ],
)
def test_bad_parameters_answer_400_not_a_half_file(client, portal, url, field):
    response = client.get(url)
    assert response.status_code == 400
    assert not response.streaming
    assert field in response.json()


@pytest.mark.parametrize("url", ["/opendata/projects.xml", "/opendata/drafts.csv"])
def test_unknown_datasets_and_formats_are_404(client, db, url):
    assert client.get(url).status_code == 404


def test_exports_are_get_only(client, db):
    assert client.post("/opendata/projects.csv").status_code == 405


@postgresql_only
def test_the_rows_are_read_as_the_file_is_sent(client, portal, django_assert_num_queries):
    """The header goes out before the database is asked; the rows come from one query (a
    server-side cursor read in chunks), whatever their number."""
    response = client.get("/opendata/projects.json")
    chunks = iter(response.streaming_content)
    with django_assert_num_queries(0):
        assert next(chunks) == b"["
    with django_assert_num_queries(1):
        rest = b"".join(chunks)
    assert portal.awarded.reference.encode() in rest


@postgresql_only
def test_the_csv_is_written_by_the_database_as_it_goes(client, portal):
    """CSV rows come from `COPY ... TO STDOUT` (not through Django's cursor wrapper): the
    header leaves first, and a big export leaves in several pieces."""
    for _ in range(3):
        make_project(status="awarded", summary="x" * 600)
    response = client.get("/opendata/projects.csv")
    chunks = list(response.streaming_content)
    assert chunks[0].decode("utf-8").startswith("\ufeffreference,title,")
    assert chunks[0].count(b"\n") == 1  # the header alone
    assert b"".join(chunks[1:]).count(b"PMP-") == 7


@postgresql_only
@pytest.mark.parametrize("name", ["projects", "awards", "firms", "mous"])
def test_json_query_count_does_not_grow_with_the_rows(
    client, portal, name, django_assert_num_queries
):
    for _ in range(3):
        make_project(status="awarded")
        FirmFactory()
    with django_assert_num_queries(1):
        b"".join(client.get(f"/opendata/{name}.json").streaming_content)


def _same(csv_value: str, json_value) -> bool:
    if json_value is None:
        return csv_value == ""
    if isinstance(json_value, bool):
        return csv_value == str(json_value).lower()
    if isinstance(json_value, list):
        return csv_value == ";".join(json_value)
    if isinstance(json_value, int | float):
        return float(csv_value) == float(json_value)
    return csv_value == str(json_value)


@postgresql_only
@pytest.mark.parametrize("name", ["projects", "awards", "firms", "mous"])
def test_csv_and_json_hold_the_same_values(client, portal, name):
    """The database writes the CSV, Python the JSON: they agree value for value."""
    _response, rows = _csv(client, f"/opendata/{name}.csv")
    _response, records = _json(client, f"/opendata/{name}.json")
    assert len(rows) == len(records) > 0
    for row, record in zip(rows, records, strict=True):
        assert list(row) == list(record)
        for key, value in record.items():
            assert _same(row[key], value), (key, row[key], value)


@postgresql_only
def test_times_are_iso_8601_in_utc(client, portal):
    _response, records = _json(client, "/opendata/projects.json")
    awarded = next(r for r in records if r["reference"] == portal.awarded.reference)
    expected = portal.awarded.awarded_at.astimezone(UTC).strftime("%Y-%m-%dT%H:%M:%SZ")
    assert awarded["awarded_at"] == expected


def test_the_open_data_page_lists_every_download_with_the_licence(client, db):
    response = client.get("/en/opendata/")
    assert response.status_code == 200
    page = response.content.decode()
    for url in ("/opendata/projects.csv", "/opendata/awards.json", "/opendata/firms.csv"):
        assert f'href="{url}"' in page
    assert 'href="/opendata/ocds.json"' in page
    assert "CC BY 4.0" in page
    assert 'rel="license"' in page


@pytest.mark.parametrize(("language", "text"), [("zh-hans", "开放数据"), ("ur", "اوپن ڈیٹا")])
def test_the_page_is_translated(client, db, language, text):
    response = client.get(f"/{language}/opendata/")
    assert text in response.content.decode()


def test_the_footer_links_the_page(client, db):
    assert 'href="/en/opendata/"' in client.get("/en/").content.decode()


def test_without_postgresql_the_exports_say_so(client, db, monkeypatch):
    from django.db import connection

    monkeypatch.setattr(connection, "vendor", "sqlite")
    response = client.get("/opendata/projects.csv")
    assert response.status_code == 503
    assert not response.streaming


def test_the_page_without_a_language_prefix_redirects(client, db):
    response = client.get("/opendata/")
    assert response.status_code == 302
    assert response["Location"] == "/en/opendata/"


def test_in_urdu_file_formats_and_names_keep_their_order(client, db):
    page = client.get("/ur/opendata/").content.decode()
    assert 'dir="rtl"' in page
    assert '<bdi dir="ltr">JSON (OCDS 1.1)</bdi>' in page
    assert '<bdi dir="ltr">CC BY 4.0</bdi>' in page
