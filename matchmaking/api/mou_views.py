"""The MoU API: `/api/v1/mous/`, read-only.

Everyone reads public MoUs once signed; officials read every MoU, and members of a party
firm the confidential ones of their firm (`matchmaking.permissions.mous_visible_to`). An MoU
the caller may not see is a 404. Filters are the list page's (`MoUFilter`).
"""

from __future__ import annotations

from django.utils.cache import patch_cache_control, patch_vary_headers
from drf_spectacular.utils import OpenApiParameter, extend_schema, extend_schema_view
from rest_framework import permissions as drf_permissions
from rest_framework import viewsets

from emining.rest.views import StrictRequestsMixin
from matchmaking import mou_selectors
from matchmaking.mou_filters import MoUFilter

from .mou_serializers import MoUSerializer

REFERENCE_PATTERN = r"MOU-[0-9]{4}-[0-9]{4,}"


@extend_schema_view(
    list=extend_schema(
        summary="MoUs between Pakistani and Chinese parties",
        parameters=[
            OpenApiParameter("year", int, description="The year the MoU was signed."),
        ],
    ),
    retrieve=extend_schema(summary="One MoU, by its reference"),
)
class MoUViewSet(StrictRequestsMixin, viewsets.ReadOnlyModelViewSet):
    """Memoranda of understanding: filter by `status`, `mineral` and `region` (slugs),
    `country` (PK or CN: a party firm's country) and `year` (signed); search with `q`
    (reference, titles, summaries, places and party names in English, Chinese and Urdu)."""

    serializer_class = MoUSerializer
    filterset_class = MoUFilter
    permission_classes = [drf_permissions.AllowAny]
    lookup_field = "reference"
    lookup_value_regex = REFERENCE_PATTERN

    def get_queryset(self):
        return mou_selectors.mous_for_api(self.request.user)

    def finalize_response(self, request, response, *args, **kwargs):
        response = super().finalize_response(request, response, *args, **kwargs)
        if request.user.is_authenticated:
            # Signed-in callers may see confidential MoUs: no shared copies.
            patch_cache_control(response, private=True)
        patch_vary_headers(response, ["Authorization", "Cookie"])
        return response
