"""The projects API: reading with the page's filters, visibility, writes by officials, the
workflow as actions, the GeoJSON map feed and the list's query count."""

from __future__ import annotations

from datetime import datetime, timedelta

import pytest
from django.conf import settings
from django.core.cache import cache
from django.utils import timezone

from emining.models import AuditEvent
from projects import services
from projects.models import Project
from tests.factories import close_bidding_now, make_offer, make_project

pytestmark = pytest.mark.django_db


# A page of the list: the listings data version (from the database: it keys the cached COUNT),
# COUNT (then cached), the rows with their slugs joined and, on PostgreSQL, their minerals in
# an array subquery; elsewhere one more query for the minerals.
# An official's list: the data version, the rows (minerals in an array subquery on
# PostgreSQL, a second query on SQLite) and the cached COUNT on a first request.
LIST_QUERIES = 3 if settings.USING_POSTGRES else 4
# The listing index, built afresh after a change: public projects, their minerals, the
# regions, the minerals and the agencies.
INDEX_BUILD_QUERIES = 5

LIST_URL = "/api/v1/projects/"
GEOJSON_URL = "/api/v1/projects/geojson/"
TOKEN_URL = "/api/v1/auth/token/"

ISSUE_FIELDS = {
    "id",
    "reference",
    "title",
    "summary",
    "description",
    "minerals",
    "primary_mineral",
    "region",
    "district",
    "latitude",
    "longitude",
    "area_km2",
    "stage",
    "investment_model",
    "investment_usd",
    "status",
    "bid_opens_at",
    "bid_closes_at",
    "agency",
    "created_at",
    "updated_at",
}
LIST_FIELDS = ISSUE_FIELDS | {
    "title_zh",
    "title_ur",
    "summary_zh",
    "summary_ur",
    "description_zh",
    "description_ur",
    "published_at",
}
DETAIL_ONLY_FIELDS = {
    *(
        f"{name}_{suffix}"
        for name in (
            "estimated_reserves",
            "grade",
            "special_economic_zone",
            "corridor",
            "training_commitment",
        )
        for suffix in ("zh", "ur")
    ),
    "estimated_reserves",
    "grade",
    "distance_to_gwadar_km",
    "special_economic_zone",
    "corridor",
    "expected_jobs",
    "training_commitment",
    "contact_official",
    "evaluation_criteria",
    "submitted_at",
    "closed_at",
    "evaluation_started_at",
    "awarded_at",
    "cancelled_at",
    "cancellation_reason",
    "amendments",
    "documents",
}


def detail_url(project_or_reference) -> str:
    reference = getattr(project_or_reference, "reference", project_or_reference)
    return f"{LIST_URL}{reference}/"


def action_url(project, name: str) -> str:
    return f"{detail_url(project)}{name}/"


def references(response) -> set[str]:
    assert response.status_code == 200, response.content
    return {row["reference"] for row in response.json()["results"]}


def bearer(api_client, user) -> None:
    """Authenticate as a real API client does: a token from the token endpoint."""
    response = api_client.post(
        TOKEN_URL, {"username": user.username, "password": settings.DEMO_PASSWORD}
    )
    assert response.status_code == 200, response.content
    api_client.credentials(HTTP_AUTHORIZATION=f"Bearer {response.json()['token']}")


def payload(**overrides) -> dict:
    now = timezone.now()
    data = {
        "title": "Chagai copper-gold extension",
        "title_zh": "查盖铜金扩建项目",
        "summary": "Extension of a producing porphyry copper-gold mine.",
        "description": "Porphyry copper-gold deposit next to the Saindak processing plant.",
        "minerals": ["copper", "gold"],
        "primary_mineral": "copper",
        "region": "balochistan",
        "district": "chagai",
        "latitude": 29.23,
        "longitude": 61.58,
        "area_km2": "120.50",
        "stage": "mining",
        "investment_model": "joint_venture",
        "investment_usd": 250_000_000,
        "estimated_reserves": "412 Mt at 0.5% Cu",
        "distance_to_gwadar_km": 650,
        "corridor": "Nokundi–Mashkel–Turbat–Gwadar",
        "expected_jobs": 1200,
        "bid_opens_at": (now + timedelta(days=1)).isoformat(),
        "bid_closes_at": (now + timedelta(days=45)).isoformat(),
        "evaluation_criteria": [
            {"name": "Technical capability", "weight": 60},
            {"name": "Financial offer", "weight": 40},
        ],
    }
    data.update(overrides)
    return data


# --- Reading: fields ------------------------------------------------------------------------


