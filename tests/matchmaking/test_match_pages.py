"""Where matches show: a firm's recommendations (reasons, interested, dismiss), suggested
partners, a project's likely investors and the invitation to bid."""

from __future__ import annotations

import pytest
from django.test import Client

from emining.notifications.models import Notification
from matchmaking.models import BidInvitation, MatchFeedback
from matchmaking.services import matches as services
from tests.factories import make_firm_member, make_project

from .conftest import firm

pytestmark = pytest.mark.django_db


@pytest.fixture
def smelter_member(market):
    return make_firm_member(market["smelter"], username="smelter_member")


@pytest.fixture
def scored(market):
    services.recompute_all_matches()
    return market


def signed_in(user) -> Client:
    client = Client()
    client.force_login(user)
    return client


def test_a_firm_sees_its_recommendations_with_reasons(scored, smelter_member):
    response = signed_in(smelter_member).get("/en/matches/")
    assert response.status_code == 200
    text = response.content.decode()
    assert text.index("Saindak copper-gold smelter") < text.index("Thar coal block")
    assert "Copper, Gold: among your minerals of interest" in text
    assert "Smelting: your capability" in text
    assert "inside your capital range" in text
    assert "Balochistan: a preferred region" in text
    assert "Coal Miner Co" in text  # the suggested Pakistani partner
    assert response["Cache-Control"].startswith("private") or "private" in response["Cache-Control"]


@pytest.mark.parametrize(("language", "text"), [("zh-hans", "推荐"), ("ur", "تجاویز")])
def test_the_page_is_translated(scored, smelter_member, language, text):
    response = signed_in(smelter_member).get(f"/{language}/matches/")
    assert text in response.content.decode()


def test_dismissed_projects_leave_the_list(scored, smelter_member):
    client = signed_in(smelter_member)
    reference = scored["thar"].reference
    response = client.post(f"/en/matches/{reference}/feedback/", {"verdict": "dismissed"})
    assert response.status_code == 302
    assert "Thar coal block" not in client.get("/en/matches/").content.decode()
    assert MatchFeedback.objects.get().verdict == "dismissed"


def test_interest_is_recorded_and_shown(scored, smelter_member):
    client = signed_in(smelter_member)
    reference = scored["saindak"].reference
    client.post(f"/en/matches/{reference}/feedback/", {"verdict": "interested"})
    assert "You marked it interesting" in client.get("/en/matches/").content.decode()


def test_a_bad_verdict_is_refused_with_a_message(scored, smelter_member):
    client = signed_in(smelter_member)
    reference = scored["saindak"].reference
    response = client.post(
        f"/en/matches/{reference}/feedback/", {"verdict": "<script>"}, follow=True
    )
    assert response.status_code == 200
    assert "Choose interested or dismissed." in response.content.decode()
    assert not MatchFeedback.objects.exists()


def test_feedback_on_an_unknown_project_is_404(scored, smelter_member):
    response = signed_in(smelter_member).post(
        "/en/matches/NOPE-1/feedback/", {"verdict": "interested"}
    )
    assert response.status_code == 404


@pytest.mark.parametrize("persona", ["pending_member", "official", "firm_member"])
def test_only_verified_firms_get_recommendations(scored, persona, request):
    response = signed_in(request.getfixturevalue(persona)).get("/en/matches/")
    assert response.status_code == 403


def test_anonymous_visitors_are_sent_to_sign_in(scored, client):
    assert client.get("/en/matches/").status_code == 302


def test_the_page_takes_a_fixed_number_of_queries(
    scored, smelter_member, django_assert_num_queries
):
    client = signed_in(smelter_member)
    client.get("/en/matches/")
    with django_assert_num_queries(14):
        client.get("/en/matches/")
    for number in range(4):
        make_project(title=f"Copper project {number}", minerals=("copper", "gold"))
        firm(f"Partner {number}", country="PK", stages=("mining",), minerals=("copper",))
    services.recompute_all_matches()
    with django_assert_num_queries(14):
        text = client.get("/en/matches/").content.decode()
    assert text.count('class="card mb-3 recommendation"') == 6
    assert text.count('class="card mb-2 partner"') == 5


def test_officials_of_the_agency_see_likely_investors_and_invite(scored, official):
    client = signed_in(official)
    reference = scored["saindak"].reference
    response = client.get(f"/en/projects/{reference}/investors/")
    assert response.status_code == 200
    text = response.content.decode()
    assert text.index("Copper Smelter Co") < text.index("Coal Miner Co")
    assert "Smelting: a capability" in text
    member = make_firm_member(scored["smelter"], username="smelter_owner")
    response = client.post(f"/en/projects/{reference}/investors/{scored['smelter'].pk}/invite/")
    assert response.status_code == 302
    assert BidInvitation.objects.filter(project=scored["saindak"]).count() == 1
    notice = Notification.objects.get(recipient=member)
    assert notice.kind == "invited_to_bid"
    # Inviting again notifies no one twice.
    client.post(f"/en/projects/{reference}/investors/{scored['smelter'].pk}/invite/")
    assert Notification.objects.filter(kind="invited_to_bid").count() == 1
    assert "Invited" in client.get(f"/en/projects/{reference}/investors/").content.decode()


@pytest.mark.parametrize("persona", ["other_agency_official", "verified_member"])
def test_others_do_not_see_likely_investors(scored, persona, request):
    client = signed_in(request.getfixturevalue(persona))
    reference = scored["saindak"].reference
    assert client.get(f"/en/projects/{reference}/investors/").status_code == 404
    response = client.post(f"/en/projects/{reference}/investors/{scored['smelter'].pk}/invite/")
    assert response.status_code == 404
    assert not BidInvitation.objects.exists()


def test_a_closed_project_takes_no_invitation(scored, official):
    from tests.factories import close_bidding_now

    close_bidding_now(scored["saindak"])
    client = signed_in(official)
    reference = scored["saindak"].reference
    response = client.post(
        f"/en/projects/{reference}/investors/{scored['smelter'].pk}/invite/", follow=True
    )
    assert "no longer takes bids" in response.content.decode()
    assert not BidInvitation.objects.exists()
