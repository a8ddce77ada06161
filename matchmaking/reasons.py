"""Why a match scored as it did, in the reader's language: a few short reasons written from the
stored breakdown and the two records ("Copper, gold: among your minerals of interest").

A firm reads its own recommendations ("your"); an official reads a project's likely
investors ("the firm's"). Only factors that speak for the match are given as reasons; the
score and the full breakdown say the rest.
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass

from django.utils.translation import gettext as _

from emining.formats import amount_text
from minerals.models import ValueChainStage

MOST_REASONS = 4


@dataclass(frozen=True)
class Reason:
    factor: str
    text: str


def _names(records: Iterable) -> str:
    return ", ".join(record.localized_name for record in records)


def project_reasons(match, *, firm, project, audience: str = "firm") -> list[Reason]:
    """`match` has the breakdown; `firm` its minerals, regions and capabilities prefetched
    (`mineral_list`, `region_ids`, `stage_list`), `project` its minerals and region."""
    yours = audience == "firm"
    reasons: list[Reason] = []
    shared = [m for m in project.minerals.all() if m.pk in firm.mineral_ids]
    if match.mineral and shared:
        template = (
            _("%(minerals)s: among your minerals of interest")
            if yours
            else _("%(minerals)s: among the firm’s minerals of interest")
        )
        reasons.append(Reason("mineral", template % {"minerals": _names(shared)}))
    stage = str(ValueChainStage(project.stage).label)
    if match.capability == 100:
        template = _("%(stage)s: your capability") if yours else _("%(stage)s: a capability")
        reasons.append(Reason("capability", template % {"stage": stage}))
    elif match.capability:
        template = (
            _("%(stage)s: next to your capabilities")
            if yours
            else _("%(stage)s: next to the firm’s capabilities")
        )
        reasons.append(Reason("capability", template % {"stage": stage}))
    if match.capital == 100 and (firm.capital_usd_min or firm.capital_usd_max):
        template = (
            _("%(amount)s sought: inside your capital range")
            if yours
            else _("%(amount)s sought: inside the firm’s capital range")
        )
        reasons.append(
            Reason("capital", template % {"amount": amount_text(project.investment_usd)})
        )
    if match.region == 100:
        reasons.append(
            Reason(
                "region",
                _("%(region)s: a preferred region") % {"region": project.region.localized_name},
            )
        )
    if match.track_record >= 50:
        reasons.append(
            Reason(
                "track_record",
                _("A track record in these minerals")
                if match.track_record >= 75 or not firm.years_of_experience
                else _("%(years)s years of experience") % {"years": firm.years_of_experience},
            )
        )
    if match.feedback > 50:
        reasons.append(
            Reason(
                "feedback",
                _("Like projects you marked interesting")
                if yours
                else _("Like projects the firm marked interesting"),
            )
        )
    return reasons[:MOST_REASONS]


def partner_reasons(match, *, firm, partner) -> list[Reason]:
    """Why `partner` suits `firm` (both with prefetched minerals and capabilities)."""
    reasons: list[Reason] = []
    theirs = set(partner.stage_list) - set(firm.stage_list)
    if match.complementarity >= 50 and theirs:
        stages = ", ".join(str(ValueChainStage(s).label) for s in sorted(theirs))
        reasons.append(Reason("complementarity", _("Brings %(stages)s") % {"stages": stages}))
    shared = [m for m in partner.mineral_list if m.pk in firm.mineral_ids]
    if shared:
        reasons.append(
            Reason("minerals", _("%(minerals)s: minerals you share") % {"minerals": _names(shared)})
        )
    if match.regions == 100:
        reasons.append(Reason("regions", _("The same provinces of interest")))
    if match.size >= 75:
        reasons.append(Reason("size", _("A capital range like yours")))
    return reasons[:MOST_REASONS]
