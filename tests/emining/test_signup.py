"""Sign-up: an account on the spot, signed in, and a one-time link that confirms the address."""

from __future__ import annotations

import re
from datetime import datetime, timedelta

import pytest
from django.conf import settings
from django.contrib.auth.tokens import default_token_generator
from django.utils import timezone

from emining import tasks
from emining.accounts import services
from emining.accounts.tokens import (
    EmailConfirmationTokenGenerator,
    email_confirmation_token,
    encode_uid,
)
from emining.models import AuditEvent, User
from emining.services import DomainError
from tests.factories import UserFactory

pytestmark = pytest.mark.django_db

PASSWORD = "Kohistan-copper-2026"
LINK = re.compile(r"https?://\S+/accounts/email/confirm/\S+/")


def sign_up_data(**overrides):
    data = {
        "name": "Li Wei",
        "email": "Li.Wei@Example.cn",
        "preferred_language": "en",
        "password1": PASSWORD,
        "password2": PASSWORD,
    }
    data.update(overrides)
    return data


@pytest.fixture
def signed_up(client, mailoutbox, django_capture_on_commit_callbacks):
    with django_capture_on_commit_callbacks(execute=True):
        response = client.post("/en/accounts/signup/", sign_up_data())
    assert response.status_code == 302, response.content.decode()[:2000]
    return User.objects.get(email__iexact="li.wei@example.cn")


def confirmation_link(message) -> str:
    return LINK.search(message.body).group(0)


def path_of(link: str) -> str:
    return link.removeprefix(settings.SITE_URL)


@pytest.mark.parametrize("language", ["en", "zh-hans", "ur"])
def test_the_sign_up_page_renders_in_each_language_in_the_layout(client, language):
    response = client.get(f"/{language}/accounts/signup/")
    assert response.status_code == 200
    body = response.content.decode()
    assert f'<html lang="{language}"' in body
    assert 'name="password2"' in body
    assert 'name="csrfmiddlewaretoken"' in body
    assert ('dir="rtl"' in body) is (language == "ur")
    # The visitor's language is the one proposed for the account.
    assert f'<option value="{language}" selected>' in body


def test_sign_up_creates_a_signed_in_firm_member_and_emails_a_link(signed_up, client, mailoutbox):
    user = signed_up
    assert user.role == User.Role.FIRM_MEMBER
    assert user.username == "li.wei@example.cn"
    assert user.email == "Li.Wei@example.cn"  # the domain is normalised, the name kept
    assert user.get_full_name() == "Li Wei"
    assert user.email_confirmed_at is None
    assert user.check_password(PASSWORD)
    assert AuditEvent.objects.filter(action="user.signed_up", target_id=str(user.pk)).exists()
    # Signed in on the spot.
    assert client.get("/en/accounts/email/").status_code == 200
    assert len(mailoutbox) == 1
    message = mailoutbox[0]
    assert message.to == ["Li.Wei@example.cn"]
    assert message.subject == "Confirm your email address for the Pak-China E-Mining Platform"
    assert confirmation_link(message).startswith(f"{settings.SITE_URL}/en/accounts/email/confirm/")


def test_without_a_firm_registration_page_sign_up_lands_at_home(
    client, mailoutbox, django_capture_on_commit_callbacks
):
    with django_capture_on_commit_callbacks(execute=True):
        response = client.post("/en/accounts/signup/", sign_up_data())
    # firms:firm-register belongs to the firm registry; home when it is not there.
    from django.urls import NoReverseMatch, reverse

    try:
        expected = reverse("firms:firm-register")
    except NoReverseMatch:
        expected = "/en/"
    assert response["Location"] == expected


def test_sign_up_goes_on_to_next_in_the_chosen_language(
    client, mailoutbox, django_capture_on_commit_callbacks
):
    with django_capture_on_commit_callbacks(execute=True):
        response = client.post(
            "/en/accounts/signup/",
            sign_up_data(preferred_language="zh-hans", next="/en/minerals/"),
        )
    assert response["Location"] == "/zh-hans/minerals/"
    assert response.cookies[settings.LANGUAGE_COOKIE_NAME].value == "zh-hans"
    assert "/zh-hans/accounts/email/confirm/" in mailoutbox[0].body


def test_a_next_page_elsewhere_is_ignored(client, mailoutbox):
    response = client.post("/en/accounts/signup/", sign_up_data(next="https://evil.example.com/"))
    assert "evil" not in response["Location"]


