"""The list's filter form, written in Python (`emining.quick_forms`): the list page renders
it afresh for every filter state nobody asked for before, with about two hundred options.
The map page, rendered far less often, still uses the templates."""

from __future__ import annotations

from django import forms
from django.utils.safestring import SafeString
from django.utils.translation import gettext as _

from emining.i18n import language_field_suffix, localized_name
from emining.quick_forms import fields_html, quick_inputs, quick_select

from .. import listing_index
from ..filters import Ordering
from ..models import Project

LISTED_STATUSES = Project.PUBLISHED_STATUSES | {Project.Status.CANCELLED}
LIST_FIELDS = (
    "search",
    "ordering",
    "status",
    "mineral",
    "region",
    "stage",
    "investment_model",
    "min_investment",
    "max_investment",
)


def localize_filter_choices(form: forms.Form) -> None:
    """Mineral and region options in the visitor's language, districts under their province
    (the option values stay the slugs the filter validates), and a sort option that lets a
    search rank by relevance. Only the widgets change: validation still looks a slug up."""
    suffix = language_field_suffix()

    def name(row: dict) -> str:
        return localized_name(row, suffix)

    # The catalogue of the listing index: no query, and as current as the data version.
    catalogue = listing_index.current_index()
    minerals = sorted(catalogue.minerals.values(), key=lambda mineral: name(mineral).casefold())
    regions = sorted(catalogue.regions.values(), key=lambda region: region["name"])
    districts: dict[int, list[dict]] = {}
    for region in regions:
        if region["parent_id"]:
            districts.setdefault(region["parent_id"], []).append(region)
    provinces = [
        (
            name(province),
            [
                (province["slug"], _("All of %(province)s") % {"province": name(province)}),
                *((d["slug"], name(d)) for d in districts.get(province["id"], [])),
            ],
        )
        for province in regions
        if not province["parent_id"]
    ]
    fields = form.fields
    options = {
        "mineral": [(m["slug"], name(m)) for m in minerals],
        "region": provinces,
        # Drafts and projects in review are never listed: no point offering them.
        "status": [
            (value, label) for value, label in Project.Status.choices if value in LISTED_STATUSES
        ],
        "stage": Project.Stage.choices,
        "investment_model": Project.InvestmentModel.choices,
        # With no choice the filter ranks by relevance when searching and shows the newest
        # otherwise; a preselected "newest" would be sent back with every search.
        "ordering": [
            (value, label) for value, label in Ordering.CHOICES if value != Ordering.RELEVANCE
        ],
    }
    empty_labels = {"ordering": _("Best match or newest")}
    for field_name, choices in options.items():
        quick_select(fields[field_name], choices, empty_labels.get(field_name))
    quick_inputs(form, ("search", "min_investment", "max_investment"))


def filter_fields_html(form: forms.Form) -> SafeString:
    """The list's filter fields as `templates/forms/field.html` writes each one."""
    return fields_html(form, LIST_FIELDS)
