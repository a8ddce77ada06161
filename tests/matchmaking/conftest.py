"""Fixtures of the match tests: a copper-gold smelter (CN), a coal miner (PK), a firm waiting
for verification; an open copper-gold smelting project, an open coal mine in Sindh, and a
draft."""

from __future__ import annotations

import pytest

from firms.models import Firm
from minerals.models import Mineral, Region
from tests.factories import FirmFactory, make_project


def firm(name: str, *, country="CN", minerals=("copper",), stages=("mining",), **fields) -> Firm:
    created = FirmFactory(name=name, country=country, capabilities=stages, **fields)
    created.minerals.set(Mineral.objects.filter(slug__in=minerals))
    created.regions.set(Region.objects.filter(slug="balochistan"))
    return created


@pytest.fixture
def market(reference_data):
    smelter = firm(
        "Copper Smelter Co",
        minerals=("copper", "gold"),
        stages=("smelting",),
        capital_usd_min=100_000_000,
        capital_usd_max=500_000_000,
        years_of_experience=20,
    )
    coal = firm("Coal Miner Co", country="PK", minerals=("coal",), stages=("mining",))
    pending = firm("Pending Co", verification_status=Firm.VerificationStatus.PENDING)
    saindak = make_project(
        title="Saindak copper-gold smelter",
        minerals=("copper", "gold"),
        stage="smelting",
        investment_usd=300_000_000,
    )
    thar = make_project(
        title="Thar coal block",
        minerals=("coal",),
        region="sindh",
        district="tharparkar",
        stage="mining",
    )
    draft = make_project(status="draft", title="Draft project")
    return {
        "smelter": smelter,
        "coal": coal,
        "pending": pending,
        "saindak": saindak,
        "thar": thar,
        "draft": draft,
    }
