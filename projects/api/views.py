"""The projects API (filled in by the API work)."""

from __future__ import annotations

from rest_framework import viewsets

from projects import selectors
from projects.filters import ProjectFilter


class ProjectViewSet(viewsets.ReadOnlyModelViewSet):
    queryset = selectors.public_projects_for_listing()
    filterset_class = ProjectFilter
