"""Bidding rules (`projects.services.bids`): who may bid, one bid per firm per project,
revisions with their receipts, withdrawal, consortium confirmation and the closing time."""

from __future__ import annotations

import hashlib
import json

import pytest
from django.core.exceptions import PermissionDenied
from django.db import IntegrityError, transaction

from emining.models import AuditEvent
from emining.services import DomainError
from projects import services
from projects.models import Bid, BidParticipant, BidVersion
from projects.services.bids import unsealed_content
from tests.factories import (
    FirmFactory,
    close_bidding_now,
    make_firm_member,
    make_offer,
    make_project,
    offer_values,
)

pytestmark = pytest.mark.django_db


@pytest.fixture
def project(official):
    return make_project(status="published")


def test_a_verified_firm_submits_a_sealed_bid_and_gets_a_receipt(project, verified_member):
    version = services.submit_bid(project, by=verified_member, offer=make_offer())
    bid = version.bid
    assert bid.lead_firm == verified_member.firm_membership.firm
    assert bid.status == Bid.Status.SUBMITTED
    assert bid.version == 1
    # The receipt: the server time and the SHA-256 of the canonical content kept sealed.
    assert version.submitted_at == bid.submitted_at
    content = unsealed_content(version)
    assert hashlib.sha256(content).hexdigest() == version.receipt_digest
    canonical = json.loads(content)
    assert canonical["offer"]["offered_investment_usd"] == 275_000_000
    assert canonical["project"] == project.reference
    # Nothing of the offer in plain columns before the opening.
    bid.refresh_from_db()
    assert bid.offered_investment_usd is None
    assert bid.technology_transfer == ""
    event = AuditEvent.objects.get(action="bid.submitted")
    assert event.data == {"bid": bid.pk, "version": 1, "receipt_digest": version.receipt_digest}
    # Sealed: the trail says a bid arrived for the project, not who sent it.
    assert event.actor is None
    assert event.target_id == str(project.pk)


@pytest.mark.parametrize(
    "persona", ["pending_member", "rejected_member", "firm_member", "official"]
)
def test_only_members_of_verified_firms_bid(request, project, persona):
    with pytest.raises(PermissionDenied):
        services.submit_bid(project, by=request.getfixturevalue(persona), offer=make_offer())
    assert not Bid.objects.exists()


@pytest.mark.parametrize("status", ["draft", "in_review", "closed", "cancelled"])
def test_bids_only_on_projects_open_for_bids(status, verified_member):
    project = make_project(status=status)
    with pytest.raises(DomainError):
        services.submit_bid(project, by=verified_member, offer=make_offer())


def test_a_bid_after_the_closing_time_is_refused_even_before_the_project_is_closed(
    project, verified_member
):
    close_bidding_now(project)
    assert project.status == "published"  # the beat task has not run
    with pytest.raises(DomainError, match="closed"):
        services.submit_bid(project, by=verified_member, offer=make_offer())
    assert not Bid.objects.exists()


def test_one_active_bid_per_firm_per_project(project, verified_member, cn_firm_owner):
    services.submit_bid(project, by=verified_member, offer=make_offer())
    with pytest.raises(DomainError, match="one bid per project"):
        services.submit_bid(project, by=cn_firm_owner, offer=make_offer())
    assert Bid.objects.count() == 1


def test_a_firm_cannot_lead_a_bid_while_partner_in_another(
    project, verified_member, pk_firm_member, cn_firm
):
    services.submit_bid(project, by=pk_firm_member, offer=make_offer(), partners=[cn_firm])
    with pytest.raises(DomainError, match="one bid per project"):
        services.submit_bid(project, by=verified_member, offer=make_offer())


def test_the_database_keeps_one_active_bid_per_firm(project, verified_member, cn_firm):
    bid = services.submit_bid(project, by=verified_member, offer=make_offer()).bid
    with pytest.raises(IntegrityError), transaction.atomic():
        BidParticipant.objects.create(
            bid=bid, project=project, firm=cn_firm, role=BidParticipant.Role.PARTNER
        )


def test_the_database_refuses_a_sealed_bid_with_a_plain_offer(project, verified_member):
    bid = services.submit_bid(project, by=verified_member, offer=make_offer()).bid
    with pytest.raises(IntegrityError), transaction.atomic():
        Bid.objects.filter(pk=bid.pk).update(offered_investment_usd=1)


def test_a_consortium_joins_chinese_and_pakistani_firms(project, verified_member, pk_firm):
    other_chinese = FirmFactory(name="Another Chinese Firm")
    with pytest.raises(DomainError, match="each country"):
        services.submit_bid(
            project, by=verified_member, offer=make_offer(), partners=[other_chinese]
        )
    pending = FirmFactory(country="PK", verification_status="pending")
    with pytest.raises(DomainError, match="verified"):
        services.submit_bid(project, by=verified_member, offer=make_offer(), partners=[pending])
    version = services.submit_bid(
        project, by=verified_member, offer=make_offer(), partners=[pk_firm]
    )
    partner = version.bid.participants.get(role="partner")
    assert partner.firm == pk_firm
    assert partner.confirmed_at is None


