from __future__ import annotations

from django.conf import settings
from django.core.management.base import BaseCommand, CommandError

from emining.demo import seed_all


class Command(BaseCommand):
    help = "Load the demo data drawn from the Pak-China Mineral Cooperation Forum (idempotent)."

    def add_arguments(self, parser):
        parser.add_argument(
            "--allow-production",
            action="store_true",
            help="Seed even though DEBUG is off (never done by default in production).",
        )

    def handle(self, *args, allow_production: bool = False, **options):
        if not settings.DEBUG and not allow_production:
            raise CommandError(
                "DEBUG is off: refusing to load demo data. Pass --allow-production to insist."
            )
        for line in seed_all():
            self.stdout.write(line)
        self.stdout.write(self.style.SUCCESS("Demo data is in place."))
