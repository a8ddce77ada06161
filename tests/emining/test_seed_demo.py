from __future__ import annotations

from io import StringIO

import pytest
from django.apps import apps
from django.core.management import CommandError, call_command

from emining.models import User

pytestmark = pytest.mark.django_db


def row_counts() -> dict[str, int]:
    return {
        model._meta.label: model.objects.count()
        for model in apps.get_models()
        if model._meta.app_label in {"emining", "minerals", "firms", "projects", "matchmaking"}
    }


def test_seed_demo_is_idempotent(reference_data, settings):
    settings.DEBUG = True
    out = StringIO()
    call_command("seed_demo", stdout=out)
    first = row_counts()
    passwords = dict(User.objects.values_list("username", "password"))
    call_command("seed_demo", stdout=StringIO())
    assert row_counts() == first
    assert dict(User.objects.values_list("username", "password")) == passwords
    for name in ("official", "approver", "sifc_officer", "admin"):
        assert name in out.getvalue()


def test_demo_accounts_and_roles(reference_data, settings):
    settings.DEBUG = True
    call_command("seed_demo", stdout=StringIO())
    official = User.objects.get(username="official")
    approver = User.objects.get(username="approver")
    assert official.role == approver.role == User.Role.OFFICIAL
    assert official.agency == approver.agency
    assert official.agency.slug == "ministry-of-energy-petroleum-division"
    assert User.objects.get(username="sifc_officer").agency.slug == "sifc"
    admin = User.objects.get(username="admin")
    assert admin.role == User.Role.ADMINISTRATOR
    assert admin.is_superuser
    assert official.check_password(settings.DEMO_PASSWORD)


def test_seed_demo_refuses_production_unless_asked(reference_data, settings):
    settings.DEBUG = False
    with pytest.raises(CommandError, match="refusing to load demo data"):
        call_command("seed_demo", stdout=StringIO())
    call_command("seed_demo", "--allow-production", stdout=StringIO())
    assert User.objects.filter(username="official").exists()
    assert settings.DEMO_PASSWORD
