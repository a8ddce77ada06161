"""The public directory of verified firms and the firm page."""

from __future__ import annotations

from django import forms
from django.http import HttpRequest, HttpResponse
from django.shortcuts import render
from django.utils.safestring import SafeString

from emining.i18n import language_field_suffix, localized_name
from emining.permissions import is_official
from emining.quick_forms import fields_html, quick_inputs, quick_select
from firms import listing, permissions, selectors
from firms.cards import firm_cards_html
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
    minerals = selectors.mineral_names()
    with_form = template == "firms/firm_list.html"
    if not filterset.is_valid():
        context = {"filter": filterset, "page": None, "invalid": True}
        if with_form:
            context["form_html"] = _filter_form_html(filterset.form, minerals)
        return render(request, template, context, status=400)
    page = page_of(request, listing.firm_rows(filterset.qs), FIRMS_PER_PAGE)
    query = request.GET.copy()
    query.pop("page", None)
    context = {
        "page": page,
        "cards_html": firm_cards_html(
            listing.with_lists(page.object_list, ("capability_stages", "mineral_slugs")), minerals
        ),
        "query": query.urlencode(),
        "is_filtered": filterset.is_filtered,
    }
    if with_form:
        context["form_html"] = _filter_form_html(filterset.form, minerals)
    return render(request, template, context)


def _filter_form_html(form: forms.Form, minerals: dict[str, dict]) -> SafeString:
    """The filter form written in Python (`emining.quick_forms`), minerals and provinces in
    the visitor's language and alphabetical order."""
    suffix = language_field_suffix()
    fields = form.fields
    for name in ("country", "capability", "ordering"):
        field = fields[name]
        quick_select(field, [(value, label) for value, label in field.choices if value])
    for name, rows in (("mineral", minerals.values()), ("region", selectors.province_names())):
        options = ((row["slug"], localized_name(row, suffix)) for row in rows)
        quick_select(fields[name], sorted(options, key=lambda option: option[1].casefold()))
    quick_inputs(form, ("q",))
    return fields_html(form, ("q", "country", "capability", "mineral", "region", "ordering"))


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
