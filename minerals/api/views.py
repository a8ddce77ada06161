from __future__ import annotations

from drf_spectacular.utils import OpenApiParameter, extend_schema, extend_schema_view
from rest_framework import permissions, viewsets

from emining.rest.views import StrictRequestsMixin
from minerals import selectors
from minerals.filters import MineralFilter, RegionFilter

from .serializers import MineralSerializer, RegionSerializer

# What a slug can be; anything else (a NUL byte, a slash) is a 404 before the database is asked.
SLUG_PATTERN = r"[-a-zA-Z0-9_]+"


@extend_schema_view(
    list=extend_schema(
        parameters=[
            OpenApiParameter(
                "is_critical", bool, description="Only critical (true) or other (false) minerals."
            )
        ]
    )
)
class MineralViewSet(StrictRequestsMixin, viewsets.ReadOnlyModelViewSet):
    """Pakistan's minerals: filter by `category`, `is_critical` (true/false) and `search`."""

    queryset = selectors.minerals_for_listing()
    serializer_class = MineralSerializer
    filterset_class = MineralFilter
    lookup_field = "slug"
    lookup_value_regex = SLUG_PATTERN
    permission_classes = [permissions.AllowAny]


class RegionViewSet(StrictRequestsMixin, viewsets.ReadOnlyModelViewSet):
    """Provinces, territories and mining districts: filter by `kind`, `province`, `search`."""

    queryset = selectors.regions_for_listing()
    serializer_class = RegionSerializer
    filterset_class = RegionFilter
    lookup_field = "slug"
    lookup_value_regex = SLUG_PATTERN
    permission_classes = [permissions.AllowAny]
