"""The match scores, computed over whole columns of firms and projects at once (NumPy).

A firm-project score is 0-100: the weighted mean of seven factors, each between 0 and 1.
The weights are `settings.MATCH_WEIGHTS` (documented there); the factors are:

- `mineral`: the share of the project's minerals the firm lists among its interests;
- `capability`: 1 when the firm works in the project's value-chain stage (a smelting project
  needs smelting), 0.5 when it works in a neighbouring stage of the chain, else 0;
- `capital`: 1 when the investment sought lies inside the firm's capital range, falling off
  in proportion outside it (half the minimum scores 0.5); 0.5 when the firm gave no range;
- `region`: 1 when the project's province is one the firm prefers, 0 when it is not, 0.5 when
  the firm named none;
- `track_record`: half for experience (20 years or more scores full), half for a record in
  one of the project's minerals (past projects on the portal or in its profile);
- `verification`: 1 for a verified firm (only verified firms are scored: the factor says so
  in the breakdown, and keeps a pending firm's preview below a verified one's);
- `feedback`: the firm's own signal, from 0 to 1 around a neutral 0.5: projects it marked
  interesting raise the minerals they share, projects it dismissed lower them.

A China-Pakistan partner score is 0-100 from `settings.PARTNER_WEIGHTS`: complementary
capabilities (one brings what the other lacks; Chinese processing, smelting or refining with
a Pakistani firm's mining, exploration or licences on the ground counts most), shared
minerals, shared provinces and size fit (capital ranges of a like order).

Minerals, provinces and stages are bit sets: a row of `uint64` words per firm or project, so
"shared minerals" is a bitwise AND and a population count over the whole matrix. Nothing here
reads the database: `matchmaking.match_data` loads the columns, `matchmaking.services.matches`
stores the results.
"""

from __future__ import annotations

from collections.abc import Iterator, Mapping
from dataclasses import dataclass

import numpy as np
from django.conf import settings

from minerals.models import ValueChainStage

FACTORS = (
    "mineral",
    "capability",
    "capital",
    "region",
    "track_record",
    "verification",
    "feedback",
)
PARTNER_FACTORS = ("complementarity", "minerals", "regions", "size")

STAGES = tuple(ValueChainStage.values)
STAGE_BIT = {stage: 1 << position for position, stage in enumerate(STAGES)}
# The chain from the ground to finished goods; logistics serves every stage and has no
# neighbours in it.
CHAIN = ("exploration", "mining", "processing", "smelting", "refining", "manufacturing")
NEIGHBOUR_BITS = {
    stage: sum(STAGE_BIT[CHAIN[i]] for i in (position - 1, position + 1) if 0 <= i < len(CHAIN))
    for position, stage in enumerate(CHAIN)
} | {"logistics": 0}
UPSTREAM_BITS = STAGE_BIT["exploration"] | STAGE_BIT["mining"]
DOWNSTREAM_BITS = sum(STAGE_BIT[s] for s in ("processing", "smelting", "refining", "manufacturing"))

FULL_EXPERIENCE_YEARS = 20.0
# Projects scored per pass: a block of firms x projects float32 scores stays near 40 MB.
PROJECT_BLOCK = 2000


def weights() -> dict[str, float]:
    return {name: float(settings.MATCH_WEIGHTS[name]) for name in FACTORS}


def partner_weights() -> dict[str, float]:
    return {name: float(settings.PARTNER_WEIGHTS[name]) for name in PARTNER_FACTORS}


