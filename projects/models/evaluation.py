"""How bids are judged: the criteria a project publishes with their weights."""

from __future__ import annotations

from django.conf import settings
from django.core.validators import MaxValueValidator, MinValueValidator
from django.db import models
from django.db.models import Q
from django.utils.translation import gettext_lazy as _

from emining.i18n import LocalizedTextMixin

from .projects import Project


class EvaluationCriterion(LocalizedTextMixin, models.Model):
    """How bids will be scored: criteria whose weights add up to 100 for each project."""

    project = models.ForeignKey(
        Project,
        verbose_name=_("project"),
        on_delete=models.CASCADE,
        related_name="evaluation_criteria",
    )
    name = models.CharField(_("criterion"), max_length=120)
    name_zh = models.CharField(_("criterion in Chinese"), max_length=120, blank=True)
    name_ur = models.CharField(_("criterion in Urdu"), max_length=120, blank=True)
    weight = models.PositiveSmallIntegerField(
        _("weight (%)"), validators=[MinValueValidator(1), MaxValueValidator(100)]
    )
    position = models.PositiveSmallIntegerField(_("position"), default=0)

    class Meta:
        verbose_name = _("evaluation criterion")
        verbose_name_plural = _("evaluation criteria")
        ordering = ["project", "position", "id"]
        constraints = [
            models.CheckConstraint(
                condition=Q(weight__gte=1) & Q(weight__lte=100),
                name="%(app_label)s_%(class)s_weight_range",
                violation_error_message=_("A criterion weighs between 1 and 100."),
            ),
            models.UniqueConstraint(
                fields=["project", "name"],
                name="%(app_label)s_%(class)s_unique_name",
                violation_error_message=_("Each criterion is named once per project."),
            ),
        ]

    def __str__(self) -> str:
        return f"{self.name} ({self.weight}%)"


class BidScore(models.Model):
    """An evaluator's score of one opened bid on one criterion (0-100), with a comment.

    Two officials score independently (`independent`), each seeing only their own scores;
    then one official records the agreed score per criterion (`reconciled`), which is what
    the ranking uses. Both are kept."""

    class Round(models.TextChoices):
        INDEPENDENT = "independent", _("Independent score")
        RECONCILED = "reconciled", _("Reconciled score")

    bid = models.ForeignKey(
        "projects.Bid", verbose_name=_("bid"), on_delete=models.CASCADE, related_name="scores"
    )
    criterion = models.ForeignKey(
        EvaluationCriterion,
        verbose_name=_("criterion"),
        on_delete=models.PROTECT,
        related_name="scores",
    )
    evaluator = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("evaluator"),
        on_delete=models.PROTECT,
        related_name="+",
    )
    round = models.CharField(_("round"), max_length=20, choices=Round.choices)
    score = models.PositiveSmallIntegerField(
        _("score (0-100)"), validators=[MaxValueValidator(100)]
    )
    comment = models.TextField(_("comment"), max_length=2000, blank=True)
    scored_at = models.DateTimeField(_("scored at"))

    class Meta:
        verbose_name = _("bid score")
        verbose_name_plural = _("bid scores")
        ordering = ["bid", "criterion__position", "round", "id"]
        constraints = [
            models.CheckConstraint(
                condition=Q(score__lte=100),
                name="%(app_label)s_%(class)s_score_range",
                violation_error_message=_("A score lies between 0 and 100."),
            ),
            models.UniqueConstraint(
                fields=["bid", "criterion", "evaluator"],
                condition=Q(round="independent"),
                name="%(app_label)s_%(class)s_one_score_per_evaluator",
                violation_error_message=_("An evaluator scores each criterion of a bid once."),
            ),
            models.UniqueConstraint(
                fields=["bid", "criterion"],
                condition=Q(round="reconciled"),
                name="%(app_label)s_%(class)s_one_reconciled_score",
                violation_error_message=_("Each criterion of a bid has one reconciled score."),
            ),
        ]

    def __str__(self) -> str:
        return f"bid {self.bid_id} / {self.criterion_id}: {self.score} ({self.round})"
