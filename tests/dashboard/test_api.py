"""/api/v1/stats/: the public figures for everyone, read-only, documented and throttled."""

from __future__ import annotations

import pytest
from rest_framework.test import APIClient

from emining.dashboard.figures import public_figures

pytestmark = pytest.mark.django_db

URL = "/api/v1/stats/"


def test_anonymous_callers_get_the_public_figures(api_client, world):
    response = api_client.get(URL)
    assert response.status_code == 200
    body = response.json()
    assert body == public_figures()
    assert body["totals"]["bids_received"] == 2
    assert len(body["trend"]) == 24


def test_signed_in_callers_get_the_same_public_figures(api_client, world, official):
    """Nobody's own rights change the figures: an official sees the public numbers here."""
    anonymous = APIClient().get(URL).json()
    api_client.force_authenticate(official)
    assert api_client.get(URL).json() == anonymous


@pytest.mark.parametrize("method", ["post", "put", "patch", "delete"])
def test_stats_are_read_only(api_client, db, method):
    assert getattr(api_client, method)(URL, {}, format="json").status_code == 405


def test_stats_are_throttled_like_other_anonymous_requests(api_client, db, settings):
    from rest_framework.settings import api_settings
    from rest_framework.throttling import SimpleRateThrottle

    rates = {**SimpleRateThrottle.THROTTLE_RATES, "anon": "2/minute"}
    original = SimpleRateThrottle.THROTTLE_RATES
    SimpleRateThrottle.THROTTLE_RATES = rates
    try:
        statuses = [api_client.get(URL).status_code for _ in range(3)]
    finally:
        SimpleRateThrottle.THROTTLE_RATES = original
    assert api_settings.DEFAULT_THROTTLE_CLASSES
    assert statuses == [200, 200, 429]


def test_the_schema_documents_the_stats(api_client, db):
    schema = api_client.get("/api/schema/?format=json").json()
    operation = schema["paths"]["/api/v1/stats/"]["get"]
    assert operation["security"] == []
    assert "429" in operation["responses"]
    reference = operation["responses"]["200"]["content"]["application/json"]["schema"]["$ref"]
    stats = schema["components"]["schemas"][reference.rsplit("/", 1)[-1]]
    assert set(stats["properties"]) == set(public_figures())
