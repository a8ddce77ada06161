"""Helpers for the MoU tests: MoUs recorded through the services, in any status."""

from __future__ import annotations

from datetime import date, timedelta

from django.utils import timezone

from emining.models import Agency
from firms.models import Firm
from matchmaking.models import MoU
from matchmaking.services import mous as services
from matchmaking.services.mous import Party, Scope
from minerals.models import Mineral, Region

PATH = {
    "draft": [],
    "signed": ["signed"],
    "in_implementation": ["signed", "in_implementation"],
    "converted": ["signed", "in_implementation", "converted"],
    "expired": ["signed", "expired"],
    "terminated": ["signed", "terminated"],
}


def parties_of(*organisations: Firm | Agency) -> list[Party]:
    parties = []
    for organisation in organisations:
        if isinstance(organisation, Firm):
            role = "chinese_party" if organisation.country == "CN" else "pakistani_party"
            parties.append(Party(role=role, firm=organisation, signatory_name="A. Signatory"))
        else:
            parties.append(Party(role="pakistani_party", agency=organisation))
    return parties


def mou_values(**overrides) -> dict:
    values = {
        "title": "Digital cross-border industrial trade",
        "title_zh": "数字跨境产业贸易",
        "summary": "Cooperation on digital trade in mineral products.",
        "place": "Pak-China Mineral Cooperation Forum, Jinnah Convention Centre, Islamabad",
        "indicative_value_usd": 50_000_000,
        "is_public": True,
    }
    values.update(overrides)
    return values


def make_mou(
    official,
    *organisations: Firm | Agency,
    status: str = "signed",
    signed_on: date | None = None,
    minerals: tuple[str, ...] = ("copper",),
    regions: tuple[str, ...] = ("balochistan",),
    **overrides,
) -> MoU:
    mou = services.create_mou(
        by=official,
        values=mou_values(**overrides),
        parties=parties_of(*organisations),
        scope=Scope(
            minerals=list(Mineral.objects.filter(slug__in=minerals)),
            regions=list(Region.objects.filter(slug__in=regions)),
            stages=["processing"],
        ),
    )
    signed_on = signed_on or timezone.localdate() - timedelta(days=30)
    for step in PATH[status]:
        services.transition_mou(
            mou,
            step,
            by=official,
            effective_on=signed_on if step == "signed" else None,
            reason="The parties withdrew." if step == "terminated" else "",
        )
    return mou
