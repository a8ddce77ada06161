"""The public projects of a mineral or a region, as the catalogue pages list them.

Registered in `minerals.related_projects` by `ProjectsConfig.ready()`: the catalogue shows
projects without importing this app.
"""

from __future__ import annotations

from urllib.parse import urlencode

from django.db.models import QuerySet
from django.urls import reverse

from minerals.models import Mineral, Region
from minerals.related_projects import ProjectLink, RelatedProjects

from .models import Project
from .selectors import public_projects

SHOWN_ON_CATALOGUE_PAGES = 10


def _related(queryset: QuerySet[Project], *, filter_name: str, slug: str) -> RelatedProjects:
    total = queryset.count()
    rows = (
        queryset.only("reference", "title", "title_zh", "title_ur", "status").order_by(
            "-published_at", "-id"
        )[:SHOWN_ON_CATALOGUE_PAGES]
        if total
        else []
    )
    links = [
        ProjectLink(
            reference=project.reference,
            title=project.localized_title,
            url=project.get_absolute_url(),
            status=project.status,
            status_label=project.get_status_display(),
        )
        for project in rows
    ]
    list_url = f"{reverse('projects:project-list')}?{urlencode({filter_name: slug})}"
    return RelatedProjects(links=links, total=total, list_url=list_url)


class CatalogueProjects:
    """The same filters as `/projects/?mineral=` and `?region=`, so the counts agree."""

    def for_mineral(self, mineral: Mineral) -> RelatedProjects:
        queryset = public_projects().filter(minerals=mineral)
        return _related(queryset, filter_name="mineral", slug=mineral.slug)

    def for_region(self, region: Region) -> RelatedProjects:
        if region.is_district:
            queryset = public_projects().filter(district=region)
        else:
            queryset = public_projects().filter(region=region)
        return _related(queryset, filter_name="region", slug=region.slug)
