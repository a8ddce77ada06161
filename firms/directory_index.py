"""A column index of the verified firms: the directory's filters, counts and pages without
asking PostgreSQL to plan and run a join per filter.

A filtered directory page cost two queries with `EXISTS` subqueries (the count and the
page), whose planning alone took a few milliseconds each. Here each verified firm is one
position in a few numpy arrays, in directory order (lower-case name, then id): country,
capabilities as bits, and (position, mineral) and (position, province) pairs; beside them the
names of every mineral and province. A page's filters become a mask: the total is its sum,
the page its positions in order. A search still asks PostgreSQL, for the ids of its matches
(one round trip, over the trigram index).

Which firms a filter selects is stated twice, then: as SQL by `firms.filters.FirmFilter` (the
API, and officials' lists) and as a mask here. `tests/firms/test_directory_index.py` checks
both agree for every filter, alone and combined.

Freshness: the index carries the `firms` data version it was built at, which the database
bumps in the same transaction as every write to the firms, their lists, minerals and regions
(`firms.0003`). Each request reads the version (one primary-key read) and the first request
after a change rebuilds the index. Each worker process keeps its own.
"""

from __future__ import annotations

import logging
import threading
from dataclasses import dataclass
from typing import Any

import numpy as np
from django.db import connection
from django.db.models import QuerySet
from django.db.models.functions import Lower

from emining import data_versions
from emining.data_versions import read_version
from minerals.models import Mineral, Region, ValueChainStage

from .filters import FirmFilter, Ordering
from .models import Firm, FirmCapability

logger = logging.getLogger(__name__)

VERSION_NAME = "firms"
NAME_FIELDS = ("slug", "name", "name_zh", "name_ur")
STAGE_BITS = {stage: 1 << bit for bit, stage in enumerate(ValueChainStage.values)}
# The order `firms.listing` reads capabilities in.
SORTED_STAGES = sorted(STAGE_BITS)


@dataclass(frozen=True)
class DirectoryIndex:
    version: int
    # Verified firms' ids in directory order (lower-case name, then id), and the other way.
    ids: np.ndarray
    position_by_id: dict[int, int]
    countries: np.ndarray
    capability_bits: np.ndarray
    # Each firm's minerals and provinces as (position, id) pairs.
    mineral_links: np.ndarray
    region_links: np.ndarray
    # Names by slug, every mineral and every province: the form's options and the cards.
    minerals: dict[str, dict[str, Any]]
    provinces: list[dict[str, Any]]
    mineral_slugs: dict[int, str]
    region_slugs: dict[int, str]

    def lists_of(self, firm_ids: list[int]) -> dict[int, dict[str, list[str]]]:
        """The lists `firms.listing` reads with three queries, from the index: each firm's
        capabilities (by stage), mineral and province slugs (by name)."""
        lists = {}
        for firm_id in firm_ids:
            position = self.position_by_id.get(firm_id)
            if position is None:  # verified since the index was built: not listed yet
                continue
            bits = int(self.capability_bits[position])
            lists[firm_id] = {
                "capability_stages": [s for s in SORTED_STAGES if bits & STAGE_BITS[s]],
                "mineral_slugs": _linked(self.mineral_links, position, self.mineral_slugs),
                "region_slugs": _linked(self.region_links, position, self.region_slugs),
            }
        return lists

    def mask(self, filterset: FirmFilter) -> np.ndarray:
        """The firms a valid filterset selects. A search asks PostgreSQL for its matches."""
        data = filterset.form.cleaned_data
        mask = np.ones(len(self.ids), dtype=bool)
        if data.get("country"):
            mask &= self.countries == data["country"]
        if data.get("capability"):
            mask &= (self.capability_bits & STAGE_BITS.get(data["capability"], 0)) != 0
        for name, links in (("mineral", self.mineral_links), ("region", self.region_links)):
            chosen = data.get(name)
            if chosen is not None:
                linked = np.zeros(len(self.ids), dtype=bool)
                linked[links[links[:, 1] == chosen.pk, 0]] = True
                mask &= linked
        if data.get("q"):
            matching = _matching_ids(filterset.filter_q(Firm.objects.all(), "q", data["q"]))
            mask &= np.isin(self.ids, matching)
        return mask

    def ordered_ids(self, mask: np.ndarray, ordering: str) -> np.ndarray:
        """The selected firms' ids in the order chosen (`filters.Ordering`): the index's
        order is `FirmFilter`'s by name, and its exact reverse."""
        ids = self.ids[mask]
        return ids[::-1] if ordering == Ordering.NAME_DESCENDING else ids


