"""The public pages of mineral projects: the list (filters, facets, search), a project's page
and the map. Everyone sees the same published projects; drafts live in the officials'
workspace, never here."""

from __future__ import annotations

import math

import numpy as np
from django.conf import settings
from django.core.paginator import InvalidPage, Paginator
from django.http import Http404, HttpRequest, HttpResponse, QueryDict
from django.shortcuts import render
from django.template.loader import render_to_string
from django.utils import timezone
from django.utils.cache import patch_cache_control
from django.utils.safestring import mark_safe
from django.utils.translation import get_language, ngettext
from django.utils.translation import gettext as _

from emining.formats import amount_text

from .. import (
    amendments,
    bid_selectors,
    facets,
    listing_cache,
    listing_index,
    permissions,
    selectors,
)
from .. import search as full_text
from ..cards import project_cards_html
from ..filters import Ordering, ProjectPageFilter
from ..geo import feature_collection
from ..models import Project
from ..search import suggest_names
from .clarifications import clarification_section
from .filter_form import filter_fields_html, localize_filter_choices

PROJECTS_PER_PAGE = 20
# A map (and the table under it) stays readable and light with this many markers; beyond it
# the newest are shown and the page says how to see the others.
MAP_LIMIT = 500


# --- Helpers shared by the three pages --------------------------------------------------------


def _state(filterset: ProjectPageFilter) -> QueryDict:
    """The validated filters (and the sort order, when one was chosen) as a query string:
    cache keys and every link of a listing come from it, never from the raw query string,
    so unknown, repeated or oddly spelled parameters reach neither the cache nor a link."""
    cleaned = filterset.form.cleaned_data
    chosen = cleaned.get("ordering") or ""
    return facets.state_query(cleaned, chosen if chosen == filterset.ordering_choice else None)


class PageOutOfRange(Exception):
    """A page number past the end (or not a number): 404 with a link to the first page."""


def _page_number(request: HttpRequest) -> int:
    raw = request.GET.get("page") or "1"
    try:
        number = int(raw)
    except ValueError:
        raise PageOutOfRange from None
    if number < 1:
        raise PageOutOfRange
    return number


def _page(paginator: Paginator, number: int):
    try:
        return paginator.page(number)
    except InvalidPage as exc:
        raise PageOutOfRange from exc


def _page_not_found(request: HttpRequest, state: QueryDict) -> HttpResponse:
    """The site's 404 page, with a way back to the first page of the same filters."""
    encoded = state.urlencode()
    context = {
        "message": _("That page does not exist."),
        "first_page_url": f"{request.path}?{encoded}" if encoded else request.path,
    }
    return render(request, "404.html", context, status=404)


def _is_partial_request(request: HttpRequest) -> bool:
    """htmx swapping the results in place (boosted links get the whole page)."""
    return bool(request.htmx) and not request.htmx.boosted


# --- The list -----------------------------------------------------------------------------------


def project_list(request: HttpRequest) -> HttpResponse:
    """The public list. Its three parts (the filter form, the facets, the page of results) are
    rendered once per language and filter state and kept until the next project change: a
    busy page costs a validation, one cache round trip and the page shell."""
    filterset = ProjectPageFilter(request.GET, queryset=selectors.public_projects())
    partial = _is_partial_request(request)
    if not filterset.is_valid():
        localize_filter_choices(filterset.form)
        template = (
            "projects/partials/_project_results.html" if partial else "projects/project_list.html"
        )
        context = {"filter": filterset, "page": None, "invalid": True}
        context["form_html"] = filter_fields_html(filterset.form)
        if partial:
            return render(request, template, context, status=400)
        context["results_html"] = render_to_string(
            "projects/partials/_project_results.html", context, request=request
        )
        return render(request, template, context, status=400)

    state = _state(filterset)
    try:
        page_number = _page_number(request)
    except PageOutOfRange:
        return _page_not_found(request, state)
    # Everything a fragment depends on: the language, the cleaned filters and sort order,
    # and what the viewer may see (the public list shows public projects to everyone).
    key = {
        "language": get_language(),
        "scope": permissions.PUBLIC_SCOPE,
        "state": state.urlencode(),
        "ordering": filterset.ordering_choice,
    }
    specs = {
        "list-facets": (
            key | {"oob": partial},
            lambda: _render_facets(request, filterset, state, oob=partial),
        ),
        "list-results": (
            key | {"page": page_number},
            lambda: _render_results(request, filterset, state, page_number),
        ),
    }
    if not partial:  # htmx swaps the results and the facets; the form is already there
        specs["list-form"] = (key, lambda: _render_filter_form(filterset, state))
    try:
        fragments = listing_cache.cached_many(specs)
    except PageOutOfRange:
        return _page_not_found(request, state)
    # Rendered by our own templates (autoescaped) before they were cached.
    fragments = {name: mark_safe(html) for name, html in fragments.items()}  # noqa: S308
    if partial:
        response = HttpResponse(fragments["list-results"] + fragments["list-facets"])
        # The form sends every field, empty or not; the address bar keeps only what is set.
        pushed = state.copy()
        if page_number > 1:
            pushed["page"] = str(page_number)
        full = pushed.urlencode()
        response["HX-Push-Url"] = f"{request.path}?{full}" if full else request.path
        return response
    context = {
        "form_html": fragments["list-form"],
        "facets_html": fragments["list-facets"],
        "results_html": fragments["list-results"],
    }
    return render(request, "projects/project_list.html", context)