def test_list_rows_have_the_issue_fields_as_slugs_and_iso_datetimes(api_client, reference_data):
    project = make_project(minerals=("copper", "gold"), title_zh="铜金项目", area_km2=120)
    response = api_client.get(LIST_URL)
    assert response.status_code == 200
    data = response.json()
    assert data["count"] == 1
    assert data["next"] is None
    assert data["previous"] is None
    (row,) = data["results"]
    assert set(row) == LIST_FIELDS
    assert row["id"] == project.pk
    assert row["reference"] == project.reference
    assert row["title_zh"] == "铜金项目"
    assert row["title_ur"] == ""
    assert row["minerals"] == ["copper", "gold"]
    assert row["primary_mineral"] == "copper"
    assert row["region"] == "balochistan"
    assert row["district"] == "chagai"
    assert row["agency"] == "ministry-of-energy-petroleum-division"
    assert row["latitude"] == pytest.approx(29.13)
    assert row["longitude"] == pytest.approx(61.65)
    assert row["area_km2"] == 120.0
    assert row["investment_usd"] == 250_000_000
    assert row["stage"] == "mining"
    assert row["investment_model"] == "joint_venture"
    assert row["status"] == "published"
    for name in ("bid_opens_at", "bid_closes_at", "published_at", "created_at", "updated_at"):
        parsed = datetime.fromisoformat(row[name])
        assert parsed.utcoffset() == timedelta(hours=5), name  # Asia/Karachi, with its offset
    assert datetime.fromisoformat(row["bid_closes_at"]) == project.bid_closes_at


def test_detail_has_the_list_fields_and_the_rest_of_the_record(api_client, reference_data):
    project = make_project(
        minerals=("lead", "zinc"),
        region="balochistan",
        district="lasbela",
        grade="8.6% Zn, 3.1% Pb",
        special_economic_zone="Hub SEZ",
        expected_jobs=800,
    )
    row = api_client.get(LIST_URL).json()["results"][0]
    response = api_client.get(detail_url(project))
    assert response.status_code == 200
    detail = response.json()
    assert set(detail) == LIST_FIELDS | DETAIL_ONLY_FIELDS
    # The fast list path and the detail serializer write the same values the same way.
    assert {name: detail[name] for name in LIST_FIELDS} == row
    assert detail["minerals"] == ["lead", "zinc"]
    assert detail["district"] == "lasbela"
    assert detail["grade"] == "8.6% Zn, 3.1% Pb"
    assert detail["expected_jobs"] == 800
    contact = project.contact_official
    assert contact.email == f"{contact.username}@example.com"  # the factory's
    contact.email = "mines.contact@example.gov.pk"
    contact.save()
    response = api_client.get(detail_url(project))
    detail = response.json()
    assert detail["contact_official"] == {"name": contact.get_full_name(), "email": contact.email}
    assert contact.username not in response.content.decode()
    assert detail["evaluation_criteria"] == [
        {"name": "Technical capability", "name_zh": "", "name_ur": "", "weight": 60},
        {"name": "Financial offer", "name_zh": "", "name_ur": "", "weight": 40},
    ]
    assert detail["amendments"] == []
    assert detail["documents"] == []
    assert detail["cancellation_reason"] == ""


def test_detail_lists_amendments(api_client, reference_data, official, approver):
    from projects import services

    project = make_project(agency=official.agency)
    proposal = services.amend_project(
        project,
        by=official,
        reason="More time for site visits.",
        values={"bid_closes_at": project.bid_closes_at + timedelta(days=14)},
    )
    # A new closing time waits for a second official: until then the API does not show it.
    assert api_client.get(detail_url(project)).json()["amendments"] == []
    services.approve_amendment(proposal, by=approver)
    amendments = api_client.get(detail_url(project)).json()["amendments"]
    assert len(amendments) == 1
    assert amendments[0]["reason"] == "More time for site visits."
    assert set(amendments[0]["changes"]) == {"bid_closes_at"}


def test_unknown_reference_is_a_json_404_and_geojson_is_not_a_reference(api_client, reference_data):
    response = api_client.get(detail_url("PMP-2026-9999"))
    assert response.status_code == 404
    assert response.json()["detail"] == "Not found."
    assert response.json()["status"] == 404
    assert api_client.get(GEOJSON_URL).status_code == 200


# --- Reading: filters and ordering ----------------------------------------------------------


@pytest.fixture
def catalogue(reference_data):
    """Five public projects that differ in one filterable respect each, and one draft."""
    return {
        "saindak": make_project(
            minerals=("copper", "gold"),
            stage="mining",
            investment_model="joint_venture",
            investment_usd=400_000_000,
        ),
        "duddar": make_project(
            minerals=("zinc", "lead"),
            district="lasbela",
            stage="processing",
            investment_model="epc",
            investment_usd=120_000_000,
        ),
        "thar": make_project(
            minerals=("coal",),
            region="sindh",
            district="tharparkar",
            latitude=24.75,
            longitude=70.0,
            stage="exploration",
            investment_model="bot",
            investment_usd=900_000_000,
            status="closed",
        ),
        "chromite": make_project(
            minerals=("chromite",),
            region="khyber-pakhtunkhwa",
            district="mohmand",
            stage="exploration",
            investment_model="exploration_licence",
            investment_usd=15_000_000,
            status="awarded",
        ),
        "granite": make_project(
            minerals=("granite",),
            region="punjab",
            district=None,
            stage="manufacturing",
            investment_model="equity",
            investment_usd=40_000_000,
        ),
        "draft": make_project(minerals=("copper",), status="draft"),
    }


