from __future__ import annotations

import pytest
from django.contrib.auth.models import AnonymousUser
from django.db import IntegrityError, transaction

from emining import permissions
from emining.models import User


def test_roles_are_answered_by_the_helpers(
    official, other_agency_official, firm_member, partner_system, administrator
):
    anonymous = AnonymousUser()
    assert permissions.is_official(official)
    assert not permissions.is_official(firm_member)
    assert not permissions.is_official(anonymous)
    assert permissions.is_firm_member(firm_member)
    assert permissions.is_partner_system(partner_system)
    assert permissions.is_administrator(administrator)
    assert not permissions.is_administrator(official)
    assert not permissions.is_administrator(anonymous)


def test_an_official_acts_only_for_their_own_agency(official, other_agency_official, moe_pd, sifc):
    assert permissions.is_official_of(official, moe_pd)
    assert not permissions.is_official_of(official, sifc)
    assert permissions.is_official_of(other_agency_official, sifc)
    assert not permissions.is_official_of(official, None)


def test_inactive_users_have_no_role(official):
    official.is_active = False
    assert not permissions.is_official(official)


def test_partner_systems_may_not_use_the_web_ui(partner_system, firm_member, official):
    assert not permissions.may_use_web_ui(partner_system)
    assert permissions.may_use_web_ui(firm_member)
    assert permissions.may_use_web_ui(official)


def test_only_administrators_read_the_audit_trail(administrator, official):
    assert permissions.may_view_audit_trail(administrator)
    assert not permissions.may_view_audit_trail(official)


def test_database_refuses_an_official_without_agency(db):
    with pytest.raises(IntegrityError), transaction.atomic():
        User.objects.create(username="orphan", role=User.Role.OFFICIAL, agency=None)


def test_database_refuses_an_agency_on_a_firm_member(moe_pd):
    with pytest.raises(IntegrityError), transaction.atomic():
        User.objects.create(username="confused", role=User.Role.FIRM_MEMBER, agency=moe_pd)


def test_email_addresses_are_unique_ignoring_case(db):
    User.objects.create(username="a", email="Someone@Example.com")
    with pytest.raises(IntegrityError), transaction.atomic():
        User.objects.create(username="b", email="someone@example.com")