def _render_filter_form(filterset: ProjectPageFilter, state: QueryDict) -> str:
    """The form shows the cleaned values (not what was typed), like every cached part: a
    second form of the same class, unbound, with the cleaned state as its initial values."""
    form = type(filterset.form)(initial=state.dict(), prefix=filterset.form_prefix)
    localize_filter_choices(form)
    return filter_fields_html(form)


def _render_facets(
    request: HttpRequest, filterset: ProjectPageFilter, query: QueryDict, *, oob: bool
) -> str:
    counts = _facet_counts(filterset)
    context = {"facet_groups": facets.facet_groups(counts, query), "oob": oob}
    return render_to_string("projects/partials/_facets.html", context, request=request)


def _listing_mask(
    filterset: ProjectPageFilter,
) -> tuple[listing_index.ListingIndex, np.ndarray]:
    """The public projects the filters select, as a mask over the listing index: worked out
    once per request (the facets, the count and the search's candidates all read it)."""
    if not hasattr(filterset, "listing_mask"):
        index = listing_index.current_index()
        filterset.listing_mask = (index, listing_index.matching_mask(index, filterset))
    return filterset.listing_mask


def _facet_counts(filterset: ProjectPageFilter) -> dict:
    """Once per request: the facets and the results both need them."""
    if not hasattr(filterset, "facet_counts"):
        index, mask = _listing_mask(filterset)
        filterset.facet_counts = index.counts(mask)
    return filterset.facet_counts


def _render_results(
    request: HttpRequest, filterset: ProjectPageFilter, query: QueryDict, page_number: int
) -> str:
    paginator = Paginator(filterset.qs, PROJECTS_PER_PAGE)
    paginator.count = _facet_counts(filterset)["total"]  # the facets already counted them
    page = _page(paginator, page_number)
    rows = page.object_list
    ranked = filterset.ordering_choice == Ordering.RELEVANCE
    if ranked and paginator.count and page.end_index() <= full_text.RANKED_CANDIDATES:
        # The page lies within the ranked candidates: rank those, not every match.
        text = filterset.form.cleaned_data.get("search") or ""
        index, mask = _listing_mask(filterset)
        candidates = full_text.best_matches(
            text, index.newest_ids(mask, full_text.RANKED_CANDIDATES)
        )
        if candidates is not None:
            rows = candidates[page.start_index() - 1 : page.end_index()]
    page.object_list = selectors.listing_page_rows(rows)
    index, _mask = _listing_mask(filterset)
    context = {
        "page": page,
        "cards_html": project_cards_html(page.object_list, index),
        "query": query.urlencode(),
        "suggestions": _suggestions(filterset, query) if not paginator.count else [],
        "ordering_label": dict(Ordering.CHOICES)[filterset.ordering_choice],
        "is_filtered": bool(facets.cache_key_data(filterset.form.cleaned_data)),
    }
    return render_to_string("projects/partials/_project_results.html", context, request=request)


def _suggestions(filterset: ProjectPageFilter, query: QueryDict) -> list[dict[str, str]]:
    """For a search that found nothing: close mineral and place names, each a link to the
    same filters searching for that name instead."""
    text = filterset.form.cleaned_data.get("search") or ""
    suggestions = []
    for name in suggest_names(text) if text.strip() else []:
        params = query.copy()
        params["search"] = name
        suggestions.append({"name": name, "url": f"?{params.urlencode()}"})
    return suggestions


