"""`manage.py generate_bench_data`: many realistic projects for the benchmark (`make bench`).
The generator lives in `bench/generators/projects.py`."""

from __future__ import annotations

import time
from collections import Counter

from django.conf import settings
from django.core.management.base import BaseCommand, CommandError
from django.db import connection, transaction
from django.utils import timezone

from bench.generators.projects import (
    COMMON_WORD,
    RARE_WORD,
    Generator,
    allocate_references,
    explicit_timestamps,
    load_catalogue,
)
from projects.models import EvaluationCriterion, Project
from projects.search import refresh_search_vectors


class Command(BaseCommand):
    help = "Generate many realistic projects for the benchmark (bulk inserts; not for production)."

    def add_arguments(self, parser):
        parser.add_argument("--projects", type=int, default=20000, help="How many (20000).")
        parser.add_argument("--seed", type=int, default=1, help="Random seed (1).")
        parser.add_argument("--batch", type=int, default=2000, help="Rows per insert (2000).")
        parser.add_argument(
            "--append",
            action="store_true",
            help="Add the projects even though the database already holds as many or more.",
        )
        parser.add_argument(
            "--allow-production",
            action="store_true",
            help="Run even though DEBUG is off (the benchmark's settings turn DEBUG off).",
        )

    def handle(self, *args, projects: int, seed: int, batch: int, append: bool, **options):
        if not settings.DEBUG and not options["allow_production"]:
            raise CommandError(
                "DEBUG is off: refusing to generate benchmark data. "
                "Pass --allow-production to insist."
            )
        if projects < 1 or batch < 1:
            raise CommandError("--projects and --batch must be at least 1.")
        existing = Project.objects.count()
        if existing >= projects and not append:
            raise CommandError(
                f"The database already holds {existing} projects, at least the {projects} "
                "asked for; pass --append to add them anyway."
            )
        started = time.monotonic()
        now = timezone.now()
        with transaction.atomic():
            catalogue = load_catalogue()
            generator = Generator(catalogue, seed=seed, now=now)
            generated = [generator.project() for _ in range(projects)]
            generated.sort(key=lambda item: item[0].created_at)
            allocate_references([row for row, _minerals, _criteria in generated])
            built = time.monotonic()
            through = Project.minerals.through
            for start in range(0, len(generated), batch):
                chunk = generated[start : start + batch]
                with explicit_timestamps():
                    rows = Project.objects.bulk_create([row for row, _m, _c in chunk])
                through.objects.bulk_create(
                    through(project_id=row.pk, mineral_id=mineral.pk)
                    for row, (_row, minerals, _c) in zip(rows, chunk, strict=True)
                    for mineral in minerals
                )
                EvaluationCriterion.objects.bulk_create(
                    EvaluationCriterion(project_id=row.pk, name=name, weight=weight, position=i)
                    for row, (_row, _m, criteria) in zip(rows, chunk, strict=True)
                    for i, (name, weight) in enumerate(criteria)
                )
                refresh_search_vectors([row.pk for row in rows])
                self.stdout.write(f"  {start + len(chunk):>7} / {projects} projects")
            # The database triggers bumped the listings version in this transaction.
        inserted = time.monotonic()
        if connection.vendor == "postgresql":
            with connection.cursor() as cursor:
                for table in (
                    Project._meta.db_table,
                    through._meta.db_table,
                    EvaluationCriterion._meta.db_table,
                ):
                    # VACUUM too: index-only scans (the facet counts) need the visibility map,
                    # which autovacuum would build only later. Not inside a transaction (tests).
                    vacuum = "" if connection.in_atomic_block else "VACUUM "
                    cursor.execute(f"{vacuum}ANALYZE {connection.ops.quote_name(table)}")
        statuses = Counter(row.status for row, _m, _c in generated)
        common = sum(COMMON_WORD in row.description for row, _m, _c in generated)
        rare = sum(RARE_WORD in row.description for row, _m, _c in generated)
        self.stdout.write(
            f"Generated {projects} projects in {time.monotonic() - started:.1f} s "
            f"(build {built - started:.1f} s, insert and index {inserted - built:.1f} s, "
            f"analyze {time.monotonic() - inserted:.1f} s)."
        )
        self.stdout.write(
            "  statuses: " + ", ".join(f"{s} {n}" for s, n in sorted(statuses.items()))
        )
        self.stdout.write(
            f'  search words: "{COMMON_WORD}" in {common} projects, "{RARE_WORD}" in {rare}'
        )
        self.stdout.write(self.style.SUCCESS("Benchmark data is in place."))
