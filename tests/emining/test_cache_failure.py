"""The cache is an optimisation: with its Redis frozen (SIGSTOP) or stopped, pages, the API,
sign-in and writes answer from the database within a second, and throttles fail open."""

from __future__ import annotations

import time

import pytest
from django.conf import settings
from django.core.cache import cache
from django.test import override_settings

from emining import cache as fault_tolerant
from tests.factories import make_project
from tests.private_redis import freeze, private_redis, thaw  # noqa: F401 (fixture)
from tests.projects.test_api import LIST_URL, bearer, payload

pytestmark = pytest.mark.django_db


@pytest.fixture
def redis_cache(private_redis):  # noqa: F811
    """The portal's cache on a Redis of this test's own, through the shipped backend."""
    url, process = private_redis
    fault_tolerant._down_until.clear()
    caches = {"default": {"BACKEND": "emining.cache.FaultTolerantRedisCache", "LOCATION": url}}
    with override_settings(CACHES=caches):
        yield process
    fault_tolerant._down_until.clear()


def timed(call):
    started = time.monotonic()
    result = call()
    return result, time.monotonic() - started


def test_settings_use_the_fault_tolerant_backend_for_redis():
    if not settings.CACHES["default"]["LOCATION"].startswith("redis"):
        pytest.skip("CACHE_URL is not Redis here")
    assert settings.CACHES["default"]["BACKEND"] == "emining.cache.FaultTolerantRedisCache"


def test_a_frozen_cache_is_a_miss_within_a_second(redis_cache, reference_data):
    cache.set("greeting", "hello")
    assert cache.get("greeting") == "hello"
    freeze(redis_cache)
    try:
        value, elapsed = timed(lambda: cache.get("greeting", "missed"))
        assert value == "missed"
        assert elapsed < 1
        # Afterwards the process leaves Redis alone for a while: no timeout per call.
        _, elapsed = timed(lambda: [cache.get(f"k{n}") for n in range(50)])
        assert elapsed < 0.1
        assert cache.set_many({"a": 1}) == ["a"]
        assert cache.add("a", 1) is False
    finally:
        thaw(redis_cache)


def test_pages_api_sign_in_and_writes_answer_with_a_frozen_cache(
    client, api_client, redis_cache, reference_data, official
):
    make_project(title="Saindak copper-gold expansion")
    bearer(api_client, official)  # a token while the cache still answers
    freeze(redis_cache)
    try:
        for path in ("/en/projects/", "/en/projects/?search=saindak", "/en/projects/map/", "/en/"):
            response, elapsed = timed(lambda path=path: client.get(path))
            assert response.status_code == 200, path
            assert elapsed < 1, (path, elapsed)
        assert "Saindak copper-gold expansion" in client.get("/en/projects/").content.decode()

        response, elapsed = timed(lambda: api_client.get(LIST_URL + "?search=saindak"))
        assert response.status_code == 200
        assert response.json()["count"] == 1
        assert elapsed < 1

        # A committed write answers as usual (its version bump lives in the database).
        response, elapsed = timed(lambda: api_client.post(LIST_URL, payload(), format="json"))
        assert response.status_code == 201, response.content
        assert elapsed < 1

        fresh = client.__class__()
        response, elapsed = timed(
            lambda: fresh.post(
                "/en/accounts/login/",
                {"username": official.username, "password": settings.DEMO_PASSWORD},
            )
        )
        assert response.status_code == 302
        assert elapsed < 1
    finally:
        thaw(redis_cache)


def test_pages_answer_with_the_cache_stopped(client, redis_cache, reference_data):
    make_project(title="Thar block coal gasification")
    redis_cache.terminate()
    redis_cache.wait(timeout=5)
    response, elapsed = timed(lambda: client.get("/en/projects/"))
    assert response.status_code == 200
    assert "Thar block coal gasification" in response.content.decode()
    assert elapsed < 1


def test_api_throttles_fail_open_without_the_cache(
    api_client, redis_cache, reference_data, monkeypatch
):
    from rest_framework.throttling import SimpleRateThrottle

    rates = {**SimpleRateThrottle.THROTTLE_RATES, "anon": "2/minute"}
    monkeypatch.setattr(SimpleRateThrottle, "THROTTLE_RATES", rates)
    statuses = [api_client.get("/api/v1/minerals/").status_code for _ in range(3)]
    assert statuses == [200, 200, 429]  # counted while Redis answers
    freeze(redis_cache)
    try:
        assert api_client.get("/api/v1/minerals/").status_code == 200  # fail open
    finally:
        thaw(redis_cache)
