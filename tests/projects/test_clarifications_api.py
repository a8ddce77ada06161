"""Clarifications through the API: the list each caller sees, asking, answering, withdrawing,
and the refusals (401, 403, 404, 400 with field errors)."""

from __future__ import annotations

import json
from datetime import timedelta

import pytest
from django.utils import timezone

from emining.models import User
from projects import services
from projects.models import Clarification, Project
from tests.factories import make_project

pytestmark = pytest.mark.django_db

QUESTION = "Is there a water allocation for the concentrator?"
ANSWER = "Yes: 40 litres per second."
PENDING = "Which survey datum do the coordinates use?"
FIELDS = {
    "id",
    "project",
    "status",
    "question",
    "question_language",
    "question_zh",
    "question_ur",
    "asked_at",
    "answer",
    "answer_zh",
    "answer_ur",
    "answered_at",
    "asked_by_your_firm",
    "asking_firm",
}


@pytest.fixture
def project(reference_data) -> Project:
    return make_project(title="Reko Diq copper-gold")


@pytest.fixture
def answered(project, verified_member, official) -> Clarification:
    item = services.ask_question(project, by=verified_member, question=QUESTION)
    return services.answer_question(item, by=official, answer=ANSWER)


@pytest.fixture
def pending(project, verified_member) -> Clarification:
    return services.ask_question(project, by=verified_member, question=PENDING)


def list_url(project) -> str:
    return f"/api/v1/projects/{project.reference}/clarifications/"


def item_url(item, action: str = "") -> str:
    return f"/api/v1/clarifications/{item.pk}/{action + '/' if action else ''}"


def questions(api_client, project) -> list[str]:
    response = api_client.get(list_url(project))
    assert response.status_code == 200
    return [row["question"] for row in response.json()["results"]]


@pytest.mark.parametrize(
    "persona", [None, "firm_member", "pk_firm_member", "other_agency_official", "partner_system"]
)
def test_the_public_list_shows_answers_without_any_trace_of_the_asker(
    request, api_client, project, answered, pending, verified_member, cn_firm, persona
):
    if persona:
        api_client.force_authenticate(request.getfixturevalue(persona))
    response = api_client.get(list_url(project))
    assert response.status_code == 200
    [row] = response.json()["results"]
    assert set(row) == FIELDS
    assert (row["question"], row["answer"], row["status"]) == (QUESTION, ANSWER, "answered")
    assert row["project"] == project.reference
    assert row["asking_firm"] is None
    assert row["asked_by_your_firm"] is False
    text = response.content.decode()
    for trace in (cn_firm.name, verified_member.username, verified_member.email, PENDING):
        assert trace not in text
    detail = api_client.get(item_url(answered))
    assert detail.status_code == 200
    assert cn_firm.name not in detail.content.decode()


def test_the_asking_firm_sees_its_own_questions(
    api_client, project, answered, pending, cn_firm_owner
):
    api_client.force_authenticate(cn_firm_owner)
    response = api_client.get(list_url(project))
    rows = {row["question"]: row for row in response.json()["results"]}
    assert set(rows) == {QUESTION, PENDING}
    assert rows[PENDING]["status"] == "pending"
    assert rows[PENDING]["asked_by_your_firm"] is True
    assert rows[PENDING]["asking_firm"] is None
    assert "no-store" in response["Cache-Control"]
    assert api_client.get(item_url(pending)).status_code == 200


def test_officials_of_the_owning_agency_see_every_question_with_the_firm(
    api_client, project, answered, pending, approver, cn_firm
):
    api_client.force_authenticate(approver)
    rows = {row["question"]: row for row in api_client.get(list_url(project)).json()["results"]}
    assert set(rows) == {QUESTION, PENDING}
    assert rows[PENDING]["asking_firm"] == {"id": cn_firm.pk, "name": cn_firm.name, "country": "CN"}


@pytest.mark.parametrize("persona", [None, "pk_firm_member", "other_agency_official"])
def test_another_firms_waiting_question_is_404(request, api_client, pending, persona):
    if persona:
        api_client.force_authenticate(request.getfixturevalue(persona))
    assert api_client.get(item_url(pending)).status_code == 404
    if persona:
        assert api_client.post(item_url(pending, "answer"), {"answer": "x"}).status_code == 404
        assert api_client.post(item_url(pending, "withdraw")).status_code == 404


def test_a_drafts_questions_are_404(api_client, reference_data, verified_member):
    draft = make_project(status="draft")
    api_client.force_authenticate(verified_member)
    assert api_client.get(list_url(draft)).status_code == 404
    assert api_client.post(list_url(draft), {"question": "Hi?"}).status_code == 404


# --- Asking -------------------------------------------------------------------------------------


def test_a_verified_member_asks(api_client, project, verified_member):
    api_client.force_authenticate(verified_member)
    response = api_client.post(list_url(project), {"question": QUESTION}, format="json")
    assert response.status_code == 201
    body = response.json()
    assert body["status"] == "pending"
    assert body["asked_by_your_firm"] is True
    assert response["Location"].endswith(item_url(Clarification.objects.get()))


