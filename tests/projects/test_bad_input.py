"""Bad input anywhere (query strings, API bodies, form posts) answers 4xx, never 500."""

from __future__ import annotations

import pytest
from rest_framework.test import APIClient

from tests.factories import make_project

pytestmark = pytest.mark.django_db

BAD_QUERIES = [
    "min_investment=-1",
    "min_investment=1e400",
    "max_investment=abc",
    "page_size=0",
    "page_size=-5",
    "page=0",
    "ordering=foo",
    "search=" + "x" * 300,
    "search=%00",
    "region=nowhere",
    "mineral=",
    "status=draft",
    "min_investment=99999999999999999999999",
    "page=99999999999999999999",
]


def test_bad_queries_never_500(client, official, reference_data):
    make_project(status="published")
    api = APIClient()
    for q in BAD_QUERIES:
        for path in (
            "/en/projects/",
            "/en/projects/map/",
            "/api/v1/projects/",
            "/api/v1/projects/geojson/",
        ):
            r = (api if path.startswith("/api") else client).get(f"{path}?{q}")
            assert r.status_code < 500, (path, q, r.status_code)


def test_bad_api_writes_never_500(official, reference_data):
    api = APIClient()
    api.force_authenticate(official)
    base = {
        "title": "T",
        "summary": "S",
        "description": "D",
        "minerals": ["copper"],
        "primary_mineral": "copper",
        "region": "balochistan",
        "district": "chagai",
        "latitude": 29.1,
        "longitude": 61.5,
        "area_km2": "10",
        "stage": "mining",
        "investment_model": "epc",
        "investment_usd": 1000,
        "bid_opens_at": "2027-01-01T10:00:00+05:00",
        "bid_closes_at": "2027-02-01T10:00:00+05:00",
        "evaluation_criteria": [{"name": "A", "weight": 100}],
    }
    variants = [
        {"investment_usd": 10**30},
        {"latitude": "nan"},
        {"latitude": "inf"},
        {"area_km2": "1e99"},
        {"bid_opens_at": "yesterday"},
        {"minerals": "copper"},
        {"minerals": [None]},
        {"evaluation_criteria": "x"},
        {"evaluation_criteria": [{"name": "A", "weight": 10**10}]},
        {"title": "x" * 500},
        {"district": "lahore"},
        {"contact_official": "nobody"},
        {"title": "a\x00b"},
        {"evaluation_criteria": [{"name": "", "weight": 100}]},
    ]
    for v in variants:
        r = api.post("/api/v1/projects/", {**base, **v}, format="json")
        assert r.status_code < 500, (v, r.status_code, r.content[:300])
    r = api.post("/api/v1/projects/", "not json", content_type="application/json")
    assert r.status_code == 400


def test_bad_form_posts_never_500(client, official, reference_data):
    client.force_login(official)
    for data in [
        {"latitude": "nan"},
        {"investment_usd": "1" * 40},
        {"bid_opens_at": "2027-13-45T99:99"},
        {"criteria-TOTAL_FORMS": "abc"},
        {"criteria-TOTAL_FORMS": "100000"},
        {"title": "a\x00b"},
        {"minerals": ["999999"]},
        {"area_km2": "1e99"},
    ]:
        r = client.post("/en/projects/new/", data)
        assert r.status_code < 500, (data, r.status_code)
    p = make_project(status="published", agency=official.agency)
    for action in (
        "cancel",
        "return",
        "publish",
        "close",
        "award",
        "evaluate",
        "submit",
        "nonsense",
    ):
        r = client.post(f"/en/projects/{p.reference}/actions/{action}/", {"reason": "x" * 100000})
        assert r.status_code < 500, (action, r.status_code)
    r = client.post(f"/en/projects/{p.reference}/amend/", {"reason": "x", "latitude": "nan"})
    assert r.status_code < 500
