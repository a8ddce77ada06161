"""Helpers for the lead tests: leads recorded and moved through the services."""

from __future__ import annotations

from matchmaking.models import Lead
from matchmaking.services import leads as services
from minerals.models import Mineral, Region


def make_lead(official, *, firm=None, stage: str = "new", owner=None, **values) -> Lead:
    values.setdefault("summary", "Copper concentrate offtake and a smelter study.")
    if firm is None:
        values.setdefault("contact_name", "Li Wei")
        values.setdefault("contact_organisation", "Yunnan Tin Group")
    lead = services.create_lead(
        by=official,
        values={"firm": firm, "owner": owner or official, **values},
        minerals=list(Mineral.objects.filter(slug="copper")),
        regions=list(Region.objects.filter(slug="balochistan")),
    )
    if stage == "lost":
        services.move_lead(lead, "lost", by=official, reason="Chose another country.")
    elif stage != "new":
        services.move_lead(lead, stage, by=official)
    return lead
