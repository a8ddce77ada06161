"""`manage.py generate_bench_bids`: firms and bids for the benchmark (`make bench`), on top of
`generate_bench_data`'s projects. The generators live in `bench/generators/firms.py` and
`bench/generators/bids.py`.

    manage.py generate_bench_bids --firms 5000 --bids 100000 [--seed 1] [--scenario out.json]

`--scenario` writes what the load generator needs to act as the people of the two scenarios:
a session cookie of the official evaluating the 50-bid project, and an API token and bid for
each of the 16 firms revising their bids on the same open project.
"""

from __future__ import annotations

import json
import time

from django.conf import settings
from django.contrib.auth import BACKEND_SESSION_KEY, HASH_SESSION_KEY, SESSION_KEY
from django.contrib.sessions.backends.db import SessionStore
from django.core.management.base import BaseCommand, CommandError
from django.db import connection, transaction
from django.utils import timezone
from knox.models import AuthToken

from bench.generators.bids import generate_bids
from bench.generators.firms import generate_firms
from emining.models import User
from firms.models import Firm, FirmCapability
from projects.models import Bid, BidParticipant, BidVersion


class Command(BaseCommand):
    help = "Generate firms and bids for the benchmark (bulk inserts; not for production)."

    def add_arguments(self, parser):
        parser.add_argument("--firms", type=int, default=5000)
        parser.add_argument("--bids", type=int, default=100_000)
        parser.add_argument("--seed", type=int, default=1)
        parser.add_argument("--scenario", help="Write the scenarios' credentials here (JSON).")
        parser.add_argument("--allow-production", action="store_true")

    def handle(self, *args, firms: int, bids: int, seed: int, scenario: str | None, **options):
        if not settings.DEBUG and not options["allow_production"]:
            raise CommandError("DEBUG is off: pass --allow-production to insist.")
        if Firm.objects.exists():
            raise CommandError("Firms exist already: generate on a fresh benchmark database.")
        verifier = User.objects.filter(role=User.Role.OFFICIAL).order_by("pk").first()
        if verifier is None:
            raise CommandError("Run generate_bench_data first (it creates the officials).")
        started = time.monotonic()
        now = timezone.now()
        with transaction.atomic():
            generate_firms(firms, seed=seed, now=now, verifier=verifier)
            self.stdout.write(f"  {firms} firms in {time.monotonic() - started:.1f} s")
            plan = generate_bids(bids, seed=seed, now=now, report=self.stdout.write)
        if connection.vendor == "postgresql":
            with connection.cursor() as cursor:
                for model in (
                    Firm,
                    FirmCapability,
                    Firm.minerals.through,
                    Firm.regions.through,
                    Bid,
                    BidParticipant,
                    BidVersion,
                ):
                    # VACUUM too (index-only scans need the visibility map), but only outside
                    # a transaction: tests run inside one.
                    vacuum = "" if connection.in_atomic_block else "VACUUM "
                    table = connection.ops.quote_name(model._meta.db_table)
                    cursor.execute(f"{vacuum}ANALYZE {table}")
        if scenario:
            with open(scenario, "w", encoding="utf-8") as output:
                json.dump(self._credentials(plan), output)
        self.stdout.write(
            self.style.SUCCESS(f"Firms and bids are in place ({time.monotonic() - started:.1f} s).")
        )

    def _credentials(self, plan) -> dict:
        official = User.objects.get(pk=plan.evaluation_official_id)
        session = SessionStore()
        session[SESSION_KEY] = str(official.pk)
        session[BACKEND_SESSION_KEY] = "emining.auth_backends.UsernameOrEmailBackend"
        session[HASH_SESSION_KEY] = official.get_session_auth_hash()
        session.create()
        revisers = []
        for bid_id, user_id in plan.bidding_bids:
            _instance, token = AuthToken.objects.create(User.objects.get(pk=user_id))
            revisers.append({"path": f"/api/v1/bids/{bid_id}/revise/", "token": token})
        return {
            "evaluation_path": f"/en/projects/{plan.evaluation_project}/bids/",
            "session_cookie": f"{settings.SESSION_COOKIE_NAME}={session.session_key}",
            "bidding_project": plan.bidding_project,
            "revisers": revisers,
        }