def test_following_the_link_confirms_the_address_once(signed_up, client, mailoutbox):
    path = path_of(confirmation_link(mailoutbox[0]))
    response = client.get(path)
    assert response.status_code == 200
    assert 'data-email-status="confirmed"' in response.content.decode()
    signed_up.refresh_from_db()
    stamped = signed_up.email_confirmed_at
    assert stamped is not None
    assert AuditEvent.objects.filter(action="user.email_confirmed", actor=signed_up).count() == 1

    again = client.get(path)
    assert again.status_code == 400
    body = again.content.decode()
    assert "This confirmation link does not work" in body
    assert "already confirmed" in body
    signed_up.refresh_from_db()
    assert signed_up.email_confirmed_at == stamped
    assert AuditEvent.objects.filter(action="user.email_confirmed", actor=signed_up).count() == 1


def test_the_link_works_signed_out_too(signed_up, client, mailoutbox):
    client.logout()
    response = client.get(path_of(confirmation_link(mailoutbox[0])))
    assert response.status_code == 200
    signed_up.refresh_from_db()
    assert signed_up.email_confirmed_at is not None


def test_an_expired_link_fails(signed_up, client):
    generator = EmailConfirmationTokenGenerator()
    # Django's token clock is naive local time (PasswordResetTokenGenerator._now).
    late = timedelta(seconds=settings.EMAIL_CONFIRMATION_TIMEOUT + 60)
    generator._now = lambda: datetime.now() - late  # noqa: DTZ005
    token = generator.make_token(signed_up)
    assert email_confirmation_token.check_token(signed_up, token) is False
    response = client.get(f"/en/accounts/email/confirm/{encode_uid(signed_up)}/{token}/")
    assert response.status_code == 400
    signed_up.refresh_from_db()
    assert signed_up.email_confirmed_at is None


def test_a_shorter_lifetime_setting_is_obeyed(signed_up, settings):
    generator = EmailConfirmationTokenGenerator()
    generator._now = lambda: datetime.now() - timedelta(minutes=10)  # noqa: DTZ005
    token = generator.make_token(signed_up)
    assert email_confirmation_token.check_token(signed_up, token) is True
    settings.EMAIL_CONFIRMATION_TIMEOUT = 5 * 60
    assert email_confirmation_token.check_token(signed_up, token) is False


def test_a_link_for_an_earlier_address_or_another_purpose_fails(signed_up, client):
    token = email_confirmation_token.make_token(signed_up)
    reset_token = default_token_generator.make_token(signed_up)
    assert email_confirmation_token.check_token(signed_up, reset_token) is False
    User.objects.filter(pk=signed_up.pk).update(email="new-address@example.cn")
    signed_up.refresh_from_db()
    assert email_confirmation_token.check_token(signed_up, token) is False
    for bad in ("garbage", "xx-yy", token + "0"):
        response = client.get(f"/en/accounts/email/confirm/{encode_uid(signed_up)}/{bad}/")
        assert response.status_code == 400
    assert client.get(f"/en/accounts/email/confirm/!!/{token}/").status_code == 400


@pytest.mark.parametrize(
    ("overrides", "field", "message"),
    [
        ({"password2": "Something-else-2026"}, "password2", "The two passwords differ."),
        ({"password1": "12345678", "password2": "12345678"}, "password2", "too common"),
        ({"email": "not-an-address"}, "email", "Enter a valid email address."),
        ({"name": ""}, "name", "This field is required."),
        ({"preferred_language": "fr"}, "preferred_language", "Select a valid choice."),
        (
            {"password1": "li.wei@example", "password2": "li.wei@example"},
            "password2",
            "too similar",
        ),
    ],
)
def test_bad_input_re_renders_the_form_keeping_what_was_typed(
    client, mailoutbox, overrides, field, message
):
    response = client.post("/en/accounts/signup/", sign_up_data(**overrides))
    assert response.status_code == 400
    body = response.content.decode()
    assert message in body
    assert f'id="id_{field}_error"' in body
    assert 'value="Li Wei"' in body or field == "name"
    assert PASSWORD not in body  # passwords are never sent back
    assert not User.objects.exists()
    assert mailoutbox == []


def test_an_address_in_use_is_said_taken_whatever_its_case(client, mailoutbox, firm_member):
    response = client.post("/en/accounts/signup/", sign_up_data(email=firm_member.email.upper()))
    assert response.status_code == 400
    body = response.content.decode()
    assert "An account already uses this email address." in body
    assert f'value="{firm_member.email.upper()}"' not in body or "email" in body
    assert User.objects.filter(email__iexact=firm_member.email).count() == 1
    assert mailoutbox == []