def test_partners_confirm_before_the_closing_time(
    project, verified_member, pk_firm, pk_firm_member
):
    bid = services.submit_bid(
        project, by=verified_member, offer=make_offer(), partners=[pk_firm]
    ).bid
    services.confirm_participation(bid, by=pk_firm_member)
    assert bid.participants.get(firm=pk_firm).confirmed_at is not None
    assert AuditEvent.objects.filter(action="bid.partner_confirmed").count() == 1


def test_a_confirmation_after_the_closing_time_is_refused(
    project, verified_member, pk_firm, pk_firm_member
):
    bid = services.submit_bid(
        project, by=verified_member, offer=make_offer(), partners=[pk_firm]
    ).bid
    close_bidding_now(project)
    with pytest.raises(DomainError):
        services.confirm_participation(bid, by=pk_firm_member)
    assert bid.participants.get(firm=pk_firm).confirmed_at is None


def test_only_a_named_partner_confirms(project, verified_member, pk_firm_member):
    bid = services.submit_bid(project, by=verified_member, offer=make_offer()).bid
    with pytest.raises(PermissionDenied):
        services.confirm_participation(bid, by=pk_firm_member)


def test_a_revision_keeps_earlier_versions_and_asks_partners_again(
    project, verified_member, pk_firm, pk_firm_member
):
    first = services.submit_bid(project, by=verified_member, offer=make_offer(), partners=[pk_firm])
    services.confirm_participation(first.bid, by=pk_firm_member)
    second = services.revise_bid(
        first.bid, by=verified_member, offer=make_offer(offered_investment_usd=300_000_000)
    )
    assert second.number == 2
    assert second.receipt_digest != first.receipt_digest
    assert list(BidVersion.objects.filter(bid=first.bid).values_list("number", flat=True)) == [
        1,
        2,
    ]
    assert json.loads(unsealed_content(first))["offer"]["offered_investment_usd"] == 275_000_000
    assert json.loads(unsealed_content(second))["offer"]["offered_investment_usd"] == 300_000_000
    assert first.bid.participants.get(firm=pk_firm).confirmed_at is None


def test_a_late_revision_leaves_the_earlier_version_intact(project, verified_member):
    first = services.submit_bid(project, by=verified_member, offer=make_offer())
    close_bidding_now(project)
    with pytest.raises(DomainError):
        services.revise_bid(first.bid, by=verified_member, offer=make_offer(local_jobs=5))
    bid = Bid.objects.get()
    assert bid.version == 1
    assert bid.versions.count() == 1


def test_only_the_lead_firm_revises_or_withdraws(project, verified_member, pk_firm, pk_firm_member):
    bid = services.submit_bid(
        project, by=verified_member, offer=make_offer(), partners=[pk_firm]
    ).bid
    with pytest.raises(PermissionDenied):
        services.revise_bid(bid, by=pk_firm_member, offer=make_offer())
    with pytest.raises(PermissionDenied):
        services.withdraw_bid(bid, by=pk_firm_member)


def test_a_withdrawn_bid_frees_the_firms_to_bid_again(project, verified_member, pk_firm):
    bid = services.submit_bid(
        project, by=verified_member, offer=make_offer(), partners=[pk_firm]
    ).bid
    services.withdraw_bid(bid, by=verified_member)
    assert Bid.objects.get().status == "withdrawn"
    assert not BidParticipant.objects.filter(active=True).exists()
    services.submit_bid(project, by=verified_member, offer=make_offer())
    assert Bid.objects.filter(status="submitted").count() == 1


def test_a_withdrawal_after_the_closing_time_is_refused(project, verified_member):
    bid = services.submit_bid(project, by=verified_member, offer=make_offer()).bid
    close_bidding_now(project)
    with pytest.raises(DomainError):
        services.withdraw_bid(bid, by=verified_member)
    assert Bid.objects.get().status == "submitted"


def test_a_bid_changes_neither_the_project_nor_its_listing(project, verified_member):
    before = type(project).objects.get(pk=project.pk).updated_at
    services.submit_bid(project, by=verified_member, offer=make_offer())
    assert type(project).objects.get(pk=project.pk).updated_at == before


@pytest.mark.parametrize(
    ("field", "value"),
    [
        ("offered_investment_usd", 0),
        ("offered_investment_usd", "12abc"),
        ("offered_investment_usd", 10**15),
        ("timeline_months", -3),
        ("investment_model", "gift"),
        ("value_addition_stage", ""),
        ("technology_transfer", "   "),
        ("technology_transfer", "x\x00y"),
    ],
)
def test_bad_offers_name_the_field(field, value):
    with pytest.raises(DomainError) as refused:
        services.Offer.from_values(offer_values(**{field: value}))
    assert field in refused.value.message_dict


def test_members_of_two_firms_cannot_exist(cn_firm, pk_firm):
    """One firm per user: the membership is one-to-one (what makes `firm_of` well defined)."""
    user = make_firm_member(cn_firm, username="double")
    with pytest.raises(IntegrityError), transaction.atomic():
        type(user.firm_membership).objects.create(user=user, firm=pk_firm)
