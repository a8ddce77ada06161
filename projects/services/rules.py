"""The rules a project's values must keep (amounts, places, criteria, the closing time): checked
by the services before every write, and by forms and the API for their field messages."""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from datetime import datetime
from typing import Any

from django.utils import formats, timezone
from django.utils.translation import gettext as _
from django.utils.translation import ngettext

from emining.models import User
from emining.services import DomainError
from minerals.models import Mineral, Region
from projects.models import (
    MINIMUM_BIDDING_PERIOD,
    EvaluationCriterion,
    Project,
)

Status = Project.Status


# Fields an official sets through the project form or the API (besides minerals and criteria).
EDITABLE_FIELDS = (
    "title",
    "title_zh",
    "title_ur",
    "summary",
    "summary_zh",
    "summary_ur",
    "description",
    "description_zh",
    "description_ur",
    "primary_mineral",
    "region",
    "district",
    "latitude",
    "longitude",
    "area_km2",
    "stage",
    "investment_model",
    "investment_usd",
    "estimated_reserves",
    "grade",
    "estimated_reserves_zh",
    "estimated_reserves_ur",
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
    "bid_opens_at",
    "bid_closes_at",
)


@dataclass(frozen=True)
class Criterion:
    name: str
    weight: int
    name_zh: str = ""
    name_ur: str = ""

    @classmethod
    def of(cls, criterion: EvaluationCriterion) -> Criterion:
        return cls(criterion.name, criterion.weight, criterion.name_zh, criterion.name_ur)


# --- Validation shared by create, update and amend --------------------------------------------


def project_rule_errors(
    *,
    agency_id: int,
    values: dict[str, Any],
    minerals: Sequence[Mineral] | None,
    criteria: Sequence[Criterion] | None,
) -> dict[str, list[str]]:
    """Rules across fields that the form and the serializer cannot see alone, as messages
    keyed by field. A value left out (or minerals/criteria given as None) is not judged, so a
    form can report these beside its own errors in one go."""
    errors: dict[str, list[str]] = {}

    def refuse(field: str, message: str) -> None:
        errors.setdefault(field, []).append(message)

    primary: Mineral | None = values.get("primary_mineral")
    if minerals is None:
        pass
    elif not minerals:
        refuse("minerals", _("Choose at least one mineral."))
    elif primary is not None and primary.pk not in {mineral.pk for mineral in minerals}:
        refuse("primary_mineral", _("The primary mineral must be one of the project’s minerals."))

    region: Region | None = values.get("region")
    district: Region | None = values.get("district")
    if region is not None and region.parent_id is not None:
        refuse("region", _("Choose a province or territory, not a district."))
    if district is not None:
        if not district.is_district:
            refuse("district", _("Choose a district."))
        elif region is not None and district.parent_id != region.pk:
            refuse(
                "district",
                _("%(district)s is not in %(region)s.")
                % {"district": district.localized_name, "region": region.localized_name},
            )

    opens, closes = values.get("bid_opens_at"), values.get("bid_closes_at")
    if opens and closes and closes <= opens:
        refuse("bid_closes_at", _("Bids must close after they open."))

    contact: User | None = values.get("contact_official")
    if contact is not None and not (
        contact.role == User.Role.OFFICIAL and contact.agency_id == agency_id
    ):
        refuse("contact_official", _("The contact must be an official of the owning agency."))

    if criteria is None:
        pass
    elif criteria:
        names = [criterion.name.strip().casefold() for criterion in criteria]
        if len(set(names)) != len(names):
            refuse("evaluation_criteria", _("Each criterion is named once."))
        total = sum(criterion.weight for criterion in criteria)
        if total != 100:
            refuse(
                "evaluation_criteria",
                _(
                    "The weights of the evaluation criteria add up to %(total)s; "
                    "they must add up to 100."
                )
                % {"total": total},
            )
    else:
        refuse("evaluation_criteria", _("Give at least one evaluation criterion."))
    return errors


def check_project_rules(
    *,
    agency_id: int,
    values: dict[str, Any],
    minerals: Sequence[Mineral],
    criteria: Sequence[Criterion],
) -> None:
    """`project_rule_errors` as a DomainError keyed by field, so forms show each message
    beside its field."""
    errors = project_rule_errors(
        agency_id=agency_id, values=values, minerals=minerals, criteria=criteria
    )
    if errors:
        raise DomainError(errors)


def _when(moment: datetime) -> str:
    return formats.date_format(timezone.localtime(moment), "DATETIME_FORMAT")


def closing_time_problem(closes_at: datetime | None, *, now: datetime | None = None) -> str:
    """Why this closing time could not be published today, or "" if it could: bids close at
    least MINIMUM_BIDDING_PERIOD after publication. A draft is saved anyway (with this as a
    warning); submission and publication refuse it."""
    if closes_at is None:
        return ""
    now = now or timezone.now()
    earliest = now + MINIMUM_BIDDING_PERIOD
    if closes_at >= earliest:
        return ""
    days = MINIMUM_BIDDING_PERIOD.days
    # The times are never last before a full stop: formats such as "2 p.m." end in one.
    values = {"closes": _when(closes_at), "days": days, "earliest": _when(earliest)}
    if closes_at <= now:
        return (
            ngettext(
                "The closing time (%(closes)s) has already passed. Bids must close at least "
                "%(days)s day after publication (after %(earliest)s).",
                "The closing time (%(closes)s) has already passed. Bids must close at least "
                "%(days)s days after publication (after %(earliest)s).",
                days,
            )
            % values
        )
    return (
        ngettext(
            "The closing time (%(closes)s) is less than %(days)s day away. Bids must close at "
            "least %(days)s day after publication (after %(earliest)s).",
            "The closing time (%(closes)s) is less than %(days)s days away. Bids must close at "
            "least %(days)s days after publication (after %(earliest)s).",
            days,
        )
        % values
    )
