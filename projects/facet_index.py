"""Facet counts over a column index of the public projects, counted with numpy.

Counting in PostgreSQL meant two grouped scans per list page computed afresh (every public
project, then its mineral links joined back to the filtered projects): most of the time such
a page took. Here each public project is one position in a few small arrays (its province,
stage, investment model, status, and its mineral links as position/mineral pairs) with the
names of the regions and minerals. A page asks PostgreSQL only which projects match its
filters (their ids, from one index scan; nothing at all when no filter is set), and
`numpy.bincount` counts each facet in microseconds.

The filters themselves stay in the one FilterSet: the index never decides what matches.

Freshness: the index carries the `listings` data version (emining.DataVersion) it was built
at, which the database bumps in the same transaction as every write to projects, their
minerals, minerals and regions. Each use compares it with the version the request read, and
the first request after a change rebuilds it (one narrow read of each table). Everything it
reads is at least as new as its version, so a page never counts from before the last change
it could see. Each worker process keeps its own index; nothing is shared between visitors
beyond what every visitor sees.
"""

from __future__ import annotations

import threading
from dataclasses import dataclass
from typing import Any

import numpy as np
from django.db import connection
from django.db.models import QuerySet

from minerals.models import Mineral, Region

from . import listing_cache
from .models import Project
from .selectors import public_projects

NAME_FIELDS = ("slug", "name", "name_zh", "name_ur")
CHOICE_FIELDS = ("stage", "investment_model", "status")


@dataclass(frozen=True)
class Column:
    """A facet's value for every project: `codes[position]` indexes `values`."""

    values: tuple[Any, ...]
    codes: np.ndarray

    @classmethod
    def of(cls, raw: list[Any]) -> Column:
        values, codes = np.unique(np.array(raw, dtype=object), return_inverse=True)
        return cls(values=tuple(values), codes=codes.astype(np.int32))

    def counts(self, codes: np.ndarray) -> dict[Any, int]:
        counted = np.bincount(codes, minlength=len(self.values))
        return {self.values[code]: int(counted[code]) for code in np.flatnonzero(counted)}


@dataclass(frozen=True)
class FacetIndex:
    version: int
    ids: np.ndarray  # the public projects' ids, ascending: a project's position is its rank
    position_by_id: np.ndarray  # a project's position at its id, -1 for ids not in the index
    region: Column
    choices: dict[str, Column]
    link_positions: np.ndarray  # one entry per (project, mineral) link
    link_minerals: Column
    region_names: dict[int, dict[str, str]]
    mineral_names: dict[int, dict[str, str]]

    def positions(self, matching_ids: np.ndarray) -> np.ndarray:
        """A mask of the matching projects (ids the index does not hold are left out)."""
        mask = np.zeros(len(self.ids), dtype=bool)
        found = _positions_of(self.position_by_id, matching_ids)
        mask[found[found >= 0]] = True
        return mask

    def counts(self, mask: np.ndarray | None, total: int) -> dict[str, Any]:
        """The same data `facets.facet_groups` reads: totals per value, named."""

        def chosen(codes: np.ndarray) -> np.ndarray:
            return codes if mask is None else codes[mask]

        regions = self.region.counts(chosen(self.region.codes))
        link_codes = self.link_minerals.codes
        if mask is not None:
            link_codes = link_codes[mask[self.link_positions]]
        minerals = self.link_minerals.counts(link_codes)
        return {
            "total": total,
            "mineral": sorted(
                (self.mineral_names[pk] | {"count": n} for pk, n in minerals.items()),
                key=lambda m: (-m["count"], m["name"]),
            ),
            "region": sorted(
                (self.region_names[pk] | {"count": n} for pk, n in regions.items()),
                key=lambda r: (-r["count"], r["name"]),
            ),
            **{name: column.counts(chosen(column.codes)) for name, column in self.choices.items()},
        }


def _positions_of(position_by_id: np.ndarray, ids: np.ndarray) -> np.ndarray:
    """Each id's position, -1 where the index does not hold it (a project published since)."""
    positions = np.full(len(ids), -1, dtype=np.int32)
    held = ids < len(position_by_id)
    positions[held] = position_by_id[ids[held]]
    return positions


def build_index(version: int) -> FacetIndex:
    """Read the public projects, their mineral links and the names (four narrow queries)."""
    rows = list(public_projects().order_by("pk").values_list("pk", "region_id", *CHOICE_FIELDS))
    ids = np.fromiter((row[0] for row in rows), dtype=np.int64, count=len(rows))
    through = Project.minerals.through
    links = np.array(
        list(
            through.objects.filter(project_id__in=public_projects().values("pk"))
            .order_by()
            .values_list("project_id", "mineral_id")
        ),
        dtype=np.int64,
    ).reshape(-1, 2)
    position_by_id = np.full(int(ids.max(initial=0)) + 1, -1, dtype=np.int32)
    position_by_id[ids] = np.arange(len(ids), dtype=np.int32)
    link_positions = _positions_of(position_by_id, links[:, 0])
    known = link_positions >= 0

    def names(model) -> dict[int, dict[str, str]]:
        return {
            pk: dict(zip(NAME_FIELDS, rest, strict=True))
            for pk, *rest in model.objects.values_list("pk", *NAME_FIELDS)
        }

    return FacetIndex(
        version=version,
        ids=ids,
        position_by_id=position_by_id,
        region=Column.of([row[1] for row in rows]),
        choices={
            name: Column.of([row[2 + i] for row in rows]) for i, name in enumerate(CHOICE_FIELDS)
        },
        link_positions=link_positions[known],
        link_minerals=Column.of(links[known, 1].tolist()),
        region_names=names(Region),
        mineral_names=names(Mineral),
    )


_index: FacetIndex | None = None
_building = threading.Lock()


def current_index(version: int) -> FacetIndex:
    """This process's index at `version` (or newer), rebuilt when the data has changed."""
    global _index
    index = _index
    if index is not None and index.version >= version:
        return index
    with _building:
        if _index is None or _index.version < version:
            _index = build_index(version)
        return _index


def matching_ids(queryset: QuerySet[Project]) -> np.ndarray:
    """The ids of the projects `queryset` selects, read in one round trip as one text value
    (thousands of rows as Python tuples cost more than the scan)."""
    sql, params = queryset.order_by().values("pk").query.sql_with_params()
    aggregate = (
        "string_agg(pk::text, ',')"
        if connection.vendor == "postgresql"
        else "group_concat(pk, ',')"
    )
    with connection.cursor() as cursor:
        cursor.execute(f"SELECT {aggregate} FROM ({sql}) matching", params)  # noqa: S608
        text = cursor.fetchone()[0]
    if not text:
        return np.zeros(0, dtype=np.int64)
    return np.fromstring(text, dtype=np.int64, sep=",")


def facet_counts(queryset: QuerySet[Project], *, filtered: bool) -> dict[str, Any]:
    """Counts over `queryset` (the public projects, filtered): every facet and the total.

    `filtered` False means the queryset is all the public projects: no query at all.
    """
    index = current_index(listing_cache.request_version())
    if not filtered:
        return index.counts(None, total=len(index.ids))
    ids = matching_ids(queryset)
    return index.counts(index.positions(ids), total=len(ids))
