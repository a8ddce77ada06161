"""Investment leads: an investor's interest in a mineral, a region or a project, followed by an
owner officer from first contact to a committed investment.

A lead's stages run new → qualified → contacted → site visit → negotiation → MoU signed →
investment committed. A lead moves forward only, and may skip stages (an officer sometimes
learns late that the investor already visited a site); any open stage may end in "lost", with
a reason. "Investment committed" and "lost" are final. Every change is a dated
`LeadStageChange` row, so the pipeline's conversion rates come from its history. The moves are
made only by `matchmaking.services.leads`; the database keeps the invariants.
"""

from __future__ import annotations

from datetime import date

from django.conf import settings
from django.db import models
from django.db.models import Q
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext_lazy as _
from django.utils.translation import pgettext_lazy

from firms.models import Firm
from minerals.models import Mineral, Region
from projects.models import Project

from .mous import MoU


class Lead(models.Model):
    class Stage(models.TextChoices):
        NEW = "new", pgettext_lazy("lead stage", "New")
        QUALIFIED = "qualified", pgettext_lazy("lead stage", "Qualified")
        CONTACTED = "contacted", pgettext_lazy("lead stage", "Contacted")
        SITE_VISIT = "site_visit", pgettext_lazy("lead stage", "Site visit")
        NEGOTIATION = "negotiation", pgettext_lazy("lead stage", "Negotiation")
        MOU_SIGNED = "mou_signed", pgettext_lazy("lead stage", "MoU signed")
        INVESTMENT_COMMITTED = (
            "investment_committed",
            pgettext_lazy("lead stage", "Investment committed"),
        )
        LOST = "lost", pgettext_lazy("lead stage", "Lost")

    # The pipeline's order; "lost" stands outside it.
    PIPELINE: tuple[str, ...] = (
        Stage.NEW,
        Stage.QUALIFIED,
        Stage.CONTACTED,
        Stage.SITE_VISIT,
        Stage.NEGOTIATION,
        Stage.MOU_SIGNED,
        Stage.INVESTMENT_COMMITTED,
    )
    FINAL_STAGES: frozenset[str] = frozenset({Stage.INVESTMENT_COMMITTED, Stage.LOST})
    # What may follow what: any later stage of the pipeline, or lost from an open stage.
    TRANSITIONS: dict[str, frozenset[str]] = {}

    reference = models.CharField(_("reference"), max_length=20, unique=True, editable=False)
    firm = models.ForeignKey(
        Firm,
        verbose_name=_("firm"),
        on_delete=models.PROTECT,
        related_name="leads",
        null=True,
        blank=True,
    )
    contact_name = models.CharField(_("contact name"), max_length=200, blank=True)
    contact_organisation = models.CharField(_("organisation"), max_length=255, blank=True)
    contact_country = models.CharField(
        _("country"), max_length=2, choices=Firm.Country.choices, blank=True
    )
    contact_email = models.EmailField(_("email"), blank=True)
    contact_phone = models.CharField(_("phone"), max_length=40, blank=True)

    minerals = models.ManyToManyField(
        Mineral, verbose_name=_("minerals"), related_name="leads", blank=True
    )
    regions = models.ManyToManyField(
        Region, verbose_name=_("provinces and territories"), related_name="leads", blank=True
    )
    project = models.ForeignKey(
        Project,
        verbose_name=_("project"),
        on_delete=models.PROTECT,
        related_name="leads",
        null=True,
        blank=True,
    )
    summary = models.TextField(_("interest"), max_length=2000, blank=True)

    stage = models.CharField(_("stage"), max_length=20, choices=Stage.choices, default=Stage.NEW)
    stage_changed_at = models.DateTimeField(_("stage changed at"), default=timezone.now)
    lost_reason = models.TextField(_("reason the lead was lost"), max_length=2000, blank=True)
    owner = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("owner"),
        on_delete=models.PROTECT,
        related_name="owned_leads",
        null=True,
        blank=True,
    )
    next_action = models.CharField(_("next action"), max_length=255, blank=True)
    next_action_due = models.DateField(_("next action due"), null=True, blank=True)
    estimated_value_usd = models.PositiveBigIntegerField(
        _("estimated value (USD)"), null=True, blank=True
    )
    mou = models.OneToOneField(
        MoU,
        verbose_name=_("MoU"),
        on_delete=models.PROTECT,
        related_name="lead",
        null=True,
        blank=True,
    )
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("recorded by"),
        on_delete=models.PROTECT,
        related_name="leads_created",
    )
    created_at = models.DateTimeField(_("created at"), auto_now_add=True)
    updated_at = models.DateTimeField(_("updated at"), auto_now=True)

    class Meta:
        verbose_name = _("investment lead")
        verbose_name_plural = _("investment leads")
        ordering = ["-stage_changed_at", "-id"]
        indexes = [
            models.Index(fields=["stage", "-stage_changed_at"], name="lead_stage_idx"),
            models.Index(fields=["owner", "next_action_due"], name="lead_owner_due_idx"),
            models.Index(
                fields=["next_action_due"],
                name="lead_open_due_idx",
                condition=~Q(stage__in=["investment_committed", "lost"]),
            ),
        ]
        constraints = [
            models.CheckConstraint(
                condition=Q(firm__isnull=False) | ~Q(contact_name=""),
                name="%(app_label)s_%(class)s_firm_or_contact",
                violation_error_message=_(
                    "A lead names a registered firm or a prospective investor's contact."
                ),
            ),
            models.CheckConstraint(
                condition=(Q(stage="lost") & ~Q(lost_reason=""))
                | (~Q(stage="lost") & Q(lost_reason="")),
                name="%(app_label)s_%(class)s_lost_with_reason",
                violation_error_message=_("A lost lead records why, and only a lost one."),
            ),
            models.CheckConstraint(
                condition=Q(estimated_value_usd__isnull=True) | Q(estimated_value_usd__gt=0),
                name="%(app_label)s_%(class)s_value_positive",
                violation_error_message=_("The estimated value must be more than zero."),
            ),
            models.CheckConstraint(
                condition=Q(next_action_due__isnull=True) | ~Q(next_action=""),
                name="%(app_label)s_%(class)s_due_date_has_action",
                violation_error_message=_("A due date belongs to a next action."),
            ),
        ]

    def __str__(self) -> str:
        return f"{self.reference} {self.investor_name}"

    def get_absolute_url(self) -> str:
        return reverse("matchmaking:lead-detail", kwargs={"reference": self.reference})

    @property
    def investor_name(self) -> str:
        if self.firm_id:
            return self.firm.localized_name
        return self.contact_organisation or self.contact_name

    @property
    def is_open(self) -> bool:
        return self.stage not in self.FINAL_STAGES

    def may_become(self, stage: str) -> bool:
        return stage in self.TRANSITIONS.get(self.stage, frozenset())

    @property
    def next_stages(self) -> list[Lead.Stage]:
        return [self.Stage(s) for s in (*self.PIPELINE, self.Stage.LOST) if self.may_become(s)]

    def is_overdue(self, today: date | None = None) -> bool:
        today = today or timezone.localdate()
        return bool(self.is_open and self.next_action_due and self.next_action_due < today)


