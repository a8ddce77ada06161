"""`/api/v1/mous/`: confidentiality, filters, bad input and the pinned query count."""

from __future__ import annotations

import pytest

from emining.models import Agency

from .mous import make_mou

pytestmark = pytest.mark.django_db

MOUS = "/api/v1/mous/"


@pytest.fixture
def registry(official, cn_firm, pk_firm, reference_data):
    pmdc = Agency.objects.get(slug="pmdc")
    return {
        "public": make_mou(official, pk_firm, cn_firm, title="Public MoU"),
        "confidential": make_mou(official, cn_firm, pmdc, title="Secret MoU", is_public=False),
        "draft": make_mou(official, pk_firm, pmdc, status="draft", title="Draft MoU"),
    }


SEEN = {
    None: {"public"},
    "partner_system": {"public"},
    "pk_firm_member": {"public"},
    "verified_member": {"public", "confidential"},
    "administrator": {"public"},
    "official": {"public", "confidential", "draft"},
    "other_agency_official": {"public", "confidential", "draft"},
}


@pytest.mark.parametrize(("persona", "seen"), SEEN.items())
def test_confidentiality_in_the_api(request, api_client, registry, persona, seen):
    if persona:
        api_client.force_authenticate(request.getfixturevalue(persona))
    listed = {row["reference"] for row in api_client.get(MOUS).json()["results"]}
    assert listed == {registry[name].reference for name in seen}
    for name, mou in registry.items():
        response = api_client.get(f"{MOUS}{mou.reference}/")
        assert response.status_code == (200 if name in seen else 404), name


def test_an_mou_in_the_api(api_client, registry, cn_firm):
    row = api_client.get(f"{MOUS}{registry['public'].reference}/").json()
    assert row["status"] == "signed"
    assert [p["firm_country"] for p in row["parties"]] == ["PK", "CN"]
    assert row["minerals"] == ["copper"]
    assert row["stages"] == ["processing"]
    assert [t["to_status"] for t in row["transitions"]] == ["signed"]
    assert row["overdue_milestones"] == 0


def test_filters_are_the_pages(api_client, registry, official):
    api_client.force_authenticate(official)

    def references(query: str) -> set[str]:
        response = api_client.get(MOUS + query)
        assert response.status_code == 200
        return {row["reference"] for row in response.json()["results"]}

    assert references("?status=draft") == {registry["draft"].reference}
    assert references("?q=secret") == {registry["confidential"].reference}
    assert references("?q=数字跨境") == {
        registry[name].reference for name in ("public", "confidential", "draft")
    }


@pytest.mark.parametrize(
    "query",
    ["?status=lost", "?year=abc", "?year=99999", "?mineral=kryptonite", "?country=FR"],
)
def test_bad_filters_answer_400(api_client, registry, query):
    response = api_client.get(MOUS + query)
    assert response.status_code == 400
    assert query[1:].split("=")[0] in response.json()["errors"]


def test_writes_are_not_offered(api_client, official, registry):
    api_client.force_authenticate(official)
    assert api_client.post(MOUS, {"title": "x"}).status_code == 405
    assert api_client.delete(f"{MOUS}{registry['public'].reference}/").status_code == 405


@pytest.mark.parametrize("count", [3, 25])
def test_api_query_count_is_pinned(
    api_client, official, cn_firm, pk_firm, django_assert_num_queries, count
):
    for i in range(count):
        make_mou(official, pk_firm, cn_firm, title=f"MoU {i}")
    # The count, the rows, then one query each for parties, minerals, regions, stages,
    # milestones, status changes and linked projects.
    with django_assert_num_queries(9):
        response = api_client.get(MOUS + "?page_size=100")
    assert response.json()["count"] == count
