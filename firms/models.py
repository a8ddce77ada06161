"""Chinese and Pakistani firms: their registry entry, their people and their verification.

A firm's life: draft (being filled in) → pending (submitted for verification) → verified, or
rejected with a reason (the firm corrects and resubmits). Only verified firms bid and ask
clarifications. The transitions are made only by `firms.services`; the model holds the table
of what may follow what, and the database keeps the status and its stamps consistent.
"""

from __future__ import annotations

import secrets

from django.conf import settings
from django.db import models
from django.db.models import F, Q, Value
from django.db.models.functions import Coalesce, Lower
from django.urls import reverse
from django.utils.translation import gettext_lazy as _

from emining.i18n import LocalizedTextMixin
from emining.uploads import type_label
from minerals.models import Mineral, Region, ValueChainStage

# What the directory's search reads: names, cities and descriptions in the three languages.
SEARCH_FIELDS = (
    "name",
    "name_zh",
    "name_ur",
    "head_office_city",
    "head_office_city_zh",
    "head_office_city_ur",
    "description",
    "description_zh",
    "description_ur",
)


class JoinedLines(models.Func):
    """Texts joined by newlines, each empty when null, in one flat `||` chain. (Django's
    `Concat` nests a pair per argument, nine fields deep here, which overflowed SQLite's
    parser; the newline keeps a word from spanning two fields.)"""

    arg_joiner = " || '\n' || "
    template = "(%(expressions)s)"
    output_field = models.TextField()

    def __init__(self, *names: str):
        super().__init__(*(Coalesce(F(name), Value("")) for name in names))


def _search_text():
    """The search fields in lower case, one per line."""
    return Lower(JoinedLines(*SEARCH_FIELDS))


