"""The lead board in a real browser: `sifc_officer` drags a card to the next column (htmx
posts the move; a reload shows it kept), moves it again with the keyboard-usable "Move to"
form, then converts the lead into an MoU and lands on the MoU's page."""

from __future__ import annotations

import pytest
from django.conf import settings

from matchmaking.models import Lead, MoU
from tests.factories import OfficialFactory
from tests.matchmaking.leads import make_lead

from .test_accessibility import serious_violations

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]

BOARD = "/en/leads/board/"


def column_of(page, reference: str) -> str:
    return page.locator(f"#card-{reference}").evaluate(
        "card => card.closest('.lead-column').dataset.stage"
    )


def test_sifc_officer_moves_a_lead_across_the_board_and_converts_it(
    browser, live_server, reference_data, sifc, cn_firm
):
    officer = OfficialFactory(username="sifc_officer", agency=sifc, first_name="Sana")
    lead = make_lead(officer, firm=cn_firm, summary="Copper smelter partnership")
    reference = lead.reference

    context = browser.new_context(bypass_csp=True)  # for the accessibility checker only
    page = context.new_page()
    page.goto(f"{live_server.url}/en/accounts/login/?next={BOARD}")
    page.fill("#id_username", officer.username)
    page.fill("#id_password", settings.DEMO_PASSWORD)
    page.click("main button[type=submit]")
    page.wait_for_url(f"**{BOARD}")
    assert column_of(page, reference) == "new"
    assert serious_violations(page) == []

    # Drag and drop: the card goes to "Qualified"; htmx swaps the board in.
    with page.expect_response(lambda r: r.url.endswith(f"/leads/{reference}/move/")) as moved:
        page.locator(f"#card-{reference}").drag_to(page.locator("#stage-qualified"))
    assert moved.value.status == 200
    page.wait_for_function(
        f"() => document.querySelector('#card-{reference}')"
        ".closest('.lead-column').dataset.stage === 'qualified'"
    )
    page.reload()
    assert column_of(page, reference) == "qualified"

    # The keyboard: the card's "Move to" menu and its button.
    page.focus(f"#move-{reference}")
    page.select_option(f"#move-{reference}", "site_visit")
    page.keyboard.press("Tab")
    page.keyboard.press("Enter")
    page.wait_for_load_state()
    page.wait_for_function(
        f"() => document.querySelector('#card-{reference}')"
        ".closest('.lead-column').dataset.stage === 'site_visit'"
    )
    assert Lead.objects.get(pk=lead.pk).stage == "site_visit"

    # The lead's page: convert it into an MoU, and land on the MoU.
    page.click(f"#card-{reference} h3 a")
    page.wait_for_url(f"**/en/leads/{reference}/")
    page.fill("#id_title", "Copper smelter partnership with SIFC")
    page.get_by_role("button", name="Convert into an MoU").click()
    page.wait_for_url("**/en/mous/MOU-*/")
    mou = MoU.objects.get()
    assert page.locator("h1").inner_text() == "Copper smelter partnership with SIFC"
    assert page.locator(".mou-lead-link").inner_text() == reference
    assert Lead.objects.get(pk=lead.pk).mou == mou
    assert [c.to_stage for c in Lead.objects.get(pk=lead.pk).stage_changes.all()] == [
        "new",
        "qualified",
        "site_visit",
    ]
    context.close()