@pytest.mark.parametrize(
    ("query", "expected"),
    [
        ("", {"saindak", "duddar", "thar", "chromite", "granite"}),
        ("mineral=copper", {"saindak"}),
        ("mineral=lead", {"duddar"}),  # any of the minerals, not only the primary one
        ("region=balochistan", {"saindak", "duddar"}),
        ("region=lasbela", {"duddar"}),  # a district
        ("region=sindh", {"thar"}),
        ("stage=exploration", {"thar", "chromite"}),
        ("investment_model=epc", {"duddar"}),
        ("status=published", {"saindak", "duddar", "granite"}),
        ("status=closed", {"thar"}),
        ("status=awarded", {"chromite"}),
        ("status=draft", set()),  # anonymous visitors never see drafts, even when asking
        ("min_investment=300000000", {"saindak", "thar"}),
        ("max_investment=40000000", {"chromite", "granite"}),
        ("min_investment=100000000&max_investment=500000000", {"saindak", "duddar"}),
        ("region=balochistan&stage=processing", {"duddar"}),
    ],
)
def test_filters(api_client, catalogue, query, expected):
    response = api_client.get(f"{LIST_URL}?{query}")
    assert references(response) == {catalogue[name].reference for name in expected}
    assert response.json()["count"] == len(expected)


@pytest.mark.parametrize(
    ("ordering", "expected"),
    [
        ("largest", ["thar", "saindak", "duddar", "granite", "chromite"]),
        ("newest", ["granite", "chromite", "thar", "duddar", "saindak"]),
        # Deadlines still ahead first, soonest first.
        ("closing", ["granite", "duddar", "saindak", "chromite", "thar"]),
    ],
)
def test_ordering(api_client, catalogue, ordering, expected):
    now = timezone.now()
    names = ["saindak", "duddar", "thar", "chromite", "granite"]
    closing_in_days = [30, 20, -5, -1, 10]
    for position, (name, days) in enumerate(zip(names, closing_in_days, strict=True)):
        published_at = now - timedelta(days=40 - position)
        Project.objects.filter(pk=catalogue[name].pk).update(
            published_at=published_at,
            bid_opens_at=published_at,
            bid_closes_at=now + timedelta(days=days),
        )
    rows = api_client.get(f"{LIST_URL}?ordering={ordering}").json()["results"]
    assert [row["reference"] for row in rows] == [catalogue[name].reference for name in expected]


def test_pagination_keeps_its_metadata(api_client, catalogue):
    data = api_client.get(f"{LIST_URL}?page_size=2&ordering=largest").json()
    assert data["count"] == 5
    assert len(data["results"]) == 2
    assert data["previous"] is None
    assert "page=2" in data["next"]
    assert "ordering=largest" in data["next"]
    last = api_client.get(f"{LIST_URL}?page_size=2&page=3").json()
    assert len(last["results"]) == 1
    assert last["next"] is None
    assert "page=2" in last["previous"]
    assert api_client.get(f"{LIST_URL}?page=9").json()["detail"] == "Invalid page."


@pytest.mark.parametrize(
    ("query", "field"),
    [
        ("mineral=unobtainium", "mineral"),
        ("region=atlantis", "region"),
        ("stage=strip-mining", "stage"),
        ("investment_model=barter", "investment_model"),
        ("status=secret", "status"),
        ("min_investment=lots", "min_investment"),
        ("min_investment=-5", "min_investment"),
        ("max_investment=1e30", "max_investment"),
        ("min_investment=500&max_investment=100", "max_investment"),
        ("ordering=random", "ordering"),
        ("search=%00", "search"),
        ("search=" + "x" * 201, "search"),
    ],
)
@pytest.mark.parametrize("url", [LIST_URL, GEOJSON_URL])
def test_bad_filter_values_are_json_400s_by_field(api_client, reference_data, url, query, field):
    response = api_client.get(f"{url}?{query}")
    assert response.status_code == 400
    assert response["Content-Type"] == "application/problem+json"
    errors = response.json()["errors"]
    assert field in errors
    assert isinstance(errors[field], list)
    assert errors[field][0]


def test_filter_errors_in_the_users_language(api_client, reference_data):
    response = api_client.get(f"{LIST_URL}?stage=x", HTTP_ACCEPT_LANGUAGE="zh-hans")
    assert response.status_code == 400
    assert "Select a valid choice" not in response.json()["errors"]["stage"][0]


@pytest.mark.skipif(not settings.USING_POSTGRES, reason="full-text search runs on PostgreSQL")
def test_search_finds_by_a_description_word_and_by_a_mineral_name(api_client, reference_data):
    chromite = make_project(
        title="Malakand ultramafic block",
        minerals=("chromite",),
        region="khyber-pakhtunkhwa",
        district="malakand",
        description="Podiform lenses hosted in serpentinised harzburgite of the ophiolite.",
    )
    copper = make_project(
        title="Chagai porphyry",
        description="Porphyry system with a leached cap and supergene enrichment.",
    )
    hidden = make_project(
        minerals=("chromite",),
        description="Harzburgite-hosted lenses awaiting review.",
        status="in_review",
    )
    by_word = api_client.get(f"{LIST_URL}?search=harzburgite")
    assert references(by_word) == {chromite.reference}
    assert by_word.json()["count"] == 1
    by_mineral = api_client.get(f"{LIST_URL}?search=chromite")
    assert references(by_mineral) == {chromite.reference}
    assert references(api_client.get(f"{LIST_URL}?search=supergene")) == {copper.reference}
    # Mineral names in Chinese and Urdu find it too.
    assert references(api_client.get(f"{LIST_URL}?search=铬铁矿")) == {chromite.reference}
    assert references(api_client.get(f"{LIST_URL}?search=کرومائٹ")) == {chromite.reference}
    assert hidden.reference not in references(
        api_client.get(f"{LIST_URL}?search=harzburgite&ordering=relevance")
    )


