"""Stored matches: the best projects for each firm, the likeliest firms for each project, the
best China-Pakistan partners for each firm, and what firms said of their recommendations.

Scores are computed by `matchmaking.scoring` and written only by `matchmaking.services.
matches`, which replaces a firm's or a project's rows in one transaction: a reader sees the
old set or the new one, never half of each. Each factor of the breakdown is kept in its own
small column (0-100): the reasons shown to a user are written from them, in their language,
when the page is read.
"""

from __future__ import annotations

from django.conf import settings
from django.db import models
from django.db.models import Q
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from firms.models import Firm
from projects.models import Project


def _factor(label: str) -> models.PositiveSmallIntegerField:
    return models.PositiveSmallIntegerField(label)


class ProjectMatch(models.Model):
    """A firm-project pair among the firm's best projects (`for_firm`), the project's likeliest
    firms (`for_project`), or both. Lists read in score order."""

    firm = models.ForeignKey(
        Firm, verbose_name=_("firm"), on_delete=models.CASCADE, related_name="project_matches"
    )
    project = models.ForeignKey(
        Project, verbose_name=_("project"), on_delete=models.CASCADE, related_name="matches"
    )
    score = models.PositiveSmallIntegerField(_("score"))
    for_firm = models.BooleanField(_("among the firm's best"), default=False)
    for_project = models.BooleanField(_("among the project's best"), default=False)
    mineral = _factor(_("mineral fit"))
    capability = _factor(_("capability fit"))
    capital = _factor(_("capital fit"))
    region = _factor(_("region preference"))
    track_record = _factor(_("track record"))
    verification = _factor(_("verification"))
    feedback = _factor(_("the firm's feedback"))
    computed_at = models.DateTimeField(_("computed at"), default=timezone.now)

    FACTORS = (
        "mineral",
        "capability",
        "capital",
        "region",
        "track_record",
        "verification",
        "feedback",
    )

    class Meta:
        verbose_name = _("project match")
        verbose_name_plural = _("project matches")
        constraints = [
            models.UniqueConstraint(
                fields=["firm", "project"], name="%(app_label)s_%(class)s_one_per_pair"
            ),
            models.CheckConstraint(
                condition=Q(for_firm=True) | Q(for_project=True),
                name="%(app_label)s_%(class)s_in_a_list",
                violation_error_message=_("A stored match is among a firm's or a project's best."),
            ),
            models.CheckConstraint(
                condition=Q(score__lte=100),
                name="%(app_label)s_%(class)s_score_range",
                violation_error_message=_("A score lies between 0 and 100."),
            ),
        ]
        indexes = [
            models.Index(
                "firm", models.F("score").desc(), condition=Q(for_firm=True), name="match_firm_idx"
            ),
            models.Index(
                "project",
                models.F("score").desc(),
                condition=Q(for_project=True),
                name="match_project_idx",
            ),
        ]

    def __str__(self) -> str:
        return f"{self.firm_id} × {self.project_id}: {self.score}"

    @property
    def breakdown(self) -> dict[str, int]:
        return {name: getattr(self, name) for name in self.FACTORS}


class PartnerMatch(models.Model):
    """One of a firm's best partners from the other country."""

    firm = models.ForeignKey(
        Firm, verbose_name=_("firm"), on_delete=models.CASCADE, related_name="partner_matches"
    )
    partner = models.ForeignKey(
        Firm, verbose_name=_("suggested partner"), on_delete=models.CASCADE, related_name="+"
    )
    score = models.PositiveSmallIntegerField(_("score"))
    rank = models.PositiveSmallIntegerField(_("rank"))
    complementarity = _factor(_("complementary capabilities"))
    minerals = _factor(_("shared minerals"))
    regions = _factor(_("shared provinces"))
    size = _factor(_("size fit"))
    computed_at = models.DateTimeField(_("computed at"), default=timezone.now)

    FACTORS = ("complementarity", "minerals", "regions", "size")

    class Meta:
        verbose_name = _("partner suggestion")
        verbose_name_plural = _("partner suggestions")
        ordering = ["firm", "rank"]
        constraints = [
            models.UniqueConstraint(
                fields=["firm", "partner"], name="%(app_label)s_%(class)s_one_per_pair"
            ),
            models.CheckConstraint(
                condition=~Q(firm=models.F("partner")),
                name="%(app_label)s_%(class)s_not_itself",
                violation_error_message=_("A firm is not its own partner."),
            ),
        ]
        indexes = [models.Index(fields=["firm", "rank"], name="partner_match_rank_idx")]

    def __str__(self) -> str:
        return f"{self.firm_id} + {self.partner_id}: {self.score}"

    @property
    def breakdown(self) -> dict[str, int]:
        return {name: getattr(self, name) for name in self.FACTORS}


class MatchFeedback(models.Model):
    """What a firm said of a recommended project: interested, or dismissed (it leaves the
    list). The feedback factor of the firm's scores reads it."""

    class Verdict(models.TextChoices):
        INTERESTED = "interested", _("Interested")
        DISMISSED = "dismissed", _("Dismissed")

    firm = models.ForeignKey(
        Firm, verbose_name=_("firm"), on_delete=models.CASCADE, related_name="match_feedback"
    )
    project = models.ForeignKey(
        Project, verbose_name=_("project"), on_delete=models.CASCADE, related_name="+"
    )
    verdict = models.CharField(_("verdict"), max_length=12, choices=Verdict.choices)
    by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("by"),
        on_delete=models.SET_NULL,
        null=True,
        related_name="+",
    )
    at = models.DateTimeField(_("at"), default=timezone.now)

    class Meta:
        verbose_name = _("recommendation feedback")
        verbose_name_plural = _("recommendation feedback")
        constraints = [
            models.UniqueConstraint(
                fields=["firm", "project"], name="%(app_label)s_%(class)s_one_per_pair"
            )
        ]

    def __str__(self) -> str:
        return f"{self.firm_id} {self.verdict} {self.project_id}"


class BidInvitation(models.Model):
    """An official invited a likely investor to bid on a project (the firm's members are
    notified once; the page shows who was invited)."""

    project = models.ForeignKey(
        Project, verbose_name=_("project"), on_delete=models.CASCADE, related_name="invitations"
    )
    firm = models.ForeignKey(
        Firm, verbose_name=_("firm"), on_delete=models.CASCADE, related_name="bid_invitations"
    )
    by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("invited by"),
        on_delete=models.SET_NULL,
        null=True,
        related_name="+",
    )
    at = models.DateTimeField(_("invited at"), default=timezone.now)

    class Meta:
        verbose_name = _("invitation to bid")
        verbose_name_plural = _("invitations to bid")
        constraints = [
            models.UniqueConstraint(
                fields=["project", "firm"], name="%(app_label)s_%(class)s_once_per_firm"
            )
        ]

    def __str__(self) -> str:
        return f"{self.project_id} → {self.firm_id}"
