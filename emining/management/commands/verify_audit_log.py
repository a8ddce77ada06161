"""`manage.py verify_audit_log [--head SEQUENCE:HASH]`: recompute the audit chain.

Exit status 0 when every event's content and link recompute to what is stored (and the saved
head, if given, is still in the chain); 1 with a message naming the first broken link.
"""

from __future__ import annotations

import os
import re
import time
from datetime import timedelta

from django.core.management.base import BaseCommand, CommandError
from django.db import DEFAULT_DB_ALIAS, connections

from emining.audit_chain import verify_chain

HEAD = re.compile(r"(?P<sequence>[0-9]+):(?P<hash>[0-9a-fA-F]{64})")


def saved_head(value: str) -> tuple[int, str]:
    match = HEAD.fullmatch(value.strip())
    if match is None or int(match["sequence"]) < 1:
        raise CommandError(
            f"--head must be SEQUENCE:HASH (a sequence from 1 and 64 hex digits), got {value!r}."
        )
    return int(match["sequence"]), match["hash"].lower()


class Command(BaseCommand):
    help = (
        "Recompute the audit trail's hash chain and name the first broken link; with --head, "
        "also check that a head saved earlier (from /opendata/audit-head.json) is still in it."
    )

    def add_arguments(self, parser):
        parser.add_argument(
            "--head",
            metavar="SEQUENCE:HASH",
            help="A head saved earlier: the hash recomputed at SEQUENCE must equal HASH.",
        )
        parser.add_argument(
            "--unlinked-after",
            type=int,
            default=10,
            metavar="SECONDS",
            help="Report events still unlinked this long after they were written (default 10).",
        )
        parser.add_argument(
            "--workers",
            type=int,
            default=min(os.cpu_count() or 1, 4),
            help="Connections that verify ranges of a long chain in parallel (default: the "
            "CPUs, at most 4).",
        )
        parser.add_argument(
            "--in-python",
            action="store_true",
            help="Recompute every hash in this process from the rows as read, rather than in "
            "PostgreSQL (slower; independent of the database's SQL definition).",
        )
        parser.add_argument("--database", default=DEFAULT_DB_ALIAS)

    def handle(self, *args, **options):
        head = saved_head(options["head"]) if options["head"] else None
        started = time.monotonic()
        result = verify_chain(
            connections[options["database"]],
            saved_head=head,
            workers=max(1, options["workers"]),
            in_python=options["in_python"],
            unlinked_after=timedelta(seconds=options["unlinked_after"]),
        )
        elapsed = time.monotonic() - started
        if result.broken is not None:
            broken = result.broken
            raise CommandError(
                f"Audit chain broken at sequence {broken.sequence}"
                + (f" (event {broken.event_id})" if broken.event_id is not None else "")
                + f": {broken.message} {result.events} events before it verified."
            )
        if result.unlinked:
            raise CommandError(
                f"The chain is intact, but {result.unlinked} events older than "
                f"{options['unlinked_after']} s have no link: the linking trigger did not run "
                "for them."
            )
        if result.head is None:
            self.stdout.write(f"No chained audit events yet ({elapsed:.1f} s).")
            return
        self.stdout.write(
            self.style.SUCCESS(
                f"Audit chain intact: {result.events} events, head "
                f"{result.head.sequence}:{result.head.hash} ({elapsed:.1f} s)."
            )
        )
        if head is not None:
            self.stdout.write(
                self.style.SUCCESS(f"The saved head {head[0]}:{head[1]} is in the chain.")
            )
