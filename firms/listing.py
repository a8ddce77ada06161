"""The rows of the firm directory and of `/api/v1/firms/`: plain `values()` dictionaries.

A page of twenty firms read as model instances with their capabilities, minerals and
provinces prefetched was some three hundred objects. Here a page is one `values()` query,
and each list it shows one more query of (firm, value) pairs for the page's firms. (Array
subqueries in the page's query measured slower on PostgreSQL: planning them cost more than
the round trips they saved.)
"""

from __future__ import annotations

from collections.abc import Iterable
from typing import Any

from django.db.models import QuerySet

from .models import Firm, FirmCapability

FIRM_COLUMNS = (
    "id",
    "name",
    "name_zh",
    "name_ur",
    "country",
    "registration_number",
    "kind",
    "head_office_city",
    "head_office_city_zh",
    "head_office_city_ur",
    "present_in_pakistan",
    "capital_usd_min",
    "capital_usd_max",
    "years_of_experience",
    "website",
    "verification_status",
)

# Each list a row may carry: the query of (firm id, value) pairs, in the order shown.
LISTS = {
    "capability_stages": FirmCapability.objects.order_by("stage").values_list("firm_id", "stage"),
    "mineral_slugs": Firm.minerals.through.objects.order_by(
        "mineral__name", "mineral_id"
    ).values_list("firm_id", "mineral__slug"),
    "region_slugs": Firm.regions.through.objects.order_by("region__name", "region_id").values_list(
        "firm_id", "region__slug"
    ),
}


def firm_rows(queryset: QuerySet[Firm]) -> QuerySet:
    """The listed columns of these firms (a page of them goes to `with_lists`)."""
    return queryset.values(*FIRM_COLUMNS)


def with_lists(rows: Iterable[dict[str, Any]], lists: Iterable[str] = tuple(LISTS)) -> list[dict]:
    """The page's rows, each with the named lists (`LISTS`): one query per list."""
    rows = list(rows)
    by_id = {row["id"]: row for row in rows}
    for name in lists:
        for row in rows:
            row[name] = []
        if by_id:
            for firm_id, value in LISTS[name].filter(firm_id__in=by_id):
                by_id[firm_id][name].append(value)
    return rows
