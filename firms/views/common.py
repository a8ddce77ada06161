"""What the firm pages share: refusals in the site layout, service errors onto form fields."""

from __future__ import annotations

from django import forms
from django.core.paginator import InvalidPage, Page, Paginator
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import render
from django.utils.cache import patch_cache_control
from django.utils.translation import gettext as _

from emining.services import DomainError


def denied(request: HttpRequest, message: str) -> HttpResponse:
    """403 in the site layout, saying why."""
    return render(request, "403.html", {"message": message}, status=403)


def private(response: HttpResponse) -> HttpResponse:
    """A member's or an official's working page: never kept by a shared cache."""
    patch_cache_control(response, private=True, no_store=True)
    return response


def add_errors(form: forms.Form, error: DomainError) -> None:
    """A service's refusal beside the fields it names (or at the top of the form)."""
    if hasattr(error, "error_dict"):
        for field, field_errors in error.error_dict.items():
            form.add_error(field if field in form.fields else None, field_errors)
    else:
        form.add_error(None, error)


def page_of(request: HttpRequest, queryset, per_page: int) -> Page:
    paginator = Paginator(queryset, per_page)
    try:
        return paginator.page(request.GET.get("page") or 1)
    except InvalidPage as exc:
        raise Http404(_("That page does not exist.")) from exc
