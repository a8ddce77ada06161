"""`manage.py generate_bench_mous`: MoUs for the benchmark (`make bench`), on top of
`generate_bench_data`'s projects and `generate_bench_bids`' firms. The generator lives in
`bench/generators/mous.py`.

    manage.py generate_bench_mous --mous 2000 [--seed 1]
"""

from __future__ import annotations

import time

from django.conf import settings
from django.core.management.base import BaseCommand, CommandError
from django.db import connection, transaction
from django.utils import timezone

from bench.generators.mous import generate_mous
from matchmaking.models import MoU, MoUMilestone, MoUParty


class Command(BaseCommand):
    help = "Generate MoUs for the benchmark (bulk inserts; not for production)."

    def add_arguments(self, parser):
        parser.add_argument("--mous", type=int, default=2000)
        parser.add_argument("--seed", type=int, default=1)
        parser.add_argument("--allow-production", action="store_true")

    def handle(self, *args, mous: int, seed: int, **options):
        if not settings.DEBUG and not options["allow_production"]:
            raise CommandError("DEBUG is off: pass --allow-production to insist.")
        if MoU.objects.exists():
            raise CommandError("MoUs exist already: generate on a fresh benchmark database.")
        started = time.monotonic()
        with transaction.atomic():
            try:
                written = generate_mous(mous, seed=seed, now=timezone.now())
            except ValueError as error:
                raise CommandError(str(error)) from error
            # TODO(leads): the dataset also has 50,000 leads. Generate them here
            # (bench/generators/leads.py, bulk inserts like the MoUs) once the lead model of
            # the `leads` branch (matchmaking.models.Lead) is merged.
        if connection.vendor == "postgresql":
            with connection.cursor() as cursor:
                for model in (MoU, MoUParty, MoUMilestone):
                    table = connection.ops.quote_name(model._meta.db_table)
                    cursor.execute(f"ANALYZE {table}")
        self.stdout.write(
            self.style.SUCCESS(f"{written} MoUs in place ({time.monotonic() - started:.1f} s).")
        )
