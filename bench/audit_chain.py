"""`make bench-audit`: what the audit chain costs, on a throwaway PostgreSQL database.

1. (Re)creates `emining_audit_big` (the name must contain `big` or `bench`), migrates it and
   loads AUDIT_EVENTS [1,000,000] chained events with COPY (content hashes and links computed
   here by `emining.audit_chain`).
2. Times `manage.py verify_audit_log` over all of them (target: under 30 s), then once more
   after one event in the middle was altered (it must fail and name that event).
3. Times AUDIT_WRITES [2000] single-event transactions (`record_event` + commit) with the
   chain and without it (no content hash, no linking after commit), alternating blocks
   of 100 so that both see the same machine; mean, p50 and p95 (target: under 2 ms more).
4. The same with AUDIT_WRITERS [16] threads writing at once (each its own connection), and
   checks that they made one chain (the verifier passes).
Afterwards the database is dropped (KEEP_AUDIT_DB=1 keeps it).

Environment: BENCH_PG [postgres://postgres@127.0.0.1:5432], AUDIT_DB_NAME [emining_audit_big],
BENCH_CACHE_URL [redis://127.0.0.1:6379/13].
"""

from __future__ import annotations

import json
import os
import statistics
import subprocess
import sys
import threading
import time
from datetime import UTC, datetime, timedelta
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
SERVER = os.environ.get("BENCH_PG", "postgres://postgres@127.0.0.1:5432")
DB_NAME = os.environ.get("AUDIT_DB_NAME", "emining_audit_big")
EVENTS = int(os.environ.get("AUDIT_EVENTS", "1000000"))
WRITES = int(os.environ.get("AUDIT_WRITES", "2000"))
WRITERS = int(os.environ.get("AUDIT_WRITERS", "16"))
BLOCK = 100


def say(message: str) -> None:
    print(message, flush=True)


def admin(sql: str) -> None:
    import psycopg

    with psycopg.connect(f"{SERVER}/postgres", autocommit=True) as conn:
        conn.execute(sql)


def environment() -> dict:
    return {
        **os.environ,
        "DJANGO_SETTINGS_MODULE": "bench.settings",
        "BENCH_DATABASE_URL": f"{SERVER}/{DB_NAME}",
        "BENCH_CACHE_URL": os.environ.get("BENCH_CACHE_URL", "redis://127.0.0.1:6379/13"),
    }


def manage(*args: str, check: bool = True) -> subprocess.CompletedProcess:
    return subprocess.run(  # noqa: S603 (our own interpreter and manage.py)
        [sys.executable, "manage.py", *args],
        cwd=ROOT,
        env=environment(),
        check=check,
        capture_output=True,
        text=True,
    )


# --- 1. Load -----------------------------------------------------------------------------------


def load_events(count: int) -> None:
    from django.contrib.contenttypes.models import ContentType
    from django.db import connection, transaction

    from emining import audit_chain

    type_ids = list(ContentType.objects.values_list("id", flat=True)[:20]) or [None]
    actions = ["project.published", "bid.submitted", "firm.verified", "mou.signed", "user.sign_in"]
    columns = ", ".join(audit_chain.CONTENT_FIELDS)
    start = datetime(2026, 1, 1, tzinfo=UTC)
    previous = audit_chain.GENESIS_HASH
    started = time.monotonic()
    # The rows arrive linked: the trigger would only look at each of them.
    with connection.cursor() as cursor:
        cursor.execute(f"ALTER TABLE {audit_chain.TABLE} DISABLE TRIGGER emining_auditevent_link")
    with transaction.atomic(), connection.cursor() as cursor:
        raw = cursor.cursor
        with raw.copy(
            f"COPY {audit_chain.TABLE} ({columns}, content_hash, sequence, previous_hash, hash) "
            "FROM STDIN"
        ) as copy:
            for n in range(1, count + 1):
                data = {
                    "reference": f"PRJ-2026-{n:07d}",
                    "status": actions[n % 5].split(".")[1],
                    "amount": n * 1.25,
                    "note": "نمونه 示例" if n % 7 == 0 else "",
                }
                fields = (
                    start + timedelta(milliseconds=n * 37),
                    None,
                    f"official-{n % 50}",
                    actions[n % 5],
                    type_ids[n % len(type_ids)],
                    str(n),
                    f"Project {n}",
                    f"10.0.{n % 256}.{n % 200}",
                    json.dumps(data),
                )
                content = audit_chain.content_hash(*fields)
                link = audit_chain.link_hash(previous, content)
                copy.write_row((*fields, content, n, previous, link))
                previous = link
    with connection.cursor() as cursor:
        cursor.execute(f"ALTER TABLE {audit_chain.TABLE} ENABLE TRIGGER emining_auditevent_link")
        cursor.execute(f"VACUUM ANALYZE {audit_chain.TABLE}")
    say(f"  loaded {count:,} chained events in {time.monotonic() - started:.1f} s")


