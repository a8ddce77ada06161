"""Mineral projects that Pakistani agencies offer to investors, their documents and amendments.

A project's life: draft → in review → published → closed → under evaluation → awarded, or
cancelled (with a reason) at any stage before the award. The transitions are made only by
`projects.services`; the model holds the table of what may follow what, and the database
keeps the status and its timestamps consistent.
"""

from __future__ import annotations

from datetime import timedelta

from django.conf import settings
from django.contrib.postgres.search import SearchVectorField
from django.core.validators import MinValueValidator
from django.db import models
from django.db.models import F, Q
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from emining.i18n import LocalizedTextMixin
from emining.models import Agency
from minerals.models import (
    Mineral,
    Region,
    ValueChainStage,
    latitude_field,
    longitude_field,
    within_pakistan,
)

# Bidders need time to prepare: the closing time lies at least this long after publication.
MINIMUM_BIDDING_PERIOD = timedelta(days=7)


class Project(LocalizedTextMixin, models.Model):
    class Status(models.TextChoices):
        DRAFT = "draft", _("Draft")
        IN_REVIEW = "in_review", _("In review")
        PUBLISHED = "published", _("Open for bids")
        CLOSED = "closed", _("Closed for bids")
        UNDER_EVALUATION = "under_evaluation", _("Under evaluation")
        AWARDED = "awarded", _("Awarded")
        CANCELLED = "cancelled", _("Cancelled")

    Stage = ValueChainStage

    class InvestmentModel(models.TextChoices):
        JOINT_VENTURE = "joint_venture", _("Joint venture")
        EQUITY = "equity", _("Equity partnership")
        EPC = "epc", _("EPC contract")
        BOT = "bot", _("Build-operate-transfer (BOT)")
        OFFTAKE = "offtake", _("Offtake agreement")
        EXPLORATION_LICENCE = "exploration_licence", _("Exploration licence")

    # What may follow each status. Cancelling is possible at any stage before the award.
    TRANSITIONS: dict[str, frozenset[str]] = {
        Status.DRAFT: frozenset({Status.IN_REVIEW, Status.CANCELLED}),
        Status.IN_REVIEW: frozenset({Status.PUBLISHED, Status.DRAFT, Status.CANCELLED}),
        Status.PUBLISHED: frozenset({Status.CLOSED, Status.CANCELLED}),
        Status.CLOSED: frozenset({Status.UNDER_EVALUATION, Status.CANCELLED}),
        Status.UNDER_EVALUATION: frozenset({Status.AWARDED, Status.CANCELLED}),
        Status.AWARDED: frozenset(),
        Status.CANCELLED: frozenset(),
    }
    # Statuses in which a project has been published (and so is public).
    PUBLISHED_STATUSES = frozenset(
        {Status.PUBLISHED, Status.CLOSED, Status.UNDER_EVALUATION, Status.AWARDED}
    )

    reference = models.CharField(_("reference"), max_length=20, unique=True, editable=False)
    title = models.CharField(_("title"), max_length=200)
    title_zh = models.CharField(_("title in Chinese"), max_length=200, blank=True)
    title_ur = models.CharField(_("title in Urdu"), max_length=200, blank=True)
    summary = models.TextField(_("summary"), max_length=600)
    summary_zh = models.TextField(_("summary in Chinese"), max_length=600, blank=True)
    summary_ur = models.TextField(_("summary in Urdu"), max_length=600, blank=True)
    description = models.TextField(_("description"), max_length=20000)
    description_zh = models.TextField(_("description in Chinese"), max_length=20000, blank=True)
    description_ur = models.TextField(_("description in Urdu"), max_length=20000, blank=True)

    minerals = models.ManyToManyField(Mineral, verbose_name=_("minerals"), related_name="projects")
    primary_mineral = models.ForeignKey(
        Mineral,
        verbose_name=_("primary mineral"),
        on_delete=models.PROTECT,
        related_name="primary_projects",
    )
    region = models.ForeignKey(
        Region,
        verbose_name=_("province or territory"),
        on_delete=models.PROTECT,
        related_name="projects",
        limit_choices_to={"parent__isnull": True},
    )
    district = models.ForeignKey(
        Region,
        verbose_name=_("district"),
        on_delete=models.PROTECT,
        related_name="district_projects",
        null=True,
        blank=True,
        limit_choices_to={"kind": Region.Kind.DISTRICT},
    )
    latitude = latitude_field()
    longitude = longitude_field()
    area_km2 = models.DecimalField(
        _("area (km²)"),
        max_digits=10,
        decimal_places=2,
        validators=[MinValueValidator(0.01)],
    )
    stage = models.CharField(_("value-chain stage"), max_length=20, choices=Stage.choices)
    investment_model = models.CharField(
        _("investment model"), max_length=30, choices=InvestmentModel.choices
    )
    investment_usd = models.PositiveBigIntegerField(
        _("investment sought (USD)"), validators=[MinValueValidator(1)]
    )
    estimated_reserves = models.CharField(_("estimated reserves"), max_length=255, blank=True)
    grade = models.CharField(_("grade"), max_length=255, blank=True)
    estimated_reserves_zh = models.CharField(
        _("estimated reserves in Chinese"), max_length=255, blank=True
    )
    estimated_reserves_ur = models.CharField(
        _("estimated reserves in Urdu"), max_length=255, blank=True
    )
    grade_zh = models.CharField(_("grade in Chinese"), max_length=255, blank=True)
    grade_ur = models.CharField(_("grade in Urdu"), max_length=255, blank=True)

    distance_to_gwadar_km = models.PositiveIntegerField(
        _("distance to Gwadar port (km)"), null=True, blank=True
    )
    special_economic_zone = models.CharField(_("special economic zone"), max_length=200, blank=True)
    special_economic_zone_zh = models.CharField(
        _("special economic zone in Chinese"), max_length=200, blank=True
    )
    special_economic_zone_ur = models.CharField(
        _("special economic zone in Urdu"), max_length=200, blank=True
    )
    corridor = models.CharField(
        _("transport corridor"),
        max_length=200,
        blank=True,
        help_text=_("For example Nokundi–Mashkel–Turbat–Gwadar."),
    )
    corridor_zh = models.CharField(_("transport corridor in Chinese"), max_length=200, blank=True)
    corridor_ur = models.CharField(_("transport corridor in Urdu"), max_length=200, blank=True)
    expected_jobs = models.PositiveIntegerField(_("expected local jobs"), null=True, blank=True)
    training_commitment = models.TextField(
        _("training and other local benefits"), max_length=2000, blank=True
    )
    training_commitment_zh = models.TextField(
        _("training and other local benefits in Chinese"), max_length=2000, blank=True
    )
    training_commitment_ur = models.TextField(
        _("training and other local benefits in Urdu"), max_length=2000, blank=True
    )

    agency = models.ForeignKey(
        Agency, verbose_name=_("owning agency"), on_delete=models.PROTECT, related_name="projects"
    )
    contact_official = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("contact official"),
        on_delete=models.PROTECT,
        related_name="projects_as_contact",
    )
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("created by"),
        on_delete=models.PROTECT,
        related_name="projects_created",
    )
    # Stamped by the services that write a draft (creation, edits): four eyes keeps this
    # official from approving its publication.
    last_edited_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("last edited by"),
        on_delete=models.PROTECT,
        related_name="+",
        null=True,
        blank=True,
    )

    bid_opens_at = models.DateTimeField(_("bids open at"))
    bid_closes_at = models.DateTimeField(_("bids close at"))

    status = models.CharField(
        _("status"), max_length=20, choices=Status.choices, default=Status.DRAFT
    )
    submitted_at = models.DateTimeField(_("submitted for review at"), null=True, blank=True)
    submitted_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("submitted by"),
        on_delete=models.PROTECT,
        related_name="+",
        null=True,
        blank=True,
    )
    published_at = models.DateTimeField(_("published at"), null=True, blank=True)
    published_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("approved by"),
        on_delete=models.PROTECT,
        related_name="+",
        null=True,
        blank=True,
    )
    closed_at = models.DateTimeField(_("closed at"), null=True, blank=True)
    evaluation_started_at = models.DateTimeField(_("evaluation started at"), null=True, blank=True)
    awarded_at = models.DateTimeField(_("awarded at"), null=True, blank=True)
    cancelled_at = models.DateTimeField(_("cancelled at"), null=True, blank=True)
    cancellation_reason = models.TextField(_("reason for cancellation"), blank=True)
    created_at = models.DateTimeField(_("created at"), auto_now_add=True)
    updated_at = models.DateTimeField(_("updated at"), auto_now=True)

    # Kept by `projects.search.refresh_search_vectors` (PostgreSQL only): reference, titles and
    # mineral names weigh most, then the summary, then the description.
    search_vector = SearchVectorField(null=True, editable=False)

    class Meta:
        verbose_name = _("mineral project")
        verbose_name_plural = _("mineral projects")
        ordering = ["-published_at", "-created_at"]
        indexes = [
            # Public listings only ever read published projects: partial indexes per sort order.
            # Matches the default ordering exactly, so page 1 of the newest projects is an
            # index scan, not a sort of every public project.
            models.Index(
                F("published_at").desc(),
                F("created_at").desc(),
                F("id").desc(),
                name="project_public_newest_idx",
                condition=Q(published_at__isnull=False),
            ),
            models.Index(
                fields=["bid_closes_at"],
                name="project_public_closing_idx",
                condition=Q(published_at__isnull=False),
            ),
            models.Index(
                F("investment_usd").desc(),
                F("id").desc(),
                name="project_public_largest_idx",
                condition=Q(published_at__isnull=False),
            ),
            models.Index(fields=["status", "bid_closes_at"], name="project_status_closes_idx"),
            # The public dashboard's breakdowns (emining.dashboard.figures): an index-only scan
            # of the published projects' groups instead of reading every wide row.
            models.Index(
                fields=["status", "stage", "primary_mineral", "region"],
                include=["investment_usd", "id"],
                condition=Q(status__in=["published", "closed", "under_evaluation", "awarded"]),
                name="project_dashboard_idx",
            ),
            models.Index(fields=["stage"], name="project_stage_idx"),
            models.Index(fields=["investment_model"], name="project_model_idx"),
            models.Index(fields=["agency", "-created_at"], name="project_agency_idx"),
        ]
        constraints = [
            models.CheckConstraint(
                condition=Q(investment_usd__gt=0),
                name="%(app_label)s_%(class)s_investment_positive",
                violation_error_message=_("The investment sought must be more than zero."),
            ),
            models.CheckConstraint(
                condition=Q(area_km2__gt=0),
                name="%(app_label)s_%(class)s_area_positive",
                violation_error_message=_("The area must be more than zero."),
            ),
            within_pakistan(),
            models.CheckConstraint(
                condition=Q(bid_closes_at__gt=F("bid_opens_at")),
                name="%(app_label)s_%(class)s_closes_after_opening",
                violation_error_message=_("Bids must close after they open."),
            ),
            models.CheckConstraint(
                condition=Q(published_at__isnull=True)
                | Q(bid_closes_at__gte=F("published_at") + MINIMUM_BIDDING_PERIOD),
                name="%(app_label)s_%(class)s_bidding_period",
                violation_error_message=_(
                    "Bids must close at least 7 days after the project is published."
                ),
            ),
            models.CheckConstraint(
                condition=~Q(status__in=["published", "closed", "under_evaluation", "awarded"])
                | (Q(published_at__isnull=False) & Q(published_by__isnull=False)),
                name="%(app_label)s_%(class)s_published_stamped",
                violation_error_message=_("A published project records when and by whom."),
            ),
            models.CheckConstraint(
                condition=~Q(status__in=["closed", "under_evaluation", "awarded"])
                | Q(closed_at__isnull=False),
                name="%(app_label)s_%(class)s_closed_stamped",
                violation_error_message=_("A closed project records when it closed."),
            ),
            models.CheckConstraint(
                condition=~Q(status__in=["under_evaluation", "awarded"])
                | Q(evaluation_started_at__isnull=False),
                name="%(app_label)s_%(class)s_evaluation_stamped",
                violation_error_message=_("An evaluation records when it started."),
            ),
            models.CheckConstraint(
                condition=~Q(status="awarded") | Q(awarded_at__isnull=False),
                name="%(app_label)s_%(class)s_awarded_stamped",
                violation_error_message=_("An awarded project records when it was awarded."),
            ),
            models.CheckConstraint(
                condition=(
                    Q(status="cancelled")
                    & Q(cancelled_at__isnull=False)
                    & ~Q(cancellation_reason="")
                )
                | (~Q(status="cancelled") & Q(cancelled_at__isnull=True)),
                name="%(app_label)s_%(class)s_cancelled_with_reason",
                violation_error_message=_("A cancelled project records when and why."),
            ),
            # Four eyes: the official who approves publication is not the one who submitted.
            models.CheckConstraint(
                condition=Q(published_by__isnull=True)
                | Q(submitted_by__isnull=True)
                | ~Q(published_by=F("submitted_by")),
                name="%(app_label)s_%(class)s_four_eyes",
                violation_error_message=_(
                    "A project is approved by a different official from the one who submitted it."
                ),
            ),
            models.CheckConstraint(
                condition=Q(published_by__isnull=True) | ~Q(published_by=F("created_by")),
                name="%(app_label)s_%(class)s_four_eyes_creator",
                violation_error_message=_(
                    "A project is approved by a different official from the one who created it."
                ),
            ),
            models.CheckConstraint(
                condition=Q(published_by__isnull=True)
                | Q(last_edited_by__isnull=True)
                | ~Q(published_by=F("last_edited_by")),
                name="%(app_label)s_%(class)s_four_eyes_editor",
                violation_error_message=_(
                    "A project is approved by a different official from the one who last edited it."
                ),
            ),
        ]

    def __str__(self) -> str:
        return f"{self.reference} {self.title}" if self.reference else self.title

    def get_absolute_url(self) -> str:
        return reverse("projects:project-detail", kwargs={"reference": self.reference})

    @property
    def localized_title(self) -> str:
        return self.localized("title")

    @property
    def localized_summary(self) -> str:
        return self.localized("summary")

    @property
    def is_public(self) -> bool:
        """Published at some point: visible to everyone from then on, even once cancelled."""
        return self.published_at is not None

    @property
    def is_open_for_bids(self) -> bool:
        return self.status == self.Status.PUBLISHED

    @property
    def bidding_deadline_passed(self) -> bool:
        """The closing time has come (the beat task closes the project within a minute)."""
        return timezone.now() >= self.bid_closes_at

    def may_become(self, status: str) -> bool:
        return status in self.TRANSITIONS[self.status]


class ReferenceSequence(models.Model):
    """The last reference number given out in a year (`PMP-2026-0001`, `PMP-2026-0002`, ...)."""

    year = models.PositiveSmallIntegerField(_("year"), primary_key=True)
    last_number = models.PositiveIntegerField(_("last number"), default=0)

    class Meta:
        verbose_name = _("reference sequence")
        verbose_name_plural = _("reference sequences")

    def __str__(self) -> str:
        return f"{self.year}: {self.last_number}"
