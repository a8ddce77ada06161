"""Reads of the catalogue: querysets that already hold what the pages and API show."""

from __future__ import annotations

from django.db.models import Count, Func, IntegerField, OuterRef, Prefetch, Q, QuerySet, Subquery
from django.db.models.functions import Coalesce
from django.urls import reverse
from django.utils.translation import gettext_lazy as _

from emining.key_figures import KeyFigure

from .models import Mineral, Region


def minerals_for_listing() -> QuerySet[Mineral]:
    return Mineral.objects.prefetch_related(
        Prefetch(
            "regions", queryset=Region.objects.only("id", "slug", "name", "name_zh", "name_ur")
        )
    )


def mineral_with_occurrences() -> QuerySet[Mineral]:
    return Mineral.objects.prefetch_related(
        Prefetch("regions", queryset=Region.objects.select_related("parent").order_by("name"))
    )


def _minerals_counted_in_region() -> Coalesce:
    """Distinct minerals recorded in the region or, for a province or territory, in any of its
    districts: the same rule as `minerals_found_in`, counted in one correlated subquery."""
    occurrences = Mineral.regions.through.objects.filter(
        Q(region_id=OuterRef("pk")) | Q(region__parent_id=OuterRef("pk"))
    )
    count = Func("mineral_id", function="COUNT", template="%(function)s(DISTINCT %(expressions)s)")
    return Coalesce(
        Subquery(occurrences.order_by().annotate(count=count).values("count")[:1]),
        0,
        output_field=IntegerField(),
    )


def regions_for_listing() -> QuerySet[Region]:
    return (
        Region.objects.select_related("parent")
        .annotate(mineral_count=_minerals_counted_in_region())
        .order_by("name")
    )


def provinces_with_districts() -> QuerySet[Region]:
    return (
        Region.objects.filter(parent__isnull=True)
        .prefetch_related(Prefetch("districts", queryset=Region.objects.order_by("name")))
        .annotate(district_count=Count("districts"))
        .order_by("kind", "name")
    )


def region_with_districts() -> QuerySet[Region]:
    return Region.objects.select_related("parent").prefetch_related(
        Prefetch("districts", queryset=Region.objects.order_by("name"))
    )


def minerals_found_in(region: Region) -> QuerySet[Mineral]:
    """Minerals known in a district, or in any district of a province or territory."""
    if region.is_district:
        condition = Q(regions=region)
    else:
        condition = Q(regions=region) | Q(regions__parent=region)
    return Mineral.objects.filter(condition).distinct().order_by("name")


def catalogue_key_figures() -> list[KeyFigure]:
    counts = Mineral.objects.aggregate(
        minerals=Count("id"), critical=Count("id", filter=Q(is_critical=True))
    )
    districts = Region.objects.filter(kind=Region.Kind.DISTRICT).count()
    minerals_url = reverse("minerals:mineral-list")
    return [
        KeyFigure(_("Minerals in the catalogue"), counts["minerals"], minerals_url, order=10),
        KeyFigure(
            _("Critical minerals"), counts["critical"], f"{minerals_url}?is_critical=true", order=20
        ),
        KeyFigure(_("Mining districts"), districts, reverse("minerals:region-list"), order=30),
    ]
