"""One FilterSet for investment leads, shared by `/leads/`, the board and `/api/v1/leads/`."""

from __future__ import annotations

import django_filters
from django import forms
from django.db.models import Exists, OuterRef, Q, QuerySet
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from emining.forms import PortalForm
from emining.models import User
from minerals.filters import LocalizedModelChoiceFilter
from minerals.models import Mineral, Region

from .models import Lead

SEARCH_FIELDS = (
    "reference",
    "contact_name",
    "contact_organisation",
    "contact_email",
    "summary",
    "firm__name",
    "firm__name_zh",
    "firm__name_ur",
    "project__reference",
    "project__title",
)


def search_leads(queryset: QuerySet[Lead], value: str) -> QuerySet[Lead]:
    """Every word must appear in the reference, the investor's names, the interest or the
    project's reference or title."""
    for word in value.split()[:10]:
        condition = Q()
        for field in SEARCH_FIELDS:
            condition |= Q(**{f"{field}__icontains": word})
        queryset = queryset.filter(condition)
    return queryset


def open_overdue_condition() -> Q:
    return Q(next_action_due__lt=timezone.localdate()) & ~Q(stage__in=Lead.FINAL_STAGES)


class OwnerChoiceField(forms.ModelChoiceField):
    def label_from_instance(self, obj: User) -> str:
        return obj.get_full_name() or obj.username


class OwnerFilter(django_filters.ModelChoiceFilter):
    field_class = OwnerChoiceField


class StrictCheckboxInput(forms.CheckboxInput):
    """Hands the field the value as sent (Django's checkbox calls any text "yes")."""

    def value_from_datadict(self, data, files, name):
        return data.get(name, False)


class CheckboxBooleanField(forms.BooleanField):
    """A checkbox on the pages ("on"), true/false or 1/0 in the API; anything else is an
    error rather than "yes"."""

    TRUE, FALSE = {True, "on", "1", "true", "True"}, {False, None, "", "0", "false", "False"}

    def to_python(self, value):
        if value in self.TRUE:
            return True
        if value in self.FALSE:
            return False
        raise forms.ValidationError(_("Enter yes or no."), code="invalid")


class CheckboxBooleanFilter(django_filters.BooleanFilter):
    field_class = CheckboxBooleanField


class LeadFilter(django_filters.FilterSet):
    q = django_filters.CharFilter(label=_("Search"), method="filter_q", max_length=200)
    stage = django_filters.ChoiceFilter(
        label=_("Stage"), choices=Lead.Stage.choices, empty_label=_("Any stage")
    )
    owner = OwnerFilter(
        label=_("Owner"),
        queryset=User.objects.filter(role=User.Role.OFFICIAL, is_active=True).order_by(
            "first_name", "last_name", "username"
        ),
        empty_label=_("Any owner"),
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
    due_before = django_filters.DateFilter(
        label=_("Next action due before"),
        field_name="next_action_due",
        lookup_expr="lt",
        widget=forms.DateInput(attrs={"type": "date"}),
    )
    overdue = CheckboxBooleanFilter(
        label=_("Only overdue follow-ups"),
        method="filter_overdue",
        widget=StrictCheckboxInput,
    )

    class Meta:
        model = Lead
        form = PortalForm
        fields = ["q", "stage", "owner", "mineral", "region", "due_before", "overdue"]

    def filter_q(self, queryset: QuerySet, name: str, value: str) -> QuerySet:
        return search_leads(queryset, value)

    def filter_mineral(self, queryset: QuerySet, name: str, value: Mineral) -> QuerySet:
        through = Lead.minerals.through
        return queryset.filter(
            Exists(through.objects.filter(lead_id=OuterRef("pk"), mineral_id=value.pk))
        )

    def filter_region(self, queryset: QuerySet, name: str, value: Region) -> QuerySet:
        through = Lead.regions.through
        return queryset.filter(
            Exists(through.objects.filter(lead_id=OuterRef("pk"), region_id=value.pk))
        )

    def filter_overdue(self, queryset: QuerySet, name: str, value: bool | None) -> QuerySet:
        return queryset.filter(open_overdue_condition()) if value else queryset

    @property
    def is_filtered(self) -> bool:
        data = getattr(self.form, "cleaned_data", {})
        return any(data.get(name) for name in self.Meta.fields)
