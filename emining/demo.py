"""Demo data drawn from news articles about the Pak-China Mineral Cooperation Forum.

Each app contributes a seeder in its `AppConfig.ready()` (the core cannot import the domain
apps); `manage.py seed_demo` runs them in order. Every seeder is idempotent: it creates what is
missing and leaves existing rows alone, so running the command twice changes nothing.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass

from django.conf import settings
from django.db import transaction

from .models import Agency, User
from .services import ensure_agencies

MOE_PD = "ministry-of-energy-petroleum-division"


@dataclass(frozen=True)
class DemoAccount:
    username: str
    role: str
    agency_slug: str | None
    first_name: str
    last_name: str
    email: str


DEMO_ACCOUNTS = [
    DemoAccount(
        "official", User.Role.OFFICIAL, MOE_PD, "Ayesha", "Khan", "official@emining.gov.pk"
    ),
    DemoAccount(
        "approver", User.Role.OFFICIAL, MOE_PD, "Bilal", "Ahmed", "approver@emining.gov.pk"
    ),
    DemoAccount("sifc_officer", User.Role.OFFICIAL, "sifc", "Sana", "Malik", "sifc@emining.gov.pk"),
    DemoAccount(
        "admin", User.Role.ADMINISTRATOR, None, "Platform", "Administrator", "admin@emining.gov.pk"
    ),
]

Seeder = Callable[[list[str]], None]
_seeders: list[tuple[int, Seeder]] = []


def register(seeder: Seeder, *, order: int) -> Seeder:
    """Add an app's seeder; it receives a list to which it appends lines for the report."""
    if all(existing is not seeder for _order, existing in _seeders):
        _seeders.append((order, seeder))
    return seeder


def seed_core(report: list[str]) -> None:
    ensure_agencies()
    agencies = {agency.slug: agency for agency in Agency.objects.all()}
    for account in DEMO_ACCOUNTS:
        user, created = User.objects.get_or_create(
            username=account.username,
            defaults={
                "role": account.role,
                "agency": agencies.get(account.agency_slug) if account.agency_slug else None,
                "first_name": account.first_name,
                "last_name": account.last_name,
                "email": account.email,
                "is_staff": account.role == User.Role.ADMINISTRATOR,
                "is_superuser": account.role == User.Role.ADMINISTRATOR,
            },
        )
        if created:
            user.set_password(settings.DEMO_PASSWORD)
            user.save(update_fields=["password"])
        agency = f" — {user.agency.name}" if user.agency_id else ""
        state = "created" if created else "exists"
        report.append(f"  {account.username:<14} {user.get_role_display()}{agency} [{state}]")


def seed_all() -> list[str]:
    report = [f"Demo accounts (password: {settings.DEMO_PASSWORD}):"]
    with transaction.atomic():
        seed_core(report)
        for _order, seeder in sorted(_seeders, key=lambda pair: pair[0]):
            seeder(report)
    return report
