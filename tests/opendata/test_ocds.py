"""OCDS 1.1 release packages: valid against the official 1.1.5 schema (read from the shared
copy, never vendored), with codes from its codelists, and nothing that is not public."""

from __future__ import annotations

import csv
import json
import os
from functools import cache
from pathlib import Path

import pytest
from django.http import StreamingHttpResponse
from jsonschema import Draft4Validator
from referencing import Registry, Resource
from referencing.jsonschema import DRAFT4

from .conftest import BIDDERS, SECRETS

pytestmark = pytest.mark.django_db

SCHEMA_URL = "https://standard.open-contracting.org/schema/1__1__5/release-schema.json"


def _schema_dir() -> Path:
    """`../shared/ocds-1.1.5/` beside the repository (or a worktree's parent's), or where
    OCDS_SCHEMA_DIR says."""
    if os.environ.get("OCDS_SCHEMA_DIR"):
        return Path(os.environ["OCDS_SCHEMA_DIR"])
    here = Path(__file__).resolve()
    for parent in here.parents:
        candidate = parent / "shared" / "ocds-1.1.5"
        if (candidate / "release-package-schema.json").exists():
            return candidate
    pytest.fail("The OCDS 1.1.5 schemas are not in ../shared/ocds-1.1.5 (set OCDS_SCHEMA_DIR)")


@cache
def _validator() -> Draft4Validator:
    directory = _schema_dir()
    package = json.loads((directory / "release-package-schema.json").read_text())
    release = json.loads((directory / "release-schema.json").read_text())
    # The package refers to the release schema by its URL: map it to the local file.
    registry = Registry().with_resource(SCHEMA_URL, Resource.from_contents(release, DRAFT4))
    return Draft4Validator(
        package, registry=registry, format_checker=Draft4Validator.FORMAT_CHECKER
    )


@cache
def _codes(codelist: str) -> set[str]:
    with (_schema_dir() / "codelists" / f"{codelist}.csv").open(encoding="utf-8") as f:
        return {row["Code"] for row in csv.DictReader(f)}


def _assert_valid(package: dict) -> None:
    errors = sorted(_validator().iter_errors(package), key=lambda e: list(e.absolute_path))
    assert not errors, [f"{list(e.absolute_path)}: {e.message}" for e in errors]
    for release in package["releases"]:
        assert set(release["tag"]) <= _codes("releaseTag")
        assert release["initiationType"] in _codes("initiationType")
        assert release["tender"]["status"] in _codes("tenderStatus")
        assert release["tender"]["mainProcurementCategory"] in _codes("procurementCategory")
        assert release["tender"]["procurementMethod"] in _codes("method")
        for party in release["parties"]:
            assert set(party["roles"]) <= _codes("partyRole")
        for award in release.get("awards", ()):
            assert award["status"] in _codes("awardStatus")
        ids = [party["id"] for party in release["parties"]]
        assert len(ids) == len(set(ids))


def test_the_validator_catches_an_invalid_package():
    """The check can fail: a release without its ocid, a tag outside the codelist."""
    package = {
        "uri": "https://example.com/p.json",
        "version": "1.1",
        "publishedDate": "2026-12-03T10:00:00Z",
        "publisher": {"name": "x"},
        "releases": [{"id": "1", "date": "2026-12-03T10:00:00Z", "tag": ["bogus"]}],
    }
    messages = [error.message for error in _validator().iter_errors(package)]
    assert any("'ocid' is a required property" in m for m in messages)
    assert any("'bogus' is not one of" in m for m in messages)


def _package(api_client, project) -> dict:
    response = api_client.get(f"/api/v1/projects/{project.reference}/ocds/")
    assert response.status_code == 200, response.content
    return response.json()


