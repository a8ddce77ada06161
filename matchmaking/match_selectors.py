"""Reads of the stored matches, with what their pages and the API show (reasons included)
in a fixed number of queries."""

from __future__ import annotations

from dataclasses import dataclass

from django.db.models import Exists, OuterRef, Prefetch, QuerySet
from django.utils import timezone

from firms.models import Firm, FirmCapability
from minerals.models import Mineral
from projects.models import Project

from .models import MatchFeedback, PartnerMatch, ProjectMatch
from .reasons import Reason, partner_reasons, project_reasons

RECOMMENDATIONS_SHOWN = 20
INVESTORS_SHOWN = 20
PARTNERS_SHOWN = 10


@dataclass(frozen=True)
class Shown:
    """A match as a page shows it: the row, the other side, and the reasons."""

    match: ProjectMatch | PartnerMatch
    other: Project | Firm
    reasons: list[Reason]
    verdict: str = ""


def _with_lists(firms: QuerySet[Firm]) -> QuerySet[Firm]:
    return firms.prefetch_related(
        Prefetch("minerals", queryset=Mineral.objects.order_by("name"), to_attr="mineral_list"),
        Prefetch(
            "capabilities", queryset=FirmCapability.objects.order_by("stage"), to_attr="stages"
        ),
    )


def _prepare(firm: Firm) -> Firm:
    """The attributes `matchmaking.reasons` reads."""
    firm.mineral_ids = {mineral.pk for mineral in firm.mineral_list}
    firm.stage_list = [row.stage for row in firm.stages]
    return firm


def firm_for_matching(firm_id: int) -> Firm:
    return _prepare(_with_lists(Firm.objects.filter(pk=firm_id)).get())


def _projects() -> QuerySet[Project]:
    return Project.objects.select_related("region", "primary_mineral").prefetch_related(
        Prefetch("minerals", queryset=Mineral.objects.order_by("name"))
    )


def recommended_projects(firm: Firm, *, limit: int = RECOMMENDATIONS_SHOWN) -> list[Shown]:
    """The firm's best open projects, best first, without those it dismissed. `firm` comes
    from `firm_for_matching`."""
    dismissed = MatchFeedback.objects.filter(
        firm=firm, project=OuterRef("project"), verdict=MatchFeedback.Verdict.DISMISSED
    )
    rows = list(
        ProjectMatch.objects.filter(
            firm=firm,
            for_firm=True,
            project__status=Project.Status.PUBLISHED,
            project__bid_closes_at__gt=timezone.now(),
        )
        .exclude(Exists(dismissed))
        .prefetch_related(Prefetch("project", queryset=_projects()))
        .order_by("-score", "project_id")[:limit]
    )
    verdicts = dict(
        MatchFeedback.objects.filter(
            firm=firm, project_id__in=[row.project_id for row in rows]
        ).values_list("project_id", "verdict")
    )
    for row in rows:
        row.firm = firm  # the other side of every row: loaded once
    return [
        Shown(
            match=row,
            other=row.project,
            reasons=project_reasons(row, firm=firm, project=row.project),
            verdict=verdicts.get(row.project_id, ""),
        )
        for row in rows
    ]


def likely_investors(project: Project, *, limit: int = INVESTORS_SHOWN) -> list[Shown]:
    """The firms most likely to invest in the project, best first."""
    project = _projects().get(pk=project.pk)
    rows = list(
        ProjectMatch.objects.filter(project=project, for_project=True)
        .prefetch_related(Prefetch("firm", queryset=_with_lists(Firm.objects.all())))
        .order_by("-score", "firm_id")[:limit]
    )
    for row in rows:
        row.project = project
    return [
        Shown(
            match=row,
            other=_prepare(row.firm),
            reasons=project_reasons(row, firm=row.firm, project=project, audience="official"),
        )
        for row in rows
    ]


def suggested_partners(firm: Firm, *, limit: int = PARTNERS_SHOWN) -> list[Shown]:
    """The firm's best partners of the other country. `firm` comes from `firm_for_matching`."""
    rows = list(
        PartnerMatch.objects.filter(
            firm=firm, partner__verification_status=Firm.VerificationStatus.VERIFIED
        )
        .prefetch_related(Prefetch("partner", queryset=_with_lists(Firm.objects.all())))
        .order_by("rank")[:limit]
    )
    return [
        Shown(
            match=row,
            other=_prepare(row.partner),
            reasons=partner_reasons(row, firm=firm, partner=row.partner),
        )
        for row in rows
    ]
