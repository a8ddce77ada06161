"""Sealed bidding in a real browser: a member of a verified Chinese firm submits a bid and sees
its receipt; after the closing time an official of the owning agency opens the bids, and
(once two officials have scored them, through the services to keep this short) shortlists
and awards; the project's public page then shows the award notice."""

from __future__ import annotations

import pytest
from django.conf import settings

from projects import services
from projects.models import Bid, BidVersion, Project
from tests.factories import close_bidding_now, make_project, offer_values

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


def sign_in(page, live_server, user, *, next_path: str) -> None:
    page.goto(f"{live_server.url}/en/accounts/login/?next={next_path}")
    page.fill("#id_username", user.username)
    page.fill("#id_password", settings.DEMO_PASSWORD)
    page.click("main button[type=submit]")
    page.wait_for_url(f"**{next_path}")


def test_a_bid_from_submission_to_award(
    browser, live_server, reference_data, official, approver, verified_member
):
    project = make_project(status=Project.Status.PUBLISHED, agency=official.agency)

    firm = browser.new_context()
    page = firm.new_page()
    sign_in(page, live_server, verified_member, next_path=f"/en/projects/{project.reference}/")
    page.get_by_role("link", name="Submit a bid").click()
    page.wait_for_url(f"**/en/projects/{project.reference}/bid/")
    values = offer_values()
    for name in ("offered_investment_usd", "timeline_months", "local_jobs", "trainees"):
        page.fill(f"#id_{name}", str(values[name]))
    page.select_option("#id_investment_model", values["investment_model"])
    page.select_option("#id_value_addition_stage", values["value_addition_stage"])
    page.fill("#id_technology_transfer", values["technology_transfer"])
    page.click("main form button[type=submit]")
    page.wait_for_url("**/en/bids/*/")
    digest = BidVersion.objects.get().receipt_digest
    assert digest in page.locator(".bid-receipts").inner_text()
    assert "My bids" in page.locator("header.portal-header").inner_text()
    firm.close()

    close_bidding_now(project)
    agency = browser.new_context()
    page = agency.new_page()
    sign_in(page, live_server, official, next_path=f"/en/projects/{project.reference}/bids/")
    assert "Bids received: 1" in page.locator("main").inner_text()
    assert "Test China Mining Corporation" not in page.locator("main").inner_text()
    page.get_by_role("link", name="Open the bids").click()
    page.wait_for_url("**/bids/open/")
    page.get_by_role("button", name="Open the bids").click()
    page.wait_for_url(f"**/en/projects/{project.reference}/bids/")
    assert "Opening record" in page.locator("main").inner_text()
    assert "Test China Mining Corporation" in page.locator("main").inner_text()

    bid = Bid.objects.get()
    criteria = list(project.evaluation_criteria.all())
    for evaluator, score in ((official, 82), (approver, 78)):
        services.score_bid(bid, by=evaluator, scores={c.pk: (score, "") for c in criteria})
    services.reconcile_scores(bid, by=approver, scores={c.pk: (80, "") for c in criteria})
    page.reload()
    page.get_by_role("button", name="Shortlist").click()
    page.wait_for_load_state()
    assert "is shortlisted" in page.locator("main").inner_text()
    page.get_by_role("link", name="Award", exact=True).click()
    page.wait_for_url("**/award/")
    page.fill("#id_note", "Best technical and financial offer.")
    page.get_by_role("button", name="Record the award").click()
    page.wait_for_url(f"**/en/projects/{project.reference}/")
    agency.close()

    public = browser.new_context()
    visitor = public.new_page()
    visitor.goto(f"{live_server.url}/en/projects/{project.reference}/")
    notice = visitor.locator(".award-notice").inner_text()
    assert "Test China Mining Corporation" in notice
    assert "USD 275 million" in notice
    public.close()
