"""A column index of the public projects: what every visitor sees, kept so that a list, a map
or an API page for filters nobody asked for before costs no counting in the database.

Counting in PostgreSQL meant two grouped scans per list page computed afresh (every public
project, then its mineral links joined back to the filtered projects): most of the time such
a page took. Here each public project is one position in a few numpy arrays (province,
district, stage, investment model, status, amount, publication order; its mineral links as
position/mineral pairs), beside the names of every mineral, region and agency. A page's
filters become a mask over those arrays and `numpy.bincount` counts each facet: microseconds,
and no query. The same mask gives the total, the newest matches a search ranks, and the
points of the public map (`geo.public_feature_collection_json`); the names serve the filter
form, the result cards and the public API's slugs.

Full-text search is PostgreSQL's alone: with a search, the database lists the ids of the
projects matching every filter (one round trip) and the index counts those.

Which projects a filter selects is stated twice, then: as SQL by the FilterSet (the rows of
the page) and as a mask here (their counts). `tests/projects/test_listing_index.py` checks
that both agree for every filter, alone and combined.

Freshness: the index carries the `listings` data version (emining.DataVersion) it was built
at, which the database bumps in the same transaction as every write to projects, their
minerals, minerals and regions. Each use compares it with the version the request read, and
the first request after a change rebuilds the index (five narrow reads). What it reads is at
least as new as that version, so no page counts from before a change it could see. Each
worker process keeps its own index: it holds only what every visitor sees.
"""

from __future__ import annotations

import logging
import threading
from dataclasses import dataclass, field
from typing import TYPE_CHECKING, Any

import numpy as np
from django.db import connection
from django.db.models import F, QuerySet, Window
from django.db.models.functions import RowNumber

from emining import data_versions
from emining.models import Agency
from minerals.models import Mineral, Region

from . import listing_cache
from .models import Project
from .selectors import public_projects

if TYPE_CHECKING:
    from .filters import ProjectFilter

logger = logging.getLogger(__name__)

NAME_FIELDS = ("slug", "name", "name_zh", "name_ur")
CHOICE_FIELDS = ("stage", "investment_model", "status")
# No project is filed under id 0 or region 0: the code for "none" (a project with no district).
NONE = 0
LARGEST_AMOUNT = np.iinfo(np.int64).max


@dataclass(frozen=True)
class Column:
    """One facet's value for every project: `codes[position]` indexes `values`."""

    values: tuple[Any, ...]
    codes: np.ndarray

    @classmethod
    def of(cls, raw: list[Any]) -> Column:
        """From a column of ids or of short codes (numpy sorts either in C)."""
        values, codes = np.unique(np.array(raw), return_inverse=True)
        return cls(values=tuple(values.tolist()), codes=codes.astype(np.int32).reshape(-1))

    def equal_to(self, value: Any) -> np.ndarray:
        try:
            return self.codes == self.values.index(value)
        except ValueError:  # no project has it
            return np.zeros(len(self.codes), dtype=bool)

    def counts(self, codes: np.ndarray) -> dict[Any, int]:
        counted = np.bincount(codes, minlength=len(self.values))
        return {self.values[code]: int(counted[code]) for code in np.flatnonzero(counted)}


