"""The public directory of verified firms and the firm page."""

from __future__ import annotations

from django import forms
from django.http import HttpRequest, HttpResponse
from django.shortcuts import render
from django.utils.safestring import SafeString

from emining.i18n import language_field_suffix, localized_name
from emining.permissions import is_official
from emining.quick_forms import fields_html, quick_inputs, quick_select
from firms import directory_index, permissions, selectors
from firms.cards import firm_cards_html
from firms.directory_index import DirectoryIndex
from firms.filters import FirmFilter, Ordering

from .common import page_of, private

FIRMS_PER_PAGE = 20


def firm_list(request: HttpRequest) -> HttpResponse:
    """Verified firms, filtered by the directory's FilterSet (the API's too) and counted by
    the directory index; htmx requests get only the results."""
    filterset = FirmFilter(request.GET, queryset=selectors.directory_firms())
    template = "firms/firm_list.html"
    if request.htmx and not request.htmx.boosted:
        template = "firms/partials/_firm_results.html"
    index = directory_index.current_index()
    with_form = template == "firms/firm_list.html"
    if not filterset.is_valid():
        context = {"filter": filterset, "page": None, "invalid": True}
        if with_form:
            context["form_html"] = _filter_form_html(filterset.form, index)
        return render(request, template, context, status=400)
    ordering = filterset.form.cleaned_data.get("ordering") or Ordering.NAME
    page = page_of(request, index.ordered_ids(index.mask(filterset), ordering), FIRMS_PER_PAGE)
    page.object_list = selectors.directory_rows(index, page.object_list.tolist())
    query = request.GET.copy()
    query.pop("page", None)
    context = {
        "page": page,
        "cards_html": firm_cards_html(page.object_list, index.minerals),
        "query": query.urlencode(),
        "is_filtered": filterset.is_filtered,
    }
    if with_form:
        context["form_html"] = _filter_form_html(filterset.form, index)
    return render(request, template, context)


def _filter_form_html(form: forms.Form, index: DirectoryIndex) -> SafeString:
    """The filter form written in Python (`emining.quick_forms`), minerals and provinces in
    the visitor's language and alphabetical order."""
    suffix = language_field_suffix()
    fields = form.fields
    for name in ("country", "capability", "ordering"):
        field = fields[name]
        quick_select(field, [(value, label) for value, label in field.choices if value])
    for name, rows in (("mineral", index.minerals.values()), ("region", index.provinces)):
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
        "may_request_meeting": permissions.may_request_meeting_with(request.user, firm),
    }
    response = render(request, "firms/firm_detail.html", context)
    if not firm.is_verified or is_official(request.user):
        private(response)
    return response
