"""The verified firms dataset: the directory's public entry for each firm, never contacts,
documents, registration papers or firms still waiting for (or refused) verification."""

from __future__ import annotations

from django.contrib.postgres.expressions import ArraySubquery
from django.db.models import OuterRef, QuerySet
from django.utils.translation import gettext_lazy as _

from emining.opendata import Column, Dataset, register_dataset
from minerals.models import Mineral, Region

from .filters import FirmFilter
from .models import Firm, FirmCapability


def _firm_rows() -> QuerySet[Firm]:
    return Firm.objects.filter(verification_status=Firm.VerificationStatus.VERIFIED).annotate(
        capability_stages=ArraySubquery(
            FirmCapability.objects.filter(firm=OuterRef("pk")).order_by("stage").values("stage")
        ),
        mineral_slugs=ArraySubquery(
            Mineral.objects.filter(firms=OuterRef("pk")).order_by("slug").values("slug")
        ),
        region_slugs=ArraySubquery(
            Region.objects.filter(firms=OuterRef("pk")).order_by("slug").values("slug")
        ),
    )


# The fields of `firms.api.serializers.FirmSerializer` (the public registry entry).
FIRM_COLUMNS = (
    Column("id"),
    Column("name"),
    Column("name_zh"),
    Column("name_ur"),
    Column("country"),
    Column("registration_number"),
    Column("kind"),
    Column("head_office_city"),
    Column("present_in_pakistan"),
    Column("capabilities", "capability_stages", many=True),
    Column("minerals", "mineral_slugs", many=True),
    Column("regions", "region_slugs", many=True),
    Column("capital_usd_min"),
    Column("capital_usd_max"),
    Column("years_of_experience"),
    Column("website"),
    Column("verified_at"),
)


def register() -> None:
    register_dataset(
        Dataset(
            name="firms",
            title=_("Verified firms"),
            description=_(
                "The Chinese and Pakistani firms the portal has verified, as the directory "
                "shows them: capabilities, minerals, provinces and capital range. No contact "
                "details. Filters of the directory (country, capability, mineral, region) may "
                "be added as parameters."
            ),
            rows=_firm_rows,
            columns=FIRM_COLUMNS,
            ordering=("pk",),
            filterset_class=FirmFilter,
            order=30,
        )
    )
