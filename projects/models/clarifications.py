"""Clarifications: questions members of verified firms ask about a published project, and the
owning agency's answers.

A question's life: pending → answered (then public, without the asker), or withdrawn by the
asking firm while still pending. The writes are made only by
`projects.services.clarifications`; who sees which question is decided by
`projects.permissions`. This table is deliberately outside the listings' data-version
triggers (`0006_listing_version_triggers`): a question never changes a project's listing.
"""

from __future__ import annotations

from django.conf import settings
from django.db import models
from django.db.models import F, Q
from django.utils.translation import gettext_lazy as _

from emining.i18n import LocalizedTextMixin

from .projects import Project

QUESTION_MAX_LENGTH = 2000
ANSWER_MAX_LENGTH = 5000


class Clarification(LocalizedTextMixin, models.Model):
    class Status(models.TextChoices):
        PENDING = "pending", _("Waiting for an answer")
        ANSWERED = "answered", _("Answered")
        WITHDRAWN = "withdrawn", _("Withdrawn")

    project = models.ForeignKey(
        Project,
        verbose_name=_("project"),
        on_delete=models.CASCADE,
        related_name="clarifications",
    )
    question = models.TextField(_("question"), max_length=QUESTION_MAX_LENGTH)
    # The language the asker wrote in: pages mark the original text with it.
    question_language = models.CharField(
        _("language of the question"), max_length=10, choices=settings.LANGUAGES, default="en"
    )
    question_zh = models.TextField(
        _("question in Chinese"), max_length=QUESTION_MAX_LENGTH, blank=True
    )
    question_ur = models.TextField(
        _("question in Urdu"), max_length=QUESTION_MAX_LENGTH, blank=True
    )
    asked_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("asked by"),
        on_delete=models.PROTECT,
        related_name="+",
    )
    asking_firm = models.ForeignKey(
        "firms.Firm",
        verbose_name=_("asking firm"),
        on_delete=models.PROTECT,
        related_name="clarifications",
    )
    asked_at = models.DateTimeField(_("asked at"))
    status = models.CharField(
        _("status"), max_length=20, choices=Status.choices, default=Status.PENDING
    )
    answer = models.TextField(_("answer"), max_length=ANSWER_MAX_LENGTH, blank=True)
    answer_zh = models.TextField(_("answer in Chinese"), max_length=ANSWER_MAX_LENGTH, blank=True)
    answer_ur = models.TextField(_("answer in Urdu"), max_length=ANSWER_MAX_LENGTH, blank=True)
    answered_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("answered by"),
        on_delete=models.PROTECT,
        related_name="+",
        null=True,
        blank=True,
    )
    answered_at = models.DateTimeField(_("answered at"), null=True, blank=True)
    withdrawn_at = models.DateTimeField(_("question withdrawn at"), null=True, blank=True)
    # Claimed by the notification tasks before they send, so a task run twice mails once.
    question_notified_at = models.DateTimeField(_("officials notified at"), null=True, blank=True)
    answer_notified_at = models.DateTimeField(_("firm notified at"), null=True, blank=True)

    class Meta:
        verbose_name = _("clarification")
        verbose_name_plural = _("clarifications")
        ordering = ["project", "asked_at", "id"]
        indexes = [
            # A project's page: its answered questions (everyone), its pending ones (officials).
            models.Index(
                fields=["project", "status", "asked_at"], name="clarification_project_idx"
            ),
            # The per-firm limit of pending questions, and a firm's own questions.
            models.Index(
                fields=["asking_firm", "project"],
                name="clarification_firm_idx",
            ),
            # The officials' workspace: pending questions of the agency's projects.
            models.Index(
                fields=["project"],
                name="clarification_pending_idx",
                condition=Q(status="pending"),
            ),
        ]
        constraints = [
            models.CheckConstraint(
                condition=~Q(question=""),
                name="%(app_label)s_%(class)s_question_given",
                violation_error_message=_("A clarification has a question."),
            ),
            models.CheckConstraint(
                condition=(
                    Q(status="answered")
                    & ~Q(answer="")
                    & Q(answered_by__isnull=False)
                    & Q(answered_at__isnull=False)
                )
                | (
                    ~Q(status="answered")
                    & Q(answer="")
                    & Q(answered_by__isnull=True)
                    & Q(answered_at__isnull=True)
                ),
                name="%(app_label)s_%(class)s_answered_stamped",
                violation_error_message=_(
                    "An answered question records its answer, who answered it and when; "
                    "an unanswered one has none of them."
                ),
            ),
            models.CheckConstraint(
                condition=(Q(status="withdrawn") & Q(withdrawn_at__isnull=False))
                | (~Q(status="withdrawn") & Q(withdrawn_at__isnull=True)),
                name="%(app_label)s_%(class)s_withdrawn_stamped",
                violation_error_message=_("A withdrawn question records when it was withdrawn."),
            ),
            models.CheckConstraint(
                condition=Q(answered_at__isnull=True) | Q(answered_at__gte=F("asked_at")),
                name="%(app_label)s_%(class)s_answered_after_asked",
                violation_error_message=_("A question is answered after it was asked."),
            ),
        ]

    def __str__(self) -> str:
        # Names neither the firm nor the person: this text is stored in the audit trail.
        return f"Clarification {self.pk} on project {self.project_id}"

    @property
    def is_pending(self) -> bool:
        return self.status == self.Status.PENDING

    @property
    def is_answered(self) -> bool:
        return self.status == self.Status.ANSWERED
