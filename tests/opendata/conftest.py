"""A portal with something of everything: public projects (open, awarded, cancelled after
publication), a draft, a project whose only bid is still sealed, verified and unverified
firms. The exports and packages must show the public part and nothing else."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import timedelta

import pytest
from django.utils import timezone

from firms.models import Firm
from matchmaking.models import MoU
from projects.models import Bid, BidOpening, BidParticipant, Project
from tests.factories import FirmFactory, make_project
from tests.matchmaking.mous import make_mou

# Strings that exist only in non-public records: none may appear in any export.
SECRETS = (
    "Secret draft project",
    "Pending Minerals Limited",
    "Rejected Minerals Limited",
    "firm.example.com",  # firms' contact e-mail addresses
    "Contact Person",  # firms' contact names
    "author-",  # officials' user names and e-mail addresses
    "@example.com",
    "777000111",  # the draft's investment
    "Confidential offtake MoU",
    "Draft MoU under negotiation",
    "A. Signatory",  # MoU signatories are on the MoU page, not in the dataset
)
# Verified firms that bid without winning: public in the firm directory, but nothing says
# they bid (a sealed bid, a withdrawn one, an opened one that lost).
BIDDERS = ("Sealed Bidder Limited", "Withdrawn Bidder Limited", "Runner-up Mining Limited")


def _bid(project, firm, official, status, *, partners=(), **fields) -> Bid:
    now = timezone.now()
    values = {
        "project": project,
        "lead_firm": firm,
        "status": status,
        "created_by": official,
        "created_at": now - timedelta(days=5),
        "submitted_at": now - timedelta(days=5),
    }
    if status not in ("submitted", "withdrawn"):
        values |= {
            "opened_at": now - timedelta(hours=3),
            "offered_investment_usd": 240_000_000,
            "complete": True,
            "local_jobs": 850,
            "timeline_months": 36,
            "value_addition_stage": "processing",
        }
    if status in ("shortlisted", "awarded"):
        values["shortlisted_at"] = now - timedelta(hours=2)
    if status == "withdrawn":
        values["withdrawn_at"] = now - timedelta(days=4)
    values |= fields
    bid = Bid.objects.create(**values)
    BidParticipant.objects.create(
        bid=bid, project=project, firm=firm, role="lead", confirmed_at=now, active=True
    )
    for partner in partners:
        BidParticipant.objects.create(
            bid=bid, project=project, firm=partner, role="partner", confirmed_at=now, active=True
        )
    if status == "withdrawn":
        BidParticipant.objects.filter(bid=bid).update(active=False)
    return bid


@dataclass
class Portal:
    open_project: Project
    awarded: Project
    cancelled: Project
    draft: Project
    sealed: Project
    winning_bid: Bid
    losing_bid: Bid
    cn_firm: Firm
    pk_firm: Firm
    loser: Firm
    public_mou: MoU


@pytest.fixture
def portal(cn_firm, pk_firm, official, pending_member, rejected_member) -> Portal:
    open_project = make_project(title="Open copper project", title_zh="开放铜矿项目")
    awarded = make_project(
        status="awarded",
        title="Awarded chromite project",
        title_zh="已授予铬铁矿项目",
        title_ur="منظور شدہ کرومائٹ منصوبہ",
        minerals=("chromite", "copper"),
    )
    cancelled = make_project(
        status="cancelled", title="Cancelled gold project", published_at=timezone.now()
    )
    draft = make_project(status="draft", title="Secret draft project", investment_usd=777000111)
    sealed = make_project(status="closed", title="Closed iron project")

    loser = FirmFactory(name="Runner-up Mining Limited", country=Firm.Country.CHINA)
    winning = _bid(awarded, cn_firm, official, "awarded", partners=[pk_firm])
    losing = _bid(awarded, loser, official, "unsuccessful")
    withdrawn_firm = FirmFactory(name="Withdrawn Bidder Limited")
    _bid(awarded, withdrawn_firm, official, "withdrawn")
    BidOpening.objects.create(
        project=awarded,
        opened_by=official,
        opened_at=timezone.now() - timedelta(hours=3),
        bids_opened=2,
        bids_withdrawn=1,
    )
    sealed_firm = FirmFactory(name="Sealed Bidder Limited")
    _bid(sealed, sealed_firm, official, "submitted")
    public_mou = make_mou(official, cn_firm, pk_firm, title_ur="ڈیجیٹل سرحد پار تجارت")
    public_mou.projects.add(awarded, draft)
    make_mou(official, cn_firm, pk_firm, title="Confidential offtake MoU", is_public=False)
    make_mou(official, cn_firm, pk_firm, title="Draft MoU under negotiation", status="draft")
    return Portal(
        open_project=open_project,
        awarded=awarded,
        cancelled=cancelled,
        draft=draft,
        sealed=sealed,
        winning_bid=winning,
        losing_bid=losing,
        cn_firm=cn_firm,
        pk_firm=pk_firm,
        loser=loser,
        public_mou=public_mou,
    )
