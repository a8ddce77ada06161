"""Password reset: Django's views in the site layout, throttled, in the user's language, and
silent about which addresses have an account."""

from __future__ import annotations

import re

import pytest
from django.conf import settings
from django.db import connection
from django.test.utils import CaptureQueriesContext

from emining.models import AuditEvent, User

pytestmark = pytest.mark.django_db

LINK = re.compile(r"https?://\S+/accounts/password/reset/\S+/\S+/")
NEW_PASSWORD = "Reko-Diq-copper-2027"


def reset_link(message) -> str:
    return LINK.search(message.body).group(0).removeprefix(settings.SITE_URL)


@pytest.fixture
def ask(client, django_capture_on_commit_callbacks):
    def post(email: str, **extra):
        with django_capture_on_commit_callbacks(execute=True):
            return client.post("/en/accounts/password/reset/", {"email": email}, **extra)

    return post


@pytest.mark.parametrize("language", ["en", "zh-hans", "ur"])
@pytest.mark.parametrize("page", ["", "sent/", "complete/"])
def test_the_pages_render_in_each_language_in_the_layout(client, language, page):
    response = client.get(f"/{language}/accounts/password/reset/{page}")
    assert response.status_code == 200
    body = response.content.decode()
    assert f'<html lang="{language}"' in body
    assert 'class="portal-header"' in body


def test_the_sign_in_page_offers_a_reset(client):
    body = client.get("/en/accounts/login/").content.decode()
    assert 'href="/en/accounts/password/reset/"' in body
    assert "Forgot your password?" in body


def test_the_answer_is_the_same_whether_or_not_the_address_has_an_account(
    ask, firm_member, mailoutbox
):
    known = ask(firm_member.email.upper())
    unknown = ask("nobody-here@example.com")
    assert known.status_code == unknown.status_code == 302
    assert known["Location"] == unknown["Location"] == "/en/accounts/password/reset/sent/"
    # A mail only for the account that exists.
    assert len(mailoutbox) == 1
    assert mailoutbox[0].to == [firm_member.email]


def test_the_work_done_does_not_depend_on_the_address_existing(
    client, firm_member, django_capture_on_commit_callbacks
):
    """The same queries either way, and the email leaves from a worker after commit: the
    response takes as long for an unknown address as for a known one."""
    counts = []
    for email in (firm_member.email, "nobody-here@example.com"):
        with (
            django_capture_on_commit_callbacks(execute=False),
            CaptureQueriesContext(connection) as queries,
        ):
            client.post("/en/accounts/password/reset/", {"email": email})
        counts.append(len(queries))
    assert counts[0] == counts[1]


def test_bad_input_re_renders_the_form(client, mailoutbox):
    response = client.post("/en/accounts/password/reset/", {"email": "not an address"})
    assert response.status_code == 400
    body = response.content.decode()
    assert "Enter a valid email address." in body
    assert 'value="not an address"' in body
    assert mailoutbox == []


def test_the_link_sets_a_new_password_once(ask, client, firm_member, mailoutbox):
    ask(firm_member.email)
    path = reset_link(mailoutbox[0])
    form_page = client.get(path, follow=True)
    assert form_page.status_code == 200
    set_password_url = form_page.redirect_chain[-1][0]
    assert set_password_url.endswith("/set-password/")
    weak = client.post(set_password_url, {"new_password1": "123", "new_password2": "123"})
    assert weak.status_code == 400
    assert "This password is too short." in weak.content.decode()
    done = client.post(
        set_password_url, {"new_password1": NEW_PASSWORD, "new_password2": NEW_PASSWORD}
    )
    assert done["Location"] == "/en/accounts/password/reset/complete/"
    firm_member.refresh_from_db()
    assert firm_member.check_password(NEW_PASSWORD)
    assert AuditEvent.objects.filter(action="user.password_reset", actor=firm_member).exists()
    # The link went to the address and came back: the address is confirmed.
    assert firm_member.email_confirmed_at is not None

    used = client.get(path, follow=True)
    assert "Password reset link not valid" in used.content.decode()


def test_the_email_is_in_the_users_language_whatever_the_page(ask, firm_member, mailoutbox):
    User.objects.filter(pk=firm_member.pk).update(preferred_language="zh-hans")
    ask(firm_member.email)
    message = mailoutbox[0]
    assert "/zh-hans/accounts/password/reset/" in message.body
    assert message.subject == "为中巴电子矿业平台设置新密码"
    assert reset_link(message).startswith("/zh-hans/")


def test_the_link_points_at_the_site_not_at_the_requests_host(ask, firm_member, mailoutbox):
    ask(firm_member.email, HTTP_HOST="localhost")
    assert f"{settings.SITE_URL}/en/accounts/password/reset/" in mailoutbox[0].body


def test_disabled_accounts_get_no_email(ask, firm_member, mailoutbox):
    User.objects.filter(pk=firm_member.pk).update(is_active=False)
    assert ask(firm_member.email).status_code == 302
    assert mailoutbox == []


def test_the_form_is_throttled_per_client_address(ask, settings, firm_member, mailoutbox):
    settings.PASSWORD_RESET_RATE = "2/hour"
    codes = [ask(f"someone{i}@example.com").status_code for i in range(3)]
    assert codes == [302, 302, 429]
    refused = ask(firm_member.email)
    assert refused.status_code == 429
    assert "Retry-After" in refused
    assert mailoutbox == []
    assert ask(firm_member.email, REMOTE_ADDR="198.51.100.9").status_code == 302
    assert len(mailoutbox) == 1


def test_one_address_gets_a_bounded_number_of_emails(ask, settings, firm_member, mailoutbox):
    settings.EMAIL_RESEND_RATE = "2/hour"
    answers = [ask(firm_member.email, REMOTE_ADDR=f"198.51.100.{i}") for i in range(4)]
    # The page says the same each time; the inbox gets at most two.
    assert {a["Location"] for a in answers} == {"/en/accounts/password/reset/sent/"}
    assert len(mailoutbox) == 2
