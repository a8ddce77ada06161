from __future__ import annotations

from django.core.paginator import InvalidPage, Paginator
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, render
from django.utils.translation import gettext as _

from . import related_projects, selectors
from .filters import MineralFilter, RegionFilter
from .models import Region

MINERALS_PER_PAGE = 24
REGIONS_PER_PAGE = 50


def _page(request: HttpRequest, queryset, per_page: int):
    paginator = Paginator(queryset, per_page)
    try:
        return paginator.page(request.GET.get("page") or 1)
    except InvalidPage as exc:
        raise Http404(_("That page does not exist.")) from exc


def _filtered_list(request, *, filterset, template, partial, per_page, extra=None):
    """A list page whose filters are a GET form; htmx requests get only the results partial."""
    if not filterset.is_valid():
        context = {"filter": filterset, "page": None, "invalid": True, **(extra or {})}
        return render(request, template, context, status=400)
    page = _page(request, filterset.qs, per_page)
    query = request.GET.copy()
    query.pop("page", None)
    context = {"filter": filterset, "page": page, "query": query.urlencode(), **(extra or {})}
    if request.htmx and not request.htmx.boosted:
        return render(request, partial, context)
    return render(request, template, context)


def mineral_list(request: HttpRequest) -> HttpResponse:
    filterset = MineralFilter(request.GET, queryset=selectors.minerals_for_listing())
    return _filtered_list(
        request,
        filterset=filterset,
        template="minerals/mineral_list.html",
        partial="minerals/partials/_mineral_results.html",
        per_page=MINERALS_PER_PAGE,
    )


def mineral_detail(request: HttpRequest, slug: str) -> HttpResponse:
    mineral = get_object_or_404(selectors.mineral_with_occurrences(), slug=slug)
    context = {"mineral": mineral, "related": related_projects.for_mineral(mineral)}
    return render(request, "minerals/mineral_detail.html", context)


def region_list(request: HttpRequest) -> HttpResponse:
    filterset = RegionFilter(request.GET, queryset=selectors.regions_for_listing())
    return _filtered_list(
        request,
        filterset=filterset,
        template="minerals/region_list.html",
        partial="minerals/partials/_region_results.html",
        per_page=REGIONS_PER_PAGE,
        extra={"provinces": selectors.provinces_with_districts()},
    )


def region_detail(request: HttpRequest, slug: str) -> HttpResponse:
    region: Region = get_object_or_404(selectors.region_with_districts(), slug=slug)
    context = {
        "region": region,
        "minerals": selectors.minerals_found_in(region),
        "related": related_projects.for_region(region),
    }
    return render(request, "minerals/region_detail.html", context)
