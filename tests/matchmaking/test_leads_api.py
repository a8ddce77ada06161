"""`/api/v1/leads/`: who reads which leads (and what is internal), who may record them
(partner systems with `matchmaking.add_lead` only that), officials' changes, bad input."""

from __future__ import annotations

import pytest
from django.contrib.auth.models import Permission
from django.utils import timezone

from matchmaking.models import Lead
from matchmaking.services import leads as services

from .leads import make_lead

pytestmark = pytest.mark.django_db

LEADS = "/api/v1/leads/"
INTERNAL_NOTE = "Internal: the tax holiday question."


@pytest.fixture
def pipeline(official, cn_firm, pk_firm):
    cn = make_lead(
        official,
        firm=cn_firm,
        stage="qualified",
        next_action="Send terms",
        next_action_due=timezone.localdate() - timezone.timedelta(days=1),
        estimated_value_usd=77_000_000,
    )
    services.add_activity(cn, by=official, kind="note", text=INTERNAL_NOTE, internal=True)
    services.add_activity(cn, by=official, kind="email", text="Data sent.", internal=False)
    pk = make_lead(official, firm=pk_firm)
    prospect = make_lead(official)
    return {"cn": cn, "pk": pk, "prospect": prospect}


SEEN = {
    "verified_member": {"cn"},
    "pk_firm_member": {"pk"},
    "official": {"cn", "pk", "prospect"},
    "other_agency_official": {"cn", "pk", "prospect"},
}


@pytest.mark.parametrize(("persona", "seen"), SEEN.items())
def test_confidentiality_in_the_api(request, api_client, pipeline, persona, seen):
    api_client.force_authenticate(request.getfixturevalue(persona))
    response = api_client.get(LEADS)
    assert response.status_code == 200
    assert "private" in response["Cache-Control"]
    listed = {row["reference"] for row in response.json()["results"]}
    assert listed == {pipeline[name].reference for name in seen}
    for name, lead in pipeline.items():
        status = api_client.get(f"{LEADS}{lead.reference}/").status_code
        assert status == (200 if name in seen else 404)


def test_firm_members_read_no_internal_detail(api_client, pipeline, verified_member):
    api_client.force_authenticate(verified_member)
    data = api_client.get(f"{LEADS}{pipeline['cn'].reference}/").json()
    assert [a["text"] for a in data["activities"]] == ["Data sent."]
    for internal in ("next_action", "next_action_due", "estimated_value_usd", "lost_reason"):
        assert internal not in data
    assert INTERNAL_NOTE not in str(api_client.get(LEADS).json())
    # Firm members write nothing.
    lead = pipeline["cn"].reference
    assert api_client.patch(f"{LEADS}{lead}/", {"summary": "x"}).status_code == 403
    assert api_client.post(f"{LEADS}{lead}/move/", {"stage": "contacted"}).status_code == 403
    assert api_client.post(LEADS, {"contact_name": "Me"}).status_code == 403


def test_officials_read_everything(api_client, pipeline, official):
    api_client.force_authenticate(official)
    data = api_client.get(f"{LEADS}{pipeline['cn'].reference}/").json()
    assert data["estimated_value_usd"] == 77_000_000
    assert data["overdue"] is True
    assert {a["text"] for a in data["activities"]} == {INTERNAL_NOTE, "Data sent."}
    assert [c["to_stage"] for c in data["stage_changes"]] == ["new", "qualified"]


def test_outsiders(api_client, pipeline, firm_member, administrator, partner_system):
    assert api_client.get(LEADS).status_code == 401
    for user in (firm_member, administrator, partner_system):
        api_client.force_authenticate(user)
        assert api_client.get(LEADS).status_code == 403
        assert api_client.get(f"{LEADS}{pipeline['cn'].reference}/").status_code == 403


