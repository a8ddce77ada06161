"""`manage.py generate_bench_mous`: MoUs and investment leads for the benchmark (`make bench`),
on top of `generate_bench_data`'s projects and `generate_bench_bids`' firms. The generators live
in `bench/generators/mous.py` and `bench/generators/leads.py`.

    manage.py generate_bench_mous --mous 2000 --leads 50000 [--seed 1]
"""

from __future__ import annotations

import time

from django.conf import settings
from django.core.management.base import BaseCommand, CommandError
from django.db import connection, transaction
from django.utils import timezone

from bench.generators.leads import generate_leads
from bench.generators.mous import generate_mous
from matchmaking.models import Lead, LeadActivity, LeadStageChange, MoU, MoUMilestone, MoUParty


class Command(BaseCommand):
    help = "Generate MoUs for the benchmark (bulk inserts; not for production)."

    def add_arguments(self, parser):
        parser.add_argument("--mous", type=int, default=2000)
        parser.add_argument("--leads", type=int, default=50000)
        parser.add_argument("--seed", type=int, default=1)
        parser.add_argument("--allow-production", action="store_true")

    def handle(self, *args, mous: int, leads: int, seed: int, **options):
        if not settings.DEBUG and not options["allow_production"]:
            raise CommandError("DEBUG is off: pass --allow-production to insist.")
        if MoU.objects.exists() or Lead.objects.exists():
            raise CommandError("MoUs exist already: generate on a fresh benchmark database.")
        started = time.monotonic()
        with transaction.atomic():
            try:
                written = generate_mous(mous, seed=seed, now=timezone.now())
                written_leads = generate_leads(leads, seed=seed, now=timezone.now())
            except ValueError as error:
                raise CommandError(str(error)) from error
        if connection.vendor == "postgresql":
            with connection.cursor() as cursor:
                for model in (MoU, MoUParty, MoUMilestone, Lead, LeadStageChange, LeadActivity):
                    table = connection.ops.quote_name(model._meta.db_table)
                    cursor.execute(f"ANALYZE {table}")
        self.stdout.write(
            self.style.SUCCESS(
                f"{written} MoUs and {written_leads} leads in place "
                f"({time.monotonic() - started:.1f} s)."
            )
        )
