"""Memoranda of understanding signed between Pakistani and Chinese parties.

An MoU's life: draft → signed → in implementation → converted to a definitive agreement; a
signed MoU or one in implementation may also expire or be terminated (with a reason). The
transitions are made only by `matchmaking.services.mous`; the model holds the table of what
may follow what, and the database keeps the status and its timestamps consistent.
"""

from __future__ import annotations

import secrets
from datetime import date

from django.conf import settings
from django.db import models
from django.db.models import F, Q
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from emining.i18n import LocalizedTextMixin
from emining.models import Agency
from emining.uploads import type_label
from firms.models import Firm
from minerals.models import Mineral, Region, ValueChainStage
from projects.models import Bid, Project

SIGNED_STATUSES = ("signed", "in_implementation", "converted", "expired", "terminated")


class MoU(LocalizedTextMixin, models.Model):
    class Status(models.TextChoices):
        DRAFT = "draft", _("Draft")
        SIGNED = "signed", _("Signed")
        IN_IMPLEMENTATION = "in_implementation", _("In implementation")
        CONVERTED = "converted", _("Converted to a definitive agreement")
        EXPIRED = "expired", _("Expired")
        TERMINATED = "terminated", _("Terminated")

    TRANSITIONS: dict[str, frozenset[str]] = {
        Status.DRAFT: frozenset({Status.SIGNED}),
        Status.SIGNED: frozenset({Status.IN_IMPLEMENTATION, Status.EXPIRED, Status.TERMINATED}),
        Status.IN_IMPLEMENTATION: frozenset({Status.CONVERTED, Status.EXPIRED, Status.TERMINATED}),
        Status.CONVERTED: frozenset(),
        Status.EXPIRED: frozenset(),
        Status.TERMINATED: frozenset(),
    }
    # The timestamp each status stamps when an MoU enters it.
    STAMPS: dict[str, str] = {
        Status.SIGNED: "signed_at",
        Status.IN_IMPLEMENTATION: "implementation_started_at",
        Status.CONVERTED: "converted_at",
        Status.EXPIRED: "expired_at",
        Status.TERMINATED: "terminated_at",
    }

    reference = models.CharField(_("reference"), max_length=20, unique=True, editable=False)
    title = models.CharField(_("title"), max_length=200)
    title_zh = models.CharField(_("title in Chinese"), max_length=200, blank=True)
    title_ur = models.CharField(_("title in Urdu"), max_length=200, blank=True)
    summary = models.TextField(_("summary"), max_length=2000, blank=True)
    summary_zh = models.TextField(_("summary in Chinese"), max_length=2000, blank=True)
    summary_ur = models.TextField(_("summary in Urdu"), max_length=2000, blank=True)
    signed_on = models.DateField(_("signing date"), null=True, blank=True)
    place = models.CharField(
        _("place of signing"),
        max_length=255,
        blank=True,
        help_text=_(
            "For example Pak-China Mineral Cooperation Forum, Jinnah Convention Centre, Islamabad."
        ),
    )
    place_zh = models.CharField(_("place of signing in Chinese"), max_length=255, blank=True)
    place_ur = models.CharField(_("place of signing in Urdu"), max_length=255, blank=True)
    indicative_value_usd = models.PositiveBigIntegerField(
        _("indicative value (USD)"), null=True, blank=True
    )
    expires_on = models.DateField(_("expiry date"), null=True, blank=True)
    is_public = models.BooleanField(
        _("public"),
        default=True,
        help_text=_(
            "A confidential MoU is seen only by officials and the members of its parties' firms."
        ),
    )

    minerals = models.ManyToManyField(
        Mineral, verbose_name=_("minerals"), related_name="mous", blank=True
    )
    regions = models.ManyToManyField(
        Region, verbose_name=_("provinces and territories"), related_name="mous", blank=True
    )
    projects = models.ManyToManyField(
        Project, verbose_name=_("linked projects"), related_name="mous", blank=True
    )
    bids = models.ManyToManyField(
        Bid, verbose_name=_("linked bids"), related_name="mous", blank=True
    )

    agency = models.ForeignKey(
        Agency, verbose_name=_("recording agency"), on_delete=models.PROTECT, related_name="mous"
    )
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("recorded by"),
        on_delete=models.PROTECT,
        related_name="mous_created",
    )

    status = models.CharField(
        _("status"), max_length=20, choices=Status.choices, default=Status.DRAFT
    )
    signed_at = models.DateTimeField(_("marked signed at"), null=True, blank=True)
    implementation_started_at = models.DateTimeField(
        _("implementation started at"), null=True, blank=True
    )
    converted_at = models.DateTimeField(_("converted at"), null=True, blank=True)
    expired_at = models.DateTimeField(_("expired at"), null=True, blank=True)
    terminated_at = models.DateTimeField(_("terminated at"), null=True, blank=True)
    termination_reason = models.TextField(_("reason for termination"), blank=True)
    created_at = models.DateTimeField(_("created at"), auto_now_add=True)
    updated_at = models.DateTimeField(_("updated at"), auto_now=True)

    class Meta:
        verbose_name = _("memorandum of understanding")
        verbose_name_plural = _("memoranda of understanding")
        ordering = ["-signed_on", "-created_at", "-id"]
        indexes = [
            models.Index(fields=["status"], name="mou_status_idx"),
            models.Index(fields=["-signed_on", "-created_at"], name="mou_signed_on_idx"),
        ]
        constraints = [
            models.CheckConstraint(
                condition=Q(indicative_value_usd__isnull=True) | Q(indicative_value_usd__gt=0),
                name="%(app_label)s_%(class)s_value_positive",
                violation_error_message=_("The indicative value must be more than zero."),
            ),
            models.CheckConstraint(
                condition=Q(expires_on__isnull=True)
                | Q(signed_on__isnull=True)
                | Q(expires_on__gt=F("signed_on")),
                name="%(app_label)s_%(class)s_expires_after_signing",
                violation_error_message=_("An MoU expires after it is signed."),
            ),
            models.CheckConstraint(
                condition=(Q(status="draft") & Q(signed_at__isnull=True))
                | (
                    Q(status__in=SIGNED_STATUSES)
                    & Q(signed_at__isnull=False)
                    & Q(signed_on__isnull=False)
                ),
                name="%(app_label)s_%(class)s_signed_stamped",
                violation_error_message=_("A signed MoU records its signing date."),
            ),
            models.CheckConstraint(
                condition=~Q(status__in=["in_implementation", "converted"])
                | Q(implementation_started_at__isnull=False),
                name="%(app_label)s_%(class)s_implementation_stamped",
                violation_error_message=_("An MoU in implementation records when it started."),
            ),
            models.CheckConstraint(
                condition=Q(status="converted", converted_at__isnull=False)
                | (~Q(status="converted") & Q(converted_at__isnull=True)),
                name="%(app_label)s_%(class)s_converted_stamped",
                violation_error_message=_("A converted MoU records when it was converted."),
            ),
            models.CheckConstraint(
                condition=Q(status="expired", expired_at__isnull=False)
                | (~Q(status="expired") & Q(expired_at__isnull=True)),
                name="%(app_label)s_%(class)s_expired_stamped",
                violation_error_message=_("An expired MoU records when it expired."),
            ),
            models.CheckConstraint(
                condition=(
                    Q(status="terminated")
                    & Q(terminated_at__isnull=False)
                    & ~Q(termination_reason="")
                )
                | (~Q(status="terminated") & Q(terminated_at__isnull=True)),
                name="%(app_label)s_%(class)s_terminated_with_reason",
                violation_error_message=_("A terminated MoU records when and why."),
            ),
        ]

    def __str__(self) -> str:
        return f"{self.reference} {self.title}" if self.reference else self.title

    def get_absolute_url(self) -> str:
        return reverse("matchmaking:mou-detail", kwargs={"reference": self.reference})

    @property
    def localized_title(self) -> str:
        return self.localized("title")

    def may_become(self, status: str) -> bool:
        return status in self.TRANSITIONS[self.status]

    @property
    def next_statuses(self) -> list[MoU.Status]:
        return [self.Status(status) for status in self.TRANSITIONS[self.status]]


