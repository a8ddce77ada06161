"""Questions and answers in a browser, on a phone (390 px) in the three languages: a firm asks,
an official answers from the project page, the public reads the answer. Screenshots go to
test-results/mobile/ for a look."""

from __future__ import annotations

import pytest
from django.conf import settings

from projects.models import Clarification
from tests.factories import make_project

from .test_accessibility import serious_violations
from .test_mobile import PHONE, assert_no_sideways_scroll, screenshot

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


def sign_in(page, live_server, user, language: str, next_path: str) -> None:
    page.goto(f"{live_server.url}/{language}/accounts/login/?next={next_path}")
    page.fill("#id_username", user.username)
    page.fill("#id_password", settings.DEMO_PASSWORD)
    page.click("main button[type=submit]")
    page.wait_for_url(f"**{next_path}")


@pytest.mark.parametrize("language", ["en", "zh-hans", "ur"])
def test_ask_answer_and_read_on_a_phone(
    browser, live_server, reference_data, verified_member, official, cn_firm, language
):
    project = make_project(title="Reko Diq copper-gold")
    path = f"/{language}/projects/{project.reference}/"
    firm = browser.new_context(viewport=PHONE, device_scale_factor=1)
    page = firm.new_page()
    sign_in(page, live_server, verified_member, language, path)
    page.fill("#id_question", "Is there a water allocation for the concentrator?")
    page.click(".clarification-ask-form button[type=submit]")
    page.wait_for_url(f"**{path}#clarification-*")
    assert page.locator("#own-clarifications").is_visible()
    assert_no_sideways_scroll(page)
    firm.close()

    agency = browser.new_context(viewport=PHONE, device_scale_factor=1)
    page = agency.new_page()
    sign_in(page, live_server, official, language, path)
    pending = page.locator("#pending-clarifications")
    assert cn_firm.name in pending.inner_text()
    assert_no_sideways_scroll(page)
    pending.locator("textarea[name=answer]").fill("Yes: 40 litres per second.")
    pending.locator("summary").click()
    pending.locator("textarea[name=answer_zh]").fill("是的：每秒四十升。")
    screenshot(page, f"clarifications-official-{language}")
    pending.locator("button[type=submit]").click()
    page.wait_for_url(f"**{path}#clarification-*")
    agency.close()
    assert Clarification.objects.get().status == Clarification.Status.ANSWERED

    # The checker is injected as a script: the page's CSP would refuse it.
    public = browser.new_context(viewport=PHONE, device_scale_factor=1, bypass_csp=True)
    page = public.new_page()
    page.goto(live_server.url + path + "#clarifications")
    section = page.locator("#clarifications")
    expected = "是的：每秒四十升。" if language == "zh-hans" else "Yes: 40 litres per second."
    assert expected in section.inner_text()
    assert cn_firm.name not in page.content()
    assert_no_sideways_scroll(page)
    section.scroll_into_view_if_needed()
    screenshot(page, f"clarifications-public-{language}")
    assert serious_violations(page) == []
    public.close()
