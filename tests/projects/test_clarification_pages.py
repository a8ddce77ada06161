"""Clarifications on the project page: what each persona sees, the forms, refusals and 404s."""

from __future__ import annotations

import shutil
from datetime import timedelta

import pytest
from django.utils import timezone

from projects import services
from projects.models import Clarification, Project
from tests.factories import make_project
from tests.quality.test_html_validity import VNU_JAR, validate

pytestmark = pytest.mark.django_db

QUESTION = "Is there a water allocation for the concentrator?"
ANSWER = "Yes: 40 litres per second from the Nok Kundi aquifer."
PENDING = "Which survey datum do the coordinates use?"


@pytest.fixture
def project(reference_data) -> Project:
    return make_project(title="Reko Diq copper-gold")


@pytest.fixture
def answered(project, verified_member, official) -> Clarification:
    item = services.ask_question(project, by=verified_member, question=QUESTION)
    return services.answer_question(
        item,
        by=official,
        answer=ANSWER,
        answer_zh="是的：每秒四十升。",
        question_zh="选矿厂有水吗？",
    )


@pytest.fixture
def pending(project, verified_member) -> Clarification:
    return services.ask_question(project, by=verified_member, question=PENDING)


def page(client, project, language: str = "en") -> str:
    response = client.get(f"/{language}/projects/{project.reference}/")
    assert response.status_code == 200
    return response.content.decode()


def url(project, name: str, item: Clarification | None = None, language: str = "en") -> str:
    base = f"/{language}/projects/{project.reference}/questions/"
    return f"{base}ask/" if item is None else f"{base}{item.pk}/{name}/"


def traces_of_the_asker(html: str, verified_member, cn_firm) -> list[str]:
    names = [
        cn_firm.name,
        verified_member.username,
        verified_member.get_full_name() or verified_member.username,
        verified_member.email,
        "asked by",  # the officials' line that names the firm
    ]
    return [name for name in names if name in html]


# --- What each persona sees ---------------------------------------------------------------------


@pytest.mark.parametrize(
    "persona", [None, "firm_member", "pk_firm_member", "other_agency_official", "pending_member"]
)
def test_the_public_reads_answers_without_the_asker(
    request, client, project, answered, pending, verified_member, cn_firm, persona
):
    if persona:
        client.force_login(request.getfixturevalue(persona))
    html = page(client, project)
    assert "Questions and answers" in html
    assert QUESTION in html
    assert ANSWER in html
    assert PENDING not in html
    assert traces_of_the_asker(html, verified_member, cn_firm) == []
    assert url(project, "withdraw", pending) not in html


def test_the_asking_firm_sees_its_waiting_question_and_may_withdraw_it(
    client, project, answered, pending, cn_firm_owner
):
    client.force_login(cn_firm_owner)
    response = client.get(f"/en/projects/{project.reference}/")
    html = response.content.decode()
    assert PENDING in html
    assert "Your firm’s questions waiting" in html
    assert url(project, "withdraw", pending) in html
    assert "no-store" in response["Cache-Control"]
    assert "your firm’s" in html  # the answered one is marked as theirs
    response = client.post(url(project, "withdraw", pending))
    assert response.status_code == 302
    pending.refresh_from_db()
    assert pending.status == Clarification.Status.WITHDRAWN


def test_officials_of_the_owning_agency_see_every_question_and_who_asked(
    client, project, answered, pending, approver, cn_firm
):
    client.force_login(approver)
    html = page(client, project)
    assert PENDING in html
    assert cn_firm.name in html
    assert "1 question waiting for an answer" in html
    assert url(project, "answer", pending) in html


