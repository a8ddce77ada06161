"""What the projects API reads and writes.

The list endpoint builds its rows directly from one `values()` query (see `rows_for_listing`):
`ProjectListItemSerializer` describes those rows for the OpenAPI schema and is the contract
the fast path keeps. The detail endpoint uses `ProjectDetailSerializer`; writes validate with
`ProjectWriteSerializer` and the transition serializers, then call `projects.services`.
"""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Iterable
from datetime import datetime, tzinfo
from decimal import Decimal
from typing import Any

from django.conf import settings
from django.contrib.postgres.expressions import ArraySubquery
from django.db.models import OuterRef, QuerySet
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext_lazy as _
from rest_framework import serializers

from emining.models import User
from emining.rest.fields import LookupRelatedField
from minerals.models import Mineral, Region
from projects import services
from projects.listing_index import ListingIndex
from projects.models import Amendment, EvaluationCriterion, Project, ProjectDocument

MAX_MINERALS = 20
MAX_CRITERIA = 20


# --- Reading ------------------------------------------------------------------------------------


class EvaluationCriterionSerializer(serializers.ModelSerializer):
    class Meta:
        model = EvaluationCriterion
        fields = ["name", "name_zh", "name_ur", "weight"]


class ProjectListItemSerializer(serializers.Serializer):
    """One project in a list. Related records appear as their slugs."""

    id = serializers.IntegerField()
    reference = serializers.CharField(help_text=_("For example PMP-2026-0001."))
    title = serializers.CharField()
    title_zh = serializers.CharField(help_text=_("Empty when there is no Chinese title."))
    title_ur = serializers.CharField(help_text=_("Empty when there is no Urdu title."))
    summary = serializers.CharField()
    summary_zh = serializers.CharField()
    summary_ur = serializers.CharField()
    description = serializers.CharField()
    description_zh = serializers.CharField(help_text=_("Empty when there is no Chinese text."))
    description_ur = serializers.CharField(help_text=_("Empty when there is no Urdu text."))
    minerals = serializers.ListField(
        child=serializers.SlugField(), help_text=_("Slugs of the project’s minerals.")
    )
    primary_mineral = serializers.SlugField()
    region = serializers.SlugField(help_text=_("Slug of the province or territory."))
    district = serializers.SlugField(allow_null=True)
    latitude = serializers.FloatField()
    longitude = serializers.FloatField()
    area_km2 = serializers.FloatField()
    stage = serializers.ChoiceField(choices=Project.Stage.choices)
    investment_model = serializers.ChoiceField(choices=Project.InvestmentModel.choices)
    investment_usd = serializers.IntegerField()
    status = serializers.ChoiceField(choices=Project.Status.choices)
    bid_opens_at = serializers.DateTimeField()
    bid_closes_at = serializers.DateTimeField()
    published_at = serializers.DateTimeField(allow_null=True)
    agency = serializers.SlugField(help_text=_("Slug of the owning agency."))
    created_at = serializers.DateTimeField()
    updated_at = serializers.DateTimeField()


# The columns of a list row, read with one `values()` query: slugs come through joins.
LISTING_COLUMNS = {
    "id": "id",
    "reference": "reference",
    "title": "title",
    "title_zh": "title_zh",
    "title_ur": "title_ur",
    "summary": "summary",
    "summary_zh": "summary_zh",
    "summary_ur": "summary_ur",
    "description": "description",
    "description_zh": "description_zh",
    "description_ur": "description_ur",
    "primary_mineral": "primary_mineral__slug",
    "region": "region__slug",
    "district": "district__slug",
    "latitude": "latitude",
    "longitude": "longitude",
    "area_km2": "area_km2",
    "stage": "stage",
    "investment_model": "investment_model",
    "investment_usd": "investment_usd",
    "status": "status",
    "bid_opens_at": "bid_opens_at",
    "bid_closes_at": "bid_closes_at",
    "published_at": "published_at",
    "agency": "agency__slug",
    "created_at": "created_at",
    "updated_at": "updated_at",
}
LISTING_VALUES = tuple(LISTING_COLUMNS.values())
_DATETIME_FIELDS = ("bid_opens_at", "bid_closes_at", "published_at", "created_at", "updated_at")


def iso_datetime(value: datetime | None, tz: tzinfo) -> str | None:
    """As DRF's DateTimeField writes it: ISO 8601 in the site's time zone, with its offset."""
    if value is None:
        return None
    text = value.astimezone(tz).isoformat()
    return text[:-6] + "Z" if text.endswith("+00:00") else text


def mineral_slugs_by_project(project_ids: Iterable[int]) -> dict[int, list[str]]:
    """The mineral slugs of these projects (by mineral name), in one query over the link table."""
    through = Project.minerals.through
    slugs: dict[int, list[str]] = defaultdict(list)
    links = (
        through.objects.filter(project_id__in=list(project_ids))
        .order_by("mineral__name", "mineral_id")
        .values_list("project_id", "mineral__slug")
    )
    for project_id, slug in links:
        slugs[project_id].append(slug)
    return slugs


