"""After the closing time: the opening (recorded, never early), two evaluators kept apart and
reconciled, the shortlist, and an award that needs its winning bid."""

from __future__ import annotations

import pytest
from django.core.exceptions import PermissionDenied

from emining.models import AuditEvent
from emining.services import DomainError
from projects import services
from projects.models import Bid, BidOpening, BidScore
from tests.factories import close_bidding_now, make_offer, make_project

pytestmark = pytest.mark.django_db


@pytest.fixture
def project(official):
    return make_project(status="published")


@pytest.fixture
def bids(project, verified_member, pk_firm, pk_firm_member):
    """A China-Pakistan consortium whose partner confirmed, and a lone bid of a third firm
    (a firm takes part in one bid per project)."""
    from tests.factories import FirmFactory, make_firm_member

    consortium = services.submit_bid(
        project, by=verified_member, offer=make_offer(), partners=[pk_firm]
    ).bid
    services.confirm_participation(consortium, by=pk_firm_member)
    third = make_firm_member(FirmFactory(name="Third Chinese Firm"), username="third")
    alone = services.submit_bid(
        project, by=third, offer=make_offer(offered_investment_usd=240_000_000)
    ).bid
    return consortium, alone


def test_opening_before_the_closing_time_is_refused(project, bids, official):
    with pytest.raises(DomainError, match="before the closing time"):
        services.open_bids(project, by=official)
    assert not BidOpening.objects.exists()
    assert set(Bid.objects.values_list("status", flat=True)) == {"submitted"}


def test_only_the_owning_agency_opens(project, bids, other_agency_official):
    close_bidding_now(project)
    with pytest.raises(PermissionDenied):
        services.open_bids(project, by=other_agency_official)


def test_the_opening_unseals_every_bid_in_one_recorded_event(project, bids, official):
    close_bidding_now(project)
    opening = services.open_bids(project, by=official)
    project.refresh_from_db()
    assert project.status == "under_evaluation"  # closed in the same step if the beat lagged
    assert opening.opened_by == official
    assert opening.bids_opened == 2
    consortium, alone = (Bid.objects.get(pk=bid.pk) for bid in bids)
    assert consortium.status == "opened"
    assert consortium.offered_investment_usd == 275_000_000
    assert consortium.complete is True
    assert alone.offered_investment_usd == 240_000_000
    event = AuditEvent.objects.get(action="bids.opened")
    assert event.actor == official
    assert len(event.data["bids"]) == 2
    with pytest.raises(DomainError, match="cannot become"):
        services.open_bids(project, by=official)  # once only


def test_an_unconfirmed_partner_leaves_it_incomplete(project, verified_member, pk_firm, official):
    bid = services.submit_bid(
        project, by=verified_member, offer=make_offer(), partners=[pk_firm]
    ).bid
    close_bidding_now(project)
    services.open_bids(project, by=official)
    bid.refresh_from_db()
    assert bid.complete is False


def _sheet(project, score: int) -> dict:
    return {c.pk: (score, "") for c in project.evaluation_criteria.all()}


def _open(project, official):
    close_bidding_now(project)
    services.open_bids(project, by=official)


def test_two_evaluators_are_kept_apart_then_reconciled(project, bids, official, approver):
    _open(project, official)
    consortium = bids[0]
    services.score_bid(consortium, by=official, scores=_sheet(project, 80))
    with pytest.raises(DomainError, match="Two officials"):
        services.reconcile_scores(consortium, by=official, scores=_sheet(project, 78))
    services.score_bid(consortium, by=approver, scores=_sheet(project, 70))
    own = BidScore.objects.filter(bid=consortium, evaluator=official, round="independent")
    assert {s.score for s in own} == {80}  # each evaluator's scores are their own rows
    services.reconcile_scores(consortium, by=official, scores=_sheet(project, 75))
    assert set(
        BidScore.objects.filter(bid=consortium, round="reconciled").values_list("score", flat=True)
    ) == {75}
    with pytest.raises(DomainError):
        services.score_bid(consortium, by=official, scores=_sheet(project, 10))


def test_scores_name_every_criterion_within_range(project, bids, official):
    _open(project, official)
    criteria = list(project.evaluation_criteria.all())
    with pytest.raises(DomainError) as refused:
        services.score_bid(bids[0], by=official, scores={criteria[0].pk: (101, "")})
    assert f"score_{criteria[0].pk}" in refused.value.message_dict
    assert f"score_{criteria[1].pk}" in refused.value.message_dict


def _evaluate(bid, project, official, approver, score=75):
    services.score_bid(bid, by=official, scores=_sheet(project, score))
    services.score_bid(bid, by=approver, scores=_sheet(project, score))
    services.reconcile_scores(bid, by=official, scores=_sheet(project, score))


def test_award_goes_to_a_shortlisted_bid_and_others_are_told(project, bids, official, approver):
    _open(project, official)
    consortium, alone = bids
    with pytest.raises(DomainError, match="Reconcile"):
        services.shortlist_bid(consortium, by=official)
    _evaluate(consortium, project, official, approver)
    services.shortlist_bid(consortium, by=official)
    with pytest.raises(DomainError, match="winning bid"):
        services.award_project(project, by=official, bid=None)
    with pytest.raises(DomainError, match="shortlisted"):
        services.award_project(project, by=official, bid=alone)
    services.award_project(project, by=approver, bid=consortium, note="Best value addition.")
    project.refresh_from_db()
    assert project.status == "awarded"
    assert Bid.objects.get(pk=consortium.pk).status == "awarded"
    assert Bid.objects.get(pk=alone.pk).status == "unsuccessful"
    event = AuditEvent.objects.get(action="project.awarded")
    assert event.data == {"bid": consortium.pk, "note": "Best value addition."}


def test_incomplete_bids_are_not_shortlisted(project, verified_member, pk_firm, official, approver):
    bid = services.submit_bid(
        project, by=verified_member, offer=make_offer(), partners=[pk_firm]
    ).bid
    _open(project, official)
    _evaluate(bid, project, official, approver)
    with pytest.raises(DomainError, match="incomplete"):
        services.shortlist_bid(bid, by=official)


def test_other_agencies_cannot_evaluate(project, bids, official, other_agency_official):
    _open(project, official)
    with pytest.raises(PermissionDenied):
        services.score_bid(bids[0], by=other_agency_official, scores=_sheet(project, 50))
    with pytest.raises(PermissionDenied):
        services.award_project(project, by=other_agency_official, bid=bids[0])
