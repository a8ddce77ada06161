from __future__ import annotations

from rest_framework import permissions, viewsets

from minerals import selectors
from minerals.filters import MineralFilter, RegionFilter

from .serializers import MineralSerializer, RegionSerializer


class MineralViewSet(viewsets.ReadOnlyModelViewSet):
    """Pakistan's minerals: filter by `category`, `is_critical` (true/false) and `search`."""

    queryset = selectors.minerals_for_listing()
    serializer_class = MineralSerializer
    filterset_class = MineralFilter
    lookup_field = "slug"
    permission_classes = [permissions.AllowAny]


class RegionViewSet(viewsets.ReadOnlyModelViewSet):
    """Provinces, territories and mining districts: filter by `kind`, `province`, `search`."""

    queryset = selectors.regions_for_listing()
    serializer_class = RegionSerializer
    filterset_class = RegionFilter
    lookup_field = "slug"
    permission_classes = [permissions.AllowAny]