class Firm(LocalizedTextMixin, models.Model):
    class Country(models.TextChoices):
        # ISO 3166-1 alpha-2 codes, as the API shows them.
        PAKISTAN = "PK", _("Pakistan")
        CHINA = "CN", _("China")

    class Kind(models.TextChoices):
        STATE_OWNED = "state_owned", _("State-owned enterprise")
        PRIVATE = "private", _("Private company")
        LISTED = "listed", _("Listed company")
        JOINT_VENTURE = "joint_venture", _("Joint venture")

    class VerificationStatus(models.TextChoices):
        DRAFT = "draft", _("Not yet submitted")
        PENDING = "pending", _("Waiting for verification")
        VERIFIED = "verified", _("Verified")
        REJECTED = "rejected", _("Rejected")

    TRANSITIONS: dict[str, frozenset[str]] = {
        VerificationStatus.DRAFT: frozenset({VerificationStatus.PENDING}),
        VerificationStatus.PENDING: frozenset(
            {VerificationStatus.VERIFIED, VerificationStatus.REJECTED}
        ),
        VerificationStatus.REJECTED: frozenset({VerificationStatus.PENDING}),
        # A verified firm that changes its registration details is verified again.
        VerificationStatus.VERIFIED: frozenset({VerificationStatus.PENDING}),
    }

    name = models.CharField(_("legal name"), max_length=200)
    name_zh = models.CharField(_("legal name in Chinese"), max_length=200, blank=True)
    name_ur = models.CharField(_("legal name in Urdu"), max_length=200, blank=True)
    country = models.CharField(_("country"), max_length=2, choices=Country.choices)
    # Stored as validated and normalised by `firms.validators` (upper case, no spaces).
    registration_number = models.CharField(_("registration number"), max_length=40)
    kind = models.CharField(_("kind of company"), max_length=20, choices=Kind.choices)
    head_office_city = models.CharField(_("head-office city"), max_length=120)
    head_office_city_zh = models.CharField(
        _("head-office city in Chinese"), max_length=120, blank=True
    )
    head_office_city_ur = models.CharField(
        _("head-office city in Urdu"), max_length=120, blank=True
    )
    present_in_pakistan = models.BooleanField(_("has an office in Pakistan"), default=False)
    pakistan_office_city = models.CharField(
        _("office in Pakistan (city)"), max_length=120, blank=True
    )
    description = models.TextField(_("what the firm does"), max_length=4000, blank=True)
    description_zh = models.TextField(
        _("what the firm does, in Chinese"), max_length=4000, blank=True
    )
    description_ur = models.TextField(_("what the firm does, in Urdu"), max_length=4000, blank=True)
    minerals = models.ManyToManyField(
        Mineral, verbose_name=_("minerals of interest"), related_name="firms", blank=True
    )
    regions = models.ManyToManyField(
        Region,
        verbose_name=_("provinces of interest"),
        related_name="firms",
        blank=True,
        limit_choices_to={"parent__isnull": True},
    )
    capital_usd_min = models.PositiveBigIntegerField(
        _("capital available from (USD)"), null=True, blank=True
    )
    capital_usd_max = models.PositiveBigIntegerField(
        _("capital available up to (USD)"), null=True, blank=True
    )
    years_of_experience = models.PositiveSmallIntegerField(
        _("years of experience"), null=True, blank=True
    )
    past_projects = models.TextField(_("past projects"), max_length=4000, blank=True)
    past_projects_zh = models.TextField(_("past projects in Chinese"), max_length=4000, blank=True)
    past_projects_ur = models.TextField(_("past projects in Urdu"), max_length=4000, blank=True)
    certifications = models.TextField(_("certifications"), max_length=2000, blank=True)
    website = models.URLField(_("website"), blank=True)
    contact_name = models.CharField(_("contact person"), max_length=120)
    contact_email = models.EmailField(_("contact email"))
    contact_phone = models.CharField(_("contact telephone"), max_length=40, blank=True)

    verification_status = models.CharField(
        _("verification"),
        max_length=20,
        choices=VerificationStatus.choices,
        default=VerificationStatus.DRAFT,
    )
    submitted_at = models.DateTimeField(_("submitted for verification at"), null=True, blank=True)
    verified_at = models.DateTimeField(_("verified at"), null=True, blank=True)
    rejected_at = models.DateTimeField(_("rejected at"), null=True, blank=True)
    decided_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("decided by"),
        on_delete=models.PROTECT,
        related_name="+",
        null=True,
        blank=True,
    )
    rejection_reason = models.TextField(_("reason for rejection"), max_length=2000, blank=True)
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("registered by"),
        on_delete=models.PROTECT,
        related_name="+",
    )
    created_at = models.DateTimeField(_("registered at"), auto_now_add=True)
    updated_at = models.DateTimeField(_("updated at"), auto_now=True)
    # Kept by the database; on PostgreSQL a trigram index over it (migration 0002) answers
    # a search word's `LIKE '%word%'` without reading every firm's descriptions.
    search_text = models.GeneratedField(
        expression=_search_text(), output_field=models.TextField(), db_persist=True
    )

    class Meta:
        verbose_name = _("firm")
        verbose_name_plural = _("firms")
        ordering = ["name", "id"]
        indexes = [
            # The public directory reads verified firms only, by name.
            models.Index(
                Lower("name"),
                "id",
                name="firm_directory_name_idx",
                condition=Q(verification_status="verified"),
            ),
            # ... and by country (a wide row read whole is slow to scan: descriptions).
            models.Index(
                F("country"),
                Lower("name"),
                F("id"),
                name="firm_directory_country_idx",
                condition=Q(verification_status="verified"),
            ),
            models.Index(fields=["country", "name"], name="firm_country_name_idx"),
            models.Index(
                fields=["submitted_at"],
                name="firm_verification_queue_idx",
                condition=Q(verification_status="pending"),
            ),
        ]
        constraints = [
            models.UniqueConstraint(
                fields=["country", "registration_number"],
                name="%(app_label)s_%(class)s_unique_registration",
                violation_error_message=_(
                    "A firm with this registration number is already registered in this country."
                ),
            ),
            models.CheckConstraint(
                condition=Q(capital_usd_min__isnull=True)
                | Q(capital_usd_max__isnull=True)
                | Q(capital_usd_min__lte=F("capital_usd_max")),
                name="%(app_label)s_%(class)s_capital_range",
                violation_error_message=_(
                    "The lower end of the capital range cannot exceed its upper end."
                ),
            ),
            models.CheckConstraint(
                condition=~Q(verification_status="pending") | Q(submitted_at__isnull=False),
                name="%(app_label)s_%(class)s_pending_stamped",
                violation_error_message=_("A firm waiting for verification records when."),
            ),
            models.CheckConstraint(
                condition=~Q(verification_status="verified")
                | (Q(verified_at__isnull=False) & Q(decided_by__isnull=False)),
                name="%(app_label)s_%(class)s_verified_stamped",
                violation_error_message=_("A verified firm records when and by whom."),
            ),
            models.CheckConstraint(
                condition=~Q(verification_status="rejected")
                | (
                    Q(rejected_at__isnull=False)
                    & Q(decided_by__isnull=False)
                    & ~Q(rejection_reason="")
                ),
                name="%(app_label)s_%(class)s_rejected_with_reason",
                violation_error_message=_("A rejection records when, by whom and why."),
            ),
        ]

    def __str__(self) -> str:
        return self.name

    def get_absolute_url(self) -> str:
        return reverse("firms:firm-detail", kwargs={"pk": self.pk})

    @property
    def is_verified(self) -> bool:
        return self.verification_status == self.VerificationStatus.VERIFIED

    def may_become(self, status: str) -> bool:
        return status in self.TRANSITIONS[self.verification_status]


class FirmCapability(models.Model):
    """One value-chain stage a firm works in (a row per stage, so the directory filters by
    an index on both databases)."""

    firm = models.ForeignKey(
        Firm, verbose_name=_("firm"), on_delete=models.CASCADE, related_name="capabilities"
    )
    stage = models.CharField(_("value-chain stage"), max_length=20, choices=ValueChainStage.choices)

    class Meta:
        verbose_name = _("capability")
        verbose_name_plural = _("capabilities")
        ordering = ["firm", "stage"]
        indexes = [models.Index(fields=["stage", "firm"], name="firm_capability_stage_idx")]
        constraints = [
            models.UniqueConstraint(
                fields=["firm", "stage"],
                name="%(app_label)s_%(class)s_unique_stage",
                violation_error_message=_("Each capability is listed once."),
            )
        ]

    def __str__(self) -> str:
        return f"{self.firm_id}: {self.stage}"


