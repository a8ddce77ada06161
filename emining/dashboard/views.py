"""The dashboards' pages: the public transparency dashboard and the officials' dashboard.

The figures come from `figures.public_figures()` (the same numbers as `/api/v1/stats/`) and
`internal.internal_figures()`; this module only names them in the visitor's language and
shapes each chart's data (read by static/js/dashboard.js from a `json_script`), every chart
followed by a table of the same numbers.
"""

from __future__ import annotations

from datetime import date
from typing import Any

from django.core.cache import cache
from django.http import HttpRequest, HttpResponse
from django.shortcuts import render
from django.template import TemplateDoesNotExist
from django.template.loader import get_template, render_to_string
from django.utils import formats, timezone
from django.utils.safestring import mark_safe
from django.utils.translation import get_language
from django.utils.translation import gettext as _
from django.views.decorators.http import require_safe

from emining.data_versions import read_version
from emining.i18n import language_field_suffix, localized_name
from firms.models import Firm
from firms.views.common import private
from matchmaking.models import MoU
from minerals.models import ValueChainStage
from projects.views.manage import official_required

from . import figures
from .figures import CACHE_TIMEOUT, VERSION_NAME, public_figures
from .internal import internal_figures

# The officials' lead pipeline, built on the `leads` branch: shown once the template exists.
LEAD_PIPELINE_TEMPLATE = "matchmaking/leads/_pipeline.html"
MINERALS_CHARTED = 10


def month_label(key: str) -> str:
    year, month = (int(part) for part in key.split("-"))
    return formats.date_format(date(year, month, 1), "YEAR_MONTH_FORMAT")


def _named(rows: list[dict], suffix: str) -> list[dict]:
    return [
        row | {"key": row["slug"], "label": localized_name(row, suffix), "beyond_extraction": False}
        for row in rows
    ]


def _chart(kind: str, labels: list[str], datasets: list[tuple[str, list]], **options) -> dict:
    return {
        "type": kind,
        "labels": labels,
        "datasets": [{"label": label, "data": data} for label, data in datasets],
        **options,
    }


def public_context(figures: dict[str, Any]) -> dict[str, Any]:
    """The figures with labels in the active language, and the charts' data."""
    suffix = language_field_suffix()
    stages = [row | {"label": ValueChainStage(row["stage"]).label} for row in figures["by_stage"]]
    minerals = _named(figures["by_mineral"], suffix)
    regions = _named(figures["by_region"], suffix)
    firms = [
        row | {"label": Firm.Country(row["country"]).label} for row in figures["firms_by_country"]
    ]
    mous = [row | {"label": MoU.Status(row["status"]).label} for row in figures["mous_by_status"]]
    trend = [row | {"label": month_label(row["month"])} for row in figures["trend"]]
    projects_label = _("Projects published")
    charts = {
        "trend": _chart(
            "line",
            [row["label"] for row in trend],
            [
                (projects_label, [row["projects_published"] for row in trend]),
                (_("Bids opened"), [row["bids_opened"] for row in trend]),
                (_("MoUs signed"), [row["mous_signed"] for row in trend]),
            ],
        ),
        "stages": _chart(
            "bar",
            [row["label"] for row in stages],
            [(projects_label, [row["projects"] for row in stages])],
        ),
        "minerals": _chart(
            "bar",
            [row["label"] for row in minerals[:MINERALS_CHARTED]],
            [(projects_label, [row["projects"] for row in minerals[:MINERALS_CHARTED]])],
            horizontal=True,
        ),
        "regions": _chart(
            "bar",
            [row["label"] for row in regions],
            [(projects_label, [row["projects"] for row in regions])],
        ),
        "firms": _chart(
            "doughnut",
            [row["label"] for row in firms],
            [(_("Verified firms"), [row["count"] for row in firms])],
        ),
        "mous": _chart(
            "bar",
            [row["label"] for row in mous],
            [(_("Public MoUs"), [row["count"] for row in mous])],
        ),
    }
    return {
        "totals": figures["totals"],
        "beyond": figures["beyond_extraction"],
        "beyond_labels": [
            ValueChainStage(stage).label for stage in figures["beyond_extraction"]["stages"]
        ],
        "stages": stages,
        "minerals": minerals,
        "minerals_charted": MINERALS_CHARTED,
        "regions": regions,
        "firms": firms,
        "mous": mous,
        "trend": trend,
        "charts": charts,
    }


# This process's copies of the rendered figures, by key. The key holds the data version read
# from the database on every request, so a copy is never stale; it spares the shared cache's
# round trip (and its timeouts under load, each of which would cost a full recomputation).
_rendered: dict[str, str] = {}


def forget() -> None:
    """Drop this process's copies (tests: rolled-back writes give data versions again)."""
    _rendered.clear()
    figures.forget()


def public_body() -> str:
    """The figures' part of the public page in the active language. It is the same for every
    visitor, so it is rendered once per language and per change of the counted data (the key
    holds the `dashboard` data version, as the figures' own key does); a failing cache renders
    it again."""
    version = read_version(VERSION_NAME)
    key = ":".join(
        (
            "dashboard:public-html",
            str(version),
            f"{timezone.localdate():%Y-%m}",
            get_language(),
        )
    )
    body = _rendered.get(key) or cache.get(key)
    if body is None:
        body = render_to_string(
            "dashboard/partials/_public_body.html", public_context(public_figures(version=version))
        )
        cache.set(key, body, timeout=CACHE_TIMEOUT)
    if key not in _rendered:
        current = f"dashboard:public-html:{version}:"
        for old in [kept for kept in _rendered if not kept.startswith(current)]:
            del _rendered[old]
        _rendered[key] = body
    return mark_safe(body)  # noqa: S308 (rendered by the template engine, escaped there)


@require_safe
def public_dashboard(request: HttpRequest) -> HttpResponse:
    response = render(request, "dashboard/public.html", {"body": public_body()})
    if request.user.is_authenticated:
        private(response)
    return response


def lead_pipeline_template() -> str:
    """The leads' include, once that template exists (an empty string until then)."""
    try:
        get_template(LEAD_PIPELINE_TEMPLATE)
    except TemplateDoesNotExist:
        return ""
    return LEAD_PIPELINE_TEMPLATE


@official_required
@require_safe
def internal_dashboard(request: HttpRequest) -> HttpResponse:
    figures = internal_figures(agency_id=request.user.agency_id)
    labels = {
        "created": _("Created"),
        "submitted": _("Submitted for review"),
        "published": _("Published"),
        "closed": _("Closed for bids"),
        "evaluated": _("Evaluated"),
        "awarded": _("Awarded"),
    }
    funnel = [{"label": labels[step.step], "step": step} for step in figures.funnel]
    charts = {
        "funnel": _chart(
            "bar",
            [row["label"] for row in funnel],
            [(_("Projects"), [row["step"].count for row in funnel])],
            horizontal=True,
        )
    }
    context = {
        "figures": figures,
        "funnel": funnel,
        "charts": charts,
        "agency": request.user.agency,
        "lead_pipeline_template": lead_pipeline_template(),
    }
    return render(request, "dashboard/internal.html", context)
