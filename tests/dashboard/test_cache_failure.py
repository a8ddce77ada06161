"""A cache outage costs the dashboard its shortcut, never its answer: with its Redis stopped
or frozen, the page and /api/v1/stats/ answer from the database, with the same figures."""

from __future__ import annotations

import time

import pytest
from django.test import override_settings

from emining import cache as fault_tolerant
from tests.private_redis import freeze, private_redis, thaw  # noqa: F401 (fixture)

pytestmark = pytest.mark.django_db


@pytest.fixture
def redis_cache(private_redis):  # noqa: F811
    url, process = private_redis
    fault_tolerant._down_until.clear()
    caches = {"default": {"BACKEND": "emining.cache.FaultTolerantRedisCache", "LOCATION": url}}
    with override_settings(CACHES=caches):
        yield process
    fault_tolerant._down_until.clear()


def test_dashboard_answers_with_its_redis_frozen_or_stopped(client, world, redis_cache):
    expected = client.get("/api/v1/stats/").json()  # cached while Redis answers
    freeze(redis_cache)
    try:
        for path in ("/en/dashboard/", "/ur/dashboard/", "/api/v1/stats/"):
            started = time.monotonic()
            response = client.get(path)
            assert response.status_code == 200, path
            assert time.monotonic() - started < 1.5, path
        assert client.get("/api/v1/stats/").json() == expected
    finally:
        thaw(redis_cache)
    redis_cache.terminate()
    redis_cache.wait(timeout=5)
    fault_tolerant._down_until.clear()
    assert client.get("/en/dashboard/").status_code == 200
    assert client.get("/api/v1/stats/").json() == expected
