"""A visitor signs up in a real browser, follows the link from the email and sees the address
confirmed; the sign-up page also works on a phone in Urdu."""

from __future__ import annotations

import re

import pytest
from django.core import mail

from emining.models import User

from .test_accessibility import serious_violations

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]

LINK = re.compile(r"https?://\S+/accounts/email/confirm/\S+/")
PHONE = {"width": 390, "height": 844}


@pytest.fixture
def site_at_live_server(settings, live_server):
    """Links in emails point at the live server (the server thread shares these settings)."""
    settings.SITE_URL = live_server.url


def test_visitor_signs_up_and_confirms_the_address_from_the_email(
    browser, live_server, site_at_live_server, reference_data
):
    page = browser.new_context(bypass_csp=True).new_page()  # axe-core is inline
    page.goto(f"{live_server.url}/en/")
    # "Register a firm" in the header: a visitor creates an account first.
    page.click("header a[href^='/en/accounts/signup/']")
    page.wait_for_url(re.compile(r".*/en/accounts/signup/\?next=.*"))
    assert serious_violations(page) == []
    page.fill("#id_name", "Wang Fang")
    page.fill("#id_email", "wang.fang@example.cn")
    page.select_option("#id_preferred_language", "en")
    page.fill("#id_password1", "Gilgit-gemstones-2026")
    page.fill("#id_password2", "Gilgit-gemstones-2026")
    page.click("main button[type=submit]")
    page.wait_for_url("**/en/firms/register/")  # where the visitor was going
    assert "Wang Fang" in page.locator("header").inner_text()
    assert page.locator("[data-email-status=unconfirmed]").count() == 1

    assert len(mail.outbox) == 1
    link = LINK.search(mail.outbox[0].body).group(0)
    assert link.startswith(live_server.url)
    page.goto(link)
    assert page.locator("main [data-email-status=confirmed]").is_visible()
    assert "wang.fang@example.cn" in page.locator("main").inner_text()
    assert User.objects.get(email="wang.fang@example.cn").email_confirmed_at is not None

    page.goto(f"{live_server.url}/en/accounts/email/")
    assert page.locator("main [data-email-status=confirmed]").is_visible()
    assert page.locator("[data-email-status=unconfirmed]").count() == 0


def test_the_sign_up_form_fits_a_phone_in_urdu(browser, live_server, reference_data):
    context = browser.new_context(viewport=PHONE)
    page = context.new_page()
    page.goto(f"{live_server.url}/ur/accounts/signup/")
    page.click("main button[type=submit]")  # empty: every field says what is missing
    assert page.locator("main .invalid-feedback").count() >= 4
    assert page.evaluate("document.documentElement.scrollWidth") <= PHONE["width"]
    assert page.locator("html").get_attribute("dir") == "rtl"
    context.close()