@dataclass(frozen=True, eq=False)
class ListingIndex:
    version: int
    ids: np.ndarray  # the public projects' ids, ascending: a project's position is its rank
    position_by_id: np.ndarray  # a project's position at its id, -1 for ids not held
    region: Column
    district_ids: np.ndarray  # NONE where a project names no district
    amounts: np.ndarray  # investment sought, USD
    newest_rank: np.ndarray  # 1 for the newest project (publication time, then id)
    choices: dict[str, Column]
    link_positions: np.ndarray  # one entry per (project, mineral) link
    link_minerals: Column
    regions: dict[int, dict[str, Any]]  # every region: names, slug, parent_id, kind
    minerals: dict[int, dict[str, Any]]  # every mineral: names, slug
    agencies: dict[int, str]  # every agency's slug
    # What is worked out from the index when first needed (the map's features and the list's
    # cards, per language): gone with the index when the data changes.
    derived: dict[Any, Any] = field(default_factory=dict, compare=False)

    @property
    def size(self) -> int:
        return len(self.ids)

    # --- Which projects match ---------------------------------------------------------------

    def mask_of_ids(self, matching_ids: np.ndarray) -> np.ndarray:
        """The projects with these ids (ids the index does not hold are left out)."""
        mask = np.zeros(self.size, dtype=bool)
        found = _positions_of(self.position_by_id, matching_ids)
        mask[found[found >= 0]] = True
        return mask

    def mask_of_filters(self, filterset: ProjectFilter) -> np.ndarray:
        """The projects the FilterSet's filters other than the search select (see the module
        docstring: the SQL of each filter is its reference)."""
        cleaned = filterset.form.cleaned_data
        mask = np.ones(self.size, dtype=bool)
        if mineral := cleaned.get("mineral"):
            with_mineral = self.link_positions[self.link_minerals.equal_to(mineral.pk)]
            selected = np.zeros(self.size, dtype=bool)
            selected[with_mineral] = True
            mask &= selected
        if region := cleaned.get("region"):
            mask &= (
                self.district_ids == region.pk
                if region.is_district
                else self.region.equal_to(region.pk)
            )
        for name, column in self.choices.items():
            if value := cleaned.get(name):
                mask &= column.equal_to(value)
        lowest, highest = (
            _compared_amount(filterset, name) for name in ("min_investment", "max_investment")
        )
        if lowest is not None:
            mask &= self.amounts >= min(lowest, LARGEST_AMOUNT)
        if highest is not None:
            mask &= self.amounts <= min(highest, LARGEST_AMOUNT)
        return mask

    def holds(self, project_id: int) -> bool:
        """Whether this public project is in the index (not one published since the build)."""
        return project_id < len(self.position_by_id) and self.position_by_id[project_id] >= 0

    def mineral_ids_of(self, project_id: int) -> list[int]:
        """The minerals of a public project, by name (none for one published since the build)."""
        if not self.holds(project_id):
            return []
        position = self.position_by_id[project_id]
        start, end = np.searchsorted(self.link_positions, [position, position + 1])
        return [self.link_minerals.values[code] for code in self.link_minerals.codes[start:end]]

    def newest_ids(self, mask: np.ndarray, limit: int) -> list[int]:
        """The ids of the `limit` newest selected projects, newest first (then the higher id,
        as the list's own order breaks ties)."""
        positions = np.flatnonzero(mask)
        newest = np.argsort(self.newest_rank[positions], kind="stable")[:limit]
        return self.ids[positions[newest]].tolist()

    # --- Counting -----------------------------------------------------------------------------

    def counts(self, mask: np.ndarray) -> dict[str, Any]:
        """Every facet's counts over the selected projects, with the names to show them."""
        regions = self.region.counts(self.region.codes[mask])
        minerals = self.link_minerals.counts(self.link_minerals.codes[mask[self.link_positions]])
        return {
            "total": int(np.count_nonzero(mask)),
            "mineral": sorted(
                (_named(self.minerals[pk], count) for pk, count in minerals.items()),
                key=lambda m: (-m["count"], m["name"]),
            ),
            "region": sorted(
                (_named(self.regions[pk], count) for pk, count in regions.items()),
                key=lambda r: (-r["count"], r["name"]),
            ),
            **{name: column.counts(column.codes[mask]) for name, column in self.choices.items()},
        }


def _compared_amount(filterset: ProjectFilter, name: str) -> int | None:
    """The whole dollars the filter's SQL compares the stored amounts with: the page's filters
    convert millions (`stored_amount`), and Django's integer field truncates a fraction."""
    value = filterset.form.cleaned_data.get(name)
    if value is None:
        return None
    convert = getattr(filterset.filters[name], "stored_amount", None)
    return int(convert(value) if convert else value)


def _named(row: dict[str, Any], count: int) -> dict[str, Any]:
    return {name: row[name] for name in NAME_FIELDS} | {"count": count}


def _positions_of(position_by_id: np.ndarray, ids: np.ndarray) -> np.ndarray:
    """Each id's position, -1 where the index does not hold it (a project published since)."""
    positions = np.full(len(ids), -1, dtype=np.int32)
    held = ids < len(position_by_id)
    positions[held] = position_by_id[ids[held]]
    return positions