class Membership(models.Model):
    """A person's place in a firm. A user belongs to at most one firm (the one-to-one key) and
    each firm has exactly one owner (who invites, removes and hands over ownership)."""

    class Role(models.TextChoices):
        OWNER = "owner", _("Owner")
        MEMBER = "member", _("Member")

    user = models.OneToOneField(
        settings.AUTH_USER_MODEL,
        verbose_name=_("user"),
        on_delete=models.CASCADE,
        related_name="firm_membership",
    )
    firm = models.ForeignKey(
        Firm, verbose_name=_("firm"), on_delete=models.CASCADE, related_name="memberships"
    )
    role = models.CharField(_("role"), max_length=10, choices=Role.choices, default=Role.MEMBER)
    joined_at = models.DateTimeField(_("joined at"), auto_now_add=True)

    class Meta:
        verbose_name = _("membership")
        verbose_name_plural = _("memberships")
        ordering = ["firm", "joined_at", "id"]
        constraints = [
            models.UniqueConstraint(
                fields=["firm"],
                condition=Q(role="owner"),
                name="%(app_label)s_%(class)s_one_owner",
                violation_error_message=_("A firm has one owner."),
            )
        ]

    def __str__(self) -> str:
        return f"{self.user} ({self.role}, {self.firm})"


class Invitation(models.Model):
    """An invitation by email to join a firm: a one-time link that expires. Only the SHA-256 of
    the link's token is kept, so a copy of the database cannot be used to join."""

    firm = models.ForeignKey(
        Firm, verbose_name=_("firm"), on_delete=models.CASCADE, related_name="invitations"
    )
    email = models.EmailField(_("email"))
    token_digest = models.CharField(_("token digest"), max_length=64, unique=True)
    invited_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("invited by"),
        on_delete=models.CASCADE,
        related_name="+",
    )
    created_at = models.DateTimeField(_("sent at"), auto_now_add=True)
    expires_at = models.DateTimeField(_("expires at"))
    accepted_at = models.DateTimeField(_("accepted at"), null=True, blank=True)
    accepted_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("accepted by"),
        on_delete=models.SET_NULL,
        related_name="+",
        null=True,
        blank=True,
    )
    revoked_at = models.DateTimeField(_("withdrawn at"), null=True, blank=True)
    # The email is sent directly (the invitee may have no account, and the link's token may
    # not be stored), not through the notifications outbox. These make its task idempotent
    # in the database: a sender claims the row (a lease, so a killed worker delays the email
    # rather than losing it) and stamps `emailed_at`; a repeated task finds it stamped.
    emailed_at = models.DateTimeField(_("emailed at"), null=True, blank=True)
    email_claimed_until = models.DateTimeField(_("email claimed until"), null=True, blank=True)

    class Meta:
        verbose_name = _("invitation")
        verbose_name_plural = _("invitations")
        ordering = ["firm", "-created_at", "-id"]
        constraints = [
            models.CheckConstraint(
                condition=Q(expires_at__gt=F("created_at")),
                name="%(app_label)s_%(class)s_expires_after_sending",
                violation_error_message=_("An invitation expires after it is sent."),
            ),
            models.CheckConstraint(
                condition=Q(accepted_at__isnull=True) | Q(revoked_at__isnull=True),
                name="%(app_label)s_%(class)s_accepted_or_withdrawn",
                violation_error_message=_("An invitation is either accepted or withdrawn."),
            ),
        ]

    def __str__(self) -> str:
        return f"{self.email} → {self.firm}"


def firm_document_upload_path(instance: FirmDocument, filename: str) -> str:
    """Unguessable stored names: the original name is kept in the row, never in the path."""
    return f"firms/documents/{secrets.token_urlsafe(24)}"


class FirmDocument(models.Model):
    """A document the firm gives for its verification (certificate of incorporation, business
    licence, tax registration). Seen only by the firm's members and by officials."""

    firm = models.ForeignKey(
        Firm, verbose_name=_("firm"), on_delete=models.CASCADE, related_name="documents"
    )
    title = models.CharField(_("title"), max_length=200)
    file = models.FileField(_("file"), upload_to=firm_document_upload_path, max_length=200)
    original_name = models.CharField(_("original file name"), max_length=255)
    content_type = models.CharField(_("content type"), max_length=120)
    size = models.PositiveIntegerField(_("size (bytes)"))
    sha256 = models.CharField(_("SHA-256"), max_length=64)
    uploaded_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("uploaded by"),
        on_delete=models.PROTECT,
        related_name="+",
    )
    uploaded_at = models.DateTimeField(_("uploaded at"), auto_now_add=True)

    class Meta:
        verbose_name = _("verification document")
        verbose_name_plural = _("verification documents")
        ordering = ["firm", "uploaded_at", "id"]

    def __str__(self) -> str:
        return self.title

    @property
    def type_label(self) -> str:
        return type_label(self.content_type)
