"""Clarifications: members of verified firms ask, the owning agency's officials answer.

Each service checks who acts, locks the project row (then the question's), re-checks the rule
on the locked state, writes the change and its audit event in one transaction, and sends its
notification after commit. None of them saves the project: a question changes neither the
project's `updated_at` nor its place in listings, nor the listings' data version.
"""

from __future__ import annotations

import unicodedata

from django.core.exceptions import PermissionDenied
from django.db import transaction
from django.utils import timezone
from django.utils.translation import get_language
from django.utils.translation import gettext as _

from emining.audit import record_event
from emining.models import User
from emining.services import DomainError
from firms.permissions import firm_of
from projects import notifications, permissions
from projects.models import ANSWER_MAX_LENGTH, QUESTION_MAX_LENGTH, Clarification, Project

# A firm may have this many questions waiting on one project: enough for a real bidder, too few
# to flood the agency's officials.
PENDING_QUESTIONS_PER_FIRM = 20
# Once a project is awarded or cancelled its questions can no longer matter to a bid.
CLOSED_TO_ANSWERS = frozenset({Project.Status.AWARDED, Project.Status.CANCELLED})

Status = Clarification.Status


def questions_closed_message(project: Project) -> str:
    """Why no question can be asked on this project now, or "". Questions close with the
    bidding: at the closing time, even before the beat task marks the project closed."""
    if project.status != Project.Status.PUBLISHED:
        return _("Questions can be asked only while the project is open for bids.")
    if project.bidding_deadline_passed:
        return _("The closing time has passed: questions closed with the bidding.")
    return ""


def answers_closed_message(project: Project) -> str:
    """Why questions of this project can no longer be answered, or ""."""
    if project.status in CLOSED_TO_ANSWERS:
        return _("Questions can no longer be answered on a project that is “%(status)s”.") % {
            "status": project.get_status_display()
        }
    return ""


def clean_text(value: str, *, field: str, limit: int, required: bool) -> str:
    """Text as typed, trimmed, with Windows line ends made plain. Control characters other
    than line breaks and tabs (NUL among them, which PostgreSQL refuses) are refused."""
    text = (value or "").replace("\r\n", "\n").replace("\r", "\n").strip()
    if required and not text:
        raise DomainError({field: [_("This field is required.")]})
    if any(unicodedata.category(char) in ("Cc", "Cs") and char not in "\n\t" for char in text):
        raise DomainError({field: [_("Remove the control characters from the text.")]})
    if len(text) > limit:
        raise DomainError(
            {
                field: [
                    _("At most %(limit)s characters, please (this text has %(length)s).")
                    % {"limit": limit, "length": len(text)}
                ]
            }
        )
    return text


def _lock_project(project_id: int) -> Project:
    return Project.objects.select_for_update().get(pk=project_id)


def _lock_clarification(clarification: Clarification) -> Clarification:
    return Clarification.objects.select_for_update().get(pk=clarification.pk)


def _question_language(text: str, language: str | None) -> str:
    """The portal language the question is written in, judged from its script (a Chinese
    firm may well write English on the Chinese page): Han characters are Chinese, Arabic
    script is Urdu, Latin letters English; the page's language when the text says nothing."""
    han = sum(1 for char in text if "\u4e00" <= char <= "\u9fff" or "\u3400" <= char <= "\u4dbf")
    arabic = sum(1 for char in text if "\u0600" <= char <= "\u06ff" or "\u0750" <= char <= "\u077f")
    latin = sum(1 for char in text if char.isascii() and char.isalpha())
    if han or arabic or latin:
        counts = {"zh-hans": han * 2, "ur": arabic, "en": latin}  # a Han character is a word
        return max(counts, key=counts.get)
    language = (language or get_language() or "en").lower()
    if language.startswith("zh"):
        return "zh-hans"
    if language.startswith("ur"):
        return "ur"
    return "en"


def _sync(target: Clarification, source: Clarification) -> Clarification:
    for field in Clarification._meta.concrete_fields:
        setattr(target, field.attname, getattr(source, field.attname))
    return target


