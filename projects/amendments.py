"""How a change to a published project is recorded and read back.

An amendment stores field names and raw values (ISO times, numbers, ids); labels and values
are written out when a page is shown, in the visitor's language and formats. Which changes
need a second official (four eyes) is decided here, once.
"""

from __future__ import annotations

from datetime import UTC, datetime
from decimal import Decimal
from typing import Any

from django.core.exceptions import FieldDoesNotExist
from django.db import models
from django.utils import formats, timezone
from django.utils.dateparse import parse_datetime
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from emining.i18n import language_field_suffix
from emining.models import User
from minerals.models import Mineral, Region

from .models import Project, ProjectDocument

# Changes bidders price in: they take effect only once a second official of the agency
# approves them. Restricted documents (added or removed) are in the same class.
FIELDS_NEEDING_APPROVAL = frozenset({"bid_closes_at", "investment_usd", "evaluation_criteria"})

# Keys of an amendment's values that are not project fields.
EXTRA_LABELS = {
    "evaluation_criteria": gettext_lazy("Evaluation criteria"),
    "documents_added": gettext_lazy("Documents added"),
    "documents_removed": gettext_lazy("Documents removed"),
}

_RELATED_MODELS: dict[str, type[models.Model]] = {
    "primary_mineral": Mineral,
    "minerals": Mineral,
    "region": Region,
    "district": Region,
    "contact_official": User,
}


def needs_approval(values: dict[str, Any]) -> bool:
    """Whether an amendment with these changed values waits for a second official."""
    if FIELDS_NEEDING_APPROVAL & set(values):
        return True
    for key in ("documents_added", "documents_removed"):
        change = values.get(key)
        if change and any(
            item.get("visibility") == ProjectDocument.Visibility.RESTRICTED
            for item in change.get("to" if key == "documents_added" else "from", [])
        ):
            return True
    return False


def raw_value(field: str, value: Any) -> Any:
    """A field's value as JSON: ids for records, ISO text for times, numbers as numbers."""
    if value is None:
        return None
    if isinstance(value, models.Model):
        return value.pk
    if isinstance(value, datetime):
        return value.astimezone(UTC).isoformat()  # one spelling per moment: comparable
    if isinstance(value, Decimal):
        return str(value)
    return value


def label(field: str) -> str:
    """A changed field's name in the active language."""
    if field in EXTRA_LABELS:
        return str(EXTRA_LABELS[field])
    try:
        return str(Project._meta.get_field(field).verbose_name)
    except FieldDoesNotExist:  # a field since removed: its name as stored
        return field


def _related_names(values: dict[str, dict[str, Any]]) -> dict[str, dict[Any, str]]:
    """The names of the records the changes refer to, one query per kind of record."""
    wanted: dict[type[models.Model], set[Any]] = {}
    for field, change in values.items():
        model = _RELATED_MODELS.get(field)
        if model is None:
            continue
        for side in ("from", "to"):
            value = change.get(side)
            ids = value if isinstance(value, list) else [value]
            wanted.setdefault(model, set()).update(i for i in ids if i is not None)
    names: dict[str, dict[Any, str]] = {}
    for model, ids in wanted.items():
        rows = model.objects.filter(pk__in=ids) if ids else []
        if model is User:
            found = {user.pk: user.get_full_name() or user.username for user in rows}
        else:
            found = {row.pk: row.localized_name for row in rows}
        names[model.__name__] = found
    return names


def display(field: str, value: Any, names: dict[str, dict[Any, str]] | None = None) -> str:
    """A raw value as the visitor reads it, in the active language's formats."""
    if value is None or value == "" or value == []:
        return "—"
    names = names or {}
    if field in ("documents_added", "documents_removed"):
        return "; ".join(_document_text(item) for item in value)
    if field == "evaluation_criteria":
        return "; ".join(
            _("%(name)s %(weight)s%%") % {"name": _criterion_name(row), "weight": row[1]}
            for row in value
        )
    model = _RELATED_MODELS.get(field)
    if model is not None:
        known = names.get(model.__name__, {})
        ids = value if isinstance(value, list) else [value]
        return ", ".join(known.get(i, str(i)) for i in ids)
    try:
        model_field = Project._meta.get_field(field)
    except FieldDoesNotExist:
        return str(value)
    if model_field.choices:
        return str(dict(model_field.flatchoices).get(value, value))
    if isinstance(model_field, models.DateTimeField):
        moment = parse_datetime(value) if isinstance(value, str) else value
        if moment is None:
            return str(value)
        return formats.date_format(timezone.localtime(moment), "DATETIME_FORMAT")
    if field == "investment_usd":
        return _("USD %(amount)s") % {
            "amount": formats.number_format(int(value), use_l10n=True, force_grouping=True)
        }
    if isinstance(value, int | float) or isinstance(model_field, models.DecimalField):
        number = Decimal(str(value)) if isinstance(value, str) else value
        return formats.number_format(number, use_l10n=True, force_grouping=True)
    return str(value)


def _document_text(item: dict[str, Any]) -> str:
    if item.get("visibility") == ProjectDocument.Visibility.RESTRICTED:
        return _("%(title)s (restricted)") % {"title": item.get("title", "")}
    return str(item.get("title", ""))


def change_rows(values: dict[str, dict[str, Any]], stored: dict[str, Any] | None = None):
    """[{"label", "from", "to"}] for a page. Amendments recorded before raw values were kept
    show their stored display text."""
    if not values:
        return [
            {"label": label(name), "from": change.get("from", ""), "to": change.get("to", "")}
            for name, change in (stored or {}).items()
        ]
    names = _related_names(values)
    return [
        {
            "label": label(field),
            "from": display(field, change.get("from"), names),
            "to": display(field, change.get("to"), names),
        }
        for field, change in values.items()
    ]


def current_value(project: Project, field: str) -> Any:
    """A project's value of `field` as an amendment records it (minerals and criteria from
    the prefetched rows)."""
    if field == "minerals":
        return sorted(mineral.pk for mineral in project.minerals.all())
    if field == "evaluation_criteria":
        return [[c.name, c.weight, c.name_zh, c.name_ur] for c in project.evaluation_criteria.all()]
    return raw_value(field, getattr(project, Project._meta.get_field(field).attname))


def against_current(project: Project, values: dict[str, dict[str, Any]]):
    """A pending amendment's changes measured from what the project holds today (another
    amendment may have taken effect since it was proposed)."""
    return {
        field: change
        if field.startswith("documents_")
        else {"from": current_value(project, field), "to": change.get("to")}
        for field, change in values.items()
    }


def _criterion_name(row: list[Any]) -> str:
    """A stored criterion ([name, weight] or [name, weight, name_zh, name_ur]) named in the
    visitor's language, English when it has no version in it."""
    english, translations = row[0], dict(zip(("zh", "ur"), row[2:4], strict=False))
    return translations.get(language_field_suffix()) or english
