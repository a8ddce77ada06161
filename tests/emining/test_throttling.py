"""API throttles: anonymous clients by address, signed-in ones by account, one counter each."""

from __future__ import annotations

import pytest
from rest_framework.throttling import SimpleRateThrottle

pytestmark = pytest.mark.django_db


@pytest.fixture
def tight_rates(monkeypatch):
    rates = {**SimpleRateThrottle.THROTTLE_RATES, "anon": "3/minute", "user": "5/minute"}
    monkeypatch.setattr(SimpleRateThrottle, "THROTTLE_RATES", rates)


def test_anonymous_clients_get_the_anonymous_rate(api_client, tight_rates, reference_data):
    codes = [api_client.get("/api/v1/minerals/").status_code for _ in range(4)]
    assert codes == [200, 200, 200, 429]
    assert "Retry-After" in api_client.get("/api/v1/minerals/")


def test_signed_in_clients_get_their_own_rate(api_client, tight_rates, firm_member, reference_data):
    api_client.force_authenticate(firm_member)
    codes = [api_client.get("/api/v1/minerals/").status_code for _ in range(6)]
    assert codes == [200] * 5 + [429]
