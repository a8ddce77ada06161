"""One lock-out for the three sign-in doors (web, admin, API token), counted per account
whatever identifier was typed, per account and address, and per address; every lock ends."""

from __future__ import annotations

from datetime import timedelta

import pytest
from axes.models import AccessAttempt
from django.conf import settings
from rest_framework.throttling import SimpleRateThrottle

from emining.models import AuditEvent

pytestmark = pytest.mark.django_db

WEB = "/en/accounts/login/"
ADMIN = "/en/admin/login/"
TOKEN = "/api/v1/auth/token/"
DOORS = [WEB, ADMIN, TOKEN]

STRANGER = "203.0.113.9"
OWNER = "198.51.100.7"


@pytest.fixture(autouse=True)
def _token_throttle_out_of_the_way(monkeypatch):
    """The token endpoint's rate limit would stop guessing too; these tests are about the
    lock-out, which must hold on its own."""
    rates = {**SimpleRateThrottle.THROTTLE_RATES, "token": "1000/minute", "anon": "1000/minute"}
    monkeypatch.setattr(SimpleRateThrottle, "THROTTLE_RATES", rates)


def sign_in(client, door, identifier, password, *, address="127.0.0.1", **extra):
    data = {"username": identifier, "password": password}
    if door == TOKEN:
        return client.post(
            door, data, content_type="application/json", REMOTE_ADDR=address, **extra
        )
    return client.post(door, data, REMOTE_ADDR=address, **extra)


def signed_in(response, door) -> bool:
    if door == TOKEN:
        return response.status_code == 200 and "token" in response.json()
    return response.status_code == 302


@pytest.mark.parametrize("num_proxies", [0, 1])
def test_sixty_token_guesses_with_rotating_forwarded_for_stop_after_at_most_ten(
    client, settings, administrator, num_proxies
):
    """Without trusted proxies the header is ignored (one address); behind one, each guess
    comes from a new address and the account's own limit stops them."""
    settings.NUM_PROXIES = num_proxies
    statuses = [
        sign_in(
            client,
            TOKEN,
            administrator.username,
            f"guess-{n}",
            HTTP_X_FORWARDED_FOR=f"10.{n}.0.1, 192.0.2.{n}",
        ).status_code
        for n in range(60)
    ]
    refused_as_wrong = statuses.count(400)
    assert refused_as_wrong <= 10
    assert statuses[refused_as_wrong:] == [429] * (60 - refused_as_wrong)
    locked = sign_in(
        client,
        TOKEN,
        administrator.username,
        settings.DEMO_PASSWORD,
        HTTP_X_FORWARDED_FOR="10.99.0.1, 192.0.2.99",
    )
    assert locked.status_code == 429


@pytest.mark.parametrize("locking_door", DOORS)
def test_the_right_password_is_refused_on_every_door_while_locked(
    client, administrator, locking_door
):
    for _ in range(settings.AXES_FAILURE_LIMIT):
        sign_in(client, locking_door, administrator.username, "wrong")
    for door in DOORS:
        response = sign_in(client, door, administrator.username, settings.DEMO_PASSWORD)
        assert response.status_code == 429, door
        assert not signed_in(response, door)
    assert "_auth_user_id" not in client.session


def test_email_and_username_share_one_counter(client, official):
    sign_in(client, WEB, official.username, "wrong")
    sign_in(client, WEB, official.email.upper(), "wrong")
    sign_in(client, TOKEN, official.email, "wrong")
    sign_in(client, ADMIN, official.username, "wrong")
    response = sign_in(client, WEB, f" {official.email} ", "wrong")
    assert response.status_code == 429
    assert set(AccessAttempt.objects.values_list("username", flat=True)) == {official.username}
    assert sign_in(client, WEB, official.email, settings.DEMO_PASSWORD).status_code == 429


