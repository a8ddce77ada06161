"""`/api/v1/bids/` and `/api/v1/awards/`: firms manage their own bids, officials see their
agency's bids once opened, and everyone else finds nothing (404)."""

from __future__ import annotations

import pytest

from projects import services
from projects.models import Bid
from tests.factories import (
    close_bidding_now,
    make_offer,
    make_project,
    offer_values,
)

pytestmark = pytest.mark.django_db

BIDS = "/api/v1/bids/"


@pytest.fixture
def project(official):
    return make_project(status="published")


def _submit(api_client, user, project, **values):
    api_client.force_authenticate(user)
    return api_client.post(
        BIDS, {"project": project.reference, **offer_values(**values)}, format="json"
    )


def test_a_firm_submits_through_the_api_and_gets_a_receipt(api_client, project, verified_member):
    response = _submit(api_client, verified_member, project)
    assert response.status_code == 201
    data = response.json()
    assert data["project"] == project.reference
    assert data["firm"] == verified_member.firm_membership.firm_id
    assert data["offered_investment_usd"] == 275_000_000
    assert data["status"] == "submitted"
    assert len(data["receipt_digest"]) == 64
    assert data["receipt_digest"] == Bid.objects.get().versions.get().receipt_digest
    assert "no-store" in response["Cache-Control"]


def test_bad_offers_answer_400_by_field(api_client, project, verified_member):
    response = _submit(api_client, verified_member, project, offered_investment_usd="lots")
    assert response.status_code == 400
    assert "offered_investment_usd" in response.json()["errors"]
    response = _submit(api_client, verified_member, project, value_addition_stage="magic")
    assert "value_addition_stage" in response.json()["errors"]
    api_client.force_authenticate(verified_member)
    unknown = api_client.post(
        BIDS, {"project": project.reference, **offer_values(), "partners": [999999]}, format="json"
    )
    assert unknown.status_code == 400
    assert "partners" in unknown.json()["errors"]
    nowhere = api_client.post(BIDS, {"project": "PMP-1999-0001", **offer_values()}, format="json")
    assert nowhere.status_code == 400
    assert not Bid.objects.exists()


def test_a_late_submission_is_refused_and_a_late_revision_keeps_the_bid(
    api_client, project, verified_member
):
    bid_id = _submit(api_client, verified_member, project).json()["id"]
    close_bidding_now(project)
    late = api_client.post(f"{BIDS}{bid_id}/revise/", offer_values(local_jobs=1), format="json")
    assert late.status_code == 400
    assert "closed" in str(late.json())
    assert api_client.get(f"{BIDS}{bid_id}/").json()["local_jobs"] == 1200


def test_revise_withdraw_and_confirm(api_client, project, verified_member, pk_firm, pk_firm_member):
    api_client.force_authenticate(verified_member)
    created = api_client.post(
        BIDS,
        {"project": project.reference, **offer_values(), "partners": [pk_firm.pk]},
        format="json",
    ).json()
    assert created["complete"] is False
    assert created["partners"][0]["firm"] == pk_firm.pk
    revised = api_client.post(
        f"{BIDS}{created['id']}/revise/", offer_values(trainees=900), format="json"
    ).json()
    assert revised["version"] == 2
    assert revised["trainees"] == 900
    api_client.force_authenticate(pk_firm_member)
    confirmed = api_client.post(f"{BIDS}{created['id']}/confirm/").json()
    assert confirmed["complete"] is True
    # The partner reads the bid, but only the lead firm changes it.
    assert api_client.post(f"{BIDS}{created['id']}/withdraw/").status_code == 403
    api_client.force_authenticate(verified_member)
    withdrawn = api_client.post(f"{BIDS}{created['id']}/withdraw/").json()
    assert withdrawn["status"] == "withdrawn"


@pytest.mark.parametrize(
    "persona", ["pk_firm_member", "official", "other_agency_official", "administrator"]
)
def test_another_firm_or_an_official_cannot_reach_a_sealed_bid(
    request, api_client, project, verified_member, persona
):
    bid_id = _submit(api_client, verified_member, project).json()["id"]
    api_client.force_authenticate(request.getfixturevalue(persona))
    assert api_client.get(f"{BIDS}{bid_id}/").status_code == 404
    for action in ("revise", "withdraw", "confirm", "shortlist", "award"):
        response = api_client.post(f"{BIDS}{bid_id}/{action}/", offer_values(), format="json")
        assert response.status_code == 404, action
    assert Bid.objects.get().status == "submitted"


