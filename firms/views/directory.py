"""The public directory of verified firms and the firm page."""

from __future__ import annotations

from django.http import HttpRequest, HttpResponse
from django.shortcuts import render

from emining.permissions import is_official
from firms import permissions, selectors
from firms.filters import FirmFilter

from .common import page_of, private

FIRMS_PER_PAGE = 20


def firm_list(request: HttpRequest) -> HttpResponse:
    """Verified firms, filtered by the directory's FilterSet (the API's too); htmx requests
    get only the results."""
    filterset = FirmFilter(request.GET, queryset=selectors.directory_firms())
    template = "firms/firm_list.html"
    if request.htmx and not request.htmx.boosted:
        template = "firms/partials/_firm_results.html"
    if not filterset.is_valid():
        context = {"filter": filterset, "page": None, "invalid": True}
        return render(request, template, context, status=400)
    page = page_of(request, filterset.qs, FIRMS_PER_PAGE)
    query = request.GET.copy()
    query.pop("page", None)
    context = {
        "filter": filterset,
        "page": page,
        "query": query.urlencode(),
        "is_filtered": filterset.is_filtered,
    }
    return render(request, template, context)


def firm_detail(request: HttpRequest, pk: int) -> HttpResponse:
    firm = selectors.firm_for_user(request.user, pk)
    context = {
        "firm": firm,
        "may_edit": permissions.may_edit_firm(request.user, firm),
        "may_verify": permissions.may_verify_firms(request.user),
    }
    response = render(request, "firms/firm_detail.html", context)
    if not firm.is_verified or is_official(request.user):
        private(response)
    return response
