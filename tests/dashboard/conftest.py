"""A small world for the dashboard's figures, with what must not be counted beside what must:
a draft project, a sealed bid, a confidential MoU, a draft MoU, a firm waiting for
verification and a rejected one."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import timedelta

import pytest
from django.utils import timezone

from firms.models import Firm
from projects import services
from projects.models import Project
from tests.factories import FirmFactory, close_bidding_now, make_project
from tests.matchmaking.mous import make_mou
from tests.projects.bidding import reconcile_all, score_all, submit


@dataclass
class World:
    open_copper: Project
    open_gold: Project
    sealed: Project
    awarded: Project
    draft: Project


@pytest.fixture
def world(
    reference_data,
    official,
    approver,
    verified_member,
    pk_firm_member,
    pk_firm,
    cn_firm,
    pending_member,
):
    open_copper = make_project(title="Open copper mine", investment_usd=250_000_000)
    open_gold = make_project(
        title="Open gold refinery",
        minerals=("gold",),
        region="punjab",
        district=None,
        stage=Project.Stage.REFINING,
        investment_usd=100_000_000,
    )
    sealed = make_project(title="Sealed bids project", investment_usd=40_000_000)
    submit(sealed, verified_member, offered_investment_usd=45_000_000)
    awarded = make_project(
        title="Awarded copper concentrator",
        stage=Project.Stage.PROCESSING,
        investment_usd=300_000_000,
    )
    winner = submit(awarded, verified_member, offered_investment_usd=320_000_000)
    loser = submit(awarded, pk_firm_member, offered_investment_usd=290_000_000)
    close_bidding_now(awarded)
    services.open_bids(awarded, by=official)
    winner.refresh_from_db()
    loser.refresh_from_db()
    for bid in (winner, loser):
        score_all(bid, official, 70)
        score_all(bid, approver, 70)
        reconcile_all(bid, official, 70)
    services.shortlist_bid(winner, by=official)
    services.award_project(awarded, by=approver, bid=winner)
    draft = make_project(
        title="Draft smelter", status="draft", stage="smelting", investment_usd=999_000_000
    )
    FirmFactory(name="Rejected Minerals", verification_status=Firm.VerificationStatus.REJECTED)

    make_mou(official, pk_firm, cn_firm, status="signed", indicative_value_usd=50_000_000)
    make_mou(
        official, pk_firm, cn_firm, status="in_implementation", indicative_value_usd=70_000_000
    )
    make_mou(
        official,
        pk_firm,
        cn_firm,
        status="signed",
        is_public=False,
        indicative_value_usd=900_000_000,
    )
    make_mou(official, pk_firm, cn_firm, status="draft", indicative_value_usd=800_000_000)
    for project in (open_copper, open_gold, sealed, awarded, draft):
        project.refresh_from_db()
    return World(open_copper, open_gold, sealed, awarded, draft)


def month_of(moment) -> str:
    local = timezone.localtime(moment) if hasattr(moment, "hour") else moment
    return f"{local.year:04d}-{local.month:02d}"


def today():
    return timezone.localdate()


def days_from_today(days: int):
    return today() + timedelta(days=days)