def listing_values(queryset: QuerySet[Project]) -> QuerySet:
    """The columns of list rows. On PostgreSQL each row also carries its mineral slugs (an
    array subquery, run only for the rows of the page), so a page is one query."""
    if settings.USING_POSTGRES:
        through = Project.minerals.through
        queryset = queryset.annotate(
            mineral_slugs=ArraySubquery(
                through.objects.filter(project_id=OuterRef("pk"))
                .order_by("mineral__name", "mineral_id")
                .values("mineral__slug")
            )
        )
        return queryset.values(*LISTING_VALUES, "mineral_slugs")
    return queryset.values(*LISTING_VALUES)


# The same rows without joins: the slugs come from the listing index's catalogue.
_SLUG_COLUMNS = {
    "primary_mineral__slug": "primary_mineral_id",
    "region__slug": "region_id",
    "district__slug": "district_id",
    "agency__slug": "agency_id",
}
INDEXED_LISTING_VALUES = tuple(_SLUG_COLUMNS.get(column, column) for column in LISTING_VALUES)


def public_rows_for_listing(rows: list[dict[str, Any]], index: ListingIndex) -> list[dict]:
    """`rows_for_listing` for public projects, from `values(*INDEXED_LISTING_VALUES)` rows:
    the slugs of minerals, regions and agencies are the listing index's (no join and no
    second query; the index is as current as the request's data version)."""
    regions, minerals, agencies = index.regions, index.minerals, index.agencies
    for row in rows:
        row["primary_mineral__slug"] = minerals[row["primary_mineral_id"]]["slug"]
        row["region__slug"] = regions[row["region_id"]]["slug"]
        district = regions.get(row["district_id"])
        row["district__slug"] = district["slug"] if district else None
        row["agency__slug"] = agencies[row["agency_id"]]
        row["mineral_slugs"] = [minerals[pk]["slug"] for pk in index.mineral_ids_of(row["id"])]
    return rows_for_listing(rows)


def rows_for_listing(rows: list[dict[str, Any]]) -> list[dict[str, Any]]:
    """`ProjectListItemSerializer` rows from `listing_values()` rows (plus one query for their
    minerals where the rows do not carry them). Built by hand: a serializer per field would
    cost more than the query itself."""
    if not rows:
        return []
    minerals = (
        None if "mineral_slugs" in rows[0] else mineral_slugs_by_project(r["id"] for r in rows)
    )
    tz = timezone.get_current_timezone()
    items = []
    for row in rows:
        item = {name: row[column] for name, column in LISTING_COLUMNS.items()}
        item["minerals"] = row["mineral_slugs"] if minerals is None else minerals.get(row["id"], [])
        item["area_km2"] = float(row["area_km2"])
        for name in _DATETIME_FIELDS:
            item[name] = iso_datetime(row[name], tz)
        items.append(item)
    return items


class AmendmentSerializer(serializers.ModelSerializer):
    changes = serializers.DictField(
        child=serializers.DictField(child=serializers.CharField()),
        help_text=_('What changed: {field: {"label", "from", "to"}}, values as display text.'),
    )

    class Meta:
        model = Amendment
        fields = ["created_at", "reason", "reason_zh", "reason_ur", "changes"]


class ProjectDocumentSerializer(serializers.ModelSerializer):
    download_url = serializers.SerializerMethodField()

    class Meta:
        model = ProjectDocument
        fields = [
            "id",
            "title",
            "title_zh",
            "title_ur",
            "original_name",
            "content_type",
            "size",
            "sha256",
            "visibility",
            "uploaded_at",
            "download_url",
        ]

    def get_download_url(self, document: ProjectDocument) -> str:
        """Restricted documents download only for those allowed; others get 403 or 404."""
        path = reverse(
            "projects:document-download",
            kwargs={"reference": document.project.reference, "pk": document.pk},
        )
        request = self.context.get("request")
        return request.build_absolute_uri(path) if request else path


class ContactSerializer(serializers.Serializer):
    """Whom investors write to: the official's name and work email, never their username."""

    name = serializers.CharField(source="get_full_name")
    email = serializers.EmailField()