Lead.TRANSITIONS.update(
    {
        stage: frozenset(Lead.PIPELINE[i + 1 :])
        | (frozenset({Lead.Stage.LOST}) if stage not in Lead.FINAL_STAGES else frozenset())
        for i, stage in enumerate(Lead.PIPELINE)
    }
)
Lead.TRANSITIONS[Lead.Stage.LOST] = frozenset()


class LeadReferenceSequence(models.Model):
    """The last lead reference number given out in a year (`LEAD-2026-0001`, ...)."""

    year = models.PositiveSmallIntegerField(_("year"), primary_key=True)
    last_number = models.PositiveIntegerField(_("last number"), default=0)

    class Meta:
        verbose_name = _("lead reference sequence")
        verbose_name_plural = _("lead reference sequences")

    def __str__(self) -> str:
        return f"{self.year}: {self.last_number}"


class LeadStageChange(models.Model):
    """A dated move of a lead; its creation is the first row (from "" to "new")."""

    lead = models.ForeignKey(
        Lead, verbose_name=_("lead"), on_delete=models.CASCADE, related_name="stage_changes"
    )
    from_stage = models.CharField(
        _("from stage"), max_length=20, choices=Lead.Stage.choices, blank=True
    )
    to_stage = models.CharField(_("to stage"), max_length=20, choices=Lead.Stage.choices)
    reason = models.TextField(_("reason"), blank=True)
    by = models.ForeignKey(
        settings.AUTH_USER_MODEL, verbose_name=_("by"), on_delete=models.PROTECT, related_name="+"
    )
    at = models.DateTimeField(_("at"), default=timezone.now)

    class Meta:
        verbose_name = _("lead stage change")
        verbose_name_plural = _("lead stage changes")
        ordering = ["lead", "at", "id"]
        indexes = [models.Index(fields=["to_stage", "lead"], name="lead_change_to_stage_idx")]

    def __str__(self) -> str:
        return f"{self.lead_id}: {self.from_stage} → {self.to_stage}"


class LeadActivity(models.Model):
    """A note, call, meeting or email about a lead. Internal ones are seen by officials only,
    never by the members of the lead's firm."""

    class Kind(models.TextChoices):
        NOTE = "note", pgettext_lazy("lead activity", "Note")
        CALL = "call", pgettext_lazy("lead activity", "Call")
        MEETING = "meeting", pgettext_lazy("lead activity", "Meeting")
        EMAIL = "email", pgettext_lazy("lead activity", "Email")

    lead = models.ForeignKey(
        Lead, verbose_name=_("lead"), on_delete=models.CASCADE, related_name="activities"
    )
    kind = models.CharField(_("kind"), max_length=10, choices=Kind.choices, default=Kind.NOTE)
    text = models.TextField(_("text"), max_length=4000)
    happened_at = models.DateTimeField(_("when"), default=timezone.now)
    internal = models.BooleanField(
        _("internal"),
        default=True,
        help_text=_("Internal notes are never shown to the members of the lead's firm."),
    )
    by = models.ForeignKey(
        settings.AUTH_USER_MODEL, verbose_name=_("by"), on_delete=models.PROTECT, related_name="+"
    )
    created_at = models.DateTimeField(_("recorded at"), auto_now_add=True)

    class Meta:
        verbose_name = _("lead activity")
        verbose_name_plural = _("lead activities")
        ordering = ["lead", "-happened_at", "-id"]
        indexes = [models.Index(fields=["lead", "-happened_at"], name="lead_activity_idx")]
        constraints = [
            models.CheckConstraint(
                condition=~Q(text=""),
                name="%(app_label)s_%(class)s_has_text",
                violation_error_message=_("An activity says what happened."),
            )
        ]

    def __str__(self) -> str:
        return f"{self.lead_id}: {self.kind}"
