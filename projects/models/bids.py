"""Sealed bids: what a firm (alone or leading a China-Pakistan consortium) offers for a project.

A bid's life: submitted (sealed; revised or withdrawn until the closing time) → opened (in the
opening event after closing) → shortlisted → awarded, or unsuccessful. Until the opening the
offer exists only encrypted (`BidVersion.sealed_content`, see `projects.sealing`): the plain
columns below stay empty, and the database refuses a sealed bid that holds them.

Who takes part is stated by `BidParticipant` rows, the lead's and each partner's, so that one
constraint keeps a firm to one active bid per project whatever its role.
"""

from __future__ import annotations

import secrets

from django.conf import settings
from django.db import models
from django.db.models import Q
from django.utils.translation import gettext_lazy as _

from firms.models import Firm
from minerals.models import ValueChainStage

from .projects import Project

# Statuses in which the offer is still sealed: its plain columns must be empty.
SEALED_STATUSES = ("submitted", "withdrawn")
# The plain columns the opening fills from the sealed content.
OFFER_FIELDS = (
    "offered_investment_usd",
    "investment_model",
    "timeline_months",
    "local_jobs",
    "trainees",
    "technology_transfer",
    "value_addition_stage",
)


class Bid(models.Model):
    class Status(models.TextChoices):
        SUBMITTED = "submitted", _("Submitted (sealed)")
        WITHDRAWN = "withdrawn", _("Withdrawn")
        OPENED = "opened", _("Opened")
        SHORTLISTED = "shortlisted", _("Shortlisted")
        AWARDED = "awarded", _("Awarded")
        UNSUCCESSFUL = "unsuccessful", _("Not successful")

    TRANSITIONS: dict[str, frozenset[str]] = {
        Status.SUBMITTED: frozenset({Status.WITHDRAWN, Status.OPENED}),
        Status.WITHDRAWN: frozenset(),
        Status.OPENED: frozenset({Status.SHORTLISTED, Status.UNSUCCESSFUL}),
        Status.SHORTLISTED: frozenset({Status.AWARDED, Status.UNSUCCESSFUL}),
        Status.AWARDED: frozenset(),
        Status.UNSUCCESSFUL: frozenset(),
    }

    project = models.ForeignKey(
        Project, verbose_name=_("project"), on_delete=models.PROTECT, related_name="bids"
    )
    lead_firm = models.ForeignKey(
        Firm, verbose_name=_("lead firm"), on_delete=models.PROTECT, related_name="lead_bids"
    )
    status = models.CharField(
        _("status"), max_length=20, choices=Status.choices, default=Status.SUBMITTED
    )
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("submitted by"),
        on_delete=models.PROTECT,
        related_name="+",
    )
    created_at = models.DateTimeField(_("first submitted at"))
    # The server time of the latest submission or revision (the current version's).
    submitted_at = models.DateTimeField(_("submitted at"))
    version = models.PositiveSmallIntegerField(_("version"), default=1)
    withdrawn_at = models.DateTimeField(_("withdrawn at"), null=True, blank=True)
    opened_at = models.DateTimeField(_("opened at"), null=True, blank=True)
    # At the opening: whether every consortium partner had confirmed by the closing time.
    complete = models.BooleanField(_("complete at the closing time"), null=True, blank=True)
    shortlisted_at = models.DateTimeField(_("shortlisted at"), null=True, blank=True)
    decided_at = models.DateTimeField(_("outcome decided at"), null=True, blank=True)

    # The offer in plain text: empty while sealed, filled by the opening.
    offered_investment_usd = models.PositiveBigIntegerField(
        _("offered investment (USD)"), null=True, blank=True
    )
    investment_model = models.CharField(
        _("investment model"),
        max_length=30,
        choices=Project.InvestmentModel.choices,
        blank=True,
    )
    timeline_months = models.PositiveSmallIntegerField(
        _("timeline (months)"), null=True, blank=True
    )
    local_jobs = models.PositiveIntegerField(_("Pakistani jobs created"), null=True, blank=True)
    trainees = models.PositiveIntegerField(_("people trained"), null=True, blank=True)
    technology_transfer = models.TextField(_("technology-transfer plan"), blank=True)
    value_addition_stage = models.CharField(
        _("value addition in Pakistan"),
        max_length=20,
        choices=ValueChainStage.choices,
        blank=True,
        help_text=_("The highest value-chain stage the bidder commits to do in Pakistan."),
    )

    class Meta:
        verbose_name = _("bid")
        verbose_name_plural = _("bids")
        ordering = ["project", "created_at", "id"]
        indexes = [
            models.Index(fields=["project", "status"], name="bid_project_status_idx"),
            models.Index(fields=["lead_firm", "-submitted_at"], name="bid_lead_firm_idx"),
        ]
        constraints = [
            models.CheckConstraint(
                condition=~Q(status__in=SEALED_STATUSES)
                | (
                    Q(offered_investment_usd__isnull=True)
                    & Q(investment_model="")
                    & Q(timeline_months__isnull=True)
                    & Q(local_jobs__isnull=True)
                    & Q(trainees__isnull=True)
                    & Q(technology_transfer="")
                    & Q(value_addition_stage="")
                    & Q(opened_at__isnull=True)
                ),
                name="%(app_label)s_%(class)s_sealed_holds_no_offer",
                violation_error_message=_(
                    "A sealed bid keeps its offer encrypted until the opening."
                ),
            ),
            models.CheckConstraint(
                condition=Q(status__in=SEALED_STATUSES)
                | (
                    Q(opened_at__isnull=False)
                    & Q(offered_investment_usd__isnull=False)
                    & Q(complete__isnull=False)
                ),
                name="%(app_label)s_%(class)s_opened_stamped",
                violation_error_message=_("An opened bid records when and what it offers."),
            ),
            models.CheckConstraint(
                condition=~Q(status="withdrawn") | Q(withdrawn_at__isnull=False),
                name="%(app_label)s_%(class)s_withdrawn_stamped",
                violation_error_message=_("A withdrawn bid records when."),
            ),
            models.CheckConstraint(
                condition=~Q(status__in=["shortlisted", "awarded"])
                | (Q(shortlisted_at__isnull=False) & Q(complete=True)),
                name="%(app_label)s_%(class)s_shortlist_complete",
                violation_error_message=_(
                    "Only complete bids (every partner confirmed) are shortlisted."
                ),
            ),
            models.UniqueConstraint(
                fields=["project"],
                condition=Q(status="awarded"),
                name="%(app_label)s_%(class)s_one_award",
                violation_error_message=_("A project is awarded to one bid."),
            ),
        ]

    def __str__(self) -> str:
        return f"{self.project_id}/{self.pk} v{self.version} ({self.status})"

    @property
    def is_sealed(self) -> bool:
        return self.status in SEALED_STATUSES

    @property
    def is_active(self) -> bool:
        return self.status != self.Status.WITHDRAWN

    def may_become(self, status: str) -> bool:
        return status in self.TRANSITIONS[self.status]


