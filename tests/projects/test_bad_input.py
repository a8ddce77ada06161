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
        "award",  # no longer an action (it needs a bid): a 404
        "evaluate",
        "submit",
        "nonsense",
    ):
        r = client.post(f"/en/projects/{p.reference}/actions/{action}/", {"reason": "x" * 100000})
        assert r.status_code < 500, (action, r.status_code)
    r = client.post(f"/en/projects/{p.reference}/amend/", {"reason": "x", "latitude": "nan"})
    assert r.status_code < 500


# --- NUL bytes and deep JSON (issue 7, "Bad input") ------------------------------------------


@pytest.mark.parametrize(
    "path", ["/api/v1/minerals/%00/", "/api/v1/regions/%00/", "/api/v1/projects/PMP-2026-%00/"]
)
def test_a_nul_byte_in_a_slug_is_a_404(path, reference_data):
    response = APIClient().get(path)
    assert response.status_code == 404
    assert response["Content-Type"] == "application/problem+json"


@pytest.mark.parametrize("field", ["region", "primary_mineral", "district", "contact_official"])
def test_a_nul_byte_in_a_related_slug_is_a_field_error(field, official, reference_data):
    from projects.models import Project

    from .test_api import payload

    api = APIClient()
    api.force_authenticate(official)
    before = Project.objects.count()
    created = api.post("/api/v1/projects/", payload(**{field: "\x00"}), format="json")
    assert created.status_code == 400, created.content
    assert field in created.json()["errors"]
    assert Project.objects.count() == before

    draft = make_project(status="draft", agency=official.agency, created_by=official)
    changed = api.patch(f"/api/v1/projects/{draft.reference}/", {field: "a\x00b"}, format="json")
    assert changed.status_code == 400, changed.content
    assert field in changed.json()["errors"]


DEEP = ("[" * 1000 + "]" * 1000).encode()
DEEP_OBJECT = ('{"a":' * 1000 + "1" + "}" * 1000).encode()


@pytest.mark.parametrize("body", [DEEP, DEEP_OBJECT], ids=["array", "object"])
@pytest.mark.parametrize(
    ("method", "path", "persona"),
    [
        ("post", "/api/v1/auth/token/", None),
        ("post", "/api/v1/auth/logout/", "official"),
        ("post", "/api/v1/projects/", "official"),
        ("patch", "/api/v1/projects/{draft}/", "official"),
        ("put", "/api/v1/projects/{draft}/", "official"),
        ("post", "/api/v1/projects/{draft}/submit/", "official"),
        ("post", "/api/v1/projects/{draft}/cancel/", "official"),
        ("post", "/api/v1/projects/{draft}/return/", "official"),
        ("post", "/api/v1/projects/{draft}/award/", "official"),
    ],
)
def test_json_nested_a_thousand_levels_is_a_400(request, method, path, persona, body, official):
    api = APIClient()
    if persona:
        api.force_authenticate(request.getfixturevalue(persona))
    draft = make_project(status="draft", agency=official.agency, created_by=official)
    response = getattr(api, method)(
        path.format(draft=draft.reference), body, content_type="application/json"
    )
    assert response.status_code == 400, response.content[:300]
    assert response["Content-Type"] == "application/problem+json"
    assert "nested" in response.json()["detail"]


@pytest.mark.parametrize("value", [0, {}, [], True, "x" * 300])
@pytest.mark.parametrize("field", ["region", "primary_mineral", "district", "contact_official"])
def test_a_related_record_is_named_by_text(field, value, official, reference_data):
    from .test_api import payload

    api = APIClient()
    api.force_authenticate(official)
    response = api.post("/api/v1/projects/", payload(**{field: value}), format="json")
    assert response.status_code == 400, response.content
    assert field in response.json()["errors"]