class MoUReferenceSequence(models.Model):
    """The last MoU reference number given out in a year (`MOU-2026-0001`, ...)."""

    year = models.PositiveSmallIntegerField(_("year"), primary_key=True)
    last_number = models.PositiveIntegerField(_("last number"), default=0)

    class Meta:
        verbose_name = _("MoU reference sequence")
        verbose_name_plural = _("MoU reference sequences")

    def __str__(self) -> str:
        return f"{self.year}: {self.last_number}"


class MoUStage(models.Model):
    """One value-chain stage in an MoU's scope (a row per stage, as for firms' capabilities)."""

    mou = models.ForeignKey(
        MoU, verbose_name=_("MoU"), on_delete=models.CASCADE, related_name="stages"
    )
    stage = models.CharField(_("value-chain stage"), max_length=20, choices=ValueChainStage.choices)

    class Meta:
        verbose_name = _("MoU value-chain stage")
        verbose_name_plural = _("MoU value-chain stages")
        ordering = ["mou", "stage"]
        constraints = [
            models.UniqueConstraint(
                fields=["mou", "stage"],
                name="%(app_label)s_%(class)s_unique_stage",
                violation_error_message=_("Each stage is listed once."),
            )
        ]

    def __str__(self) -> str:
        return f"{self.mou_id}: {self.stage}"