# --- 2. Verify ---------------------------------------------------------------------------------


def time_verifier(label: str, *args: str) -> tuple[float, subprocess.CompletedProcess]:
    started = time.monotonic()
    result = manage("verify_audit_log", *args, check=False)
    elapsed = time.monotonic() - started
    output = (result.stdout + result.stderr).strip().splitlines()
    say(f"  {label}: {elapsed:.1f} s, exit {result.returncode}: {output[-1] if output else ''}")
    return elapsed, result


# --- 3 and 4. Writes ---------------------------------------------------------------------------


class ChainSwitch:
    """With the chain, or without it: no content hash, no linking at or after commit."""

    def __init__(self):
        from emining import audit_chain

        self.audit_chain = audit_chain
        self.seal = audit_chain.seal
        self.link_after_commit = audit_chain.link_after_commit

    def set(self, on: bool) -> None:
        from django.db import connection

        state = "ENABLE" if on else "DISABLE"
        with connection.cursor() as cursor:
            cursor.execute(
                f"ALTER TABLE emining_auditevent {state} TRIGGER emining_auditevent_link"
            )
        self.audit_chain.seal = self.seal if on else (lambda event: None)
        self.audit_chain.link_after_commit = self.link_after_commit if on else (lambda using: None)


def one_write(n: int) -> float:
    from django.db import transaction

    from emining.audit import record_event

    started = time.perf_counter()
    with transaction.atomic():
        record_event(
            action="bench.write",
            data={"n": n, "status": "published", "reference": f"PRJ-{n}"},
            ip_address="10.1.2.3",
        )
    return (time.perf_counter() - started) * 1000


def summary(times: list[float]) -> str:
    ordered = sorted(times)
    p95 = ordered[int(len(ordered) * 0.95) - 1]
    return (
        f"mean {statistics.fmean(times):.2f} ms, p50 {statistics.median(times):.2f} ms, "
        f"p95 {p95:.2f} ms"
    )


def drop_unchained() -> None:
    """Events written without the chain are removed before the chain is on again (the next
    linker would link them, content hash and all missing)."""
    from django.db import connection

    with connection.cursor() as cursor:
        cursor.execute("DELETE FROM emining_auditevent WHERE sequence IS NULL")