# --- Visibility -----------------------------------------------------------------------------


@pytest.fixture
def every_status(reference_data, moe_pd, sifc):
    """One project of the official's agency in each status, plus drafts of another agency."""
    projects = {status: make_project(agency=moe_pd, status=status) for status in Project.Status}
    projects["cancelled_after_publication"] = make_project(
        agency=moe_pd, status="cancelled", published_at=timezone.now() - timedelta(days=3)
    )
    projects["other_draft"] = make_project(agency=sifc, status="draft")
    projects["other_published"] = make_project(agency=sifc, status="published")
    return projects


PUBLIC = {
    "published",
    "closed",
    "under_evaluation",
    "awarded",
    "cancelled_after_publication",
    "other_published",
}
HIDDEN_FROM_OUTSIDERS = {"draft", "in_review", "cancelled", "other_draft"}


def _authenticate(api_client, request, persona: str) -> None:
    if persona == "anonymous":
        return
    user = request.getfixturevalue(persona)
    if persona == "partner_system":
        bearer(api_client, user)  # partner systems use tokens, as in production
    else:
        api_client.force_authenticate(user)


@pytest.mark.parametrize(
    "persona", ["anonymous", "firm_member", "partner_system", "other_agency_official"]
)
def test_outsiders_see_only_public_projects(api_client, request, every_status, persona):
    _authenticate(api_client, request, persona)
    # An official of SIFC also sees SIFC's draft, and nobody else's.
    visible = PUBLIC | {"other_draft"} if persona == "other_agency_official" else PUBLIC
    expected = {every_status[name].reference for name in visible}
    response = api_client.get(f"{LIST_URL}?page_size=100")
    assert references(response) == expected
    assert response.json()["count"] == len(expected)
    features = api_client.get(GEOJSON_URL).json()["features"]
    assert {feature["properties"]["reference"] for feature in features} == expected
    for name, project in every_status.items():
        status_code = api_client.get(detail_url(project)).status_code
        assert status_code == (200 if name in visible else 404), name
    for name in HIDDEN_FROM_OUTSIDERS - visible:
        searched = api_client.get(f"{LIST_URL}?search={every_status[name].reference}")
        assert searched.json()["count"] == 0


@pytest.mark.parametrize("persona", ["official", "approver"])
def test_owning_officials_also_see_their_agencys_drafts(api_client, request, every_status, persona):
    _authenticate(api_client, request, persona)
    expected = {
        project.reference for name, project in every_status.items() if name != "other_draft"
    }
    response = api_client.get(f"{LIST_URL}?page_size=100")
    assert references(response) == expected
    drafts = api_client.get(f"{LIST_URL}?status=draft")
    assert references(drafts) == {every_status["draft"].reference}
    assert api_client.get(detail_url(every_status["in_review"])).status_code == 200
    assert api_client.get(detail_url(every_status["other_draft"])).status_code == 404
    features = api_client.get(GEOJSON_URL).json()["features"]
    assert {feature["properties"]["reference"] for feature in features} == expected


# --- Creating and editing drafts ------------------------------------------------------------


def test_official_creates_a_draft_with_a_token(api_client, reference_data, official):
    bearer(api_client, official)
    response = api_client.post(LIST_URL, payload(), format="json")
    assert response.status_code == 201, response.content
    data = response.json()
    assert data["status"] == "draft"
    assert data["reference"].startswith(f"PMP-{timezone.localtime().year}-")
    assert response["Location"].endswith(detail_url(data["reference"]))
    assert data["minerals"] == ["copper", "gold"]
    assert data["primary_mineral"] == "copper"
    assert data["district"] == "chagai"
    assert data["agency"] == official.agency.slug
    assert data["contact_official"]["email"] == official.email  # by default, the author
    assert data["area_km2"] == 120.5
    assert data["title_zh"] == "查盖铜金扩建项目"
    assert data["corridor"] == "Nokundi–Mashkel–Turbat–Gwadar"
    assert data["evaluation_criteria"] == [
        {"name": "Technical capability", "name_zh": "", "name_ur": "", "weight": 60},
        {"name": "Financial offer", "name_zh": "", "name_ur": "", "weight": 40},
    ]
    project = Project.objects.get(reference=data["reference"])
    assert project.created_by == official
    assert AuditEvent.objects.filter(action="project.created", actor=official).exists()
    # A draft: its agency's officials see it, the public does not.
    assert api_client.get(detail_url(project)).status_code == 200
    api_client.credentials()
    assert api_client.get(detail_url(project)).status_code == 404