def test_anonymous_callers_must_sign_in(api_client, project, verified_member):
    bid_id = _submit(api_client, verified_member, project).json()["id"]
    api_client.force_authenticate(None)
    assert api_client.get(BIDS).status_code == 401
    assert api_client.get(f"{BIDS}{bid_id}/").status_code == 401


def test_an_official_of_another_agency_cannot_open_the_bids(
    api_client, project, verified_member, other_agency_official
):
    _submit(api_client, verified_member, project)
    close_bidding_now(project)
    api_client.force_authenticate(other_agency_official)
    response = api_client.post(f"/api/v1/projects/{project.reference}/open/")
    assert response.status_code == 404
    assert Bid.objects.get().status == "submitted"


def test_opening_before_the_closing_time_is_a_conflict(api_client, project, official):
    api_client.force_authenticate(official)
    response = api_client.post(f"/api/v1/projects/{project.reference}/open/")
    assert response.status_code == 409


def test_after_the_opening_the_agency_lists_its_bids(
    api_client, project, verified_member, official, other_agency_official
):
    _submit(api_client, verified_member, project)
    close_bidding_now(project)
    api_client.force_authenticate(official)
    assert api_client.post(f"/api/v1/projects/{project.reference}/open/").status_code == 200
    listing = api_client.get(BIDS).json()
    assert listing["count"] == 1
    assert listing["results"][0]["offered_investment_usd"] == 275_000_000
    api_client.force_authenticate(other_agency_official)
    assert api_client.get(BIDS).json()["count"] == 0


def test_the_bid_list_takes_a_fixed_number_of_queries(
    api_client, official, cn_firm_owner, pk_firm, django_assert_max_num_queries
):
    """However many bids (and partners) the firm has, the list reads them in the same queries."""
    for _ in range(6):
        services.submit_bid(
            make_project(status="published"),
            by=cn_firm_owner,
            offer=make_offer(),
            partners=[pk_firm],
        )
    api_client.force_authenticate(cn_firm_owner)
    # Session-less token auth aside: the user's firm, the count, the page, its partners, its
    # versions.
    with django_assert_max_num_queries(5):
        response = api_client.get(BIDS)
    assert response.json()["count"] == 6


def test_award_notices_are_public(api_client, project, verified_member, official, approver):
    bid = services.submit_bid(project, by=verified_member, offer=make_offer()).bid
    close_bidding_now(project)
    services.open_bids(project, by=official)
    sheet = {criterion.pk: (90, "") for criterion in project.evaluation_criteria.all()}
    services.score_bid(bid, by=official, scores=sheet)
    services.score_bid(bid, by=approver, scores=sheet)
    services.reconcile_scores(bid, by=official, scores=sheet)
    services.shortlist_bid(bid, by=official)
    api_client.force_authenticate(official)
    awarded = api_client.post(f"{BIDS}{bid.pk}/award/", {"note": "Best plan"}, format="json")
    assert awarded.json()["status"] == "awarded"
    api_client.force_authenticate(None)
    notices = api_client.get("/api/v1/awards/").json()
    assert notices["count"] == 1
    notice = notices["results"][0]
    assert notice["project"] == project.reference
    assert notice["offered_investment_usd"] == 275_000_000
    assert notice["local_jobs"] == 1200
    assert notice["firms"][0]["firm"] == verified_member.firm_membership.firm_id


def test_a_mail_server_that_is_down_does_not_fail_the_submission(
    api_client, project, verified_member, settings, caplog, django_capture_on_commit_callbacks
):
    """The bid has committed when its receipt email is handed over: a refused connection
    (here the eager task's SMTP server) leaves the receipt waiting in the outbox for the
    next try, and the firm still gets its receipt in the answer."""
    settings.EMAIL_BACKEND = "django.core.mail.backends.smtp.EmailBackend"
    settings.EMAIL_HOST, settings.EMAIL_PORT = "127.0.0.1", 1
    with django_capture_on_commit_callbacks(execute=True):
        response = _submit(api_client, verified_member, project)
    assert response.status_code == 201
    assert len(response.json()["receipt_digest"]) == 64
    from emining.notifications.models import Notification

    receipt = Notification.objects.get(kind="bid_receipt", recipient=verified_member)
    assert receipt.email_status == Notification.EmailStatus.PENDING
    assert receipt.attempts == 1
    assert "refused" in receipt.last_error.lower()