class MoUParty(models.Model):
    """A party to an MoU: a registered firm or a government agency (exactly one of them),
    with its role and the person who signed for it."""

    class Role(models.TextChoices):
        PAKISTANI_PARTY = "pakistani_party", _("Pakistani party")
        CHINESE_PARTY = "chinese_party", _("Chinese party")
        INVESTOR = "investor", _("Investor")
        TECHNICAL_PARTNER = "technical_partner", _("Technical partner")
        FACILITATOR = "facilitator", _("Facilitator")
        WITNESS = "witness", _("Witness")

    mou = models.ForeignKey(
        MoU, verbose_name=_("MoU"), on_delete=models.CASCADE, related_name="parties"
    )
    firm = models.ForeignKey(
        Firm,
        verbose_name=_("firm"),
        on_delete=models.PROTECT,
        related_name="mou_parties",
        null=True,
        blank=True,
    )
    agency = models.ForeignKey(
        Agency,
        verbose_name=_("agency"),
        on_delete=models.PROTECT,
        related_name="mou_parties",
        null=True,
        blank=True,
    )
    role = models.CharField(_("role"), max_length=20, choices=Role.choices)
    signatory_name = models.CharField(_("signatory name"), max_length=200, blank=True)
    signatory_title = models.CharField(_("signatory title"), max_length=200, blank=True)
    position = models.PositiveSmallIntegerField(_("position"), default=0)

    class Meta:
        verbose_name = _("MoU party")
        verbose_name_plural = _("MoU parties")
        ordering = ["mou", "position", "id"]
        indexes = [models.Index(fields=["firm", "mou"], name="mou_party_firm_idx")]
        constraints = [
            models.CheckConstraint(
                condition=Q(firm__isnull=False, agency__isnull=True)
                | Q(firm__isnull=True, agency__isnull=False),
                name="%(app_label)s_%(class)s_firm_or_agency",
                violation_error_message=_("A party is either a firm or an agency."),
            ),
            models.UniqueConstraint(
                fields=["mou", "firm"],
                condition=Q(firm__isnull=False),
                name="%(app_label)s_%(class)s_unique_firm",
                violation_error_message=_("A firm is a party to an MoU once."),
            ),
            models.UniqueConstraint(
                fields=["mou", "agency"],
                condition=Q(agency__isnull=False),
                name="%(app_label)s_%(class)s_unique_agency",
                violation_error_message=_("An agency is a party to an MoU once."),
            ),
        ]

    def __str__(self) -> str:
        return str(self.firm or self.agency)

    @property
    def organisation(self) -> Firm | Agency:
        return self.firm or self.agency


class MoUMilestone(LocalizedTextMixin, models.Model):
    mou = models.ForeignKey(
        MoU, verbose_name=_("MoU"), on_delete=models.CASCADE, related_name="milestones"
    )
    title = models.CharField(_("title"), max_length=200)
    title_zh = models.CharField(_("title in Chinese"), max_length=200, blank=True)
    title_ur = models.CharField(_("title in Urdu"), max_length=200, blank=True)
    due_on = models.DateField(_("due date"))
    completed_on = models.DateField(_("completed on"), null=True, blank=True)
    position = models.PositiveSmallIntegerField(_("position"), default=0)

    class Meta:
        verbose_name = _("MoU milestone")
        verbose_name_plural = _("MoU milestones")
        ordering = ["mou", "due_on", "position", "id"]
        indexes = [
            models.Index(
                fields=["due_on"],
                name="mou_milestone_open_idx",
                condition=Q(completed_on__isnull=True),
            )
        ]

    def __str__(self) -> str:
        return self.title

    def is_overdue(self, today: date | None = None) -> bool:
        today = today or timezone.localdate()
        return self.completed_on is None and self.due_on < today


def mou_document_upload_path(instance: MoUDocument, filename: str) -> str:
    """Unguessable stored names: the original name is kept in the row, never in the path."""
    return f"mous/documents/{secrets.token_urlsafe(24)}"


class MoUDocument(models.Model):
    """The signed text, annexes, minutes: seen by whoever may see the MoU."""

    mou = models.ForeignKey(
        MoU, verbose_name=_("MoU"), on_delete=models.CASCADE, related_name="documents"
    )
    title = models.CharField(_("title"), max_length=200)
    file = models.FileField(_("file"), upload_to=mou_document_upload_path, max_length=200)
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
        verbose_name = _("MoU document")
        verbose_name_plural = _("MoU documents")
        ordering = ["mou", "uploaded_at", "id"]

    def __str__(self) -> str:
        return self.title

    @property
    def type_label(self) -> str:
        return type_label(self.content_type)


class MoUTransition(models.Model):
    """A dated change of status, shown on the MoU's timeline."""

    mou = models.ForeignKey(
        MoU, verbose_name=_("MoU"), on_delete=models.CASCADE, related_name="transitions"
    )
    from_status = models.CharField(_("from status"), max_length=20, choices=MoU.Status.choices)
    to_status = models.CharField(_("to status"), max_length=20, choices=MoU.Status.choices)
    effective_on = models.DateField(_("effective date"))
    reason = models.TextField(_("reason"), blank=True)
    by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("by"),
        on_delete=models.PROTECT,
        related_name="+",
    )
    at = models.DateTimeField(_("recorded at"), default=timezone.now)

    class Meta:
        verbose_name = _("MoU status change")
        verbose_name_plural = _("MoU status changes")
        ordering = ["mou", "at", "id"]

    def __str__(self) -> str:
        return f"{self.mou_id}: {self.from_status} → {self.to_status}"
