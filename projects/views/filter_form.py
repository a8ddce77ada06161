"""The list's filter form, written in Python.

The list page renders its filter form afresh for every filter state nobody asked for before;
through the template engine (a field template, a widget template and one template per
option, for about two hundred options) that was a good part of such a page. The markup is
that of `templates/forms/field.html` and Django's widget templates; the map page, rendered
far less often, still uses those templates.
"""

from __future__ import annotations

from html import escape  # the standard library's: these modules mark their output safe once

from django import forms
from django.forms.utils import flatatt
from django.forms.widgets import Input
from django.utils.safestring import SafeString, mark_safe
from django.utils.translation import gettext as _

from emining.i18n import language_field_suffix, localized_name

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
        field = fields[field_name]
        empty = empty_labels.get(field_name) or getattr(field, "empty_label", None) or "---------"
        fields[field_name].widget = QuickSelect(
            attrs=field.widget.attrs, options=[("", empty), *choices]
        )
    for field_name in ("search", "min_investment", "max_investment"):
        widget = fields[field_name].widget
        fields[field_name].widget = QuickInput(attrs=widget.attrs, input_type=widget.input_type)


class QuickSelect(forms.Select):
    """A select written in Python (the region select alone has about 170 options). `options`
    are (value, label) pairs, or (group label, pairs) for an `<optgroup>`."""

    def __init__(self, attrs=None, options=()):
        super().__init__(attrs)
        self.options = options

    def render(self, name, value, attrs=None, renderer=None):
        chosen = set(self.format_value(value))
        parts = [f'<select name="{escape(name)}"{flatatt(self.build_attrs(self.attrs, attrs))}>']
        for option_value, label in self.options:
            if isinstance(label, list | tuple):
                parts.append(f'<optgroup label="{escape(str(option_value))}">')
                parts.extend(_option(value, text, chosen) for value, text in label)
                parts.append("</optgroup>")
            else:
                parts.append(_option(option_value, label, chosen))
        parts.append("</select>")
        return mark_safe("".join(parts))  # noqa: S308 (every value and label escaped)


def _option(value, label, chosen: set[str]) -> str:
    value = "" if value is None else str(value)
    selected = " selected" if value in chosen else ""
    return f'<option value="{escape(value)}"{selected}>{escape(str(label))}</option>'


class QuickInput(Input):
    """An `<input>` written in Python, as Django's input template writes it."""

    def __init__(self, attrs=None, input_type: str = "text"):
        super().__init__(attrs)
        self.input_type = input_type

    def render(self, name, value, attrs=None, renderer=None):
        value = self.format_value(value)
        shown = "" if value is None else f' value="{escape(str(value))}"'
        attributes = flatatt(self.build_attrs(self.attrs, attrs))
        html = f'<input type="{escape(self.input_type)}" name="{escape(name)}"{shown}{attributes}>'
        return mark_safe(html)  # noqa: S308 (every value escaped)


def filter_fields_html(form: forms.Form) -> SafeString:
    """The list's filter fields as `templates/forms/field.html` writes each one."""
    parts = []
    for name in LIST_FIELDS:
        field = form[name]
        auto_id = escape(field.auto_id)
        help_text = (
            f'<div class="form-text" id="{auto_id}_helptext">{field.help_text}</div>'
            if field.help_text
            else ""
        )
        errors = "".join(
            f'<div class="invalid-feedback d-block" id="{auto_id}_error">{escape(str(error))}</div>'
            for error in field.errors
        )
        label = escape(str(field.label))
        parts.append(
            f'<div class="mb-3">\n  <label class="form-label" for="{auto_id}">{label}</label>'
            f"\n  {field.as_widget()}\n  {help_text}{errors}\n</div>"
        )
    return mark_safe("\n".join(parts))  # noqa: S308 (labels and errors escaped; help text is ours)