def test_contact_official_by_email_shown_by_name_and_email(
    api_client, reference_data, official, approver
):
    api_client.force_authenticate(official)
    approver.email = "approver.contact@example.gov.pk"
    approver.first_name, approver.last_name = "Amina", "Baloch"
    approver.save()
    response = api_client.post(
        LIST_URL, payload(contact_official=approver.email.upper()), format="json"
    )
    assert response.status_code == 201, response.content
    assert response.json()["contact_official"] == {
        "name": approver.get_full_name(),
        "email": approver.email,
    }
    assert approver.username not in response.content.decode()


@pytest.mark.parametrize(
    ("overrides", "field"),
    [
        (
            {
                "evaluation_criteria": [
                    {"name": "Technical capability", "weight": 60},
                    {"name": "Financial offer", "weight": 30},
                ]
            },
            "evaluation_criteria",
        ),
        ({"evaluation_criteria": []}, "evaluation_criteria"),
        # Nested fields are named by their path.
        (
            {"evaluation_criteria": [{"name": "Price", "weight": 101}]},
            "evaluation_criteria.0.weight",
        ),
        ({"primary_mineral": "coal"}, "primary_mineral"),
        ({"latitude": 51.5, "longitude": -0.12}, "latitude"),
        ({"longitude": 90.0}, "longitude"),
        ({"latitude": "NaN"}, "latitude"),
        ({"minerals": ["copper", "kryptonite"]}, "minerals"),
        ({"minerals": []}, "minerals"),
        ({"primary_mineral": "kryptonite"}, "primary_mineral"),
        ({"region": "atlantis"}, "region"),
        ({"region": "chagai", "district": None}, "region"),  # a district is not a province
        ({"district": "tharparkar"}, "district"),  # not in Balochistan
        ({"bid_closes_at": (timezone.now() - timedelta(days=1)).isoformat()}, "bid_closes_at"),
        ({"bid_opens_at": "next tuesday"}, "bid_opens_at"),
        ({"investment_usd": 0}, "investment_usd"),
        ({"investment_usd": 10**30}, "investment_usd"),
        ({"area_km2": "-3"}, "area_km2"),
        ({"stage": "teleportation"}, "stage"),
        ({"title": ""}, "title"),
        ({"title": "x" * 201}, "title"),
        ({"summary": "nul\x00byte"}, "summary"),
        ({"contact_official": "test_sifc_official@example.com"}, "contact_official"),
        ({"contact_official": "test_official"}, "contact_official"),  # a username is not a contact
        ({"contact_official": "nobody-at-all"}, "contact_official"),
    ],
)
def test_invalid_input_is_a_400_by_field_and_nothing_is_written(
    api_client, reference_data, official, other_agency_official, overrides, field
):
    bearer(api_client, official)
    before = Project.objects.count()
    response = api_client.post(LIST_URL, payload(**overrides), format="json")
    assert response.status_code == 400, response.content
    errors = response.json()["errors"]
    assert field in errors, errors
    assert Project.objects.count() == before


def test_missing_required_fields_are_listed(api_client, reference_data, official):
    api_client.force_authenticate(official)
    response = api_client.post(LIST_URL, {}, format="json")
    assert response.status_code == 400
    assert {"title", "minerals", "primary_mineral", "region", "evaluation_criteria"} <= set(
        response.json()["errors"]
    )


def test_malformed_json_is_a_400(api_client, reference_data, official):
    api_client.force_authenticate(official)
    response = api_client.post(LIST_URL, "{not json", content_type="application/json")
    assert response.status_code == 400
    assert response.json()["detail"]


@pytest.mark.parametrize("persona", ["firm_member", "partner_system", "administrator"])
def test_only_officials_create(api_client, request, reference_data, persona):
    _authenticate(api_client, request, persona)
    response = api_client.post(LIST_URL, payload(), format="json")
    assert response.status_code == 403
    assert response.json()["detail"] == "Only government officials may create projects."
    assert not Project.objects.exists()


def test_anonymous_writes_need_authentication(api_client, reference_data):
    assert api_client.post(LIST_URL, payload(), format="json").status_code == 401
    project = make_project()
    assert api_client.post(action_url(project, "cancel"), {"reason": "x"}).status_code == 401


def test_session_writes_need_the_csrf_token(reference_data, official):
    from rest_framework.test import APIClient

    client = APIClient(enforce_csrf_checks=True)
    client.force_login(official)
    response = client.post(LIST_URL, payload(), format="json")
    assert response.status_code == 403
    assert "CSRF" in response.json()["detail"]
    assert not Project.objects.exists()


def test_official_updates_a_draft(api_client, reference_data, official):
    draft = make_project(agency=official.agency, status="draft")
    bearer(api_client, official)
    response = api_client.patch(
        detail_url(draft),
        {
            "title": "Revised title",
            "minerals": ["copper", "molybdenum"],
            "evaluation_criteria": [{"name": "Price", "weight": 100}],
        },
        format="json",
    )
    assert response.status_code == 200, response.content
    data = response.json()
    assert data["title"] == "Revised title"
    assert data["minerals"] == ["copper", "molybdenum"]
    assert data["evaluation_criteria"] == [
        {"name": "Price", "name_zh": "", "name_ur": "", "weight": 100}
    ]
    assert data["district"] == "chagai"  # not sent, not changed
    draft.refresh_from_db()
    assert draft.title == "Revised title"


