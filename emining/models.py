"""Cross-cutting records: government agencies, the portal's users and the audit trail."""

from __future__ import annotations

from django.conf import settings
from django.contrib.auth.models import AbstractUser, UserManager
from django.contrib.contenttypes.models import ContentType
from django.db import models
from django.db.models import Q
from django.db.models.functions import Lower
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from .i18n import LocalizedTextMixin


class Agency(LocalizedTextMixin, models.Model):
    """A government body whose officials use the portal (a ministry, SIFC, PMDC, a province)."""

    class Level(models.TextChoices):
        FEDERAL = "federal", _("Federal")
        PROVINCIAL = "provincial", _("Provincial")

    slug = models.SlugField(_("slug"), max_length=80, unique=True)
    acronym = models.CharField(_("acronym"), max_length=20, blank=True)
    name = models.CharField(_("name"), max_length=200)
    name_zh = models.CharField(_("name in Chinese"), max_length=200, blank=True)
    name_ur = models.CharField(_("name in Urdu"), max_length=200, blank=True)
    level = models.CharField(_("level"), max_length=20, choices=Level.choices)
    jurisdiction = models.CharField(
        _("jurisdiction"), max_length=80, help_text=_("'Pakistan' or the province's name.")
    )
    website = models.URLField(_("website"), blank=True)

    class Meta:
        verbose_name = _("agency")
        verbose_name_plural = _("agencies")
        ordering = ["level", "name"]

    def __str__(self) -> str:
        return self.name


# The zones a portal user may choose to see times in: Pakistan's, China's, and UTC.
TIME_ZONE_CHOICES = [
    ("Asia/Karachi", _("Pakistan time (Asia/Karachi)")),
    ("Asia/Shanghai", _("China time (Asia/Shanghai)")),
    ("Asia/Urumqi", _("Xinjiang time (Asia/Urumqi)")),
    ("Asia/Dubai", _("Gulf time (Asia/Dubai)")),
    ("UTC", _("Coordinated Universal Time (UTC)")),
]


class PortalUserManager(UserManager):
    def create_superuser(self, username, email=None, password=None, **extra_fields):
        extra_fields.setdefault("role", User.Role.ADMINISTRATOR)
        return super().create_superuser(username, email, password, **extra_fields)


class User(AbstractUser):
    """A person or system signed in to the portal; what they may do follows from `role`."""

    class Role(models.TextChoices):
        OFFICIAL = "official", _("Government official")
        FIRM_MEMBER = "firm_member", _("Firm member")
        PARTNER_SYSTEM = "partner_system", _("Partner system")
        ADMINISTRATOR = "administrator", _("Administrator")

    role = models.CharField(
        _("role"), max_length=20, choices=Role.choices, default=Role.FIRM_MEMBER, db_index=True
    )
    agency = models.ForeignKey(
        Agency,
        verbose_name=_("agency"),
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="officials",
    )
    preferred_language = models.CharField(
        _("preferred language"), max_length=10, choices=settings.LANGUAGES, blank=True
    )
    # Meeting times are shown in this zone (the portal's own, Asia/Karachi, when blank).
    time_zone = models.CharField(
        _("time zone"), max_length=64, choices=TIME_ZONE_CHOICES, blank=True
    )
    # Stamped when the user follows the one-time link sent to their address; a firm is
    # submitted for verification only by someone whose address is confirmed.
    email_confirmed_at = models.DateTimeField(_("email confirmed at"), null=True, blank=True)
    # Kept by the notifications service in the transaction that writes or reads notices, so
    # the header's badge costs no query: the row is loaded for the request anyway.
    unread_notifications = models.PositiveIntegerField(
        _("unread notifications"), default=0, editable=False
    )

    objects = PortalUserManager()

    class Meta:
        verbose_name = _("user")
        verbose_name_plural = _("users")
        constraints = [
            models.CheckConstraint(
                condition=(Q(role="official") & Q(agency__isnull=False))
                | (~Q(role="official") & Q(agency__isnull=True)),
                name="%(app_label)s_%(class)s_official_has_agency",
                violation_error_message=_(
                    "Officials belong to exactly one agency; other users belong to none."
                ),
            ),
            models.UniqueConstraint(
                Lower("email"),
                condition=~Q(email=""),
                name="%(app_label)s_%(class)s_unique_email",
                violation_error_message=_("A user with this email address already exists."),
            ),
        ]

    def __str__(self) -> str:
        return self.get_full_name() or self.username