# --- A project's page ---------------------------------------------------------------------------


def _countdown(project: Project) -> dict | None:
    """Time left to bid, as of rendering (the script keeps it ticking)."""
    if not project.is_open_for_bids:
        return None
    seconds = max(0, math.floor((project.bid_closes_at - timezone.now()).total_seconds()))
    values = {
        "days": seconds // 86400,
        "hours": seconds % 86400 // 3600,
        "minutes": seconds % 3600 // 60,
        "seconds": seconds % 60,
    }
    # Each label in the page's language, in both forms, so the script picks the right one
    # as the numbers change (Chinese and Urdu have one form, English two).
    labels = {
        "days": lambda n: ngettext("day", "days", n),
        "hours": lambda n: ngettext("hour", "hours", n),
        "minutes": lambda n: ngettext("minute", "minutes", n),
        "seconds": lambda n: ngettext("second", "seconds", n),
    }
    return {
        **values,
        "units": [
            {
                "name": name,
                "value": value,
                "label": labels[name](value),
                "one": labels[name](1),
                "other": labels[name](2),
            }
            for name, value in values.items()
        ],
        "passed": seconds == 0,
    }


def _amendment_rows(project: Project) -> list[dict]:
    """The amendment log, labels and values in the visitor's language and formats."""
    return [
        {
            "amendment": amendment,
            "changes": amendments.change_rows(amendment.values, amendment.changes),
        }
        for amendment in project.amendments.all()
    ]


def project_detail(request: HttpRequest, reference: str) -> HttpResponse:
    project = selectors.project_for_detail(request.user, reference)
    if project is None:
        raise Http404(_("No project has this reference."))
    user = request.user
    minerals = list(project.minerals.all())
    criteria = list(project.evaluation_criteria.all())
    context = {
        "project": project,
        "minerals": sorted(minerals, key=lambda m: m.pk != project.primary_mineral_id),
        "criteria": criteria,
        "criteria_total": sum(criterion.weight for criterion in criteria),
        "countdown": _countdown(project),
        "amendments": _amendment_rows(project),
        "document_rows": [
            {
                "document": document,
                "may_download": permissions.may_download_document(user, document),
            }
            for document in project.documents.all()
        ],
        "may_manage": permissions.may_manage_project(user, project),
        "may_approve": permissions.may_approve_project(user, project),
        "english_title_differs": project.localized_title != project.title,
        "pending_amendments": selectors.pending_amendments(user, project),
        "clarifications": clarification_section(user, project),
        "bids_box": bid_selectors.bids_box(user, project),
        "award_notice": selectors.award_notice(project),
    }
    response = render(request, "projects/project_detail.html", context)
    if not project.is_public or context["clarifications"]["waiting"]:
        # A draft is the agency's own working copy, and pending questions are between a firm
        # and the agency: never kept by a shared cache or on disk.
        patch_cache_control(response, private=True, no_store=True)
    return response


# --- The map ------------------------------------------------------------------------------------


def project_map(request: HttpRequest) -> HttpResponse:
    """The listed projects on a map: the same filters, from the same query string."""
    filterset = ProjectPageFilter(request.GET, queryset=selectors.public_projects())
    localize_filter_choices(filterset.form)
    context = {
        "filter": filterset,
        "tile_url": settings.MAP_TILE_URL,
        "tile_attribution": settings.MAP_TILE_ATTRIBUTION,
    }
    if not filterset.is_valid():
        context |= {"invalid": True, "features": [], "collection": None}
        return render(request, "projects/project_map.html", context, status=400)
    # One more point than shown tells whether there are more; only then count them all.
    points = selectors.map_points(filterset.qs, limit=MAP_LIMIT + 1)
    total = len(points)
    if total > MAP_LIMIT:
        points = points[:MAP_LIMIT]
        total = listing_cache.cached(
            "map-count",
            {"scope": permissions.PUBLIC_SCOPE, "state": _state(filterset).urlencode()},
            filterset.qs.count,
        )
    collection = feature_collection(points)
    for feature in collection["features"]:
        properties = feature["properties"]
        properties["investment_text"] = amount_text(properties["investment_usd"])
    context |= {
        "collection": collection,
        "features": collection["features"],
        "matching": total,
        "truncated": total > MAP_LIMIT,
        "query": _state(filterset).urlencode(),
    }
    return render(request, "projects/project_map.html", context)