def test_the_unique_constraint_is_answered_as_a_taken_address(db):
    # Another account already holds the username the address would get (a race's loser
    # meets the database's constraint, not the early check).
    UserFactory(username="li.wei@example.cn", email="someone-else@example.com")
    with pytest.raises(DomainError) as refused:
        services.sign_up(name="Li Wei", email="li.wei@example.cn", password=PASSWORD, language="en")
    assert refused.value.message_dict["email"] == [services.email_taken_message()]


def test_sign_up_is_throttled_per_client_address(client, settings, mailoutbox):
    settings.SIGN_UP_RATE = "2/hour"
    codes = [
        client.post(
            "/en/accounts/signup/", sign_up_data(password2="differs"), REMOTE_ADDR="203.0.113.7"
        ).status_code
        for _ in range(3)
    ]
    assert codes == [400, 400, 429]
    refused = client.post("/en/accounts/signup/", sign_up_data(), REMOTE_ADDR="203.0.113.7")
    assert refused.status_code == 429
    assert int(refused["Retry-After"]) > 0
    assert "Too many attempts" in refused.content.decode()
    assert not User.objects.exists()
    # Another client is not held back by the first.
    other = client.post("/en/accounts/signup/", sign_up_data(), REMOTE_ADDR="198.51.100.4")
    assert other.status_code == 302


def test_sign_up_needs_the_csrf_token(mailoutbox):
    from django.test import Client

    response = Client(enforce_csrf_checks=True).post("/en/accounts/signup/", sign_up_data())
    assert response.status_code == 403
    assert not User.objects.exists()


def test_a_signed_in_user_is_sent_on(client, firm_member):
    client.force_login(firm_member)
    assert client.get("/en/accounts/signup/")["Location"] == "/en/"


def test_the_status_page_says_whether_the_address_is_confirmed(client, firm_member):
    client.force_login(firm_member)
    body = client.get("/en/accounts/email/").content.decode()
    assert 'data-email-status="unconfirmed"' in body
    assert "Send me a new link" in body
    # Every page reminds an unconfirmed firm member.
    assert "Your email address is not confirmed yet." in client.get("/en/").content.decode()
    User.objects.filter(pk=firm_member.pk).update(email_confirmed_at=timezone.now())
    body = client.get("/en/accounts/email/").content.decode()
    assert 'data-email-status="confirmed"' in body
    assert "Send me a new link" not in body
    assert "Your email address is not confirmed yet." not in client.get("/en/").content.decode()


def test_a_new_link_can_be_asked_for_and_is_throttled(
    client, firm_member, settings, mailoutbox, django_capture_on_commit_callbacks
):
    settings.EMAIL_RESEND_RATE = "2/hour"
    client.force_login(firm_member)
    assert client.get("/en/accounts/email/resend/").status_code == 405
    with django_capture_on_commit_callbacks(execute=True):
        codes = [client.post("/en/accounts/email/resend/").status_code for _ in range(3)]
    assert codes == [302, 302, 429]
    assert len(mailoutbox) == 2
    assert all(m.to == [firm_member.email] for m in mailoutbox)


def test_no_new_link_once_confirmed(client, verified_member, mailoutbox):
    client.force_login(verified_member)
    response = client.post("/en/accounts/email/resend/", follow=True)
    assert "Your email address is already confirmed." in response.content.decode()
    assert mailoutbox == []


def test_resending_needs_a_signed_in_user(client):
    response = client.post("/en/accounts/email/resend/")
    assert response.status_code == 302
    assert "/accounts/login/" in response["Location"]


def test_the_task_sends_nothing_once_confirmed_or_for_a_missing_user(firm_member, mailoutbox):
    assert tasks.send_email_confirmation.delay(firm_member.pk).get() is True
    User.objects.filter(pk=firm_member.pk).update(email_confirmed_at=timezone.now())
    assert tasks.send_email_confirmation.delay(firm_member.pk).get() is False
    assert tasks.send_email_confirmation.delay(10**9).get() is False
    assert len(mailoutbox) == 1


def test_the_email_is_in_the_users_language(firm_member, mailoutbox):
    User.objects.filter(pk=firm_member.pk).update(preferred_language="zh-hans")
    services.send_email_confirmation(firm_member.pk)
    message = mailoutbox[0]
    assert "/zh-hans/accounts/email/confirm/" in message.body
    assert message.subject == "确认您在中巴电子矿业平台的电子邮件地址"