class AuditEventManager(models.Manager):
    def bulk_create(self, objs, *args, **kwargs):
        """Events written in bulk carry their content hash too, and are linked after commit."""
        from .audit_chain import link_after_commit, seal

        objs = list(objs)
        for event in objs:
            seal(event)
        created = super().bulk_create(objs, *args, **kwargs)
        link_after_commit(self.db)
        return created


class AuditEvent(models.Model):
    """One state change: who did what to which record, when. Append-only, and chained: each
    event carries the SHA-256 of its content and of the event before it (`emining.audit_chain`
    explains what is hashed; `manage.py verify_audit_log` checks it)."""

    # Stamped before the insert (not auto_now_add) so that the content hash covers it.
    created_at = models.DateTimeField(
        _("time"), default=timezone.now, editable=False, db_index=True
    )
    actor = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("actor"),
        # The content hash covers actor_id: a user who acted is deactivated, not deleted.
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="audit_events",
    )
    # Kept as text so that the trail still reads after the user or record is gone.
    actor_repr = models.CharField(_("actor name"), max_length=200, blank=True)
    action = models.CharField(_("action"), max_length=80)
    target_type = models.ForeignKey(
        ContentType, verbose_name=_("target type"), on_delete=models.PROTECT, null=True, blank=True
    )
    target_id = models.CharField(_("target id"), max_length=64, blank=True)
    target_repr = models.CharField(_("target"), max_length=300, blank=True)
    data = models.JSONField(_("details"), default=dict, blank=True)
    ip_address = models.GenericIPAddressField(_("IP address"), null=True, blank=True)
    # The chain: set right after the writing transaction commits (see emining.audit_chain).
    sequence = models.BigIntegerField(_("sequence"), null=True, blank=True, editable=False)
    content_hash = models.CharField(_("content hash"), max_length=64, blank=True, editable=False)
    previous_hash = models.CharField(_("previous hash"), max_length=64, blank=True, editable=False)
    hash = models.CharField(_("hash"), max_length=64, blank=True, editable=False)

    objects = AuditEventManager()

    class Meta:
        verbose_name = _("audit event")
        verbose_name_plural = _("audit events")
        ordering = ["-created_at", "-id"]
        indexes = [
            models.Index(fields=["target_type", "target_id"], name="audit_target_idx"),
            models.Index(fields=["actor", "-created_at"], name="audit_actor_idx"),
            models.Index(fields=["action", "-created_at"], name="audit_action_idx"),
            # The verifier's check for events a trigger did not link stays small.
            models.Index(
                fields=["created_at"],
                condition=models.Q(sequence__isnull=True),
                name="audit_unlinked_idx",
            ),
        ]
        constraints = [
            models.UniqueConstraint(fields=["sequence"], name="%(app_label)s_%(class)s_sequence"),
        ]

    def __str__(self) -> str:
        return (
            f"{self.created_at:%Y-%m-%d %H:%M} {self.actor_repr} {self.action} {self.target_repr}"
        )

    def save(self, *args, **kwargs):
        from .audit_chain import link_after_commit, seal

        adding = self._state.adding
        if adding:
            seal(self)
        super().save(*args, **kwargs)
        if adding:
            link_after_commit(self._state.db)


class DataVersion(models.Model):
    """A counter that changes in the same transaction as the data it stands for.

    Caches key their entries by it (e.g. `listings`: projects and the names of minerals,
    regions and agencies they show). Database triggers bump it on every write to those
    tables, so a write that commits has changed the version, and a cache that lost or
    evicted entries can only miss, never answer with what was true before.
    """

    name = models.CharField(_("name"), max_length=40, primary_key=True)
    version = models.BigIntegerField(_("version"), default=1)

    class Meta:
        verbose_name = _("data version")
        verbose_name_plural = _("data versions")

    def __str__(self) -> str:
        return f"{self.name} {self.version}"


# The notifications outbox lives in its own package; importing it here makes its models part
# of this app (and its migrations this app's).
from .notifications.models import Notification, NotificationPreference  # noqa: E402, F401