class ProjectDetailSerializer(serializers.ModelSerializer):
    """Everything the project page shows. Expects `selectors.project_for_detail()`."""

    minerals = serializers.SlugRelatedField(slug_field="slug", many=True, read_only=True)
    primary_mineral = serializers.SlugRelatedField(slug_field="slug", read_only=True)
    region = serializers.SlugRelatedField(slug_field="slug", read_only=True)
    district = serializers.SlugRelatedField(slug_field="slug", read_only=True, allow_null=True)
    agency = serializers.SlugRelatedField(slug_field="slug", read_only=True)
    contact_official = ContactSerializer(read_only=True)
    area_km2 = serializers.DecimalField(
        max_digits=10, decimal_places=2, coerce_to_string=False, read_only=True
    )
    evaluation_criteria = EvaluationCriterionSerializer(many=True, read_only=True)
    amendments = AmendmentSerializer(many=True, read_only=True)
    documents = ProjectDocumentSerializer(many=True, read_only=True)

    class Meta:
        model = Project
        fields = [
            *ProjectListItemSerializer._declared_fields,
            "estimated_reserves",
            "estimated_reserves_zh",
            "estimated_reserves_ur",
            "grade",
            "grade_zh",
            "grade_ur",
            "distance_to_gwadar_km",
            "special_economic_zone",
            "special_economic_zone_zh",
            "special_economic_zone_ur",
            "corridor",
            "corridor_zh",
            "corridor_ur",
            "expected_jobs",
            "training_commitment",
            "training_commitment_zh",
            "training_commitment_ur",
            "contact_official",
            "evaluation_criteria",
            "submitted_at",
            "closed_at",
            "evaluation_started_at",
            "awarded_at",
            "cancelled_at",
            "cancellation_reason",
            "amendments",
            "documents",
        ]
        read_only_fields = fields


# --- Writing ------------------------------------------------------------------------------------


class CriterionInputSerializer(serializers.Serializer):
    name = serializers.CharField(max_length=120)
    name_zh = serializers.CharField(max_length=120, required=False, allow_blank=True, default="")
    name_ur = serializers.CharField(max_length=120, required=False, allow_blank=True, default="")
    weight = serializers.IntegerField(min_value=1, max_value=100)


class ProjectWriteSerializer(serializers.ModelSerializer):
    """The editable fields of a draft, with related records named by slug (the contact
    official by email address). Rules across fields are checked by the services."""

    minerals = serializers.ListField(
        child=serializers.SlugField(max_length=80),
        max_length=MAX_MINERALS,
        help_text=_("Slugs of the project’s minerals; the primary mineral is one of them."),
    )
    primary_mineral = LookupRelatedField(
        slug_field="slug",
        queryset=Mineral.objects.all(),
        error_messages={"does_not_exist": _("There is no mineral “{value}”.")},
    )
    region = LookupRelatedField(
        slug_field="slug",
        queryset=Region.objects.all(),
        help_text=_("Slug of the province or territory."),
        error_messages={"does_not_exist": _("There is no region “{value}”.")},
    )
    district = LookupRelatedField(
        slug_field="slug",
        queryset=Region.objects.all(),
        required=False,
        allow_null=True,
        error_messages={"does_not_exist": _("There is no district “{value}”.")},
    )
    contact_official = LookupRelatedField(
        slug_field="email__iexact",
        queryset=User.objects.none(),
        required=False,
        help_text=_("Email address of an official of the owning agency; by default the author."),
        error_messages={"does_not_exist": _("“{value}” is not an official of the owning agency.")},
    )
    area_km2 = serializers.DecimalField(
        max_digits=10, decimal_places=2, min_value=Decimal("0.01"), coerce_to_string=False
    )
    evaluation_criteria = CriterionInputSerializer(
        many=True,
        max_length=MAX_CRITERIA,
        help_text=_("How bids will be scored; the weights add up to 100."),
    )

    class Meta:
        model = Project
        fields = [*services.EDITABLE_FIELDS, "minerals", "evaluation_criteria"]

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        # The contact is an official of the owning agency, which is always the caller's.
        request = self.context.get("request")
        agency_id = getattr(getattr(request, "user", None), "agency_id", None)
        if agency_id is not None:
            self.fields["contact_official"].queryset = User.objects.filter(
                role=User.Role.OFFICIAL, agency_id=agency_id, is_active=True
            )

    def validate_minerals(self, slugs: list[str]) -> list[Mineral]:
        wanted = list(dict.fromkeys(slugs))
        found = {mineral.slug: mineral for mineral in Mineral.objects.filter(slug__in=wanted)}
        unknown = [slug for slug in wanted if slug not in found]
        if unknown:
            raise serializers.ValidationError(
                _("There is no mineral “%(slugs)s”.") % {"slugs": "”, “".join(unknown)}
            )
        return [found[slug] for slug in wanted]

    def service_arguments(self) -> dict[str, Any]:
        """`values`, `minerals` and `criteria` for `services.create_project`/`update_draft`:
        what was not sent is left out (None), so a PATCH changes only what it names."""
        data = dict(self.validated_data)
        minerals = data.pop("minerals", None)
        criteria = data.pop("evaluation_criteria", None)
        return {
            "values": data,
            "minerals": minerals,
            "criteria": None
            if criteria is None
            else [
                services.Criterion(
                    c["name"], c["weight"], c.get("name_zh", ""), c.get("name_ur", "")
                )
                for c in criteria
            ],
        }


class ReasonSerializer(serializers.Serializer):
    reason = serializers.CharField(max_length=2000)


class AwardSerializer(serializers.Serializer):
    bid = serializers.IntegerField(min_value=1, help_text="The winning (shortlisted) bid's id.")
    note = serializers.CharField(max_length=2000, required=False, allow_blank=True, default="")