@pytest.mark.parametrize(
    ("persona", "status"),
    [
        (None, 401),
        ("firm_member", 403),
        ("pending_member", 403),
        ("rejected_member", 403),
        ("official", 403),
        ("partner_system", 403),
    ],
)
def test_others_may_not_ask(request, api_client, project, persona, status):
    if persona:
        api_client.force_authenticate(request.getfixturevalue(persona))
    response = api_client.post(list_url(project), {"question": QUESTION}, format="json")
    assert response.status_code == status
    assert response.json()["detail"]
    assert not Clarification.objects.exists()


def test_no_questions_after_the_closing_time(api_client, reference_data, verified_member):
    project = make_project(bid_closes_at=timezone.now() - timedelta(seconds=1))
    api_client.force_authenticate(verified_member)
    response = api_client.post(list_url(project), {"question": QUESTION}, format="json")
    assert response.status_code == 400
    assert "closed with the bidding" in response.json()["detail"]


@pytest.mark.parametrize(
    "payload",
    [
        {},
        {"question": ""},
        {"question": "   "},
        {"question": "x" * 2001},
        {"question": "nul \x00 byte"},
        {"question": "escape \x1b byte"},
        {"question": ["a list"]},
        {"question": {"an": "object"}},
    ],
)
def test_bad_questions_are_400_with_field_errors(api_client, project, verified_member, payload):
    api_client.force_authenticate(verified_member)
    response = api_client.post(list_url(project), payload, format="json")
    assert response.status_code == 400
    assert "question" in response.json()["errors"]
    assert not Clarification.objects.exists()


def test_a_body_that_is_not_json_is_400(api_client, project, verified_member):
    api_client.force_authenticate(verified_member)
    response = api_client.post(
        list_url(project), data=b'{"question": ', content_type="application/json"
    )
    assert response.status_code == 400


# --- Answering and withdrawing ------------------------------------------------------------------


def test_an_official_answers(api_client, project, pending, official):
    api_client.force_authenticate(official)
    response = api_client.post(
        item_url(pending, "answer"),
        {"answer": ANSWER, "answer_zh": "是的。", "question_ur": "کون سا ڈیٹم؟"},
        format="json",
    )
    assert response.status_code == 200, response.json()
    body = response.json()
    assert (body["status"], body["answer"], body["answer_zh"]) == ("answered", ANSWER, "是的。")
    assert body["question_ur"] == "کون سا ڈیٹم؟"
    again = api_client.post(item_url(pending, "answer"), {"answer": "Again."}, format="json")
    assert again.status_code == 400
    assert "already been answered" in again.json()["detail"]


@pytest.mark.parametrize("persona", ["other_agency_official", "pk_firm_member", "verified_member"])
def test_others_may_not_answer_what_they_see(request, api_client, answered, persona):
    api_client.force_authenticate(request.getfixturevalue(persona))
    response = api_client.post(item_url(answered, "answer"), {"answer": "x"}, format="json")
    assert response.status_code == 403


@pytest.mark.parametrize(
    "payload",
    [
        {},
        {"answer": ""},
        {"answer": "x" * 5001},
        {"answer": "a\x00b"},
        {"answer": "ok", "answer_ur": ["x"]},
    ],
)
def test_bad_answers_are_400_with_field_errors(api_client, pending, official, payload):
    api_client.force_authenticate(official)
    response = api_client.post(item_url(pending, "answer"), payload, format="json")
    assert response.status_code == 400
    assert set(response.json()["errors"]) & {"answer", "answer_ur"}
    pending.refresh_from_db()
    assert pending.status == "pending"


def test_the_asking_firm_withdraws(api_client, pending, cn_firm_owner):
    api_client.force_authenticate(cn_firm_owner)
    response = api_client.post(item_url(pending, "withdraw"))
    assert response.status_code == 200
    assert response.json()["status"] == "withdrawn"
    assert api_client.post(item_url(pending, "withdraw")).status_code == 400


# --- Query counts -------------------------------------------------------------------------------


@pytest.mark.parametrize("answered_questions", [1, 6])
def test_list_query_count_is_pinned(
    api_client,
    project,
    verified_member,
    official,
    django_assert_num_queries,
    answered_questions,
):
    for number in range(answered_questions):
        item = services.ask_question(project, by=verified_member, question=f"Question {number}?")
        services.answer_question(item, by=official, answer=f"Answer {number}.")
    # The project, the count, the page of questions.
    with django_assert_num_queries(3):
        response = api_client.get(list_url(project))
    assert len(response.json()["results"]) == answered_questions
    api_client.force_authenticate(official)
    with django_assert_num_queries(3):
        api_client.get(list_url(project))
    api_client.force_authenticate(User.objects.get(pk=verified_member.pk))  # as a new request
    # ... and the member's firm.
    with django_assert_num_queries(4):
        api_client.get(list_url(project))


def test_the_schema_documents_the_endpoints(api_client, reference_data):
    schema = api_client.get("/api/schema/?format=json").json()
    paths = schema["paths"]
    listing = paths["/api/v1/projects/{reference}/clarifications/"]
    assert {"get", "post"} <= set(listing)
    assert listing["get"]["security"] == []
    assert "security" not in listing["post"] or listing["post"]["security"] != []
    assert "post" in paths["/api/v1/clarifications/{id}/answer/"]
    component = schema["components"]["schemas"]["Clarification"]
    assert set(component["properties"]) == FIELDS
    assert component["properties"]["asking_firm"].get("nullable") or "oneOf" in json.dumps(
        component["properties"]["asking_firm"]
    )