def _fetch(queryset: QuerySet) -> list[tuple]:
    """Rows as the driver returns them: thousands of plain numbers need no ORM converters."""
    sql, params = queryset.query.sql_with_params()
    with connection.cursor() as cursor:
        cursor.execute(sql, params)
        return cursor.fetchall()


def _matching_ids(queryset: QuerySet[Firm]) -> np.ndarray:
    return np.array(_fetch(queryset.order_by().values_list("pk")), dtype=np.int64).reshape(-1)


def _links(position_by_id: dict[int, int], rows: list[tuple]) -> np.ndarray:
    """(position, id) pairs of verified firms, by position, each firm's in the order read."""
    pairs = [(position_by_id[firm], other) for firm, other in rows if firm in position_by_id]
    links = np.array(pairs, dtype=np.int64).reshape(-1, 2)
    return links[np.argsort(links[:, 0], kind="stable")]


def _linked(links: np.ndarray, position: int, slugs: dict[int, str]) -> list[str]:
    start, stop = np.searchsorted(links[:, 0], [position, position + 1])
    return [slugs[pk] for pk in links[start:stop, 1].tolist() if pk in slugs]


def build_index(version: int) -> DirectoryIndex:
    """Six narrow reads: the verified firms in order, their capabilities, minerals and
    provinces, and the names of minerals and regions."""
    verified = Firm.objects.filter(verification_status=Firm.VerificationStatus.VERIFIED)
    rows = _fetch(verified.order_by(Lower("name"), "id").values_list("id", "country"))
    ids = np.array([row[0] for row in rows], dtype=np.int64)
    position_by_id = {firm_id: position for position, (firm_id, _) in enumerate(rows)}
    bits = np.zeros(len(ids), dtype=np.int64)
    for firm_id, stage in _fetch(
        FirmCapability.objects.filter(firm__in=verified).values_list("firm_id", "stage")
    ):
        bits[position_by_id[firm_id]] |= STAGE_BITS.get(stage, 0)
    through_minerals, through_regions = Firm.minerals.through, Firm.regions.through
    minerals = list(Mineral.objects.order_by("name").values("id", *NAME_FIELDS))
    regions = list(Region.objects.order_by("name").values("id", "parent_id", *NAME_FIELDS))
    return DirectoryIndex(
        version=version,
        ids=ids,
        position_by_id=position_by_id,
        countries=np.array([row[1] for row in rows], dtype="<U2"),
        capability_bits=bits,
        # Each firm's links in the order `firms.listing` reads them (by name, then id).
        mineral_links=_links(
            position_by_id,
            _fetch(
                through_minerals.objects.order_by("mineral__name", "mineral_id").values_list(
                    "firm_id", "mineral_id"
                )
            ),
        ),
        region_links=_links(
            position_by_id,
            _fetch(
                through_regions.objects.order_by("region__name", "region_id").values_list(
                    "firm_id", "region_id"
                )
            ),
        ),
        minerals={row["slug"]: row for row in minerals},
        provinces=[row for row in regions if row["parent_id"] is None],
        mineral_slugs={row["id"]: row["slug"] for row in minerals},
        region_slugs={row["id"]: row["slug"] for row in regions},
    )


_index: DirectoryIndex | None = None
_building = threading.Lock()


def current_index() -> DirectoryIndex:
    """This process's index at the current data version, rebuilt when the data changed."""
    global _index
    version = read_version(VERSION_NAME)
    index = _index
    if index is not None and index.version == version:
        return index
    with _building:
        if _index is None or _index.version != version:
            _index = build_index(version)
        return _index


def warm_up() -> bool:
    """Build this process's index before it serves anyone (gunicorn's `post_worker_init`)."""
    return data_versions.warm_up(current_index, "firm directory index")


def forget() -> None:
    """Drop this process's index (tests: rolled-back writes make version numbers recur)."""
    global _index
    _index = None