def bitset(positions: list[int] | set[int], words: int) -> np.ndarray:
    """One row of a bit-set matrix with these bit positions set."""
    row = np.zeros(words, dtype=np.uint64)
    for position in positions:
        row[position // 64] |= np.uint64(1) << np.uint64(position % 64)
    return row


def _common(a: np.ndarray, b: np.ndarray) -> np.ndarray:
    """How many bits two bit-set matrices share, row by row (broadcasting)."""
    return np.bitwise_count(a & b).sum(axis=-1, dtype=np.int32)


def _count(a: np.ndarray) -> np.ndarray:
    return np.bitwise_count(a).sum(axis=-1, dtype=np.int32)


@dataclass
class FirmColumns:
    """The scored firms, one row each. Minerals, track record and feedback are bit sets over
    mineral positions (rows of uint64 words); capabilities are bits of `STAGES`, regions bits
    of province positions."""

    ids: np.ndarray  # int64
    countries: np.ndarray  # "CN" / "PK"
    minerals: np.ndarray  # uint64 (n, words)
    capabilities: np.ndarray  # int64
    regions: np.ndarray  # int64
    capital_min: np.ndarray  # float64, 0 when not given
    capital_max: np.ndarray  # float64, inf when not given
    years: np.ndarray  # float64, 0 when not given
    track: np.ndarray  # uint64 (n, words): minerals of past projects
    liked: np.ndarray  # uint64 (n, words): minerals of projects marked interesting
    disliked: np.ndarray  # uint64 (n, words): minerals of dismissed projects
    present_in_pakistan: np.ndarray  # bool
    verified: np.ndarray  # float64: 1 verified, 0.5 waiting for verification

    def __len__(self) -> int:
        return len(self.ids)

    def take(self, positions: np.ndarray | slice) -> FirmColumns:
        return FirmColumns(**{name: value[positions] for name, value in vars(self).items()})


@dataclass
class ProjectColumns:
    ids: np.ndarray  # int64
    minerals: np.ndarray  # uint64 (n, words)
    stages: np.ndarray  # int64: position of the project's stage in STAGES
    regions: np.ndarray  # int64: position of the project's province
    investment: np.ndarray  # float64

    def __len__(self) -> int:
        return len(self.ids)

    def take(self, positions: np.ndarray | slice) -> ProjectColumns:
        return ProjectColumns(**{name: value[positions] for name, value in vars(self).items()})


_STAGE_BITS = np.array([STAGE_BIT[stage] for stage in STAGES], dtype=np.int64)
_NEIGHBOURS = np.array([NEIGHBOUR_BITS[stage] for stage in STAGES], dtype=np.int64)


# --- Firm-project factors ---------------------------------------------------------------------
#
# The definitions: each takes firm values and project values that broadcast (aligned pairs,
# or a firm column against a project row) and gives values between 0 and 1.


def mineral_fit(firm_minerals, project_minerals):
    return _common(firm_minerals, project_minerals) / np.maximum(_count(project_minerals), 1)


def capability_fit(capabilities, stages):
    return np.where(
        (capabilities & _STAGE_BITS[stages]) != 0,
        1.0,
        np.where((capabilities & _NEIGHBOURS[stages]) != 0, 0.5, 0.0),
    )


def capital_fit(capital_min, capital_max, investment):
    with np.errstate(divide="ignore"):
        fit = np.minimum(np.minimum(investment / capital_min, capital_max / investment), 1.0)
    no_range = (capital_min == 0) & np.isinf(capital_max)
    return np.where(no_range, 0.5, fit)


def region_fit(firm_regions, regions):
    return np.where(firm_regions == 0, 0.5, (firm_regions >> regions) & 1)


def experience(years):
    return np.minimum(years / FULL_EXPERIENCE_YEARS, 1.0)


def track_record_fit(years, track, project_minerals):
    return 0.5 * experience(years) + 0.5 * (_common(track, project_minerals) > 0)


def feedback_fit(liked, disliked, project_minerals):
    signal = (_common(liked, project_minerals) - _common(disliked, project_minerals)) / (
        np.maximum(_count(project_minerals), 1)
    )
    return 0.5 + 0.5 * np.clip(signal, -1.0, 1.0)


def factors_of_pairs(firms: FirmColumns, projects: ProjectColumns) -> dict[str, np.ndarray]:
    """Each factor of aligned (firm, project) pairs: the breakdown stored with a match."""
    return {
        "mineral": mineral_fit(firms.minerals, projects.minerals),
        "capability": capability_fit(firms.capabilities, projects.stages),
        "capital": capital_fit(firms.capital_min, firms.capital_max, projects.investment),
        "region": region_fit(firms.regions, projects.regions),
        "track_record": track_record_fit(firms.years, firms.track, projects.minerals),
        "verification": firms.verified,
        "feedback": feedback_fit(firms.liked, firms.disliked, projects.minerals),
    }


def breakdown(
    firms: FirmColumns, projects: ProjectColumns, firm_positions, project_positions
) -> dict[str, np.ndarray]:
    """The factors (0-100, rounded) and the score of chosen pairs, aligned with the positions."""
    shares = _shares(weights())
    factors = factors_of_pairs(firms.take(firm_positions), projects.take(project_positions))
    score = sum(
        shares[name] * np.asarray(values, dtype=np.float64) for name, values in factors.items()
    )
    result = {name: np.rint(100 * values).astype(np.int16) for name, values in factors.items()}
    result["score"] = np.rint(score).astype(np.int16)
    return result


def _shares(weight: Mapping[str, float]) -> dict[str, float]:
    """Each weight as points out of 100."""
    total = sum(weight.values())
    return {name: 100.0 * value / total for name, value in weight.items()}


class Workspace:
    """Buffers for scoring blocks of up to `width` projects against `rows` firms, allocated
    once: allocating a block's arrays anew each time costs more than the arithmetic (page
    faults). A narrower block uses the front of each buffer, still contiguous."""

    DTYPES = (np.float32, np.float32, np.float32, np.uint64, np.uint8, bool)

    def __init__(self, rows: int, width: int):
        self.rows = rows
        self.buffers = [np.empty(rows * width, dtype=dtype) for dtype in self.DTYPES]

    def views(self, width: int) -> list[np.ndarray]:
        size = self.rows * width
        return [buffer[:size].reshape(self.rows, width) for buffer in self.buffers]


def score_block(
    firms: FirmColumns, projects: ProjectColumns, workspace: Workspace | None = None
) -> np.ndarray:
    """Scores (0-100, float32) of every firm (rows) against every project (columns): the same
    sum as `breakdown`, arranged for speed. What depends only on the firm and the project's
    stage and province (capability, region, verification, experience) is one table per firm
    over the few (stage, province) combinations, read with one gather; the mineral factors
    are population counts of bit sets; everything is written into the workspace's buffers.
    The result is a view of the workspace: copy it to keep it past the next block."""
    share = {name: np.float32(value) for name, value in _shares(weights()).items()}
    workspace = workspace or Workspace(len(firms), len(projects))
    scores, work, other, bits, counts, flags = workspace.views(len(projects))

    n_regions = int(projects.regions.max(initial=0)) + 1
    combo_stages = np.repeat(np.arange(len(STAGES)), n_regions)
    combo_regions = np.tile(np.arange(n_regions), len(STAGES))
    table = (
        share["capability"] * capability_fit(firms.capabilities[:, None], combo_stages[None, :])
        + share["region"] * region_fit(firms.regions[:, None], combo_regions[None, :])
        + (share["verification"] * firms.verified)[:, None]
        + (share["track_record"] * 0.5 * experience(firms.years))[:, None]
    ).astype(np.float32)
    np.take(table, projects.stages * n_regions + projects.regions, axis=1, out=scores)

    mineral_count = np.maximum(_count(projects.minerals), 1).astype(np.float32)[None, :]

    def add_common(firm_bits: np.ndarray, into: np.ndarray, *, subtract: bool = False) -> None:
        for word in range(projects.minerals.shape[1]):
            np.bitwise_and(firm_bits[:, word, None], projects.minerals[None, :, word], out=bits)
            np.bitwise_count(bits, out=counts)
            (np.subtract if subtract else np.add)(into, counts, out=into)

    work.fill(0)
    add_common(firms.minerals, work)
    np.multiply(work, share["mineral"] / mineral_count, out=work)
    scores += work

    work.fill(0)
    add_common(firms.liked, work)
    add_common(firms.disliked, work, subtract=True)
    np.divide(work, mineral_count, out=work)
    np.clip(work, -1, 1, out=work)
    np.multiply(work, share["feedback"] * np.float32(0.5), out=work)
    scores += work
    scores += share["feedback"] * np.float32(0.5)

    flags.fill(False)
    for word in range(projects.minerals.shape[1]):
        np.bitwise_and(firms.track[:, word, None], projects.minerals[None, :, word], out=bits)
        flags |= bits != 0
    np.multiply(flags, share["track_record"] * np.float32(0.5), out=work)
    scores += work

    investment = projects.investment.astype(np.float32)[None, :]
    with np.errstate(divide="ignore"):
        np.multiply(investment, (1 / firms.capital_min.astype(np.float32))[:, None], out=work)
    np.divide(firms.capital_max.astype(np.float32)[:, None], investment, out=other)
    np.minimum(work, other, out=work)
    np.minimum(work, 1, out=work)
    work[(firms.capital_min == 0) & np.isinf(firms.capital_max)] = 0.5
    np.multiply(work, share["capital"], out=work)
    scores += work
    return scores


# --- Top matches ------------------------------------------------------------------------------


@dataclass
class TopMatches:
    """Positions of the best pairs: for each firm its best projects, for each project its
    best firms. Rows of -1 pad when there are fewer candidates than `limit`."""

    firm_projects: np.ndarray  # (F, k) project positions, best first
    project_firms: np.ndarray  # (P, k) firm positions, best first


def _best(scores: np.ndarray, limit: int, axis: int) -> np.ndarray:
    """Positions of the `limit` highest scores along `axis`, best first."""
    size = scores.shape[axis]
    if size <= limit:
        top = np.argsort(-scores, axis=axis, kind="stable")
    else:
        part = np.argpartition(-scores, limit - 1, axis=axis).take(range(limit), axis=axis)
        order = np.argsort(-np.take_along_axis(scores, part, axis=axis), axis=axis, kind="stable")
        top = np.take_along_axis(part, order, axis=axis)
    return top


def blocks(count: int, size: int | None = None) -> Iterator[slice]:
    size = size or PROJECT_BLOCK
    for start in range(0, count, size):
        yield slice(start, min(start + size, count))


def top_matches(firms: FirmColumns, projects: ProjectColumns, *, limit: int) -> TopMatches:
    """The best `limit` projects of each firm and firms of each project, scoring block by block
    so that memory stays flat whatever the number of projects."""
    n_firms, n_projects = len(firms), len(projects)
    best_scores = np.full((n_firms, 0), -1.0, dtype=np.float32)
    best_projects = np.zeros((n_firms, 0), dtype=np.int64)
    project_firms = np.full((n_projects, min(limit, n_firms)), -1, dtype=np.int64)
    workspace = Workspace(n_firms, min(PROJECT_BLOCK, n_projects))
    for part in blocks(n_projects):
        scores = score_block(firms, projects.take(part), workspace)
        if n_firms:
            project_firms[part] = _best(scores, limit, axis=0).T
        candidates = np.concatenate([best_scores, scores], axis=1)
        positions = np.concatenate(
            [best_projects, np.arange(part.start, part.stop)[None, :].repeat(n_firms, axis=0)],
            axis=1,
        )
        keep = _best(candidates, limit, axis=1)
        best_scores = np.take_along_axis(candidates, keep, axis=1)
        best_projects = np.take_along_axis(positions, keep, axis=1)
    return TopMatches(firm_projects=best_projects, project_firms=project_firms)


# --- China-Pakistan partners ------------------------------------------------------------------


def complementarity(capabilities_a, capabilities_b, present_a, present_b):
    """One brings what the other lacks; a downstream firm (processing to manufacturing) with an
    upstream one (exploration, mining) or one on the ground in Pakistan counts most."""
    union = np.bitwise_count(capabilities_a | capabilities_b)
    spread = np.bitwise_count(capabilities_a ^ capabilities_b) / np.maximum(union, 1)
    a_down_b_up = ((capabilities_a & DOWNSTREAM_BITS) != 0) & (
        ((capabilities_b & UPSTREAM_BITS) != 0) | present_b
    )
    b_down_a_up = ((capabilities_b & DOWNSTREAM_BITS) != 0) & (
        ((capabilities_a & UPSTREAM_BITS) != 0) | present_a
    )
    return 0.5 * spread + 0.5 * (a_down_b_up | b_down_a_up)


def shared_share(shared, union, *, none_given: float = 0.0):
    """Shared over all of either side (Jaccard); `none_given` when both sides are empty."""
    return np.where(union > 0, shared / np.maximum(union, 1), none_given)


def size_fit(min_a, max_a, min_b, max_b):
    """Capital ranges of a like order: the ratio of their middles; 0.5 when one is unknown."""
    middle_a, middle_b = _middle(min_a, max_a), _middle(min_b, max_b)
    known = (middle_a > 0) & (middle_b > 0)
    with np.errstate(divide="ignore", invalid="ignore"):
        ratio = np.minimum(middle_a, middle_b) / np.maximum(middle_a, middle_b)
    return np.where(known, ratio, 0.5)


def _middle(low, high):
    high = np.where(np.isinf(high), low, high)
    return (low + high) / 2


def partner_factors_of_pairs(a: FirmColumns, b: FirmColumns) -> dict[str, np.ndarray]:
    """Each partner factor of aligned pairs (or of columns that broadcast)."""
    return {
        "complementarity": complementarity(
            a.capabilities, b.capabilities, a.present_in_pakistan, b.present_in_pakistan
        ),
        "minerals": shared_share(_common(a.minerals, b.minerals), _count(a.minerals | b.minerals)),
        "regions": shared_share(
            np.bitwise_count(a.regions & b.regions),
            np.bitwise_count(a.regions | b.regions),
            none_given=0.5,
        ),
        "size": size_fit(a.capital_min, a.capital_max, b.capital_min, b.capital_max),
    }


def _broadcast(firms: FirmColumns, axis: int) -> FirmColumns:
    return FirmColumns(**{name: np.expand_dims(value, axis) for name, value in vars(firms).items()})


def partner_scores(a: FirmColumns, b: FirmColumns) -> np.ndarray:
    """Scores (0-100) of every firm of `a` (rows) with every firm of `b` (columns)."""
    shares = _shares(partner_weights())
    factors = partner_factors_of_pairs(_broadcast(a, 1), _broadcast(b, 0))
    scores = np.zeros((len(a), len(b)), dtype=np.float32)
    for name, values in factors.items():
        scores += np.float32(shares[name]) * np.asarray(values, dtype=np.float32)
    return scores


def partner_breakdown(a: FirmColumns, b: FirmColumns, a_positions, b_positions):
    shares = _shares(partner_weights())
    factors = partner_factors_of_pairs(a.take(a_positions), b.take(b_positions))
    score = sum(
        shares[name] * np.asarray(values, dtype=np.float64) for name, values in factors.items()
    )
    result = {name: np.rint(100 * values).astype(np.int16) for name, values in factors.items()}
    result["score"] = np.rint(score).astype(np.int16)
    return result


def best_of_each_row(scores: np.ndarray, limit: int) -> np.ndarray:
    return _best(scores, limit, axis=1)


def weights_table() -> Mapping[str, float]:
    """The weights as shares of 100, for the documentation page and the API."""
    return {name: round(value, 1) for name, value in _shares(weights()).items()}
