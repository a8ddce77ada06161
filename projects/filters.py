"""One FilterSet for project lists, shared by `/projects/`, the workspace and the API."""

from __future__ import annotations

import django_filters
import django_filters.constants
from django import forms
from django.db.models import Case, DateTimeField, Exists, F, OuterRef, QuerySet, When
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from emining.forms import PortalForm
from minerals.models import Mineral, Region

from .models import Project
from .search import search_projects


class Ordering:
    NEWEST = "newest"
    CLOSING = "closing"
    LARGEST = "largest"
    RELEVANCE = "relevance"
    CHOICES = [
        (NEWEST, _("Newest")),
        (CLOSING, _("Closing soonest")),
        (LARGEST, _("Largest investment")),
        (RELEVANCE, _("Best match")),
    ]


class ProjectFilterForm(PortalForm):
    """The API's bounds: whole dollars, so no decimals and no absurd numbers reach the
    database. Set here rather than in the FilterSet so that every form of the class has
    them (the list renders a second, unbound one from the cleaned filters)."""

    decimal_places = 0
    amount_attrs = {"step": 1}

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        for name in ("min_investment", "max_investment"):
            self.fields[name].widget = forms.NumberInput(
                attrs={"class": "form-control", "min": 0, **self.amount_attrs}
            )
            self.fields[name].decimal_places = self.decimal_places
        self.fields["ordering"].required = False

    def clean(self):
        cleaned = super().clean()
        low, high = cleaned.get("min_investment"), cleaned.get("max_investment")
        if low is not None and high is not None and low > high:
            self.add_error("max_investment", _("The maximum must not be less than the minimum."))
        return cleaned


class ProjectPageFilterForm(ProjectFilterForm):
    """The pages' bounds, in millions of US dollars: 12.5 million; cents of a million are
    plenty."""

    decimal_places = 2
    amount_attrs = {"step": "any", "inputmode": "decimal"}


class ProjectFilter(django_filters.FilterSet):
    search = django_filters.CharFilter(label=_("Search"), method="filter_search", max_length=200)
    mineral = django_filters.ModelChoiceFilter(
        label=_("Mineral"),
        queryset=Mineral.objects.only("id", "slug", "name", "name_zh", "name_ur"),
        to_field_name="slug",
        method="filter_mineral",
        empty_label=_("Any mineral"),
    )
    region = django_filters.ModelChoiceFilter(
        label=_("Province, territory or district"),
        queryset=Region.objects.only(
            "id", "slug", "name", "name_zh", "name_ur", "parent_id", "kind"
        ),
        to_field_name="slug",
        method="filter_region",
        empty_label=_("Anywhere in Pakistan"),
    )
    stage = django_filters.ChoiceFilter(
        label=_("Value-chain stage"), choices=Project.Stage.choices, empty_label=_("Any stage")
    )
    investment_model = django_filters.ChoiceFilter(
        label=_("Investment model"),
        choices=Project.InvestmentModel.choices,
        empty_label=_("Any model"),
    )
    status = django_filters.ChoiceFilter(
        label=_("Status"), choices=Project.Status.choices, empty_label=_("Any status")
    )
    min_investment = django_filters.NumberFilter(
        label=_("Investment from (USD)"),
        field_name="investment_usd",
        lookup_expr="gte",
        min_value=0,
        max_value=10**15,
    )
    max_investment = django_filters.NumberFilter(
        label=_("Investment up to (USD)"),
        field_name="investment_usd",
        lookup_expr="lte",
        min_value=0,
        max_value=10**15,
    )
    ordering = django_filters.ChoiceFilter(
        label=_("Sort by"),
        choices=Ordering.CHOICES,
        method="filter_ordering_placeholder",
        empty_label=_("Best match or newest"),
    )

    class Meta:
        model = Project
        form = ProjectFilterForm
        fields = [
            "search",
            "mineral",
            "region",
            "stage",
            "investment_model",
            "status",
            "min_investment",
            "max_investment",
            "ordering",
        ]

    def get_form_class(self):
        """Built once per FilterSet class, not on every request: the filters are declared on
        the class, so the form class (its fields made from them) is the same for every
        instance. Each form still deep-copies its fields, as every Django form does."""
        form_class = type(self).__dict__.get("_form_class")
        if form_class is None:
            form_class = super().get_form_class()
            type(self)._form_class = form_class
        return form_class

    # --- filter methods --------------------------------------------------------------------

    def filter_search(self, queryset: QuerySet, name: str, value: str) -> QuerySet:
        return search_projects(queryset, value)

    def filter_mineral(self, queryset: QuerySet, name: str, value: Mineral) -> QuerySet:
        through = Project.minerals.through
        return queryset.filter(
            Exists(through.objects.filter(project_id=OuterRef("pk"), mineral_id=value.pk))
        )

    def filter_region(self, queryset: QuerySet, name: str, value: Region) -> QuerySet:
        if value.is_district:
            return queryset.filter(district_id=value.pk)
        return queryset.filter(region_id=value.pk)

    def filter_ordering_placeholder(self, queryset: QuerySet, name: str, value: str) -> QuerySet:
        return queryset  # applied last, in filter_queryset, once every filter is in

    @property
    def ordering_choice(self) -> str:
        data = getattr(self.form, "cleaned_data", {})
        chosen = data.get("ordering") or ""
        if chosen == Ordering.RELEVANCE and not data.get("search"):
            chosen = ""
        if not chosen:
            chosen = Ordering.RELEVANCE if data.get("search") else Ordering.NEWEST
        return chosen

    def filter_queryset(self, queryset: QuerySet) -> QuerySet:
        queryset = super().filter_queryset(queryset)
        return order_projects(queryset, self.ordering_choice)