def test_put_replaces_a_draft(api_client, reference_data, official):
    draft = make_project(agency=official.agency, status="draft")
    api_client.force_authenticate(official)
    response = api_client.put(
        detail_url(draft), payload(title="Replaced", district=None), format="json"
    )
    assert response.status_code == 200, response.content
    assert response.json()["title"] == "Replaced"
    assert response.json()["district"] is None
    incomplete = api_client.put(detail_url(draft), {"title": "Only this"}, format="json")
    assert incomplete.status_code == 400
    assert "region" in incomplete.json()["errors"]


def test_invalid_update_changes_nothing(api_client, reference_data, official):
    draft = make_project(agency=official.agency, status="draft", title="Original")
    api_client.force_authenticate(official)
    response = api_client.patch(
        detail_url(draft),
        {"title": "Changed", "primary_mineral": "coal"},  # coal is not among its minerals
        format="json",
    )
    assert response.status_code == 400
    assert "primary_mineral" in response.json()["errors"]
    draft.refresh_from_db()
    assert draft.title == "Original"


def test_published_project_is_not_updated(api_client, reference_data, official):
    project = make_project(agency=official.agency, status="published", title="As published")
    api_client.force_authenticate(official)
    response = api_client.patch(detail_url(project), {"title": "Sneaky edit"}, format="json")
    assert response.status_code == 400
    assert "amendment" in str(response.json())
    project.refresh_from_db()
    assert project.title == "As published"


def test_other_agencies_cannot_change_projects(
    api_client, reference_data, official, other_agency_official
):
    draft = make_project(agency=official.agency, status="draft")
    published = make_project(agency=official.agency, status="published")
    api_client.force_authenticate(other_agency_official)
    # Their drafts stay invisible (404); their public projects are refused (403).
    assert api_client.patch(detail_url(draft), {"title": "x"}, format="json").status_code == 404
    assert api_client.post(action_url(draft, "submit")).status_code == 404
    refused = api_client.post(action_url(published, "cancel"), {"reason": "x"}, format="json")
    assert refused.status_code == 403
    assert refused.json()["detail"] == (
        "Only officials of the owning agency may change this project."
    )
    assert api_client.patch(detail_url(published), {"title": "x"}, format="json").status_code == 403
    published.refresh_from_db()
    assert published.status == "published"


@pytest.mark.parametrize("persona", ["firm_member", "partner_system"])
def test_non_officials_cannot_run_the_workflow(api_client, request, reference_data, persona):
    project = make_project(status="published")
    _authenticate(api_client, request, persona)
    response = api_client.post(action_url(project, "cancel"), {"reason": "x"}, format="json")
    assert response.status_code == 403
    assert api_client.patch(detail_url(project), {"title": "x"}, format="json").status_code == 403


# --- The workflow -----------------------------------------------------------------------------


def test_submit_and_publish_with_four_eyes(api_client, reference_data, official, approver):
    bearer(api_client, official)
    reference = api_client.post(LIST_URL, payload(), format="json").json()["reference"]
    project = Project.objects.get(reference=reference)

    submitted = api_client.post(action_url(project, "submit"))
    assert submitted.status_code == 200, submitted.content
    assert submitted.json()["status"] == "in_review"
    assert submitted.json()["submitted_at"]

    refused = api_client.post(action_url(project, "publish"))
    assert refused.status_code == 403
    assert refused.json()["detail"] == (
        "Four eyes: you submitted this project, so another official of your agency must approve it."
    )
    project.refresh_from_db()
    assert project.status == "in_review"

    bearer(api_client, approver)
    published = api_client.post(action_url(project, "publish"))
    assert published.status_code == 200, published.content
    assert published.json()["status"] == "published"
    assert published.json()["published_at"]

    api_client.credentials()
    assert api_client.get(detail_url(project)).json()["status"] == "published"
    assert reference in references(api_client.get(LIST_URL))


def test_illegal_transition_is_refused_with_a_message(api_client, reference_data, approver):
    draft = make_project(agency=approver.agency, status="draft")
    api_client.force_authenticate(approver)
    response = api_client.post(action_url(draft, "publish"))
    assert response.status_code == 409
    assert response.json()["code"] == "conflict"
    assert "cannot become" in response.json()["detail"]
    draft.refresh_from_db()
    assert draft.status == "draft"


def test_return_to_draft_needs_a_reason(api_client, reference_data, approver):
    project = make_project(agency=approver.agency, status="in_review")
    api_client.force_authenticate(approver)
    missing = api_client.post(action_url(project, "return"), {}, format="json")
    assert missing.status_code == 400
    assert "reason" in missing.json()["errors"]
    returned = api_client.post(
        action_url(project, "return"), {"reason": "Add the drilling data."}, format="json"
    )
    assert returned.status_code == 200
    assert returned.json()["status"] == "draft"


