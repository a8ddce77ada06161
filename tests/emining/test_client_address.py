"""The client's address: X-Forwarded-For is believed only behind NUM_PROXIES trusted proxies,
and the audit trail, the sign-in lock-out and the API throttles all use the same answer."""

from __future__ import annotations

import pytest
from django.test import RequestFactory
from rest_framework.test import APIClient
from rest_framework.throttling import SimpleRateThrottle

from emining.models import AuditEvent
from emining.request_utils import client_ip

pytestmark = pytest.mark.django_db


@pytest.mark.parametrize(
    ("num_proxies", "forwarded", "expected"),
    [
        (0, None, "10.0.0.2"),
        (0, "203.0.113.7", "10.0.0.2"),  # no trusted proxy: the header is anyone's to write
        (1, None, "10.0.0.2"),
        (1, "203.0.113.7", "203.0.113.7"),
        (1, "198.51.100.1, 203.0.113.7", "203.0.113.7"),  # what the client wrote is ignored
        (2, "198.51.100.1, 203.0.113.7, 192.0.2.5", "203.0.113.7"),
        (3, "203.0.113.7", "203.0.113.7"),  # fewer hops than proxies: the leftmost
        (1, "not-an-address", "10.0.0.2"),
        (1, " 2001:db8::1 ", "2001:db8::1"),
    ],
)
def test_client_address(settings, num_proxies, forwarded, expected):
    settings.NUM_PROXIES = num_proxies
    headers = {"REMOTE_ADDR": "10.0.0.2"}
    if forwarded is not None:
        headers["HTTP_X_FORWARDED_FOR"] = forwarded
    assert client_ip(RequestFactory().get("/", **headers)) == expected


@pytest.fixture
def tight_anonymous_rate(monkeypatch):
    rates = {**SimpleRateThrottle.THROTTLE_RATES, "anon": "2/minute"}
    monkeypatch.setattr(SimpleRateThrottle, "THROTTLE_RATES", rates)


def test_throttles_ignore_forwarded_for_without_trusted_proxies(tight_anonymous_rate, db):
    api = APIClient()
    codes = [
        api.get("/api/v1/minerals/", HTTP_X_FORWARDED_FOR=f"192.0.2.{n}").status_code
        for n in range(3)
    ]
    assert codes == [200, 200, 429]


def test_throttles_count_the_forwarded_client_behind_a_trusted_proxy(
    settings, tight_anonymous_rate, db
):
    settings.NUM_PROXIES = 1
    api = APIClient()
    codes = [
        api.get("/api/v1/minerals/", HTTP_X_FORWARDED_FOR=f"192.0.2.{n}").status_code
        for n in range(4)
    ]
    assert codes == [200] * 4
    again = [
        api.get("/api/v1/minerals/", HTTP_X_FORWARDED_FOR="192.0.2.1").status_code for _ in range(2)
    ]
    assert again == [200, 429]


def test_the_audit_trail_records_the_same_address(settings, client, official):
    settings.NUM_PROXIES = 1
    client.post(
        "/en/accounts/login/",
        {"username": official.username, "password": "wrong"},
        HTTP_X_FORWARDED_FOR="198.51.100.1, 203.0.113.7",
    )
    event = AuditEvent.objects.get(action="user.sign_in_failed")
    assert event.ip_address == "203.0.113.7"
