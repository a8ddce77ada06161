"""The outbox: one row per notification and recipient, written in the transaction of the event
that causes it, and the users' preferences per kind. Loaded by `emining.models`."""

from __future__ import annotations

import uuid

from django.conf import settings
from django.core.serializers.json import DjangoJSONEncoder
from django.db import models
from django.db.models import Q
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from .registry import Frequency


class Notification(models.Model):
    class EmailStatus(models.TextChoices):
        PENDING = "pending", _("To send")
        DIGEST = "digest", _("Waiting for the digest")
        SENT = "sent", _("Sent")
        SKIPPED = "skipped", _("Not emailed")
        FAILED = "failed", _("Failed")

    recipient = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("recipient"),
        on_delete=models.CASCADE,
        related_name="notifications",
    )
    kind = models.CharField(_("kind"), max_length=64)
    # JSON values only (ids, references, the three languages of a title): the text is
    # rendered from the kind's templates in the reader's language when it is shown or sent.
    context = models.JSONField(_("context"), default=dict, blank=True, encoder=DjangoJSONEncoder)
    url = models.CharField(_("link"), max_length=500, blank=True)
    # Set by callers that may notify the same thing twice (a reminder run by beat): one row
    # per recipient, kind and key.
    key = models.CharField(_("key"), max_length=200, blank=True)
    # The rows written by one call: the delivery task carries this, not thousands of ids.
    batch = models.UUIDField(_("batch"), default=uuid.uuid4, db_index=True, editable=False)
    in_app = models.BooleanField(_("shown in the notification centre"), default=True)
    created_at = models.DateTimeField(_("created at"), default=timezone.now)
    read_at = models.DateTimeField(_("read at"), null=True, blank=True)
    email_status = models.CharField(
        _("email status"),
        max_length=10,
        choices=EmailStatus.choices,
        default=EmailStatus.PENDING,
    )
    email_frequency = models.CharField(
        _("email frequency"),
        max_length=10,
        choices=Frequency.choices,
        default=Frequency.IMMEDIATE,
    )
    emailed_at = models.DateTimeField(_("emailed at"), null=True, blank=True)
    attempts = models.PositiveSmallIntegerField(_("attempts"), default=0)
    # A sender's lease, and after a failure the time of the next try: a row is free to claim
    # when this is empty or past, so a worker killed mid-send delays a row, never loses it.
    claimed_until = models.DateTimeField(_("claimed until"), null=True, blank=True)
    last_error = models.CharField(_("last error"), max_length=300, blank=True)

    class Meta:
        verbose_name = _("notification")
        verbose_name_plural = _("notifications")
        ordering = ["-created_at", "-pk"]
        indexes = [
            models.Index(
                fields=["recipient", "-created_at"],
                name="notification_recipient_idx",
                condition=Q(in_app=True),
            ),
            models.Index(
                fields=["recipient"],
                name="notification_unread_idx",
                condition=Q(in_app=True, read_at__isnull=True),
            ),
            models.Index(
                fields=["email_status", "claimed_until"],
                name="notification_outbox_idx",
                condition=Q(email_status__in=["pending", "digest"]),
            ),
        ]
        constraints = [
            models.CheckConstraint(
                condition=Q(email_status__in=["pending", "digest", "sent", "skipped", "failed"]),
                name="%(app_label)s_%(class)s_email_status_valid",
                violation_error_message=_("Unknown email status."),
            ),
            models.CheckConstraint(
                condition=Q(email_frequency__in=Frequency.values),
                name="%(app_label)s_%(class)s_frequency_valid",
                violation_error_message=_("Unknown email frequency."),
            ),
            models.CheckConstraint(
                condition=Q(email_status="sent", emailed_at__isnull=False)
                | (~Q(email_status="sent") & Q(emailed_at__isnull=True)),
                name="%(app_label)s_%(class)s_sent_when_emailed",
                violation_error_message=_("A notification is sent exactly when it was emailed."),
            ),
            models.CheckConstraint(
                condition=Q(in_app=True) | ~Q(email_status="skipped"),
                name="%(app_label)s_%(class)s_reaches_someone",
                violation_error_message=_(
                    "A notification is shown in the notification centre, emailed, or both."
                ),
            ),
            models.UniqueConstraint(
                fields=["recipient", "kind", "key"],
                condition=~Q(key=""),
                name="%(app_label)s_%(class)s_unique_key",
                violation_error_message=_("This notification was already written."),
            ),
        ]

    def __str__(self) -> str:
        return f"{self.kind} → {self.recipient_id}"

    @property
    def is_read(self) -> bool:
        return self.read_at is not None


class NotificationPreference(models.Model):
    """A user's choice for one kind; without a row the kind's defaults apply."""

    user = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("user"),
        on_delete=models.CASCADE,
        related_name="notification_preferences",
    )
    kind = models.CharField(_("kind"), max_length=64)
    in_app = models.BooleanField(_("in the notification centre"), default=True)
    email = models.BooleanField(_("by email"), default=True)
    frequency = models.CharField(
        _("email frequency"), max_length=10, choices=Frequency.choices, default=Frequency.IMMEDIATE
    )

    class Meta:
        verbose_name = _("notification preference")
        verbose_name_plural = _("notification preferences")
        constraints = [
            models.UniqueConstraint(
                fields=["user", "kind"],
                name="%(app_label)s_%(class)s_one_per_kind",
                violation_error_message=_("There is already a preference for this kind."),
            ),
            models.CheckConstraint(
                condition=Q(frequency__in=Frequency.values),
                name="%(app_label)s_%(class)s_frequency_valid",
                violation_error_message=_("Unknown email frequency."),
            ),
        ]

    def __str__(self) -> str:
        return f"{self.user_id}: {self.kind}"