def test_the_answer_form_publishes_the_answer(
    client, project, pending, approver, django_capture_on_commit_callbacks
):
    client.force_login(approver)
    with django_capture_on_commit_callbacks(execute=True):
        response = client.post(
            url(project, "answer", pending),
            {"answer": "WGS 84.", "answer_ur": "ڈبلیو جی ایس ۸۴", "question_zh": "坐标系？"},
        )
    assert response.status_code == 302
    assert response["Location"].endswith(f"#clarification-{pending.pk}")
    pending.refresh_from_db()
    assert (pending.status, pending.answer, pending.question_zh) == (
        "answered",
        "WGS 84.",
        "坐标系？",
    )
    client.logout()
    assert "WGS 84." in page(client, project)


@pytest.mark.parametrize(
    ("data", "message"),
    [
        ({"answer": ""}, "Write the answer in English."),
        ({"answer": "  "}, "Write the answer in English."),
        ({"answer": "x" * 5001}, "at most 5000 characters"),
        ({"answer": "Nul \x00 here"}, "Null characters are not allowed."),
        ({"answer": "Fine.", "answer_zh": "\x07"}, "control characters"),
    ],
)
def test_a_bad_answer_comes_back_with_its_message(
    client, project, pending, approver, data, message
):
    client.force_login(approver)
    response = client.post(url(project, "answer", pending), data)
    assert response.status_code == 400
    assert message in response.content.decode()
    pending.refresh_from_db()
    assert pending.status == Clarification.Status.PENDING


# --- Asking through the page --------------------------------------------------------------------


def test_a_verified_member_asks_from_the_project_page(client, project, verified_member):
    client.force_login(verified_member)
    html = page(client, project)
    assert "Ask a question" in html
    assert url(project, "ask") in html
    response = client.post(url(project, "ask", language="zh-hans"), {"question": "道路通吗？"})
    assert response.status_code == 302
    item = Clarification.objects.get()
    assert (item.question, item.question_language) == ("道路通吗？", "zh-hans")


@pytest.mark.parametrize(
    ("question", "message"),
    [
        ("", "Write your question."),
        ("x" * 2001, "at most 2000 characters"),
        ("Odd \x00 byte", "Null characters are not allowed."),
        ("Odd \x1b byte", "control characters"),
    ],
)
def test_a_bad_question_comes_back_with_its_message_and_text(
    client, project, verified_member, question, message
):
    client.force_login(verified_member)
    response = client.post(url(project, "ask"), {"question": question})
    assert response.status_code == 400
    html = response.content.decode()
    assert message in html
    if "\x1b" in question:
        assert "Odd" in html  # what was typed is kept
    assert not Clarification.objects.exists()


def test_the_page_explains_who_may_ask(client, project, official, pending_member):
    html = page(client, project)
    assert "Sign in to ask one." in html
    assert "Ask a question" not in html
    client.force_login(pending_member)
    html = page(client, project)
    assert "Your firm is not verified yet" in html
    assert client.post(url(project, "ask"), {"question": "Hello?"}).status_code == 403
    client.force_login(official)
    assert "Officials answer questions" in page(client, project)
    assert not Clarification.objects.exists()


def test_anonymous_askers_are_sent_to_sign_in(client, project):
    response = client.post(url(project, "ask"), {"question": "Hello?"})
    assert response.status_code == 302
    assert "/login/" in response["Location"]


def test_no_form_once_the_closing_time_has_passed(client, reference_data, verified_member):
    project = make_project(bid_closes_at=timezone.now() - timedelta(minutes=5))
    client.force_login(verified_member)
    html = page(client, project)
    assert "questions closed with the bidding" in html
    assert 'name="question"' not in html
    response = client.post(url(project, "ask"), {"question": "Late?"})
    assert response.status_code == 400
    assert not Clarification.objects.exists()


# --- Hidden is 404, seen but not yours is 403 ---------------------------------------------------


@pytest.mark.parametrize("persona", ["pk_firm_member", "other_agency_official", "firm_member"])
def test_another_firms_waiting_question_is_404_on_every_url(
    request, client, project, pending, persona
):
    client.force_login(request.getfixturevalue(persona))
    assert client.get(url(project, "answer", pending)).status_code == 404
    assert client.post(url(project, "answer", pending), {"answer": "x"}).status_code == 404
    assert client.post(url(project, "withdraw", pending)).status_code == 404
    pending.refresh_from_db()
    assert pending.status == Clarification.Status.PENDING


