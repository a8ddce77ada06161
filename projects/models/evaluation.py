"""How bids are judged: the criteria a project publishes with their weights."""

from __future__ import annotations

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
