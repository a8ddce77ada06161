"""Clarifications, the rules: who asks, when, how much; who answers, until when; who withdraws;
what the database keeps; what is recorded and who is told."""

from __future__ import annotations

from datetime import timedelta

import pytest
from django.core import mail
from django.core.exceptions import PermissionDenied
from django.db import IntegrityError, transaction
from django.utils import timezone

from emining.audit import events_for
from emining.models import DataVersion
from emining.notifications.models import Notification
from emining.notifications.tasks import deliver_notifications
from emining.services import DomainError
from projects import services
from projects.models import Clarification, Project
from projects.services import clarifications as clarification_services
from tests.factories import make_firm_member, make_project

pytestmark = pytest.mark.django_db

Status = Clarification.Status


@pytest.fixture
def project(reference_data) -> Project:
    return make_project(title="Reko Diq copper-gold")


def ask(project: Project, user, text: str = "Is the road to Nokkundi paved?") -> Clarification:
    return services.ask_question(project, by=user, question=text)


# --- Asking -------------------------------------------------------------------------------------


def test_a_verified_firms_member_asks(
    project, verified_member, cn_firm, official, django_capture_on_commit_callbacks
):
    with django_capture_on_commit_callbacks(execute=True):
        item = ask(project, verified_member, "  Is water available on site?\r\nHow much?  ")
    item.refresh_from_db()
    assert item.status == Status.PENDING
    assert item.question == "Is water available on site?\nHow much?"
    assert (item.asking_firm, item.asked_by, item.project) == (cn_firm, verified_member, project)
    assert item.question_language == "en"
    [event] = events_for(item)
    assert event.action == "clarification.asked"
    assert event.data == {"project": project.reference, "firm": cn_firm.pk}
    assert cn_firm.name not in event.target_repr
    # The owning agency's officials are told (the project's author and approver, and
    # `official`), each in their language.
    recipients = {message.to[0] for message in mail.outbox}
    assert official.email in recipients
    assert all(project.reference in message.subject for message in mail.outbox)


@pytest.mark.parametrize(
    ("text", "page_language", "expected"),
    [
        ("道路通吗？", "en", "zh-hans"),
        ("Is the road paved?", "zh-hans", "en"),  # English typed on the Chinese page
        ("铜矿品位 Cu 是多少？", "en", "zh-hans"),
        ("کیا سڑک پکی ہے؟", "en", "ur"),
        ("2024?", "ur", "ur"),  # nothing to judge by: the page's language
    ],
)
def test_the_language_of_a_question_is_judged_from_its_script(
    project, verified_member, text, page_language, expected
):
    item = services.ask_question(project, by=verified_member, question=text, language=page_language)
    assert item.question_language == expected


@pytest.mark.parametrize(
    ("persona", "message"),
    [
        ("firm_member", "Only members of firms verified by the portal"),
        ("pending_member", "Your firm is not verified yet"),
        ("rejected_member", "Your firm is not verified yet"),
        ("official", "Officials answer questions"),
        ("other_agency_official", "Officials answer questions"),
        ("partner_system", "Only members of firms verified by the portal"),
    ],
)
def test_only_members_of_verified_firms_ask(request, project, persona, message):
    user = request.getfixturevalue(persona)
    with pytest.raises(PermissionDenied, match=message):
        ask(project, user)
    assert not Clarification.objects.exists()


@pytest.mark.parametrize("status", ["draft", "in_review", "closed", "under_evaluation", "awarded"])
def test_questions_only_while_open_for_bids(reference_data, verified_member, status):
    project = make_project(status=status)
    with pytest.raises((DomainError, PermissionDenied)):
        ask(project, verified_member)
    assert not Clarification.objects.exists()


def test_no_questions_on_a_cancelled_project(reference_data, verified_member):
    project = make_project(status="cancelled", published_at=timezone.now() - timedelta(days=3))
    with pytest.raises(DomainError, match="only while the project is open"):
        ask(project, verified_member)


def test_questions_close_with_the_bidding_even_before_the_beat_task(
    reference_data, verified_member
):
    project = make_project(bid_closes_at=timezone.now() - timedelta(minutes=1))
    assert project.status == Project.Status.PUBLISHED  # not yet closed by the beat task
    with pytest.raises(DomainError, match="questions closed with the bidding"):
        ask(project, verified_member)


