"""The benchmark's yardstick: the first page of public projects with as little as Django allows.

The same 20 rows as page 1 of `/api/v1/projects/` (public projects, newest first), read with
one `values()` query and returned by `JsonResponse`: no serializer, no filter set, no
pagination count, no minerals list. The list endpoint is compared against it. Mounted only
by `bench.urls`, never in the portal's own URLs.

It orders with the portal's own "newest" ordering (`projects.filters.order_projects`), so
the rows are the same and the query uses the same index as the list endpoint's.
"""

from __future__ import annotations

from django.http import HttpRequest, HttpResponse, JsonResponse
from django.shortcuts import render
from django.template.loader import render_to_string
from django.utils.safestring import mark_safe

from emining.dashboard.figures import compute_public_figures
from emining.dashboard.views import public_context
from projects.filters import Ordering, order_projects
from projects.selectors import public_projects

PAGE_SIZE = 20
FIELDS = (
    "id",
    "reference",
    "title",
    "summary",
    "description",
    "primary_mineral__slug",
    "region__slug",
    "district__slug",
    "latitude",
    "longitude",
    "area_km2",
    "stage",
    "investment_model",
    "investment_usd",
    "status",
    "bid_opens_at",
    "bid_closes_at",
    "agency__slug",
    "created_at",
    "updated_at",
)


def bare_projects(request: HttpRequest) -> JsonResponse:
    newest = order_projects(public_projects(), Ordering.NEWEST)
    rows = newest.values(*FIELDS)[:PAGE_SIZE]
    return JsonResponse({"results": list(rows)})


def dashboard_uncached(request: HttpRequest) -> HttpResponse:
    """The public dashboard as a visitor gets it when its figures are not cached: the
    aggregates computed for every request (the `dashboard_uncached` row), then the same
    templates and context as `/en/dashboard/`, nothing kept."""
    body = render_to_string(
        "dashboard/partials/_public_body.html", public_context(compute_public_figures())
    )
    return render(request, "dashboard/public.html", {"body": mark_safe(body)})  # noqa: S308