class MillionsOfUsdFilter(django_filters.NumberFilter):
    """An amount typed in millions of US dollars (as people think of investments), compared
    with the stored dollars."""

    def filter(self, qs: QuerySet, value):
        if value in django_filters.constants.EMPTY_VALUES:
            return qs
        return super().filter(qs, self.stored_amount(value))

    @staticmethod
    def stored_amount(value) -> int:
        """The typed millions as the dollars stored (and compared)."""
        return int(value * MILLION)


MILLION = 1_000_000


class ProjectPageFilter(ProjectFilter):
    """The list and map pages: the same filters, with the investment bounds in millions of
    US dollars ("Minimum investment (million USD)"). The API keeps whole dollars
    (`min_investment=250000000`), as its documentation says."""

    min_investment = MillionsOfUsdFilter(
        label=_("Minimum investment (million USD)"),
        field_name="investment_usd",
        lookup_expr="gte",
        min_value=0,
        max_value=10**15,
    )
    max_investment = MillionsOfUsdFilter(
        label=_("Maximum investment (million USD)"),
        field_name="investment_usd",
        lookup_expr="lte",
        min_value=0,
        max_value=10**15,
    )

    class Meta(ProjectFilter.Meta):
        form = ProjectPageFilterForm


def order_projects(queryset: QuerySet, ordering: str) -> QuerySet:
    if ordering == Ordering.RELEVANCE:
        return queryset.order_by("-search_rank", "-published_at", "-id")
    if ordering == Ordering.CLOSING:
        # Deadlines still ahead first, soonest first; past deadlines after them.
        upcoming_deadline = Case(
            When(bid_closes_at__gte=timezone.now(), then=F("bid_closes_at")),
            output_field=DateTimeField(),
        )
        return queryset.order_by(
            upcoming_deadline.asc(nulls_last=True), F("bid_closes_at").desc(), "-id"
        )
    if ordering == Ordering.LARGEST:
        return queryset.order_by("-investment_usd", "-id")
    # Unpublished drafts (only their own officials list them) come first on PostgreSQL.
    return queryset.order_by("-published_at", "-created_at", "-id")
