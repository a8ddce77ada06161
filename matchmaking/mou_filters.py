"""One FilterSet for the MoU registry, shared by `/mous/` and `/api/v1/mous/`."""

from __future__ import annotations

import django_filters
from django import forms
from django.db.models import Exists, OuterRef, Q, QuerySet
from django.utils.translation import gettext_lazy as _

from emining.forms import PortalForm
from firms.models import Firm
from minerals.filters import LocalizedModelChoiceFilter
from minerals.models import Mineral, Region

from .models import MoU, MoUParty

SEARCH_FIELDS = (
    "reference",
    "title",
    "title_zh",
    "title_ur",
    "summary",
    "summary_zh",
    "summary_ur",
    "place",
    "place_zh",
    "place_ur",
)
PARTY_NAME_FIELDS = (
    "firm__name",
    "firm__name_zh",
    "firm__name_ur",
    "agency__name",
    "agency__name_zh",
    "agency__name_ur",
    "agency__acronym",
    "signatory_name",
)
FIRST_YEAR, LAST_YEAR = 1990, 2100


def search_mous(queryset: QuerySet[MoU], value: str) -> QuerySet[MoU]:
    """Every word must appear in the reference, a title, summary or place, or a party's name,
    in any of the three languages."""
    for word in value.split()[:10]:
        in_record = Q()
        for field in SEARCH_FIELDS:
            in_record |= Q(**{f"{field}__icontains": word})
        in_party = Q()
        for field in PARTY_NAME_FIELDS:
            in_party |= Q(**{f"{field}__icontains": word})
        queryset = queryset.filter(
            in_record | Exists(MoUParty.objects.filter(in_party, mou_id=OuterRef("pk")))
        )
    return queryset


class YearFilter(django_filters.NumberFilter):
    field_class = forms.IntegerField


class MoUFilter(django_filters.FilterSet):
    q = django_filters.CharFilter(label=_("Search"), method="filter_q", max_length=200)
    status = django_filters.ChoiceFilter(
        label=_("Status"), choices=MoU.Status.choices, empty_label=_("Any status")
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
    country = django_filters.ChoiceFilter(
        label=_("Party firm from"),
        choices=Firm.Country.choices,
        method="filter_country",
        empty_label=_("China or Pakistan"),
    )
    year = YearFilter(
        label=_("Year signed"),
        field_name="signed_on__year",
        min_value=FIRST_YEAR,
        max_value=LAST_YEAR,
    )

    class Meta:
        model = MoU
        form = PortalForm
        fields = ["q", "status", "mineral", "region", "country", "year"]

    def filter_q(self, queryset: QuerySet, name: str, value: str) -> QuerySet:
        return search_mous(queryset, value)

    def filter_mineral(self, queryset: QuerySet, name: str, value: Mineral) -> QuerySet:
        through = MoU.minerals.through
        return queryset.filter(
            Exists(through.objects.filter(mou_id=OuterRef("pk"), mineral_id=value.pk))
        )

    def filter_region(self, queryset: QuerySet, name: str, value: Region) -> QuerySet:
        through = MoU.regions.through
        return queryset.filter(
            Exists(through.objects.filter(mou_id=OuterRef("pk"), region_id=value.pk))
        )

    def filter_country(self, queryset: QuerySet, name: str, value: str) -> QuerySet:
        return queryset.filter(
            Exists(MoUParty.objects.filter(mou_id=OuterRef("pk"), firm__country=value))
        )

    @property
    def is_filtered(self) -> bool:
        data = getattr(self.form, "cleaned_data", {})
        return any(data.get(name) for name in self.Meta.fields)
