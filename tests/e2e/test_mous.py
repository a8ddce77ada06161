"""The MoU registry in a browser: an official records an MoU signed at the forum, marks it
signed, adds a milestone already late; the public reads it on a phone in each language."""

from __future__ import annotations

from datetime import timedelta

import pytest
from django.utils import timezone

from matchmaking.models import MoU

from .test_accessibility import serious_violations
from .test_mobile import PHONE, assert_no_sideways_scroll, screenshot
from .test_projects import sign_in

FORUM = "Pak-China Mineral Cooperation Forum, Jinnah Convention Centre, Islamabad"


def record_signed_mou(page, live_server, official, cn_firm, pk_firm) -> MoU:
    sign_in(page, live_server, official, "/en/mous/new/")
    page.fill("#id_title", "Digital cross-border industrial trade")
    page.fill("#id_title_zh", "数字跨境产业贸易")
    page.fill("#id_place", FORUM)
    page.fill("#id_indicative_value_usd", "50000000")
    page.select_option("#id_party1_organisation", f"firm:{pk_firm.pk}")
    page.select_option("#id_party1_role", "pakistani_party")
    page.fill("#id_party1_signatory_name", "Muhammad Asif")
    page.select_option("#id_party2_organisation", f"firm:{cn_firm.pk}")
    page.select_option("#id_party2_role", "chinese_party")
    page.click("main form button[type=submit]")
    page.wait_for_url("**/en/mous/MOU-*/")
    mou = MoU.objects.get()
    assert mou.status == MoU.Status.DRAFT

    page.click(f"a[href='/en/mous/{mou.reference}/status/']")
    page.select_option("#id_status", "signed")
    page.click("main form button[type=submit]")
    page.wait_for_url(f"**/en/mous/{mou.reference}/")

    late = timezone.localdate() - timedelta(days=3)
    page.fill("#id_title", "Feasibility study shared")  # the milestone form's title
    page.fill("#id_due_on", late.isoformat())
    page.click("text=Add the milestone")
    page.wait_for_url(f"**/en/mous/{mou.reference}/**")
    mou.refresh_from_db()
    assert mou.status == MoU.Status.SIGNED
    return mou


@pytest.mark.parametrize("language", ["en", "zh-hans", "ur"])
def test_an_official_records_an_mou_and_the_public_reads_it_on_a_phone(
    browser, live_server, reference_data, official, cn_firm, pk_firm, language
):
    desk = browser.new_context()
    page = desk.new_page()
    mou = record_signed_mou(page, live_server, official, cn_firm, pk_firm)
    assert page.locator(".mou-overdue").is_visible()  # the late milestone is flagged
    desk.close()

    # The checker is injected as a script: the page's CSP would refuse it.
    public = browser.new_context(viewport=PHONE, device_scale_factor=1, bypass_csp=True)
    page = public.new_page()
    page.goto(f"{live_server.url}/{language}/mous/")
    page.click(f"a[href='/{language}/mous/{mou.reference}/']")
    page.wait_for_url(f"**/{language}/mous/{mou.reference}/")
    body = page.locator("main").inner_text()
    expected_title = "数字跨境产业贸易" if language == "zh-hans" else "Digital cross-border"
    assert expected_title in body
    assert cn_firm.name in body
    assert pk_firm.name in body
    assert "Muhammad Asif" in body
    assert_no_sideways_scroll(page)
    screenshot(page, f"mou-public-{language}")
    assert not serious_violations(page)
    public.close()