def test_an_answered_question_is_seen_but_not_answered_by_others(
    client, project, answered, pk_firm_member, other_agency_official
):
    for user in (pk_firm_member, other_agency_official):
        client.force_login(user)
        assert client.get(url(project, "answer", answered)).status_code == 403
        assert client.post(url(project, "withdraw", answered)).status_code == 403


def test_questions_of_a_draft_do_not_exist_for_the_public(client, reference_data, verified_member):
    draft = make_project(status="draft")
    client.force_login(verified_member)
    assert client.get(url(draft, "ask")).status_code == 404
    assert client.post(url(draft, "ask"), {"question": "Hello?"}).status_code == 404


# --- Languages, workspace and query counts -------------------------------------------------------


def test_the_three_languages(client, project, answered):
    chinese = page(client, project, "zh-hans")
    assert "选矿厂有水吗？" in chinese
    assert "是的：每秒四十升。" in chinese
    assert "问题与答复" in chinese
    urdu = page(client, project, "ur")
    assert "سوالات و جوابات" in urdu
    # No Urdu versions: the question as asked and the English answer, both marked English.
    assert 'lang="en"' in urdu
    assert QUESTION in urdu
    assert ANSWER in urdu
    assert page(client, project, "en").count(QUESTION) == 1


def test_the_workspace_counts_waiting_questions(client, project, pending, approver):
    client.force_login(approver)
    html = client.get("/en/projects/workspace/").content.decode()
    assert "Questions waiting for an answer" in html
    assert f"{project.reference}</bdi></a> · " in html
    assert "1 question" in html


@pytest.mark.parametrize("questions", [1, 5])
def test_detail_page_queries_do_not_grow_with_questions(
    client, project, verified_member, official, approver, django_assert_num_queries, questions
):
    for number in range(questions):
        item = services.ask_question(project, by=verified_member, question=f"Question {number}?")
        if number % 2:
            services.answer_question(item, by=official, answer=f"Answer {number}.")
    # The project, its minerals, criteria, documents, amendments, the questions.
    with django_assert_num_queries(6):
        page(client, project)
    client.force_login(verified_member)
    # Session, user, then the same, the member's firm (to mark its own questions) and its bid
    # on the project, if any (the bid box).
    with django_assert_num_queries(10):
        page(client, project)
    client.force_login(approver)
    # Session, user, agency, the same six, the amendments waiting, the bids received (a count).
    with django_assert_num_queries(11):
        page(client, project)


@pytest.fixture
def vnu_jar():
    """The checker `tests/quality/test_html_validity.py` installs (skipped until it has)."""
    if not shutil.which("java") or not VNU_JAR.exists():
        pytest.skip("the Nu HTML Checker needs Java and `npm ci` (see tests/quality)")
    return VNU_JAR


def test_the_pages_are_valid_html_in_every_language(
    client, project, answered, pending, verified_member, approver, vnu_jar, tmp_path
):
    paths = {
        None: [f"/projects/{project.reference}/"],
        verified_member: [
            f"/projects/{project.reference}/",
            f"/projects/{project.reference}/questions/ask/",
        ],
        approver: [
            f"/projects/{project.reference}/",
            f"/projects/{project.reference}/questions/{pending.pk}/answer/",
            "/projects/workspace/",
        ],
    }
    pages = {}
    for user, user_paths in paths.items():
        if user:
            client.force_login(user)
        for language in ("en", "zh-hans", "ur"):
            for path in user_paths:
                response = client.get(f"/{language}{path}")
                assert response.status_code == 200
                pages[f"/{language}{path} ({user})"] = response.content.decode()
    # A form that came back with its message.
    response = client.post(url(project, "answer", pending), {"answer": ""})
    pages["answer with an error"] = response.content.decode()
    assert validate(vnu_jar, pages, tmp_path) == []