def build_index(version: int) -> ListingIndex:
    """Read the public projects (whole numbers and short codes only: cheap to read), their
    mineral links, the minerals, the regions and the agencies."""
    newest_first = Window(RowNumber(), order_by=[F("published_at").desc(), F("id").desc()])
    fields = ("pk", "region_id", "district_id", "investment_usd", *CHOICE_FIELDS, "newest")
    rows = _fetch(
        public_projects().order_by("pk").annotate(newest=newest_first).values_list(*fields)
    )
    columns = dict(zip(fields, zip(*rows, strict=True), strict=True)) if rows else {}

    def column(name: str) -> list[Any]:
        return list(columns.get(name, ()))

    ids = np.array(column("pk"), dtype=np.int64)
    position_by_id = np.full(int(ids.max(initial=0)) + 1, -1, dtype=np.int32)
    position_by_id[ids] = np.arange(len(ids), dtype=np.int32)
    through = Project.minerals.through
    links = np.array(
        _fetch(
            through.objects.filter(project_id__in=public_projects().values("pk"))
            # A project's links side by side, its minerals in the order the API lists them.
            .order_by("project_id", "mineral__name", "mineral_id")
            .values_list("project_id", "mineral_id")
        ),
        dtype=np.int64,
    ).reshape(-1, 2)
    link_positions = _positions_of(position_by_id, links[:, 0])
    held = link_positions >= 0
    return ListingIndex(
        version=version,
        ids=ids,
        position_by_id=position_by_id,
        region=Column.of(column("region_id")),
        district_ids=np.array([pk or NONE for pk in column("district_id")], dtype=np.int64),
        amounts=np.array(column("investment_usd"), dtype=np.int64),
        newest_rank=np.array(column("newest"), dtype=np.int64),
        choices={name: Column.of(column(name)) for name in CHOICE_FIELDS},
        link_positions=link_positions[held],
        link_minerals=Column.of(links[held, 1].tolist()),
        regions={
            row["id"]: row for row in Region.objects.values("id", *NAME_FIELDS, "parent_id", "kind")
        },
        minerals={row["id"]: row for row in Mineral.objects.values("id", *NAME_FIELDS)},
        agencies=dict(Agency.objects.values_list("id", "slug")),
    )


def _fetch(queryset: QuerySet) -> list[tuple]:
    """A `values_list()` queryset's rows as the database driver returns them: thousands of
    rows of plain numbers and codes need none of the ORM's per-value converters."""
    sql, params = queryset.query.sql_with_params()
    with connection.cursor() as cursor:
        cursor.execute(sql, params)
        return cursor.fetchall()


_index: ListingIndex | None = None
_building = threading.Lock()


def current_index() -> ListingIndex:
    """This process's index at the request's data version, rebuilt when the data changed."""
    global _index
    version = listing_cache.request_version()
    index = _index
    if index is not None and index.version >= version:
        return index
    with _building:
        if _index is None or _index.version < version:
            _index = build_index(version)
        return _index


def warm_up() -> bool:
    """Build this process's index before it serves anyone (gunicorn's `post_worker_init`)."""
    return data_versions.warm_up(current_index, "listing index")


def forget() -> None:
    """Drop this process's index (tests: rolled-back writes make version numbers recur)."""
    global _index
    _index = None


def matching_ids(queryset: QuerySet[Project]) -> np.ndarray:
    """The ids of the projects `queryset` selects, in one round trip as one text value
    (thousands of rows as Python tuples cost more than the scan)."""
    sql, params = queryset.order_by().values("pk").query.sql_with_params()
    if connection.vendor == "postgresql":
        aggregate = "string_agg(pk::text, ',')"
    else:
        aggregate = "group_concat(pk, ',')"
    with connection.cursor() as cursor:
        cursor.execute(f"SELECT {aggregate} FROM ({sql}) matching", params)  # noqa: S608
        text = cursor.fetchone()[0]
    return np.fromstring(text or "", dtype=np.int64, sep=",")


def matching_mask(index: ListingIndex, filterset: ProjectFilter | None) -> np.ndarray:
    """The public projects a valid filterset selects (all of them for None). Without a search
    no query is needed; with one, PostgreSQL lists the matches."""
    if filterset is None:
        return np.ones(index.size, dtype=bool)
    if filterset.form.cleaned_data.get("search"):
        return index.mask_of_ids(matching_ids(filterset.filter_queryset(public_projects())))
    return index.mask_of_filters(filterset)
