"""A person in a real browser: sign in, switch language, find it remembered, sign out."""

from __future__ import annotations

import pytest
from django.conf import settings

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


def test_official_signs_in_switches_to_urdu_and_signs_out(page, live_server, official):
    page.goto(live_server.url + "/en/accounts/login/?next=/en/minerals/")
    page.fill("#id_username", official.email)
    page.fill("#id_password", settings.DEMO_PASSWORD)
    page.click("main button[type=submit]")
    page.wait_for_url("**/en/minerals/")
    assert official.username in page.locator("header").inner_text()

    page.click("header button[value=ur]")
    page.wait_for_url("**/ur/minerals/")
    assert page.locator("html").get_attribute("dir") == "rtl"
    official.refresh_from_db()
    assert official.preferred_language == "ur"

    page.click("header .dropdown-toggle")
    page.click("header form[action$='/logout/'] button")
    page.wait_for_load_state()
    assert page.locator("header a[href*='/accounts/login/']").count() == 1