@pytest.mark.parametrize(
    ("text", "message"),
    [
        ("", "This field is required."),
        ("   \n ", "This field is required."),
        ("x" * 2001, "At most 2000 characters"),
        ("Nul\x00byte", "control characters"),
        ("Bell\x07", "control characters"),
    ],
)
def test_bad_questions_are_refused_by_field(project, verified_member, text, message):
    with pytest.raises(DomainError) as caught:
        ask(project, verified_member, text)
    assert message in caught.value.message_dict["question"][0]
    assert not Clarification.objects.exists()


def test_a_firm_has_a_limit_of_waiting_questions_per_project(
    project, verified_member, cn_firm_owner, pk_firm_member, monkeypatch
):
    monkeypatch.setattr(clarification_services, "PENDING_QUESTIONS_PER_FIRM", 2)
    ask(project, verified_member)
    withdrawn = ask(project, cn_firm_owner)
    with pytest.raises(DomainError, match="already has 2 questions waiting"):
        ask(project, cn_firm_owner)
    # Another firm has its own allowance; a withdrawn question frees a place.
    ask(project, pk_firm_member)
    services.withdraw_question(withdrawn, by=verified_member)
    ask(project, cn_firm_owner)


def test_asking_and_answering_leave_the_project_and_its_listings_alone(
    project, verified_member, official, django_capture_on_commit_callbacks
):
    before = Project.objects.get(pk=project.pk).updated_at
    version = DataVersion.objects.get(name="listings").version
    with django_capture_on_commit_callbacks(execute=True):
        item = ask(project, verified_member)
        services.answer_question(item, by=official, answer="Yes, since 2024.")
    assert Project.objects.get(pk=project.pk).updated_at == before
    assert DataVersion.objects.get(name="listings").version == version


# --- Answering ----------------------------------------------------------------------------------


def test_an_official_of_the_owning_agency_answers(
    project, verified_member, cn_firm_owner, official, django_capture_on_commit_callbacks
):
    verified_member.preferred_language = "zh-hans"
    verified_member.save(update_fields=["preferred_language"])
    item = ask(project, verified_member)
    mail.outbox.clear()
    with django_capture_on_commit_callbacks(execute=True):
        services.answer_question(
            item, by=official, answer="Yes, it is paved.", answer_zh="是的，已铺设。"
        )
    item.refresh_from_db()
    assert item.status == Status.ANSWERED
    assert (item.answer, item.answer_zh, item.answered_by) == (
        "Yes, it is paved.",
        "是的，已铺设。",
        official,
    )
    assert item.answered_at is not None
    assert [e.action for e in events_for(item)] == [
        "clarification.answered",
        "clarification.asked",
    ]
    # Every member of the asking firm is told, in their own language.
    by_recipient = {message.to[0]: message for message in mail.outbox}
    assert set(by_recipient) == {verified_member.email, cn_firm_owner.email}
    chinese = by_recipient[verified_member.email]
    assert "是的，已铺设。" in chinese.body
    assert chinese.subject == f"您关于项目 {project.reference} 的问题已获答复"
    assert "Yes, it is paved." in by_recipient[cn_firm_owner.email].body
    assert "/zh-hans/projects/" in chinese.body


@pytest.mark.parametrize("persona", ["other_agency_official", "verified_member", "pk_firm_member"])
def test_only_the_owning_agency_answers(request, project, verified_member, persona):
    item = ask(project, verified_member)
    with pytest.raises(PermissionDenied):
        services.answer_question(item, by=request.getfixturevalue(persona), answer="No.")
    item.refresh_from_db()
    assert item.status == Status.PENDING


def test_answers_stay_possible_after_the_closing_time_until_the_award(
    project, verified_member, official
):
    first, second = ask(project, verified_member), ask(project, verified_member, "Second?")
    Project.objects.filter(pk=project.pk).update(
        status=Project.Status.CLOSED, closed_at=timezone.now()
    )
    services.answer_question(first, by=official, answer="Answered after closing.")
    Project.objects.filter(pk=project.pk).update(
        status=Project.Status.AWARDED,
        evaluation_started_at=timezone.now(),
        awarded_at=timezone.now(),
    )
    with pytest.raises(DomainError, match="can no longer be answered"):
        services.answer_question(second, by=official, answer="Too late.")