def test_partner_systems_with_the_permission_may_only_record_leads(
    api_client, partner_system, official, pipeline
):
    payload = {
        "contact_name": "Li Wei",
        "contact_organisation": "Yunnan Tin Group",
        "contact_country": "CN",
        "summary": "Registered at the Pakistan Minerals Investment Forum.",
        "minerals": ["tungsten"],
    }
    api_client.force_authenticate(partner_system)
    assert api_client.post(LEADS, payload).status_code == 403
    partner_system.user_permissions.add(Permission.objects.get(codename="add_lead"))
    partner = type(partner_system).objects.get(pk=partner_system.pk)
    api_client.force_authenticate(partner)
    response = api_client.post(LEADS, payload)
    assert response.status_code == 201
    assert response.json()["stage"] == "new"
    lead = Lead.objects.get(reference=response.json()["reference"])
    assert lead.created_by == partner
    assert lead.owner is None
    # Nothing internal, no reading, no changes.
    refused = api_client.post(LEADS, {**payload, "estimated_value_usd": 5})
    assert refused.status_code == 403
    assert api_client.get(LEADS).status_code == 403
    assert api_client.patch(f"{LEADS}{lead.reference}/", {"summary": "x"}).status_code == 403


def test_officials_record_change_move_and_annotate(api_client, official, cn_firm):
    api_client.force_authenticate(official)
    response = api_client.post(
        LEADS,
        {
            "firm": cn_firm.pk,
            "summary": "Copper",
            "owner": official.username,
            "regions": ["balochistan"],
            "next_action": "Call",
            "next_action_due": "2030-01-01",
        },
    )
    assert response.status_code == 201, response.json()
    reference = response.json()["reference"]
    assert response.json()["owner_username"] == official.username
    response = api_client.patch(f"{LEADS}{reference}/", {"estimated_value_usd": 9_000})
    assert response.json()["estimated_value_usd"] == 9_000
    response = api_client.post(f"{LEADS}{reference}/move/", {"stage": "site_visit"})
    assert response.json()["stage"] == "site_visit"
    response = api_client.post(f"{LEADS}{reference}/move/", {"stage": "lost"})
    assert response.status_code == 400
    assert "reason" in str(response.json())
    response = api_client.post(f"{LEADS}{reference}/move/", {"stage": "new"})
    assert response.status_code == 400
    response = api_client.post(
        f"{LEADS}{reference}/activities/", {"kind": "meeting", "text": "Met in Islamabad."}
    )
    assert response.status_code == 201
    assert response.json()["internal"] is True
    assert api_client.put(f"{LEADS}{reference}/", {}).status_code == 405


def test_bad_input_answers_400(api_client, official, pipeline):
    api_client.force_authenticate(official)
    for query in (
        "stage=won",
        "due_before=2026-13-40",
        "owner=abc",
        "mineral=unobtainium",
        "overdue=perhaps",
    ):
        response = api_client.get(f"{LEADS}?{query}")
        assert response.status_code == 400, query
    for payload in (
        {},  # neither a firm nor a contact
        {"contact_name": "X", "next_action_due": "tomorrow"},
        {"contact_name": "X", "estimated_value_usd": -1},
        {"contact_name": "X", "owner": "nobody"},
        {"firm": 999999},
    ):
        response = api_client.post(LEADS, payload)
        assert response.status_code == 400, payload
    assert Lead.objects.count() == 3


def test_filters_match_the_pages(api_client, official, pipeline):
    api_client.force_authenticate(official)
    rows = api_client.get(f"{LEADS}?overdue=true").json()["results"]
    assert [row["reference"] for row in rows] == [pipeline["cn"].reference]
    rows = api_client.get(f"{LEADS}?stage=qualified&mineral=copper").json()["results"]
    assert [row["reference"] for row in rows] == [pipeline["cn"].reference]
    rows = api_client.get(f"{LEADS}?q=yunnan").json()["results"]
    assert [row["reference"] for row in rows] == [pipeline["prospect"].reference]


@pytest.mark.parametrize("count", [3, 25])
def test_api_query_count_is_pinned(api_client, official, cn_firm, django_assert_num_queries, count):
    for i in range(count):
        lead = make_lead(official, firm=cn_firm if i % 2 else None)
        services.add_activity(lead, by=official, kind="note", text="Note")
    api_client.force_authenticate(official)
    # The count, the rows (firm, owner, project, MoU joined), then one query each for
    # minerals, regions, activities (with their authors) and stage changes.
    with django_assert_num_queries(6):
        response = api_client.get(LEADS + "?page_size=100")
    assert response.json()["count"] == count
