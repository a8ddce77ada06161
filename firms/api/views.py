"""The firms API: `/api/v1/firms/`, read-only.

Everyone reads verified firms; a firm's members also read their own firm whatever its
status, and officials every firm (`permissions.firms_visible_to`). A firm the caller may not
see is a 404. Filters are the directory page's (`firms.filters.FirmFilter`).
"""

from __future__ import annotations

from django.utils.cache import patch_cache_control, patch_vary_headers
from django_filters.utils import translate_validation
from rest_framework import permissions as drf_permissions
from rest_framework import viewsets

from emining.rest.views import StrictRequestsMixin
from firms import directory_index, listing, selectors
from firms.filters import FirmFilter, Ordering

from .serializers import FirmSerializer, rows_for_listing


class FirmViewSet(StrictRequestsMixin, viewsets.ReadOnlyModelViewSet):
    """Chinese and Pakistani firms of the registry: filter by `country` (PK, CN),
    `capability` (value-chain stage), `mineral` and `region` (slugs), search with `q` (names,
    head-office city and description in English, Chinese and Urdu); `ordering` is `name` or
    `-name`."""

    serializer_class = FirmSerializer
    filterset_class = FirmFilter
    permission_classes = [drf_permissions.AllowAny]
    lookup_value_regex = r"[0-9]+"

    def get_queryset(self):
        if self.action == "list":
            return selectors.firms_for_listing(self.request.user)
        return selectors.firms_with_profiles(self.request.user)

    def list(self, request, *args, **kwargs):
        """The page's firms as `values()` rows with their lists (`firms.listing`), shaped as
        the serializer shapes one firm (a test compares them), without a field object per
        value. What everyone sees (the verified firms) is counted, paged and listed by the
        directory index, as on the directory page."""
        if request.user.is_authenticated:  # their own firm, or every firm for officials
            queryset = self.filter_queryset(self.get_queryset())
            rows = self.paginate_queryset(listing.firm_rows(queryset))
            return self.get_paginated_response(rows_for_listing(listing.with_lists(rows)))
        filterset = FirmFilter(request.query_params, queryset=selectors.directory_firms())
        if not filterset.is_valid():
            raise translate_validation(filterset.errors)
        index = directory_index.current_index()
        ordering = filterset.form.cleaned_data.get("ordering") or Ordering.NAME
        ids = self.paginate_queryset(index.ordered_ids(index.mask(filterset), ordering))
        rows = selectors.directory_rows(index, [int(pk) for pk in ids])
        return self.get_paginated_response(rows_for_listing(rows))

    def finalize_response(self, request, response, *args, **kwargs):
        response = super().finalize_response(request, response, *args, **kwargs)
        if request.user.is_authenticated:
            # A signed-in caller may see firms others may not (their own, or all for
            # officials): no shared copies.
            patch_cache_control(response, private=True)
        patch_vary_headers(response, ["Authorization", "Cookie"])
        return response
