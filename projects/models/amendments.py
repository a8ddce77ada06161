"""Changes to a published project, and those waiting for a second official's approval."""

from __future__ import annotations

from django.conf import settings
from django.db import models
from django.db.models import F, Q
from django.utils.translation import gettext_lazy as _

from emining.i18n import LocalizedTextMixin

from .projects import Project


class Amendment(LocalizedTextMixin, models.Model):
    """A change made to a published project: what changed and why, shown on its page.

    Changes that bidders price in (closing time, investment sought, evaluation criteria,
    restricted documents) are first an `AmendmentProposal` and become an amendment only when
    a second official of the agency approves them (`approved_by`)."""

    project = models.ForeignKey(
        Project, verbose_name=_("project"), on_delete=models.CASCADE, related_name="amendments"
    )
    created_at = models.DateTimeField(_("time"), auto_now_add=True)
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("amended by"),
        on_delete=models.PROTECT,
        related_name="+",
    )
    reason = models.TextField(_("reason"), max_length=2000)
    reason_zh = models.TextField(_("reason in Chinese"), max_length=2000, blank=True)
    reason_ur = models.TextField(_("reason in Urdu"), max_length=2000, blank=True)
    # {field name: {"label": ..., "from": ..., "to": ...}} with values as display text, in the
    # amender's language (kept for the API); pages render `values` in the visitor's language.
    changes = models.JSONField(_("changes"), default=dict)
    # {field name: {"from": raw, "to": raw}}: JSON values (ISO times, numbers, ids, lists).
    values = models.JSONField(_("changed values"), default=dict, blank=True)
    approved_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("approved by"),
        on_delete=models.PROTECT,
        related_name="+",
        null=True,
        blank=True,
    )
    approved_at = models.DateTimeField(_("approved at"), null=True, blank=True)

    class Meta:
        verbose_name = _("amendment")
        verbose_name_plural = _("amendments")
        ordering = ["project", "-created_at", "-id"]
        constraints = [
            models.CheckConstraint(
                condition=~Q(reason=""),
                name="%(app_label)s_%(class)s_has_reason",
                violation_error_message=_("An amendment says why it was made."),
            ),
            models.CheckConstraint(
                condition=Q(approved_by__isnull=True) | ~Q(approved_by=F("created_by")),
                name="%(app_label)s_%(class)s_four_eyes",
                violation_error_message=_(
                    "An amendment is approved by a different official from the one who proposed it."
                ),
            ),
        ]

    def __str__(self) -> str:
        return f"{self.project.reference} {self.created_at:%Y-%m-%d}"


class AmendmentProposal(LocalizedTextMixin, models.Model):
    """An amendment waiting for a second official of the agency (four eyes). Seen only by the
    agency's officials; the project does not change until it is approved."""

    class Status(models.TextChoices):
        PENDING = "pending", _("Waiting for approval")
        APPROVED = "approved", _("Approved")
        REJECTED = "rejected", _("Rejected")

    project = models.ForeignKey(
        Project,
        verbose_name=_("project"),
        on_delete=models.CASCADE,
        related_name="amendment_proposals",
    )
    status = models.CharField(
        _("status"), max_length=20, choices=Status.choices, default=Status.PENDING
    )
    created_at = models.DateTimeField(_("proposed at"), auto_now_add=True)
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("proposed by"),
        on_delete=models.PROTECT,
        related_name="+",
    )
    reason = models.TextField(_("reason"), max_length=2000)
    reason_zh = models.TextField(_("reason in Chinese"), max_length=2000, blank=True)
    reason_ur = models.TextField(_("reason in Urdu"), max_length=2000, blank=True)
    # What the project becomes once approved: {field name: JSON value}, plus "minerals" (ids),
    # "evaluation_criteria" ([[name, weight], ...]), "documents_added" (stored files with their
    # details) and "documents_removed" (document ids).
    proposed = models.JSONField(_("proposed values"), default=dict)
    # {field name: {"from": raw, "to": raw}} as of the proposal, for review.
    values = models.JSONField(_("changed values"), default=dict)
    decided_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("decided by"),
        on_delete=models.PROTECT,
        related_name="+",
        null=True,
        blank=True,
    )
    decided_at = models.DateTimeField(_("decided at"), null=True, blank=True)
    rejection_reason = models.TextField(_("reason for rejection"), max_length=2000, blank=True)
    amendment = models.OneToOneField(
        Amendment,
        verbose_name=_("amendment"),
        on_delete=models.SET_NULL,
        related_name="proposal",
        null=True,
        blank=True,
    )

    class Meta:
        verbose_name = _("proposed amendment")
        verbose_name_plural = _("proposed amendments")
        ordering = ["project", "-created_at", "-id"]
        constraints = [
            models.CheckConstraint(
                condition=~Q(reason=""),
                name="%(app_label)s_%(class)s_has_reason",
                violation_error_message=_("An amendment says why it was made."),
            ),
            # One at a time: a second proposal would be reviewed against values that are
            # about to change.
            models.UniqueConstraint(
                fields=["project"],
                condition=Q(status="pending"),
                name="%(app_label)s_%(class)s_one_pending",
                violation_error_message=_(
                    "This project already has an amendment waiting for approval."
                ),
            ),
            models.CheckConstraint(
                condition=(
                    Q(status="pending") & Q(decided_by__isnull=True) & Q(decided_at__isnull=True)
                )
                | (
                    ~Q(status="pending") & Q(decided_by__isnull=False) & Q(decided_at__isnull=False)
                ),
                name="%(app_label)s_%(class)s_decided_stamped",
                violation_error_message=_("A decision records when and by whom."),
            ),
            models.CheckConstraint(
                condition=Q(decided_by__isnull=True) | ~Q(decided_by=F("created_by")),
                name="%(app_label)s_%(class)s_four_eyes",
                violation_error_message=_(
                    "An amendment is approved by a different official from the one who proposed it."
                ),
            ),
            models.CheckConstraint(
                condition=~Q(status="rejected") | ~Q(rejection_reason=""),
                name="%(app_label)s_%(class)s_rejected_with_reason",
                violation_error_message=_("A rejection says why."),
            ),
        ]

    def __str__(self) -> str:
        return f"{self.project.reference} {self.created_at:%Y-%m-%d} ({self.status})"
