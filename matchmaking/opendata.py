"""The public MoUs dataset: what an anonymous visitor of `/mous/` may see (signed or later,
not confidential), with the parties' names and roles but never documents, milestones' internal
notes or who recorded the MoU; linked projects only where the project itself is public."""

from __future__ import annotations

from django.contrib.auth.models import AnonymousUser
from django.contrib.postgres.expressions import ArraySubquery
from django.db.models import OuterRef, QuerySet, Value
from django.db.models.functions import Coalesce, Concat
from django.utils.translation import gettext_lazy as _

from emining.opendata import Column, Dataset, register_dataset
from minerals.models import Mineral, Region
from projects.models import Project
from projects.permissions import public_projects_condition

from .models import MoU, MoUParty, MoUStage
from .mou_filters import MoUFilter
from .permissions import mous_visible_to


def _mou_rows() -> QuerySet[MoU]:
    parties = MoUParty.objects.filter(mou_id=OuterRef("pk")).order_by("position", "id")
    return mous_visible_to(AnonymousUser()).annotate(
        party_names=ArraySubquery(
            parties.values(
                text=Concat(Coalesce("firm__name", "agency__name"), Value(" ("), "role", Value(")"))
            )
        ),
        party_countries=ArraySubquery(
            parties.filter(firm__isnull=False)
            .order_by("firm__country")
            .values("firm__country")
            .distinct()
        ),
        mineral_slugs=ArraySubquery(
            Mineral.objects.filter(mous=OuterRef("pk")).order_by("slug").values("slug")
        ),
        region_slugs=ArraySubquery(
            Region.objects.filter(mous=OuterRef("pk")).order_by("slug").values("slug")
        ),
        stage_codes=ArraySubquery(
            MoUStage.objects.filter(mou_id=OuterRef("pk")).order_by("stage").values("stage")
        ),
        project_references=ArraySubquery(
            Project.objects.filter(public_projects_condition(), mous=OuterRef("pk"))
            .order_by("reference")
            .values("reference")
        ),
    )


# The public fields of `matchmaking.api.mou_serializers.MoUSerializer`.
MOU_COLUMNS = (
    Column("reference"),
    Column("title"),
    Column("title_zh"),
    Column("title_ur"),
    Column("summary"),
    Column("summary_zh"),
    Column("summary_ur"),
    Column("status"),
    Column("signed_on"),
    Column("place"),
    Column("place_zh"),
    Column("place_ur"),
    Column("indicative_value_usd"),
    Column("expires_on"),
    Column("agency", "agency__slug"),
    Column("parties", "party_names", many=True),
    Column("party_firm_countries", "party_countries", many=True),
    Column("minerals", "mineral_slugs", many=True),
    Column("regions", "region_slugs", many=True),
    Column("stages", "stage_codes", many=True),
    Column("projects", "project_references", many=True),
    Column("termination_reason"),
)


def register() -> None:
    register_dataset(
        Dataset(
            name="mous",
            title=_("Public memoranda of understanding"),
            description=_(
                "The MoUs signed between Pakistani and Chinese parties that are not "
                "confidential: parties and their roles, signing date and place, scope, "
                "indicative value and status. Filters of the MoU registry (status, mineral, "
                "region, country, year, search) may be added as parameters."
            ),
            rows=_mou_rows,
            columns=MOU_COLUMNS,
            ordering=("signed_on", "reference"),
            filterset_class=MoUFilter,
            order=40,
        )
    )
