"""Each of the registry's database constraints bites."""

from __future__ import annotations

import pytest
from django.db import IntegrityError, transaction
from django.utils import timezone

from firms.models import Firm, Membership
from tests.factories import FirmFactory, UserFactory, make_firm_member

pytestmark = pytest.mark.django_db


def _refused(**changes) -> None:
    firm = FirmFactory(verification_status=Firm.VerificationStatus.DRAFT, submitted_at=None)
    with pytest.raises(IntegrityError), transaction.atomic():
        Firm.objects.filter(pk=firm.pk).update(**changes)


def test_a_registration_number_is_unique_within_a_country(reference_data):
    firm = FirmFactory(country="CN")
    with pytest.raises(IntegrityError), transaction.atomic():
        FirmFactory(country="CN", registration_number=firm.registration_number)


def test_the_same_number_may_exist_in_both_countries(reference_data):
    FirmFactory(country="PK", registration_number="0012345")
    FirmFactory(country="CN", registration_number="0012345")  # not a USCC; the DB allows it
    assert Firm.objects.filter(registration_number="0012345").count() == 2


def test_capital_range(reference_data):
    _refused(capital_usd_min=10, capital_usd_max=5)


def test_pending_is_stamped(reference_data):
    _refused(verification_status="pending", submitted_at=None)


def test_verified_is_stamped_with_when_and_by_whom(reference_data):
    _refused(verification_status="verified", verified_at=timezone.now(), decided_by=None)
    _refused(verification_status="verified", verified_at=None)


def test_rejected_has_a_reason(reference_data, official):
    _refused(
        verification_status="rejected",
        rejected_at=timezone.now(),
        decided_by=official,
        rejection_reason="",
    )


def test_one_owner_per_firm(reference_data):
    firm = FirmFactory()
    make_firm_member(firm, username="first_owner", role=Membership.Role.OWNER)
    with pytest.raises(IntegrityError), transaction.atomic():
        make_firm_member(firm, username="second_owner", role=Membership.Role.OWNER)


def test_one_firm_per_user(reference_data):
    user = UserFactory(username="two_firms")
    Membership.objects.create(user=user, firm=FirmFactory())
    with pytest.raises(IntegrityError), transaction.atomic():
        Membership.objects.create(user=user, firm=FirmFactory())