def test_an_awarded_project_package(api_client, portal, settings):
    settings.OCDS_OCID_PREFIX = "ocds-test01"
    package = _package(api_client, portal.awarded)
    _assert_valid(package)
    (release,) = package["releases"]
    assert release["ocid"] == f"ocds-test01-{portal.awarded.reference}"
    assert release["tag"] == ["tender", "award"]
    assert release["initiationType"] == "tender"
    tender = release["tender"]
    assert tender["id"] == portal.awarded.reference
    assert tender["title"] == "Awarded chromite project"
    assert tender["title_zh-Hans"] == "已授予铬铁矿项目"
    assert tender["title_ur"] == "منظور شدہ کرومائٹ منصوبہ"
    assert tender["status"] == "complete"
    assert tender["value"] == {"amount": 250_000_000, "currency": "USD"}
    assert tender["numberOfTenderers"] == 2
    roles = {party["name"]: party["roles"] for party in release["parties"]}
    assert roles[portal.awarded.agency.name] == ["buyer", "procuringEntity"]
    assert roles[portal.cn_firm.name] == ["supplier", "tenderer"]
    assert roles[portal.pk_firm.name] == ["supplier", "tenderer"]
    assert roles["Runner-up Mining Limited"] == ["tenderer"]  # named once the award is public
    assert "Withdrawn Bidder Limited" not in roles
    (award,) = release["awards"]
    assert award["status"] == "active"
    assert award["value"] == {"amount": 240_000_000, "currency": "USD"}
    assert [s["name"] for s in award["suppliers"]] == [portal.cn_firm.name, portal.pk_firm.name]
    assert release["buyer"]["name"] == portal.awarded.agency.name
    assert package["license"] == "https://creativecommons.org/licenses/by/4.0/"
    assert package["uri"].endswith(f"/api/v1/projects/{portal.awarded.reference}/ocds/")


def test_before_the_award_no_bidder_is_named(api_client, portal):
    for project in (portal.open_project, portal.sealed, portal.cancelled):
        package = _package(api_client, project)
        _assert_valid(package)
        (release,) = package["releases"]
        assert "awards" not in release
        assert "tenderers" not in release["tender"]
        assert [p["roles"] for p in release["parties"]] == [["buyer", "procuringEntity"]]
        assert "numberOfTenderers" not in release["tender"]  # no opening yet
        text = json.dumps(package, ensure_ascii=False)
        for bidder in BIDDERS:
            assert bidder not in text
    cancelled = _package(api_client, portal.cancelled)["releases"][0]
    assert cancelled["tag"] == ["tenderCancellation"]
    assert cancelled["tender"]["status"] == "cancelled"
    assert _package(api_client, portal.open_project)["releases"][0]["tender"]["status"] == (
        "active"
    )


def test_the_ocid_is_stable_and_the_release_id_changes_with_the_project(api_client, portal):
    first = _package(api_client, portal.open_project)["releases"][0]
    assert _package(api_client, portal.open_project)["releases"][0] == first
    portal.open_project.title = "Renamed copper project"
    portal.open_project.save()
    second = _package(api_client, portal.open_project)["releases"][0]
    assert second["ocid"] == first["ocid"]
    assert second["id"] != first["id"]


def test_a_draft_has_no_release_for_anyone(api_client, portal, official, other_agency_official):
    url = f"/api/v1/projects/{portal.draft.reference}/ocds/"
    assert api_client.get(url).status_code == 404
    for user in (official, other_agency_official):
        api_client.force_authenticate(user)
        assert api_client.get(url).status_code == 404
    assert api_client.get("/api/v1/projects/PMP-2020-9999/ocds/").status_code == 404


def test_the_bulk_package_holds_every_public_project(client, portal, settings):
    settings.OCDS_OCID_PREFIX = "ocds-test01"
    response = client.get("/opendata/ocds.json")
    assert response.status_code == 200
    assert isinstance(response, StreamingHttpResponse)
    assert response["Content-Disposition"].startswith('attachment; filename="emining-ocds-')
    text = b"".join(response.streaming_content).decode()
    package = json.loads(text)
    _assert_valid(package)
    assert {r["ocid"] for r in package["releases"]} == {
        f"ocds-test01-{p.reference}"
        for p in (portal.open_project, portal.awarded, portal.cancelled, portal.sealed)
    }
    for secret in (*SECRETS, "Sealed Bidder Limited", "Withdrawn Bidder Limited"):
        assert secret not in text, secret
    awarded = next(r for r in package["releases"] if r["tender"]["id"] == portal.awarded.reference)
    assert awarded == _package_release(client, portal.awarded)


def _package_release(client, project) -> dict:
    return client.get(f"/api/v1/projects/{project.reference}/ocds/").json()["releases"][0]


def test_the_bulk_package_queries_do_not_grow_with_projects(
    client, portal, django_assert_num_queries
):
    from tests.factories import make_project

    for _ in range(5):
        make_project()
    # The newest date, the projects (one cursor), their opened bids, the bids' firms.
    with django_assert_num_queries(4):
        b"".join(client.get("/opendata/ocds.json").streaming_content)
