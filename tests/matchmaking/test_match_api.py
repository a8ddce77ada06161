"""`GET /api/v1/matches/`: a firm's own recommendations, an official's per project."""

from __future__ import annotations

import pytest
from rest_framework.test import APIClient

from matchmaking.services import matches as services
from tests.factories import make_firm_member

from .conftest import firm

pytestmark = pytest.mark.django_db


@pytest.fixture
def scored(market):
    services.recompute_all_matches()
    return market


def api(user=None, language="en") -> APIClient:
    client = APIClient(HTTP_ACCEPT_LANGUAGE=language)
    if user is not None:
        client.force_authenticate(user)
    return client


def test_a_firm_reads_its_recommendations_with_score_breakdown_and_reasons(scored):
    member = make_firm_member(scored["smelter"], username="smelter_member")
    response = api(member).get("/api/v1/matches/")
    assert response.status_code == 200
    first = response.json()["results"][0]
    assert first["project"] == scored["saindak"].reference
    assert first["score"] == 90  # 30 + 20 + 15 + 10 + 10 x 0.5 (experience) + 5 + 10 x 0.5
    assert first["breakdown"] == {
        "mineral": 100,
        "capability": 100,
        "capital": 100,
        "region": 100,
        "track_record": 50,  # 20 years; no awarded project yet
        "verification": 100,
        "feedback": 50,
    }
    assert "Smelting: your capability" in first["reasons"]


def test_reasons_follow_accept_language(scored):
    member = make_firm_member(scored["smelter"], username="smelter_member")
    first = api(member, "zh-hans").get("/api/v1/matches/").json()["results"][0]
    assert any("您的能力" in reason for reason in first["reasons"])


def test_an_official_reads_a_projects_likely_investors(scored, official):
    reference = scored["saindak"].reference
    response = api(official).get(f"/api/v1/matches/?project={reference}")
    assert response.status_code == 200
    firms = [row["firm_name"] for row in response.json()["results"]]
    assert firms[0] == "Copper Smelter Co"


def test_an_official_must_name_a_project_of_their_agency(scored, official, other_agency_official):
    assert api(official).get("/api/v1/matches/").status_code == 400
    reference = scored["saindak"].reference
    response = api(other_agency_official).get(f"/api/v1/matches/?project={reference}")
    assert response.status_code == 404
    assert api(official).get("/api/v1/matches/?project=NOPE").status_code == 404


@pytest.mark.parametrize("persona", ["pending_member", "partner_system"])
def test_others_are_refused(scored, persona, request):
    assert api(request.getfixturevalue(persona)).get("/api/v1/matches/").status_code == 403


def test_anonymous_callers_are_refused(scored):
    assert api().get("/api/v1/matches/").status_code == 401


def test_writes_are_not_offered(scored, official):
    assert api(official).post("/api/v1/matches/", {}).status_code == 405


def test_the_list_takes_a_fixed_number_of_queries(scored, official, django_assert_num_queries):
    reference = scored["saindak"].reference
    client = api(official)
    with django_assert_num_queries(8):
        assert len(client.get(f"/api/v1/matches/?project={reference}").json()["results"]) == 2
    for number in range(4):
        firm(f"Copper firm {number}", minerals=("copper",))
    services.recompute_all_matches()
    with django_assert_num_queries(8):
        assert len(client.get(f"/api/v1/matches/?project={reference}").json()["results"]) == 6
