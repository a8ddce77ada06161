"""The demo firms: enough of both countries, numbers that pass the validators, the promised
states and accounts, and idempotent seeding."""

from __future__ import annotations

from io import StringIO

import pytest
from django.core.management import call_command

from emining.models import User
from firms.demo.data import DEMO_FIRMS
from firms.models import Firm, Membership
from firms.validators import normalize_registration_number, validate_registration_number

pytestmark = pytest.mark.django_db


def test_the_specs_are_valid():
    assert sum(spec.country == "CN" for spec in DEMO_FIRMS) >= 8
    assert sum(spec.country == "PK" for spec in DEMO_FIRMS) >= 8
    for spec in DEMO_FIRMS:
        number = normalize_registration_number(spec.country, spec.registration_number)
        assert number == spec.registration_number
        validate_registration_number(spec.country, number)
        assert spec.name_zh
        assert spec.name_ur


def test_seeding_is_idempotent_and_sets_the_states(reference_data, settings):
    settings.DEBUG = True
    out = StringIO()
    call_command("seed_demo", stdout=out)
    counts = (Firm.objects.count(), Membership.objects.count(), User.objects.count())
    call_command("seed_demo", stdout=StringIO())
    assert (Firm.objects.count(), Membership.objects.count(), User.objects.count()) == counts
    assert counts[0] == len(DEMO_FIRMS)
    statuses = list(Firm.objects.values_list("verification_status", flat=True))
    assert statuses.count("pending") == 1
    assert statuses.count("rejected") == 1
    assert statuses.count("verified") == len(DEMO_FIRMS) - 2
    assert Firm.objects.get(verification_status="rejected").rejection_reason
    official = User.objects.get(username="official")
    assert set(
        Firm.objects.filter(verification_status="verified").values_list("decided_by", flat=True)
    ) == {official.pk}
    assert "Demo firms" in out.getvalue()


def test_demo_accounts_of_firms(reference_data, settings):
    settings.DEBUG = True
    call_command("seed_demo", stdout=StringIO())
    cn = User.objects.get(username="cn_firm")
    pk = User.objects.get(username="pk_firm")
    for user, country in ((cn, "CN"), (pk, "PK")):
        assert user.role == User.Role.FIRM_MEMBER
        assert user.email_confirmed_at is not None
        assert user.check_password(settings.DEMO_PASSWORD)
        firm = user.firm_membership.firm
        assert firm.country == country
        assert firm.is_verified
        assert firm.memberships.filter(role=Membership.Role.OWNER).exists()
    pending = Firm.objects.get(verification_status="pending")
    assert pending.documents.exists()  # something for the official to check
