"""Emails about clarifications, each in its recipient's preferred language.

Called by the Celery tasks in `projects.tasks` (with ids, after commit). Each send first
claims the question's `*_notified_at` stamp with a conditional UPDATE, so a task delivered
twice mails once; if sending fails the claim is released and the task may be retried.
"""

from __future__ import annotations

import logging
from collections.abc import Iterable

from django.conf import settings
from django.core.mail import EmailMultiAlternatives, get_connection
from django.db.models import QuerySet
from django.template.loader import render_to_string
from django.urls import reverse
from django.utils import timezone, translation

from emining.i18n import localized_text
from emining.models import User

from .models import Clarification

logger = logging.getLogger(__name__)


def _recipient_language(user: User) -> str:
    return user.preferred_language or settings.LANGUAGE_CODE


def _project_url(clarification: Clarification) -> str:
    """The project's page in the active language, as an absolute address."""
    path = reverse("projects:project-detail", kwargs={"reference": clarification.project.reference})
    return f"{settings.SITE_URL}{path}#clarifications"


def _message(template: str, user: User, context: dict) -> EmailMultiAlternatives:
    with translation.override(_recipient_language(user)):
        context = {**context, "recipient": user, "project_url": _project_url(context["item"])}
        context["question"] = localized_text(context["item"], "question").text
        context["answer"] = localized_text(context["item"], "answer").text
        context["project_title"] = context["item"].project.localized_title
        subject = " ".join(render_to_string(f"emails/{template}_subject.txt", context).split())
        text = render_to_string(f"emails/{template}_body.txt", context)
        html = render_to_string(f"emails/{template}_body.html", context)
    message = EmailMultiAlternatives(subject, text, to=[user.email])
    message.attach_alternative(html, "text/html")
    return message


def _claim(clarification_id: int, stamp: str, **conditions) -> bool:
    """Take the right to send this notice (False: another run already did, or the question
    is no longer in the state the notice speaks of)."""
    return bool(
        Clarification.objects.filter(
            pk=clarification_id, **{f"{stamp}__isnull": True}, **conditions
        ).update(**{stamp: timezone.now()})
    )


def _release(clarification_id: int, stamp: str) -> None:
    Clarification.objects.filter(pk=clarification_id).update(**{stamp: None})


def _send(
    clarification_id: int, stamp: str, template: str, recipients: Iterable[User], context: dict
) -> int:
    messages = [_message(template, user, context) for user in recipients]
    if not messages:
        return 0
    try:
        return get_connection().send_messages(messages) or 0
    except Exception:
        _release(clarification_id, stamp)
        raise


def _with_email(users: QuerySet[User]) -> QuerySet[User]:
    return users.filter(is_active=True).exclude(email="").order_by("pk")


def notify_question_asked(clarification_id: int) -> int:
    """The owning agency's officials learn of a new question (with the firm that asked: they
    may see it). Returns the number of emails sent."""
    if not _claim(clarification_id, "question_notified_at", status=Clarification.Status.PENDING):
        return 0
    item = Clarification.objects.select_related("project", "asking_firm").get(pk=clarification_id)
    officials = _with_email(
        User.objects.filter(role=User.Role.OFFICIAL, agency_id=item.project.agency_id)
    )
    return _send(
        clarification_id,
        "question_notified_at",
        "clarification_asked",
        officials,
        {"item": item, "firm": item.asking_firm},
    )


def notify_question_answered(clarification_id: int) -> int:
    """The asking firm's members read the answer, in their language where the official gave
    it. Returns the number of emails sent."""
    if not _claim(clarification_id, "answer_notified_at", status=Clarification.Status.ANSWERED):
        return 0
    item = Clarification.objects.select_related("project").get(pk=clarification_id)
    members = _with_email(User.objects.filter(firm_membership__firm_id=item.asking_firm_id))
    return _send(
        clarification_id, "answer_notified_at", "clarification_answered", members, {"item": item}
    )
