"""Reads what the scores need into the columns of `matchmaking.scoring`: a handful of narrow
`values_list` queries, whatever the number of firms and projects, turned into bit sets with
NumPy (no Python loop per firm or per link)."""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass

import numpy as np
from django.db.models import Q, QuerySet
from django.utils import timezone

from firms.models import Firm, FirmCapability
from minerals.models import Mineral, Region
from projects.models import Bid, BidParticipant, Project

from . import scoring
from .models import MatchFeedback


@dataclass(frozen=True)
class Positions:
    """Dense bit positions of minerals and provinces (ids can have gaps)."""

    minerals: dict[int, int]
    provinces: dict[int, int]

    @property
    def words(self) -> int:
        return max(1, -(-len(self.minerals) // 64))

    @classmethod
    def load(cls) -> Positions:
        minerals = Mineral.objects.order_by("pk").values_list("pk", flat=True)
        provinces = Region.objects.filter(parent__isnull=True).order_by("pk")
        return cls(
            minerals={pk: position for position, pk in enumerate(minerals)},
            provinces={
                pk: position for position, pk in enumerate(provinces.values_list("pk", flat=True))
            },
        )


def open_projects() -> QuerySet[Project]:
    """The projects firms are matched with: published and still taking bids."""
    return Project.objects.filter(status=Project.Status.PUBLISHED, bid_closes_at__gt=timezone.now())


def scored_firms() -> QuerySet[Firm]:
    return Firm.objects.filter(verification_status=Firm.VerificationStatus.VERIFIED)


def _index(ids: np.ndarray) -> dict[int, int]:
    return {int(pk): position for position, pk in enumerate(ids)}


def _bits(
    count: int, words: int, pairs: Iterable[tuple[int, int]], rows: dict, positions: dict
) -> np.ndarray:
    """A (count, words) bit-set matrix from (row id, item id) pairs."""
    matrix = np.zeros((count, words), dtype=np.uint64)
    known = [(rows[a], positions[b]) for a, b in pairs if a in rows and b in positions]
    if known:
        row, position = np.array(known, dtype=np.int64).T
        np.bitwise_or.at(
            matrix,
            (row, position // 64),
            np.left_shift(np.uint64(1), (position % 64).astype(np.uint64)),
        )
    return matrix


def _flags(count: int, pairs: Iterable[tuple[int, int]], rows: dict, positions: dict) -> np.ndarray:
    """Small bit sets (under 64 items) as one int64 per row."""
    return _bits(count, 1, pairs, rows, positions)[:, 0].astype(np.int64)


def load_firms(firms: QuerySet[Firm] | None = None, positions: Positions | None = None):
    """The firms' columns (verified firms by default), with ids in the order of the rows."""
    positions = positions or Positions.load()
    firms = scored_firms() if firms is None else firms
    rows = list(
        firms.order_by("pk").values_list(
            "pk",
            "country",
            "capital_usd_min",
            "capital_usd_max",
            "years_of_experience",
            "present_in_pakistan",
            "verification_status",
        )
    )
    ids = np.array([row[0] for row in rows], dtype=np.int64)
    index = _index(ids)
    count, words = len(ids), positions.words
    firm_filter = Q(firm_id__in=firms.values("pk"))

    stage_bit = scoring.STAGE_BIT
    capabilities = np.zeros(count, dtype=np.int64)
    for firm_id, stage in FirmCapability.objects.filter(firm_filter).values_list(
        "firm_id", "stage"
    ):
        if firm_id in index:
            capabilities[index[firm_id]] |= stage_bit[stage]

    mineral_links = Firm.minerals.through.objects.filter(firm_filter)
    region_links = Firm.regions.through.objects.filter(firm_filter)
    # A track record in a mineral: the firm was in a bid awarded for a project of that mineral.
    won = BidParticipant.objects.filter(firm_filter, bid__status=Bid.Status.AWARDED)
    won_minerals = Project.minerals.through.objects.filter(
        project_id__in=won.values("project_id")
    ).values_list("project_id", "mineral_id")
    minerals_of_project: dict[int, list[int]] = {}
    for project_id, mineral_id in won_minerals:
        minerals_of_project.setdefault(project_id, []).append(mineral_id)
    track_pairs = [
        (firm_id, mineral_id)
        for firm_id, project_id in won.values_list("firm_id", "project_id")
        for mineral_id in minerals_of_project.get(project_id, ())
    ]
    feedback = {verdict: [] for verdict in MatchFeedback.Verdict.values}
    feedback_rows = MatchFeedback.objects.filter(firm_filter).values_list(
        "firm_id", "verdict", "project_id"
    )
    feedback_projects = {row[2] for row in feedback_rows}
    feedback_minerals: dict[int, list[int]] = {}
    for project_id, mineral_id in Project.minerals.through.objects.filter(
        project_id__in=feedback_projects
    ).values_list("project_id", "mineral_id"):
        feedback_minerals.setdefault(project_id, []).append(mineral_id)
    for firm_id, verdict, project_id in feedback_rows:
        feedback[verdict] += [(firm_id, m) for m in feedback_minerals.get(project_id, ())]

    def number(position: int, missing: float) -> np.ndarray:
        return np.array(
            [missing if row[position] is None else float(row[position]) for row in rows],
            dtype=np.float64,
        )

    return scoring.FirmColumns(
        ids=ids,
        countries=np.array([row[1] for row in rows], dtype="<U2"),
        minerals=_bits(
            count,
            words,
            mineral_links.values_list("firm_id", "mineral_id"),
            index,
            positions.minerals,
        ),
        capabilities=capabilities,
        regions=_flags(
            count, region_links.values_list("firm_id", "region_id"), index, positions.provinces
        ),
        capital_min=number(2, 0.0),
        capital_max=number(3, np.inf),
        years=number(4, 0.0),
        track=_bits(count, words, track_pairs, index, positions.minerals),
        liked=_bits(count, words, feedback["interested"], index, positions.minerals),
        disliked=_bits(count, words, feedback["dismissed"], index, positions.minerals),
        present_in_pakistan=np.array([row[5] for row in rows], dtype=bool),
        verified=np.array(
            [1.0 if row[6] == Firm.VerificationStatus.VERIFIED else 0.5 for row in rows]
        ),
    )


def load_projects(
    projects: QuerySet[Project] | None = None, positions: Positions | None = None
) -> scoring.ProjectColumns:
    positions = positions or Positions.load()
    projects = open_projects() if projects is None else projects
    rows = list(projects.order_by("pk").values_list("pk", "stage", "region_id", "investment_usd"))
    ids = np.array([row[0] for row in rows], dtype=np.int64)
    index = _index(ids)
    stage_position = {stage: position for position, stage in enumerate(scoring.STAGES)}
    links = Project.minerals.through.objects.filter(project_id__in=projects.values("pk"))
    return scoring.ProjectColumns(
        ids=ids,
        minerals=_bits(
            len(ids),
            positions.words,
            links.values_list("project_id", "mineral_id"),
            index,
            positions.minerals,
        ),
        stages=np.array([stage_position[row[1]] for row in rows], dtype=np.int64),
        regions=np.array([positions.provinces.get(row[2], 0) for row in rows], dtype=np.int64),
        investment=np.array([float(row[3]) for row in rows], dtype=np.float64),
    )
