"""Facet counts for the public project list: how many of the filtered projects fall under each
mineral, province or territory, value-chain stage, investment model and status.

The counts come from a column index of the public projects (`listing_index`); they hold no
translated text: the names of minerals and regions are kept in all three languages and the
labels are chosen when the page is rendered.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass, field
from decimal import Decimal
from html import escape  # the standard library's: these modules mark their output safe once
from typing import TYPE_CHECKING, Any
from urllib.parse import urlencode

from django.db.models import Model
from django.http import QueryDict
from django.utils.formats import localize
from django.utils.functional import Promise
from django.utils.safestring import SafeString, mark_safe
from django.utils.translation import gettext, ngettext
from django.utils.translation import gettext_lazy as _

from emining.i18n import language_field_suffix, localized_name

from .models import Project

if TYPE_CHECKING:
    pass

# A long tail of minerals folds away under "more" on the page.
VISIBLE_VALUES = 8
# Filters that do not change which projects match, so they do not change the counts.
NOT_COUNTED = frozenset({"ordering", "page"})
_CHOICE_FACETS = {
    "status": Project.Status,
    "stage": Project.Stage,
    "investment_model": Project.InvestmentModel,
}


@dataclass(frozen=True)
class FacetValue:
    value: str
    label: str
    count: int
    url: str
    active: bool


@dataclass
class FacetGroup:
    name: str
    label: str | Promise
    values: list[FacetValue] = field(default_factory=list)

    @property
    def visible(self) -> list[FacetValue]:
        return self.values[:VISIBLE_VALUES]

    @property
    def more(self) -> list[FacetValue]:
        return self.values[VISIBLE_VALUES:]

    @property
    def visible_html(self) -> SafeString:
        return facet_items_html(self.visible)

    @property
    def more_html(self) -> SafeString:
        return facet_items_html(self.more)


def facet_items_html(values: list[FacetValue]) -> SafeString:
    """The `<li>` of each value, written in Python with every value escaped: a page shows
    about seventy of them, and their markup was a good part of a page computed afresh."""
    applied = (
        f' <span class="visually-hidden">{escape(gettext("(applied; select to remove)"))}</span>'
    )
    items = []
    for value in values:
        count = localize(value.count)
        spoken = ngettext("(%(counter)s project)", "(%(counter)s projects)", value.count) % {
            "counter": count
        }
        active = (
            ' class="facet-link active" aria-current="true"'
            if value.active
            else ' class="facet-link"'
        )
        marker = applied if value.active else ""
        items.append(
            f'<li><a href="{escape(value.url)}"{active}>'
            f'<span class="facet-label">{escape(value.label)}{marker}</span> '
            f'<span class="badge facet-count" aria-hidden="true">{escape(count)}</span> '
            f'<span class="visually-hidden">{escape(spoken)}</span></a></li>'
        )
    return mark_safe("\n".join(items))  # noqa: S308 (every value escaped above)


def cache_key_data(cleaned_data: dict[str, Any]) -> dict[str, str]:
    """The valid filter values in a stable, text-only form: equal filters, equal keys.

    Also the only source of the links a listing renders (`state_query`): what is not a
    validated filter value never reaches a key or a link.
    """
    key: dict[str, str] = {}
    for name, value in sorted(cleaned_data.items()):
        if name in NOT_COUNTED or value in (None, ""):
            continue
        if isinstance(value, Model):
            value = getattr(value, "slug", value.pk)
        elif isinstance(value, Decimal | float | int):
            number = Decimal(value)
            value = str(int(number)) if number == number.to_integral_value() else str(number)
        elif isinstance(value, str):
            value = " ".join(value.split())
            if not value:
                continue
        key[name] = str(value)
    return key


def state_query(cleaned_data: dict[str, Any], ordering: str | None = None) -> QueryDict:
    """The cleaned filter state as a query string (one value per name, in a fixed order),
    with the sort order when one was chosen: links in cached fragments are built from it."""
    query = QueryDict(mutable=True)
    for name, value in cache_key_data(cleaned_data).items():
        query[name] = value
    if ordering:
        query["ordering"] = ordering
    return query


# --- Rendering ---------------------------------------------------------------------------------


def _linker(query: QueryDict, name: str) -> Callable[[str | None], str]:
    """Links to the current filters with `name` set to a value (or removed, for None), back
    on the first page: the other filters are encoded once per facet, not once per value."""
    params = query.copy()
    params.pop("page", None)
    params.pop(name, None)
    for key in [key for key, values in params.lists() if not any(values)]:
        del params[key]
    others = params.urlencode()
    joiner = "&" if others else ""

    def link(value: str | None) -> str:
        if value is None:
            return f"?{others}"
        return f"?{others}{joiner}{urlencode({name: value})}"

    return link


def facet_groups(counts: dict[str, Any], query: QueryDict) -> list[FacetGroup]:
    """The facets as the page shows them: labels in the active language, each value a link
    that applies it (or, when already applied, removes it)."""
    suffix = language_field_suffix()
    current = {name: query.get(name, "") for name in ("mineral", "region", *_CHOICE_FACETS)}
    groups = []

    def add(name: str, label: str | Promise, entries: list[tuple[str, str, int]]) -> None:
        group = FacetGroup(name=name, label=label)
        link = _linker(query, name)
        for value, value_label, count in entries:
            if not count:
                continue
            active = current[name] == value
            group.values.append(
                FacetValue(
                    value=value,
                    label=value_label,
                    count=count,
                    url=link(None if active else value),
                    active=active,
                )
            )
        if group.values:
            groups.append(group)

    add("status", _("Status"), _choice_entries(counts, "status"))
    add(
        "mineral",
        _("Mineral"),
        [(m["slug"], localized_name(m, suffix), m["count"]) for m in counts["mineral"]],
    )
    add(
        "region",
        _("Province or territory"),
        [(r["slug"], localized_name(r, suffix), r["count"]) for r in counts["region"]],
    )
    add("stage", _("Value-chain stage"), _choice_entries(counts, "stage"))
    add("investment_model", _("Investment model"), _choice_entries(counts, "investment_model"))
    return groups


def _choice_entries(counts: dict[str, Any], name: str) -> list[tuple[str, str, int]]:
    """In the order the choices are declared (the workflow's order for statuses)."""
    found = counts.get(name, {})
    return [
        (value, str(label), found.get(value, 0))
        for value, label in _CHOICE_FACETS[name].choices
        if found.get(value)
    ]