@pytest.mark.parametrize("body", [{}, {"reason": ""}, {"reason": "   "}])
def test_cancel_without_a_reason_is_a_400(api_client, reference_data, official, body):
    project = make_project(agency=official.agency, status="published")
    api_client.force_authenticate(official)
    response = api_client.post(action_url(project, "cancel"), body, format="json")
    assert response.status_code == 400
    assert "reason" in response.json()["errors"]
    project.refresh_from_db()
    assert project.status == "published"


def test_cancel_with_a_reason(api_client, reference_data, official):
    project = make_project(agency=official.agency, status="published")
    api_client.force_authenticate(official)
    response = api_client.post(
        action_url(project, "cancel"), {"reason": "Licence revoked by the province."}, format="json"
    )
    assert response.status_code == 200
    assert response.json()["status"] == "cancelled"
    assert response.json()["cancellation_reason"] == "Licence revoked by the province."
    assert response.json()["cancelled_at"]
    # Published before, so still public, with its reason.
    api_client.force_authenticate(None)
    assert api_client.get(detail_url(project)).json()["status"] == "cancelled"


def test_close_open_and_award_a_bid(api_client, official, approver, verified_member):
    project = make_project(agency=official.agency, status="published")
    bid = services.submit_bid(project, by=verified_member, offer=make_offer()).bid
    close_bidding_now(project)
    api_client.force_authenticate(official)
    assert api_client.post(action_url(project, "close")).json()["status"] == "closed"
    assert api_client.post(action_url(project, "open")).json()["status"] == "under_evaluation"
    unnamed = api_client.post(action_url(project, "award"), {"note": "Best bid"}, format="json")
    assert unnamed.status_code == 400
    assert "bid" in unnamed.json()["errors"]
    sheet = {criterion.pk: (80, "") for criterion in project.evaluation_criteria.all()}
    services.score_bid(bid, by=official, scores=sheet)
    services.score_bid(bid, by=approver, scores=sheet)
    services.reconcile_scores(bid, by=official, scores=sheet)
    assert api_client.post(f"/api/v1/bids/{bid.pk}/shortlist/").json()["status"] == "shortlisted"
    awarded = api_client.post(
        action_url(project, "award"), {"bid": bid.pk, "note": "Best bid"}, format="json"
    )
    assert awarded.status_code == 200
    assert awarded.json()["status"] == "awarded"
    assert awarded.json()["awarded_at"]
    again = api_client.post(action_url(project, "cancel"), {"reason": "Too late"}, format="json")
    assert again.status_code == 409  # an awarded project cannot be cancelled


def test_closing_before_the_deadline_is_refused(api_client, reference_data, official):
    project = make_project(agency=official.agency, status="published")
    api_client.force_authenticate(official)
    response = api_client.post(action_url(project, "close"))
    assert response.status_code == 400
    assert "cancel" in str(response.json())


def test_options_describes_the_endpoint(api_client, reference_data, official):
    project = make_project(agency=official.agency, status="draft")
    api_client.force_authenticate(official)
    listing = api_client.options(LIST_URL)
    assert listing.status_code == 200
    assert "minerals" in listing.json()["actions"]["POST"]
    assert api_client.options(detail_url(project)).status_code == 200
    api_client.force_authenticate(None)
    assert api_client.options(LIST_URL).status_code == 200


def test_actions_only_accept_post(api_client, reference_data, official):
    project = make_project(agency=official.agency)
    api_client.force_authenticate(official)
    assert api_client.get(action_url(project, "publish")).status_code == 405
    assert api_client.delete(detail_url(project)).status_code == 405


# --- GeoJSON ----------------------------------------------------------------------------------


def test_geojson_is_a_feature_collection_in_longitude_latitude_order(api_client, catalogue):
    response = api_client.get(GEOJSON_URL)
    assert response.status_code == 200
    assert response["Content-Type"].startswith("application/geo+json")
    data = response.json()
    assert data["type"] == "FeatureCollection"
    by_reference = {f["properties"]["reference"]: f for f in data["features"]}
    assert catalogue["draft"].reference not in by_reference
    assert len(by_reference) == 5
    thar = by_reference[catalogue["thar"].reference]
    assert thar["type"] == "Feature"
    assert thar["geometry"] == {"type": "Point", "coordinates": [70.0, 24.75]}
    assert thar["properties"]["primary_mineral"] == "coal"
    assert thar["properties"]["status"] == "closed"


def test_geojson_applies_the_filters_and_offers_plain_json(api_client, catalogue):
    filtered = api_client.get(f"{GEOJSON_URL}?region=balochistan&stage=processing").json()
    assert [f["properties"]["reference"] for f in filtered["features"]] == [
        catalogue["duddar"].reference
    ]
    plain = api_client.get(GEOJSON_URL, HTTP_ACCEPT="application/json")
    assert plain["Content-Type"].startswith("application/json")
    assert plain.json()["type"] == "FeatureCollection"


# --- Counts and query counts ------------------------------------------------------------------