def test_a_stranger_at_one_address_does_not_lock_the_owner_out_elsewhere(client, official):
    for _ in range(60):
        sign_in(client, TOKEN, official.username, "wrong", address=STRANGER)
    assert sign_in(client, WEB, official.username, "wrong", address=STRANGER).status_code == 429
    response = sign_in(client, WEB, official.username, settings.DEMO_PASSWORD, address=OWNER)
    assert response.status_code == 302


def test_guessing_from_many_addresses_locks_the_account(client, official):
    for n in range(settings.SIGN_IN_ACCOUNT_FAILURE_LIMIT):
        sign_in(client, TOKEN, official.username, "wrong", address=f"192.0.2.{n}")
    response = sign_in(client, WEB, official.username, settings.DEMO_PASSWORD, address=OWNER)
    assert response.status_code == 429


def test_many_accounts_failing_at_one_address_pause_it_only_for_the_cool_off(
    client, official, approver
):
    for n in range(settings.SIGN_IN_ADDRESS_FAILURE_LIMIT):
        sign_in(client, TOKEN, f"someone-{n}", "wrong", address=STRANGER)
    # The address is paused for everyone behind it, the owner included...
    assert (
        sign_in(
            client, WEB, official.username, settings.DEMO_PASSWORD, address=STRANGER
        ).status_code
        == 429
    )
    # ...but not for good: once the cool-off has passed, they sign in.
    AccessAttempt.objects.update(
        attempt_time=AccessAttempt.objects.first().attempt_time
        - settings.AXES_COOLOFF_TIME
        - timedelta(seconds=1)
    )
    response = sign_in(client, WEB, approver.username, settings.DEMO_PASSWORD, address=STRANGER)
    assert response.status_code == 302


def test_the_lock_out_page_is_in_the_site_layout_in_the_visitors_language(client, official):
    for _ in range(settings.AXES_FAILURE_LIMIT):
        sign_in(client, "/zh-hans/accounts/login/", official.username, "wrong")
    response = sign_in(client, "/zh-hans/accounts/login/", official.username, "wrong")
    assert response.status_code == 429
    body = response.content.decode()
    assert '<html lang="zh-hans"' in body
    assert "登录已暂停" in body
    assert "15" in body
    assert response["Retry-After"] == str(15 * 60)


def test_the_api_lock_out_is_a_problem_document(client, official):
    for _ in range(settings.AXES_FAILURE_LIMIT):
        sign_in(client, TOKEN, official.username, "wrong")
    response = sign_in(client, TOKEN, official.username, settings.DEMO_PASSWORD)
    assert response.status_code == 429
    assert response["Content-Type"] == "application/problem+json"
    assert response["Retry-After"] == str(15 * 60)
    body = response.json()
    assert body["status"] == 429
    assert body["code"] == "locked_out"
    assert "Too many failed sign-in attempts" in body["detail"]


def test_failed_sign_ins_are_still_audited(client, official):
    sign_in(client, TOKEN, official.username, "wrong", address=STRANGER)
    sign_in(client, WEB, official.email, "wrong", address=STRANGER)
    events = AuditEvent.objects.filter(action="user.sign_in_failed")
    assert events.count() == 2
    assert set(events.values_list("ip_address", flat=True)) == {STRANGER}


def test_a_successful_sign_in_forgets_that_accounts_failures_from_that_address(client, official):
    good = settings.DEMO_PASSWORD
    for _ in range(settings.AXES_FAILURE_LIMIT - 1):
        sign_in(client, WEB, official.username, "wrong")
    assert sign_in(client, WEB, official.username, good).status_code == 302
    client.post("/en/accounts/logout/")
    for _ in range(settings.AXES_FAILURE_LIMIT - 1):
        sign_in(client, WEB, official.username, "wrong")
    assert sign_in(client, WEB, official.username, good).status_code == 302


@pytest.mark.parametrize("door", DOORS)
def test_a_nul_byte_in_the_identifier_is_refused_plainly(client, official, door):
    response = sign_in(client, door, "a\x00b@example.com", "wrong")
    assert response.status_code in (200, 400), response.status_code
    assert not signed_in(response, door)