def test_a_question_is_answered_once(project, verified_member, official, approver):
    item = ask(project, verified_member)
    services.answer_question(item, by=official, answer="First answer.")
    with pytest.raises(DomainError, match="already been answered"):
        services.answer_question(item, by=approver, answer="Second answer.")
    item.refresh_from_db()
    assert item.answer == "First answer."


@pytest.mark.parametrize(
    ("values", "field"),
    [
        ({"answer": ""}, "answer"),
        ({"answer": "x" * 5001}, "answer"),
        ({"answer": "Fine.", "answer_zh": "坏\x00"}, "answer_zh"),
        ({"answer": "Fine.", "question_ur": "x" * 2001}, "question_ur"),
    ],
)
def test_bad_answers_are_refused_by_field(project, verified_member, official, values, field):
    item = ask(project, verified_member)
    with pytest.raises(DomainError) as caught:
        services.answer_question(item, by=official, **values)
    assert field in caught.value.message_dict


# --- Withdrawing --------------------------------------------------------------------------------


def test_the_asking_firm_withdraws_a_waiting_question(
    project, verified_member, cn_firm_owner, pk_firm_member, official
):
    item = ask(project, verified_member)
    with pytest.raises(PermissionDenied):
        services.withdraw_question(item, by=pk_firm_member)
    with pytest.raises(PermissionDenied):
        services.withdraw_question(item, by=official)
    services.withdraw_question(item, by=cn_firm_owner)  # a colleague of the asker
    item.refresh_from_db()
    assert item.status == Status.WITHDRAWN
    assert item.withdrawn_at is not None
    with pytest.raises(DomainError, match="withdrawn"):
        services.answer_question(item, by=official, answer="Too late.")


def test_an_answered_question_cannot_be_withdrawn(project, verified_member, official):
    item = ask(project, verified_member)
    services.answer_question(item, by=official, answer="Done.")
    with pytest.raises(DomainError, match="already been answered"):
        services.withdraw_question(item, by=verified_member)


# --- Notifications ------------------------------------------------------------------------------


def test_each_notice_is_sent_once_however_often_the_task_runs(project, verified_member, official):
    item = ask(project, verified_member)  # no on_commit here: the task has not run
    [asked] = {n.batch for n in Notification.objects.filter(kind="clarification_asked")}
    assert deliver_notifications(str(asked)) > 0
    sent = len(mail.outbox)
    assert deliver_notifications(str(asked)) == 0
    assert len(mail.outbox) == sent
    # Not answered yet: nothing written for the firm.
    assert not Notification.objects.filter(kind="clarification_answered").exists()
    services.answer_question(item, by=official, answer="Yes.")
    [answered] = {n.batch for n in Notification.objects.filter(kind="clarification_answered")}
    assert deliver_notifications(str(answered)) == 1
    assert deliver_notifications(str(answered)) == 0
    assert len(mail.outbox) == sent + 1


def test_members_without_an_address_are_skipped(project, cn_firm, official):
    asker = make_firm_member(cn_firm, username="no_address", email="")
    item = ask(project, asker)
    services.answer_question(item, by=official, answer="Yes.")
    notice = Notification.objects.get(kind="clarification_answered", recipient=asker)
    assert notice.email_status == Notification.EmailStatus.SKIPPED  # shown in-app only
    assert deliver_notifications(str(notice.batch)) == 0


# --- The database keeps a question consistent --------------------------------------------------


def violates(item: Clarification, **changes) -> bool:
    try:
        with transaction.atomic():
            Clarification.objects.filter(pk=item.pk).update(**changes)
    except IntegrityError:
        return True
    return False


def test_constraints_bite(project, verified_member, official):
    item = ask(project, verified_member)
    assert violates(item, question="")
    assert violates(item, status=Status.ANSWERED)  # no answer, no one, no time
    assert violates(item, status=Status.ANSWERED, answer="Yes.", answered_by=official)
    assert violates(item, answer="An answer on a pending question.")
    assert violates(item, status=Status.WITHDRAWN)  # no time
    assert violates(item, withdrawn_at=timezone.now())  # pending yet withdrawn
    assert violates(
        item,
        status=Status.ANSWERED,
        answer="Yes.",
        answered_by=official,
        answered_at=item.asked_at - timedelta(days=1),
    )
    assert not violates(
        item,
        status=Status.ANSWERED,
        answer="Yes.",
        answered_by=official,
        answered_at=timezone.now(),
    )
