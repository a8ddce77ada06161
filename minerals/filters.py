"""One FilterSet per list, shared by the HTML pages and the API."""

from __future__ import annotations

import django_filters
from django.db.models import Q
from django.utils.translation import gettext_lazy as _
from django_filters.fields import ModelChoiceField

from emining.forms import PortalForm

from .models import Mineral, Region

YES_NO = [("true", _("Yes")), ("false", _("No"))]


class StrictBooleanFilter(django_filters.ChoiceFilter):
    """`true` or `false`; anything else is a validation error (a 400), not silently ignored."""

    def __init__(self, *args, **kwargs):
        kwargs.setdefault("choices", YES_NO)
        super().__init__(*args, **kwargs)

    def filter(self, qs, value):
        if value in ("", None):
            return qs
        return qs.filter(**{self.field_name: value == "true"})


class LocalizedNameChoiceField(ModelChoiceField):
    """Options labelled in the visitor's language (`localized_name`), not the English `str()`."""

    def label_from_instance(self, obj) -> str:
        return obj.localized_name


class LocalizedModelChoiceFilter(django_filters.ModelChoiceFilter):
    """A select of minerals or regions whose options read in the visitor's language."""

    field_class = LocalizedNameChoiceField


def search_names(queryset, name, value):
    value = value.strip()
    if not value:
        return queryset
    return queryset.filter(
        Q(name__icontains=value)
        | Q(name_zh__icontains=value)
        | Q(name_ur__icontains=value)
        | Q(slug__icontains=value)
    )


class MineralFilter(django_filters.FilterSet):
    search = django_filters.CharFilter(label=_("Search"), method=search_names, max_length=100)
    category = django_filters.ChoiceFilter(label=_("Category"), choices=Mineral.Category.choices)
    is_critical = StrictBooleanFilter(label=_("Critical mineral"))

    class Meta:
        model = Mineral
        form = PortalForm
        fields = ["search", "category", "is_critical"]


class RegionFilter(django_filters.FilterSet):
    search = django_filters.CharFilter(label=_("Search"), method=search_names, max_length=100)
    kind = django_filters.ChoiceFilter(label=_("Kind"), choices=Region.Kind.choices)
    province = LocalizedModelChoiceFilter(
        label=_("Province or territory"),
        field_name="parent",
        to_field_name="slug",
        queryset=Region.objects.filter(parent__isnull=True).order_by("kind", "name"),
    )

    class Meta:
        model = Region
        form = PortalForm
        fields = ["search", "kind", "province"]

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        # Province names in the visitor's language (the option values stay the slugs).
        self.form.fields["province"].label_from_instance = lambda region: region.localized_name