def test_cached_count_follows_changes_made_through_the_services(
    api_client, reference_data, official, approver, django_capture_on_commit_callbacks
):
    make_project(agency=official.agency)
    assert api_client.get(LIST_URL).json()["count"] == 1
    with django_capture_on_commit_callbacks(execute=True):
        draft = make_project(agency=official.agency, status="in_review")
        api_client.force_authenticate(approver)
        assert api_client.post(action_url(draft, "publish")).status_code == 200
    api_client.force_authenticate(None)
    data = api_client.get(LIST_URL).json()
    assert data["count"] == 2
    assert len(data["results"]) == 2


@pytest.mark.parametrize(("projects", "page_size"), [(3, 5), (3, 50), (30, 5), (30, 50)])
def test_list_query_count_is_pinned(
    api_client, reference_data, django_assert_num_queries, projects, page_size
):
    minerals = [("copper", "gold"), ("zinc", "lead", "silver"), ("coal",)]
    for i in range(projects):
        make_project(minerals=minerals[i % 3])
    cache.clear()
    # The first list after a change builds the listing index, which counts and names.
    with django_assert_num_queries(1 + INDEX_BUILD_QUERIES + 1):
        response = api_client.get(f"{LIST_URL}?page_size={page_size}")
    assert len(response.json()["results"]) == min(projects, page_size)
    assert all(row["minerals"] for row in response.json()["results"])
    # Then the listings data version and the page's rows: no COUNT, no join.
    with django_assert_num_queries(2):
        api_client.get(f"{LIST_URL}?page_size={page_size}")


def test_filtered_list_query_count_is_pinned(api_client, reference_data):
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    def queries_for_a_filtered_page() -> int:
        cache.clear()
        with CaptureQueriesContext(connection) as captured:
            response = api_client.get(f"{LIST_URL}?mineral=gold&region=chagai&page_size=50")
        assert response.status_code == 200
        return len(captured)

    for _ in range(3):
        make_project(minerals=("copper", "gold"))
    few = queries_for_a_filtered_page()
    for _ in range(27):
        make_project(minerals=("copper", "gold"))
    assert queries_for_a_filtered_page() == few
    # The mineral and region slugs given as filters, the data version, the listing index
    # (built afresh after the change) and the page's rows.
    assert few == 2 + 1 + INDEX_BUILD_QUERIES + 1


@pytest.mark.skipif(not settings.USING_POSTGRES, reason="compares with the PostgreSQL path")
def test_list_rows_are_the_same_with_minerals_in_a_second_query(
    api_client, reference_data, official, settings, django_assert_num_queries
):
    make_project(minerals=("zinc", "lead", "silver"), district="lasbela")
    make_project(minerals=("coal",), region="sindh", district=None)
    api_client.force_authenticate(official)  # the joined rows (the public's come from the index)
    with_array_subquery = api_client.get(LIST_URL).json()
    settings.USING_POSTGRES = False  # the path SQLite takes
    with django_assert_num_queries(3):  # the version, the rows, their minerals (COUNT cached)
        with_second_query = api_client.get(LIST_URL).json()
    assert with_second_query == with_array_subquery
    assert [row["minerals"] for row in with_array_subquery["results"]] == [
        ["coal"],
        ["lead", "silver", "zinc"],
    ]


@pytest.mark.parametrize("projects", [3, 30])
def test_official_list_query_count_is_pinned(
    api_client, reference_data, official, django_assert_num_queries, projects
):
    for _ in range(projects):
        make_project(agency=official.agency, status="draft")
    api_client.force_authenticate(official)
    cache.clear()
    with django_assert_num_queries(LIST_QUERIES):
        response = api_client.get(f"{LIST_URL}?page_size=50")
    assert len(response.json()["results"]) == projects


@pytest.mark.parametrize("projects", [3, 30])
def test_geojson_query_count_is_pinned(
    api_client, reference_data, django_assert_num_queries, projects
):
    for _ in range(projects):
        make_project()
    api_client.get(GEOJSON_URL)  # the first after a change builds the listing index
    # The public map from the listing index: the listings data version, nothing more.
    with django_assert_num_queries(1):
        response = api_client.get(GEOJSON_URL)
    assert len(response.json()["features"]) == projects


def test_detail_query_count_is_pinned(api_client, reference_data, django_assert_num_queries):
    project = make_project(minerals=("copper", "gold", "silver"))
    # The project with its relations joined, then minerals, criteria, documents, amendments.
    with django_assert_num_queries(5):
        api_client.get(detail_url(project))


def test_an_officials_geojson_holds_their_agency_drafts_and_the_publics_does_not(
    api_client, reference_data, official
):
    """The public map comes from the listing index (public projects only); an official's
    holds their agency's drafts as well, from the database."""
    public = make_project(title="Published on the map")
    draft = make_project(agency=official.agency, status="draft", title="Draft on the map")
    anonymous = {
        f["properties"]["reference"] for f in api_client.get(GEOJSON_URL).json()["features"]
    }
    assert anonymous == {public.reference}
    api_client.force_authenticate(official)
    own = {f["properties"]["reference"] for f in api_client.get(GEOJSON_URL).json()["features"]}
    assert own == {public.reference, draft.reference}