def sequential_writes(switch: ChainSwitch, count: int) -> dict[bool, list[float]]:
    times: dict[bool, list[float]] = {True: [], False: []}
    for block in range(count * 2 // BLOCK):
        on = block % 2 == 0
        drop_unchained()
        switch.set(on)
        times[on].extend(one_write(block * BLOCK + n) for n in range(BLOCK))
    drop_unchained()
    switch.set(True)
    return times


def concurrent_writes(switch: ChainSwitch, writers: int, each: int) -> dict[bool, list[float]]:
    from django.db import connection

    times: dict[bool, list[float]] = {True: [], False: []}
    for on in (False, True, False, True):
        drop_unchained()
        switch.set(on)

        def work(offset: int, barrier: threading.Barrier, lock: threading.Lock, on: bool) -> None:
            from django.db import connection as thread_connection

            barrier.wait()
            mine = [one_write(offset + n) for n in range(each)]
            thread_connection.close()
            with lock:
                times[on].extend(mine)

        lock = threading.Lock()
        barrier = threading.Barrier(writers)
        threads = [
            threading.Thread(target=work, args=(w * each, barrier, lock, on))
            for w in range(writers)
        ]
        for thread in threads:
            thread.start()
        for thread in threads:
            thread.join()
    drop_unchained()
    switch.set(True)
    connection.close()
    return times


def main() -> int:
    if "big" not in DB_NAME and "bench" not in DB_NAME:
        say(f"AUDIT_DB_NAME must contain 'big' or 'bench' (got {DB_NAME!r}): it is dropped.")
        return 2
    os.environ.update(environment())
    say(f"Audit chain benchmark on {DB_NAME} ({EVENTS:,} events); load {os.getloadavg()[0]:.2f}")
    admin(f'DROP DATABASE IF EXISTS "{DB_NAME}"')
    admin(f'CREATE DATABASE "{DB_NAME}"')
    try:
        manage("migrate", "--noinput")
        import django

        django.setup()
        from django.db import connection

        load_events(EVENTS)

        say("Verifier (target: under 30 s for 1,000,000 events)")
        _, result = time_verifier("whole chain")
        if result.returncode != 0:
            say("  FAILED: the intact chain did not verify")
            return 1
        middle = EVENTS // 2
        with connection.cursor() as cursor:
            cursor.execute("SELECT hash FROM emining_auditevent WHERE sequence = %s", [middle])
            (middle_hash,) = cursor.fetchone()
        time_verifier("with --head at the middle", "--head", f"{middle}:{middle_hash}")
        edit = "UPDATE emining_auditevent SET actor_repr = %s WHERE sequence = %s"
        with connection.cursor() as cursor:
            cursor.execute(
                "ALTER TABLE emining_auditevent DISABLE TRIGGER emining_auditevent_append_only"
            )
            cursor.execute(edit, ["someone else", middle])
        _, tampered = time_verifier("one event altered in the middle")
        with connection.cursor() as cursor:
            cursor.execute(edit, [f"official-{middle % 50}", middle])
            cursor.execute(
                "ALTER TABLE emining_auditevent ENABLE TRIGGER emining_auditevent_append_only"
            )
        if tampered.returncode == 0 or f"sequence {middle}" not in tampered.stderr:
            say("  FAILED: the altered event was not reported")
            return 1

        switch = ChainSwitch()
        say(f"Writes: {WRITES} single-event transactions each way (target: under 2 ms more)")
        times = sequential_writes(switch, WRITES)
        say(f"  without the chain: {summary(times[False])}")
        say(f"  with the chain:    {summary(times[True])}")
        extra = statistics.fmean(times[True]) - statistics.fmean(times[False])
        say(f"  the chain adds {extra:.2f} ms per write (mean)")

        each = max(1, WRITES // WRITERS // 2)
        say(f"Concurrent: {WRITERS} writers x {each} transactions, twice each way")
        times = concurrent_writes(switch, WRITERS, each)
        say(f"  without the chain: {summary(times[False])}")
        say(f"  with the chain:    {summary(times[True])}")
        extra = statistics.fmean(times[True]) - statistics.fmean(times[False])
        say(f"  the chain adds {extra:.2f} ms per write (mean) under {WRITERS} writers")
        with connection.cursor() as cursor:  # the writes made without the chain
            cursor.execute("DELETE FROM emining_auditevent WHERE sequence IS NULL")
        _, after = time_verifier("chain after the writes")
        connection.close()
        return 0 if after.returncode == 0 else 1
    finally:
        from django.db import connections

        connections.close_all()
        if os.environ.get("KEEP_AUDIT_DB") != "1":
            admin(f'DROP DATABASE IF EXISTS "{DB_NAME}"')


if __name__ == "__main__":
    sys.exit(main())
