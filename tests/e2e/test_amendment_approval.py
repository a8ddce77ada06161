"""Four eyes on amendments in a real browser: an official extends the closing time, the
change waits; a second official signs in, lands on the workspace, approves it; the public
page then lists it."""

from __future__ import annotations

from datetime import timedelta

import pytest
from django.conf import settings
from django.utils import timezone

from projects.models import Amendment, AmendmentProposal, Project
from tests.factories import make_project

from .test_accessibility import serious_violations

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


def sign_in(page, live_server, user) -> None:
    page.goto(f"{live_server.url}/en/accounts/login/")
    page.fill("#id_username", user.username)
    page.fill("#id_password", settings.DEMO_PASSWORD)
    page.click("main button[type=submit]")
    # Officials start on their workspace.
    page.wait_for_url("**/en/projects/workspace/")


def test_a_new_closing_time_waits_for_the_second_official(
    browser, live_server, reference_data, official, approver
):
    project = make_project(status=Project.Status.PUBLISHED, agency=official.agency)
    new_closing = timezone.localtime(project.bid_closes_at + timedelta(days=21))

    author = browser.new_context(bypass_csp=True)  # axe-core is inline
    page = author.new_page()
    sign_in(page, live_server, official)
    page.goto(f"{live_server.url}/en/projects/{project.reference}/amend/")
    page.fill("#id_bid_closes_at", new_closing.strftime("%Y-%m-%dT%H:%M"))
    page.fill("#id_reason", "Three more weeks for site visits.")
    page.click("main form button[type=submit]")
    page.wait_for_url(f"**/en/projects/{project.reference}/")
    pending = page.locator("#pending-amendments")
    assert "Three more weeks for site visits." in pending.inner_text()
    assert "you proposed this amendment" in pending.inner_text()
    assert not serious_violations(page)
    author.close()

    public = browser.new_context(bypass_csp=True)
    visitor = public.new_page()
    visitor.goto(f"{live_server.url}/en/projects/{project.reference}/")
    assert "Three more weeks" not in visitor.locator("main").inner_text()

    reviewer = browser.new_context(bypass_csp=True)  # axe-core is inline
    page = reviewer.new_page()
    sign_in(page, live_server, approver)
    page.get_by_role("link", name=project.reference).first.click()
    page.wait_for_url(f"**/en/projects/{project.reference}/**")
    page.get_by_role("button", name="Approve the amendment").click()
    page.wait_for_load_state()
    assert "approved and is now in effect" in page.locator("main").inner_text()
    reviewer.close()

    assert AmendmentProposal.objects.get().status == AmendmentProposal.Status.APPROVED
    assert Amendment.objects.get().approved_by == approver
    visitor.reload()
    log = visitor.locator("#amendments-heading").locator("..").inner_text()
    assert "Three more weeks for site visits." in log
    assert f"approved by {approver}" in log
    assert not serious_violations(visitor)
    public.close()
