"""One FilterSet for the firm directory, shared by `/firms/` and `/api/v1/firms/`."""

from __future__ import annotations

import django_filters
from django.db.models import Exists, OuterRef, QuerySet
from django.db.models.functions import Lower
from django.utils.translation import gettext_lazy as _

from emining.forms import PortalForm
from minerals.filters import LocalizedModelChoiceFilter
from minerals.models import Mineral, Region, ValueChainStage

from .models import Firm, FirmCapability


class Ordering:
    NAME = "name"
    NAME_DESCENDING = "-name"
    CHOICES = [(NAME, _("Name, A to Z")), (NAME_DESCENDING, _("Name, Z to A"))]


def search_firms(queryset: QuerySet[Firm], value: str) -> QuerySet[Firm]:
    """Every word must appear in one of the names, cities or descriptions, in any of the
    three languages (`Firm.search_text`, kept in lower case), also inside a word: Chinese
    has no spaces between words, and 中国电建 is found inside 中国电建国际."""
    for word in value.lower().split()[:10]:
        queryset = queryset.filter(search_text__contains=word)
    return queryset


class FirmFilter(django_filters.FilterSet):
    q = django_filters.CharFilter(label=_("Search"), method="filter_q", max_length=200)
    country = django_filters.ChoiceFilter(
        label=_("Country"), choices=Firm.Country.choices, empty_label=_("China or Pakistan")
    )
    capability = django_filters.ChoiceFilter(
        label=_("Capability"),
        choices=ValueChainStage.choices,
        method="filter_capability",
        empty_label=_("Any stage"),
    )
    mineral = LocalizedModelChoiceFilter(
        label=_("Mineral"),
        queryset=Mineral.objects.only("id", "slug", "name", "name_zh", "name_ur"),
        to_field_name="slug",
        method="filter_mineral",
        empty_label=_("Any mineral"),
    )
    region = LocalizedModelChoiceFilter(
        label=_("Province or territory"),
        queryset=Region.objects.filter(parent__isnull=True).only(
            "id", "slug", "name", "name_zh", "name_ur"
        ),
        to_field_name="slug",
        method="filter_region",
        empty_label=_("Anywhere in Pakistan"),
    )
    ordering = django_filters.ChoiceFilter(
        label=_("Sort by"),
        choices=Ordering.CHOICES,
        method="filter_ordering",
        empty_label=None,
    )

    class Meta:
        model = Firm
        form = PortalForm
        fields = ["q", "country", "capability", "mineral", "region", "ordering"]

    def filter_q(self, queryset: QuerySet, name: str, value: str) -> QuerySet:
        return search_firms(queryset, value)

    def filter_capability(self, queryset: QuerySet, name: str, value: str) -> QuerySet:
        return queryset.filter(
            Exists(FirmCapability.objects.filter(firm_id=OuterRef("pk"), stage=value))
        )

    def filter_mineral(self, queryset: QuerySet, name: str, value: Mineral) -> QuerySet:
        through = Firm.minerals.through
        return queryset.filter(
            Exists(through.objects.filter(firm_id=OuterRef("pk"), mineral_id=value.pk))
        )

    def filter_region(self, queryset: QuerySet, name: str, value: Region) -> QuerySet:
        through = Firm.regions.through
        return queryset.filter(
            Exists(through.objects.filter(firm_id=OuterRef("pk"), region_id=value.pk))
        )

    def filter_ordering(self, queryset: QuerySet, name: str, value: str) -> QuerySet:
        return queryset  # applied in filter_queryset, also when no ordering is given

    def filter_queryset(self, queryset: QuerySet) -> QuerySet:
        queryset = super().filter_queryset(queryset)
        chosen = self.form.cleaned_data.get("ordering") or Ordering.NAME
        if chosen == Ordering.NAME_DESCENDING:
            return queryset.order_by(Lower("name").desc(), "-id")
        return queryset.order_by(Lower("name"), "id")

    @property
    def is_filtered(self) -> bool:
        data = getattr(self.form, "cleaned_data", {})
        return any(data.get(name) for name in ("q", "country", "capability", "mineral", "region"))