def ask_question(
    project: Project, *, by: User, question: str, language: str | None = None
) -> Clarification:
    """A verified firm's member asks about a project open for bids. The question stays
    between the firm and the owning agency until it is answered; then everyone reads it,
    never who asked."""
    refusal = permissions.ask_refusal(by)
    if refusal:
        raise PermissionDenied(refusal)
    if not permissions.may_view_project(by, project):
        raise PermissionDenied(_("This project is not open for questions."))
    firm = firm_of(by)
    text = clean_text(question, field="question", limit=QUESTION_MAX_LENGTH, required=True)
    with transaction.atomic():
        locked = _lock_project(project.pk)
        closed = questions_closed_message(locked)
        if closed:
            raise DomainError(closed)
        # Counted under the project's lock, so parallel requests cannot pass the limit.
        waiting = Clarification.objects.filter(
            project=locked, asking_firm=firm, status=Status.PENDING
        ).count()
        if waiting >= PENDING_QUESTIONS_PER_FIRM:
            raise DomainError(
                _(
                    "Your firm already has %(count)s questions waiting for an answer on this "
                    "project. Wait for some answers, or withdraw a question, before asking more."
                )
                % {"count": waiting}
            )
        clarification = Clarification.objects.create(
            project=locked,
            question=text,
            question_language=_question_language(text, language),
            asked_by=by,
            asking_firm=firm,
            asked_at=timezone.now(),
            status=Status.PENDING,
        )
        # The trail is for administrators only; it may name the firm (by id), pages never do.
        record_event(
            action="clarification.asked",
            actor=by,
            target=clarification,
            data={"project": locked.reference, "firm": firm.pk},
        )
        clarification.asking_firm = firm
        notifications.question_asked(clarification)
    clarification.project = project
    return clarification


def answer_question(
    clarification: Clarification,
    *,
    by: User,
    answer: str,
    answer_zh: str = "",
    answer_ur: str = "",
    question_zh: str = "",
    question_ur: str = "",
) -> Clarification:
    """An official of the owning agency answers (in English, optionally also in Chinese and
    Urdu, and may translate the question); the answer is then public.

    Answering stays possible after the closing time and during the evaluation: questions
    asked before the deadline deserve their answer on the record, and officials may clear the
    backlog once bidding closes. Only the award (or cancellation) ends it, when an answer can
    no longer matter to any bid."""
    project = clarification.project
    if not permissions.may_answer_question(by, clarification):
        raise PermissionDenied(_("Only officials of the owning agency may answer its questions."))
    values = {
        "answer": clean_text(answer, field="answer", limit=ANSWER_MAX_LENGTH, required=True),
        "answer_zh": clean_text(
            answer_zh, field="answer_zh", limit=ANSWER_MAX_LENGTH, required=False
        ),
        "answer_ur": clean_text(
            answer_ur, field="answer_ur", limit=ANSWER_MAX_LENGTH, required=False
        ),
        "question_zh": clean_text(
            question_zh, field="question_zh", limit=QUESTION_MAX_LENGTH, required=False
        ),
        "question_ur": clean_text(
            question_ur, field="question_ur", limit=QUESTION_MAX_LENGTH, required=False
        ),
    }
    with transaction.atomic():
        locked_project = _lock_project(project.pk)
        closed = answers_closed_message(locked_project)
        if closed:
            raise DomainError(closed)
        locked = _lock_clarification(clarification)
        _require_pending(locked)
        for field, value in values.items():
            setattr(locked, field, value)
        locked.status = Status.ANSWERED
        locked.answered_by = by
        locked.answered_at = timezone.now()
        locked.save(update_fields=[*values, "status", "answered_by", "answered_at"])
        record_event(
            action="clarification.answered",
            actor=by,
            target=locked,
            data={
                "project": locked_project.reference,
                "languages": [suffix for suffix in ("zh", "ur") if values[f"answer_{suffix}"]],
            },
        )
        locked.project = locked_project
        notifications.question_answered(locked)
    _sync(clarification, locked)
    clarification.answered_by = by
    return clarification


def withdraw_question(clarification: Clarification, *, by: User) -> Clarification:
    """A member of the asking firm takes back a question that has not been answered."""
    if not permissions.is_own_clarification(by, clarification):
        raise PermissionDenied(_("Only the firm that asked a question may withdraw it."))
    with transaction.atomic():
        _lock_project(clarification.project_id)  # the same lock order as asking and answering
        locked = _lock_clarification(clarification)
        _require_pending(locked)
        locked.status = Status.WITHDRAWN
        locked.withdrawn_at = timezone.now()
        locked.save(update_fields=["status", "withdrawn_at"])
        record_event(
            action="clarification.withdrawn",
            actor=by,
            target=locked,
            data={"project_id": locked.project_id},
        )
    return _sync(clarification, locked)


def _require_pending(locked: Clarification) -> None:
    if locked.status == Status.ANSWERED:
        raise DomainError(_("This question has already been answered."))
    if locked.status == Status.WITHDRAWN:
        raise DomainError(_("This question was withdrawn by the firm that asked it."))
