"""Reads of the investment-lead pipeline: querysets that already load what pages and the API
show, and the pipeline's figures for the officials' dashboard."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date
from typing import TYPE_CHECKING

from django.db.models import (
    Case,
    Count,
    F,
    IntegerField,
    Max,
    Prefetch,
    Q,
    QuerySet,
    Sum,
    Value,
    When,
    Window,
)
from django.db.models.functions import RowNumber
from django.http import Http404
from django.utils import timezone
from django.utils.translation import gettext as _

from .lead_filters import open_overdue_condition
from .models import Lead, LeadActivity, LeadStageChange
from .permissions import leads_visible_to, may_see_internal_lead_details

if TYPE_CHECKING:
    from emining.permissions import AnyUser

BOARD_CARDS_PER_STAGE = 25


def _activities(user: AnyUser) -> Prefetch:
    queryset = LeadActivity.objects.select_related("by").order_by("-happened_at", "-id")
    if not may_see_internal_lead_details(user):
        queryset = queryset.filter(internal=False)
    return Prefetch("activities", queryset=queryset)


def leads_for_listing(user: AnyUser) -> QuerySet[Lead]:
    """The leads this user may see, latest move first, with what a list row shows."""
    return (
        leads_visible_to(user)
        .select_related("firm", "owner", "project")
        .prefetch_related("minerals")
        .order_by("-stage_changed_at", "-id")
    )


def overdue_leads_of(user: AnyUser) -> QuerySet[Lead]:
    """ "My overdue leads": open leads this official owns whose next action is past due."""
    return (
        leads_for_listing(user)
        .filter(open_overdue_condition(), owner_id=user.pk)
        .order_by("next_action_due", "id")
    )


def board_columns(queryset: QuerySet[Lead]) -> list[dict]:
    """The board: a column per stage with its count and its latest cards (at most
    `BOARD_CARDS_PER_STAGE`), in two queries whatever the number of leads."""
    counts = dict(queryset.order_by().values_list("stage").annotate(n=Count("id")))
    ranked = queryset.annotate(
        rank=Window(
            RowNumber(),
            partition_by=[F("stage")],
            order_by=[F("stage_changed_at").desc(), F("id").desc()],
        )
    )
    cards: dict[str, list[Lead]] = {}
    for lead in ranked.filter(rank__lte=BOARD_CARDS_PER_STAGE).select_related("firm", "owner"):
        cards.setdefault(lead.stage, []).append(lead)
    return [
        {
            "stage": stage,
            "label": Lead.Stage(stage).label,
            "count": counts.get(stage, 0),
            "leads": cards.get(stage, []),
        }
        for stage in (*Lead.PIPELINE, Lead.Stage.LOST)
    ]


def lead_for_user(user: AnyUser, reference: str) -> Lead:
    """The lead page's record with everything it shows; a 404 for one the user may not see.
    Pages and the API ask this one function."""
    lead = (
        leads_visible_to(user)
        .select_related("firm", "owner", "project__agency", "mou", "created_by")
        .prefetch_related(
            "minerals",
            "regions",
            _activities(user),
            Prefetch(
                "stage_changes",
                queryset=LeadStageChange.objects.select_related("by").order_by("at", "id"),
            ),
        )
        .filter(reference=reference)
        .first()
    )
    if lead is None:
        raise Http404(_("No such lead."))
    return lead


def leads_for_api(user: AnyUser) -> QuerySet[Lead]:
    return (
        leads_for_listing(user)
        .prefetch_related(
            "regions",
            _activities(user),
            Prefetch("stage_changes", queryset=LeadStageChange.objects.order_by("at", "id")),
        )
        .select_related("mou")
    )


# --- The pipeline's figures ------------------------------------------------------------------


@dataclass(frozen=True)
class StageFigure:
    stage: str
    label: str
    count: int
    value_usd: int


@dataclass(frozen=True)
class Conversion:
    from_stage: str
    from_label: str
    to_stage: str
    to_label: str
    reached_from: int
    reached_to: int

    @property
    def rate(self) -> float | None:
        """Share of the leads that reached `from_stage` and went on to `to_stage` (or
        further); None when no lead reached `from_stage`."""
        return self.reached_to / self.reached_from if self.reached_from else None


@dataclass(frozen=True)
class PipelineFigures:
    funnel: list[StageFigure]
    conversions: list[Conversion]
    overdue: list[Lead]
    today: date


def lead_pipeline_figures(today: date | None = None) -> PipelineFigures:
    """For officials (every lead): count and estimated value per current stage; for each step
    of the pipeline, how many leads ever reached it and the next (from the stage history: a
    lead that skipped a stage reached it too); the open leads whose next action is past due.
    Three queries."""
    today = today or timezone.localdate()
    rows = {
        row["stage"]: row
        for row in Lead.objects.order_by()
        .values("stage")
        .annotate(count=Count("id"), value=Sum("estimated_value_usd"))
    }
    funnel = [
        StageFigure(
            stage,
            Lead.Stage(stage).label,
            rows.get(stage, {}).get("count", 0),
            rows.get(stage, {}).get("value") or 0,
        )
        for stage in (*Lead.PIPELINE, Lead.Stage.LOST)
    ]

    order = Case(
        *(When(stage_changes__to_stage=s, then=Value(i)) for i, s in enumerate(Lead.PIPELINE)),
        output_field=IntegerField(),
    )
    furthest = Lead.objects.order_by().annotate(furthest=Max(order))
    reached = furthest.aggregate(
        **{f"r{i}": Count("id", filter=Q(furthest__gte=i)) for i in range(len(Lead.PIPELINE))}
    )
    conversions = [
        Conversion(
            a,
            Lead.Stage(a).label,
            b,
            Lead.Stage(b).label,
            reached[f"r{i}"] or 0,
            reached[f"r{i + 1}"] or 0,
        )
        for i, (a, b) in enumerate(zip(Lead.PIPELINE, Lead.PIPELINE[1:], strict=False))
    ]
    overdue = list(
        Lead.objects.filter(next_action_due__lt=today)
        .exclude(stage__in=Lead.FINAL_STAGES)
        .select_related("firm", "owner")
        .order_by("next_action_due", "id")
    )
    return PipelineFigures(funnel, conversions, overdue, today)


def leads_visible_to_officials() -> QuerySet[Lead]:
    """Every lead: the board is the officials' (the view checks the user is one)."""
    return Lead.objects.all()