class BidParticipant(models.Model):
    """A firm's part in a bid: its lead, or a consortium partner who confirms taking part."""

    class Role(models.TextChoices):
        LEAD = "lead", _("Lead firm")
        PARTNER = "partner", _("Consortium partner")

    bid = models.ForeignKey(
        Bid, verbose_name=_("bid"), on_delete=models.CASCADE, related_name="participants"
    )
    # The bid's project, repeated so that the database can keep one active bid per firm.
    project = models.ForeignKey(
        Project, verbose_name=_("project"), on_delete=models.PROTECT, related_name="+"
    )
    firm = models.ForeignKey(
        Firm, verbose_name=_("firm"), on_delete=models.PROTECT, related_name="bid_participations"
    )
    role = models.CharField(_("role"), max_length=10, choices=Role.choices)
    # False once the bid is withdrawn (or the partner is dropped by a revision).
    active = models.BooleanField(_("active"), default=True)
    confirmed_at = models.DateTimeField(_("confirmed at"), null=True, blank=True)
    confirmed_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("confirmed by"),
        on_delete=models.PROTECT,
        related_name="+",
        null=True,
        blank=True,
    )

    class Meta:
        verbose_name = _("bid participant")
        verbose_name_plural = _("bid participants")
        ordering = ["bid", "role", "id"]
        indexes = [models.Index(fields=["firm", "active"], name="bid_participant_firm_idx")]
        constraints = [
            models.UniqueConstraint(
                fields=["project", "firm"],
                condition=Q(active=True),
                name="%(app_label)s_%(class)s_one_active_bid_per_firm",
                violation_error_message=_(
                    "This firm already takes part in a bid for this project, as its lead or "
                    "as a consortium partner."
                ),
            ),
            models.UniqueConstraint(
                fields=["bid"],
                condition=Q(role="lead"),
                name="%(app_label)s_%(class)s_one_lead",
                violation_error_message=_("A bid has one lead firm."),
            ),
            models.CheckConstraint(
                condition=~Q(role="lead") | Q(confirmed_at__isnull=False),
                name="%(app_label)s_%(class)s_lead_confirmed",
                violation_error_message=_("The lead firm takes part by submitting the bid."),
            ),
        ]

    def __str__(self) -> str:
        return f"{self.firm_id} ({self.role}) in bid {self.bid_id}"

    @property
    def is_confirmed(self) -> bool:
        return self.confirmed_at is not None


