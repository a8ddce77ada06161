"""The projects and awards datasets: public rows and public columns only.

Projects: those published at some point (`permissions.public_projects_condition`), never
drafts or projects in review; no officials' names. Awards: the public award notice of each
awarded project (`projects.api.bids.award_notices`), nothing of the other bids.
"""

from __future__ import annotations

from django.contrib.postgres.expressions import ArraySubquery
from django.db.models import FloatField, OuterRef, QuerySet
from django.db.models.functions import Cast
from django.utils.translation import gettext_lazy as _

from emining.opendata import Column, Dataset, Download, register_dataset, register_download
from minerals.models import Mineral
from projects.filters import ProjectFilter
from projects.models import Bid, BidParticipant, Project
from projects.permissions import public_projects_condition


def public_projects() -> QuerySet[Project]:
    return Project.objects.filter(public_projects_condition())


def _project_rows() -> QuerySet[Project]:
    return public_projects().annotate(
        mineral_slugs=ArraySubquery(
            Mineral.objects.filter(projects=OuterRef("pk")).order_by("slug").values("slug")
        ),
        area=Cast("area_km2", FloatField()),
    )


PROJECT_COLUMNS = (
    Column("reference"),
    Column("title"),
    Column("title_zh"),
    Column("title_ur"),
    Column("summary"),
    Column("summary_zh"),
    Column("summary_ur"),
    Column("status"),
    Column("agency", "agency__slug"),
    Column("agency_name", "agency__name"),
    Column("primary_mineral", "primary_mineral__slug"),
    Column("minerals", "mineral_slugs", many=True),
    Column("region", "region__slug"),
    Column("district", "district__slug"),
    Column("latitude"),
    Column("longitude"),
    Column("area_km2", "area"),
    Column("stage"),
    Column("investment_model"),
    Column("investment_usd"),
    Column("estimated_reserves"),
    Column("grade"),
    Column("distance_to_gwadar_km"),
    Column("special_economic_zone"),
    Column("corridor"),
    Column("expected_jobs"),
    Column("bid_opens_at"),
    Column("bid_closes_at"),
    Column("published_at"),
    Column("closed_at"),
    Column("awarded_at"),
    Column("cancelled_at"),
)


def _award_rows() -> QuerySet[Bid]:
    """One row per awarded project: its winning bid's public notice fields."""
    return Bid.objects.filter(
        status=Bid.Status.AWARDED, project__status=Project.Status.AWARDED
    ).annotate(
        # The lead firm first, then the partners (as the award notice lists them).
        firm_names=ArraySubquery(
            BidParticipant.objects.filter(bid=OuterRef("pk"), active=True)
            .order_by("role", "pk")
            .values("firm__name")
        ),
        firm_countries=ArraySubquery(
            BidParticipant.objects.filter(bid=OuterRef("pk"), active=True)
            .order_by("role", "pk")
            .values("firm__country")
        ),
    )


AWARD_COLUMNS = (
    Column("project", "project__reference"),
    Column("title", "project__title"),
    Column("awarded_at", "project__awarded_at"),
    Column("lead_firm", "lead_firm__name"),
    Column("firms", "firm_names", many=True),
    Column("firm_countries", "firm_countries", many=True),
    Column("offered_investment_usd"),
    Column("local_jobs"),
    Column("timeline_months"),
    Column("value_addition_stage"),
)


def register() -> None:
    register_dataset(
        Dataset(
            name="projects",
            title=_("Mineral projects"),
            description=_(
                "Every project published on the portal, with its status, location, minerals, "
                "investment sought and bidding dates. Drafts and projects in review are not "
                "included. Filters of the projects page (mineral, region, stage, status...) "
                "may be added as parameters."
            ),
            rows=_project_rows,
            columns=PROJECT_COLUMNS,
            ordering=("published_at", "pk"),
            filterset_class=ProjectFilter,
            order=10,
        )
    )
    register_dataset(
        Dataset(
            name="awards",
            title=_("Awards"),
            description=_(
                "The award notice of each awarded project: the winning firm or consortium, "
                "the offered investment, the Pakistani jobs and the timeline. Nothing of the "
                "other bids."
            ),
            rows=_award_rows,
            columns=AWARD_COLUMNS,
            ordering=("project__awarded_at", "pk"),
            order=20,
        )
    )
    register_download(
        Download(
            name="ocds",
            title=_("OCDS release package"),
            description=_(
                "Every published project as an Open Contracting Data Standard 1.1 release: "
                "the tender, the buyer and, once awarded, the award and its suppliers. Each "
                "project's own package is at /api/v1/projects/<reference>/ocds/."
            ),
            url_name="opendata-ocds",
            format_label="JSON (OCDS 1.1)",
            order=15,
        )
    )