class BidVersion(models.Model):
    """One submission or revision, kept for good: its receipt (server time and the SHA-256 of
    the canonical content) and the content itself, encrypted."""

    bid = models.ForeignKey(
        Bid, verbose_name=_("bid"), on_delete=models.CASCADE, related_name="versions"
    )
    number = models.PositiveSmallIntegerField(_("version"))
    submitted_at = models.DateTimeField(_("submitted at"))
    submitted_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("submitted by"),
        on_delete=models.PROTECT,
        related_name="+",
    )
    # The canonical content (UTF-8 JSON, see `projects.services.receipts`), encrypted.
    sealed_content = models.TextField(_("sealed content"))
    receipt_digest = models.CharField(_("receipt digest (SHA-256)"), max_length=64)

    class Meta:
        verbose_name = _("bid version")
        verbose_name_plural = _("bid versions")
        ordering = ["bid", "number"]
        constraints = [
            models.UniqueConstraint(
                fields=["bid", "number"],
                name="%(app_label)s_%(class)s_unique_number",
                violation_error_message=_("Each version of a bid is numbered once."),
            )
        ]

    def __str__(self) -> str:
        return f"bid {self.bid_id} v{self.number}"


def bid_document_upload_path(instance: BidDocument, filename: str) -> str:
    """Unguessable stored names; the file itself is encrypted."""
    return f"bids/{secrets.token_urlsafe(24)}"


class BidDocument(models.Model):
    """A proposal document, stored encrypted. Its title, name, type and digest are part of the
    sealed content, so the row itself says nothing but its size. It belongs to the versions
    from `added_in` up to (not including) `removed_in`."""

    bid = models.ForeignKey(
        Bid, verbose_name=_("bid"), on_delete=models.CASCADE, related_name="documents"
    )
    file = models.FileField(_("file"), upload_to=bid_document_upload_path, max_length=200)
    # {"title", "original_name", "content_type", "size", "sha256"}, encrypted.
    sealed_details = models.TextField(_("sealed details"))
    added_in = models.PositiveSmallIntegerField(_("added in version"))
    removed_in = models.PositiveSmallIntegerField(_("removed in version"), null=True, blank=True)
    uploaded_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("uploaded by"),
        on_delete=models.PROTECT,
        related_name="+",
    )
    uploaded_at = models.DateTimeField(_("uploaded at"), auto_now_add=True)

    class Meta:
        verbose_name = _("proposal document")
        verbose_name_plural = _("proposal documents")
        ordering = ["bid", "id"]
        constraints = [
            models.CheckConstraint(
                condition=Q(removed_in__isnull=True) | Q(removed_in__gt=models.F("added_in")),
                name="%(app_label)s_%(class)s_removed_after_added",
                violation_error_message=_("A document is removed after it was added."),
            )
        ]

    def __str__(self) -> str:
        return f"document {self.pk} of bid {self.bid_id}"

    def in_version(self, number: int) -> bool:
        return self.added_in <= number and (self.removed_in is None or self.removed_in > number)


class BidOpening(models.Model):
    """The recorded opening of a project's bids: who, when, and how many were opened."""

    project = models.OneToOneField(
        Project, verbose_name=_("project"), on_delete=models.PROTECT, related_name="bid_opening"
    )
    opened_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("opened by"),
        on_delete=models.PROTECT,
        related_name="+",
    )
    opened_at = models.DateTimeField(_("opened at"))
    bids_opened = models.PositiveIntegerField(_("bids opened"))
    bids_withdrawn = models.PositiveIntegerField(_("bids withdrawn before closing"))

    class Meta:
        verbose_name = _("bid opening")
        verbose_name_plural = _("bid openings")

    def __str__(self) -> str:
        return f"{self.project_id} opened {self.opened_at:%Y-%m-%d %H:%M}"
