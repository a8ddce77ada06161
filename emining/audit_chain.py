"""The tamper-evident chain of audit events (`emining.models.AuditEvent`).

Every event carries two SHA-256 hashes, as lowercase hex:

- `content_hash = sha256(canonical_content(row))`, computed in Python when the event is
  written (`emining.audit.record_event`, `AuditEvent.objects.bulk_create`), with no lock.
  The canonical content (version `CANONICAL_VERSION`) is the UTF-8 of one JSON array::

      ["emining-audit/1", created_at, actor_id, actor_repr, action, target_type_id,
       target_id, target_repr, ip_address, data]

  written exactly as PostgreSQL writes a `jsonb` value (`jsonb_text`): separators `, ` and
  `: `, object keys ordered by length and then by their bytes, strings escaped as Python's
  `json` does without `ensure_ascii`, numbers as `numeric` writes them (`1e+20` as
  `100000000000000000000`, `1.5e-07` as `0.00000015`). `created_at` in UTC as
  `YYYY-MM-DDTHH:MM:SS.ffffffZ` (always six digits); ids as numbers or null; `ip_address` as
  `inet` writes it (`_ip_text`), or null; `data` as the JSON text stored in the row. So
  PostgreSQL computes the same bytes from a row in SQL (`CONTENT_SQL`,
  `jsonb_build_array(...)::text`), which is how a long chain is verified fast.
- `hash = sha256(previous_hash || content_hash)`: the 128 ASCII characters of the previous
  event's hash followed by this event's content hash (`link_hash`). The first event's
  previous hash is 64 zeros (`GENESIS_HASH`). `sequence` numbers the chain from 1.

On PostgreSQL the link is made at or right after the writing transaction's commit, and no
writer waits for another writer's transaction or disk flush. The SQL function
`emining_audit_link_pending()` (`PG_CREATE_TRIGGERS`) takes a transaction-level advisory lock
(so the chain has no forks), reads the head (the event with the highest sequence, through the
unique index) and links every visible event that has no sequence yet, in id order. It runs
in two places:

- a deferred constraint trigger, at commit: if the lock is free (`pg_try_advisory_xact_lock`)
  it links inside that commit, which costs no extra transaction or flush; if another commit
  or linker holds it, it does not wait;
- after commit (`transaction.on_commit`, registered by `save()` and `bulk_create`), in a short
  transaction of its own that does wait for the lock, then links what the trigger left.
  Writers that commit together queue here, after their commits: the first links everything
  committed, the next ones usually find nothing left and end without writing.

Chain order is the order of linking (commit order, give or take concurrent commits). An event
whose linker never ran (a process killed between commit and link, a raw SQL insert) is linked
by the next one; the verifier reports events unlinked for longer than a few seconds. (Linking
only inside the commit, waiting for the lock there, was measured first: the lock was then held
across each commit's disk flush, and 16 concurrent writers waited 190 ms each; linking only
after commit cost a second flush per write, +2.5 ms.)

The link is written once in SQL there and once here, in Python (`link_hash`): SQLite
(development, one writer at a time) links in an `AFTER INSERT` trigger that calls `link_hash`
as a registered SQL function, the migration links the events that existed before the chain,
and the verifier recomputes every link. Tests check that both give the same hash, and that
the canonical content PostgreSQL writes (`CONTENT_SQL`, used to verify long chains fast) is
byte for byte `canonical_content`.

There is no separate head row: the head is the event with the highest sequence.

`verify_chain` names the first broken link: an edited event (its content no longer matches
`content_hash`), a removed one (a gap in the sequence), events moved (a previous hash that is
not the hash before it) or a forged hash.
Removing the newest events leaves a shorter chain that is still whole: only someone who saved
an earlier head (`/opendata/audit-head.json`) can see that, with `verify_audit_log --head`.
"""

from __future__ import annotations

import hashlib
import ipaddress
import json
from collections.abc import Iterable, Iterator
from concurrent.futures import ThreadPoolExecutor
from contextlib import closing
from dataclasses import dataclass
from datetime import UTC, datetime, timedelta
from decimal import Decimal
from json.encoder import encode_basestring
from typing import Any

from django.db import connection as default_connection
from django.db import transaction
from django.db.backends.signals import connection_created
from django.dispatch import receiver
from django.utils import timezone

CANONICAL_VERSION = "emining-audit/1"
ALGORITHM = "sha256"
GENESIS_HASH = "0" * 64
TABLE = "emining_auditevent"
# pg_advisory_xact_lock key held by the linking trigger from the commit to its end.
ADVISORY_LOCK_KEY = 0x656D696E696E6701

# The columns the content hash covers, in the canonical order.
CONTENT_FIELDS = (
    "created_at",
    "actor_id",
    "actor_repr",
    "action",
    "target_type_id",
    "target_id",
    "target_repr",
    "ip_address",
    "data",
)


# --- The two hashes --------------------------------------------------------------------------


def _number_text(value: float) -> str:
    """A float as PostgreSQL's `numeric` writes the JSON number Python wrote for it:
    `1e+20` -> `100000000000000000000`, `1.5e-07` -> `0.00000015`, `1.0` -> `1.0`."""
    text = format(Decimal(repr(value)), "f")
    return text[1:] if text.startswith("-") and Decimal(text) == 0 else text


def _key_order(key: str) -> tuple[int, bytes]:
    encoded = key.encode("utf-8")
    return len(encoded), encoded


def jsonb_text(value: Any) -> str:
    """JSON text exactly as PostgreSQL writes a `jsonb` value (`value::text`): object keys by
    length then bytes, `, ` and `: ` separators, strings escaped as `json` does without
    `ensure_ascii`, numbers as `numeric` writes them."""
    if value is None:
        return "null"
    if value is True:
        return "true"
    if value is False:
        return "false"
    if isinstance(value, str):
        return encode_basestring(value)
    if isinstance(value, int):
        return str(value)
    if isinstance(value, float):
        return _number_text(value)
    if isinstance(value, list | tuple):
        return "[" + ", ".join(jsonb_text(item) for item in value) + "]"
    if isinstance(value, dict):
        items = sorted(value.items(), key=lambda item: _key_order(item[0]))
        return (
            "{"
            + ", ".join(f"{encode_basestring(key)}: {jsonb_text(item)}" for key, item in items)
            + "}"
        )
    raise TypeError(f"Not JSON: {type(value).__name__}")


def _time_text(moment: datetime | str) -> str:
    if isinstance(moment, datetime):  # the writer
        if moment.tzinfo is None:
            moment = moment.replace(tzinfo=UTC)
        return moment.astimezone(UTC).strftime("%Y-%m-%dT%H:%M:%S.%fZ")
    if moment.endswith("Z"):  # PostgreSQL, formatted by the query (`STORED_CONTENT_PG`)
        return moment
    # SQLite keeps Django's text: UTC, a space, microseconds only when not zero.
    moment = moment.replace(" ", "T")
    return f"{moment}Z" if "." in moment else f"{moment}.000000Z"


def _ip_text(value: str | None) -> str | None:
    """An address as PostgreSQL writes an `inet` host (and as `host()` returns it)."""
    if not value:
        return None
    address = ipaddress.ip_address(value)
    if address.version == 4:
        return str(address)
    words = [int.from_bytes(address.packed[i : i + 2], "big") for i in range(0, 16, 2)]
    zeros = 0
    while zeros < 8 and words[zeros] == 0:
        zeros += 1
    # PostgreSQL's inet_net_ntop writes an embedded IPv4 address in dotted form.
    if zeros == 6 or (zeros == 5 and words[5] == 0xFFFF):
        prefix = "::ffff:" if zeros == 5 else "::"
        return prefix + str(ipaddress.IPv4Address(address.packed[12:]))
    return address.compressed


def canonical_content(
    created_at: datetime | str,
    actor_id: int | None,
    actor_repr: str,
    action: str,
    target_type_id: int | None,
    target_id: str,
    target_repr: str,
    ip_address: str | None,
    data_json: str,
) -> bytes:
    """The bytes `content_hash` is the SHA-256 of (see the module's docstring). `data_json`
    is the JSON text of `data` as stored (or as the writer is about to store it). PostgreSQL
    computes the same bytes in SQL (`CONTENT_SQL`) to verify a long chain fast."""
    return jsonb_text(
        [
            CANONICAL_VERSION,
            _time_text(created_at),
            actor_id,
            actor_repr,
            action,
            target_type_id,
            target_id,
            target_repr,
            _ip_text(ip_address),
            json.loads(data_json),
        ]
    ).encode("utf-8")


def content_hash(*fields: Any) -> str:
    return hashlib.sha256(canonical_content(*fields)).hexdigest()


def link_hash(previous_hash: str, content: str) -> str:
    """The chain link; PostgreSQL's trigger computes the same in SQL."""
    return hashlib.sha256((previous_hash + content).encode("ascii")).hexdigest()


def seal(event) -> None:
    """Before an event is inserted: stamp its time and compute its content hash from the
    values as they will be stored (`data` as the JSON field writes it)."""
    if event.created_at is None:
        event.created_at = timezone.now()
    if event.ip_address:
        event.ip_address = _ip_text(event.ip_address)
    field = event._meta.get_field("data")
    fields = [getattr(event, name) for name in CONTENT_FIELDS[:-1]]
    data_json = json.dumps(event.data, cls=field.encoder)
    event.content_hash = content_hash(*fields, data_json)


# The canonical content computed by PostgreSQL from the row (the same bytes as
# `canonical_content`; a test checks them on awkward data).
CONTENT_SQL = (
    "jsonb_build_array('emining-audit/1', "
    """to_char(created_at AT TIME ZONE 'UTC', 'YYYY-MM-DD"T"HH24:MI:SS.US"Z"'), actor_id, """
    "actor_repr, action, target_type_id, target_id, target_repr, host(ip_address), data)::text"
)
CONTENT_HASH_SQL = f"encode(sha256(convert_to({CONTENT_SQL}, 'UTF8')), 'hex')"
LINK_SQL = "encode(sha256(convert_to(previous_hash || content_hash, 'UTF8')), 'hex')"

# The content columns as the canonical form reads them, per database.
STORED_CONTENT_PG = (
    """to_char(created_at AT TIME ZONE 'UTC', 'YYYY-MM-DD"T"HH24:MI:SS.US"Z"'), actor_id, """
    "actor_repr, action, target_type_id, target_id, target_repr, host(ip_address), data::text"
)
STORED_CONTENT_SQLITE = ", ".join(CONTENT_FIELDS)


def stored_content(vendor: str) -> str:
    return STORED_CONTENT_PG if vendor == "postgresql" else STORED_CONTENT_SQLITE


# --- The link, in the database -----------------------------------------------------------------

PG_CREATE_TRIGGERS = f"""
CREATE OR REPLACE FUNCTION emining_audit_link_pending() RETURNS bigint
LANGUAGE plpgsql AS $$
DECLARE
    head_sequence bigint;
    head_hash text;
    pending record;
    linked bigint := 0;
BEGIN
    -- One linker at a time, until its transaction ends (a short one of its own).
    PERFORM pg_advisory_xact_lock({ADVISORY_LOCK_KEY});
    SELECT sequence, hash INTO head_sequence, head_hash FROM {TABLE}
        WHERE sequence IS NOT NULL ORDER BY sequence DESC LIMIT 1;
    IF NOT FOUND THEN
        head_sequence := 0;
        head_hash := '{GENESIS_HASH}';
    END IF;
    FOR pending IN
        SELECT id, content_hash FROM {TABLE} WHERE sequence IS NULL ORDER BY id
    LOOP
        head_sequence := head_sequence + 1;
        UPDATE {TABLE} SET
            sequence = head_sequence,
            previous_hash = head_hash,
            hash = encode(sha256(convert_to(head_hash || pending.content_hash, 'UTF8')), 'hex')
            WHERE id = pending.id
            RETURNING hash INTO head_hash;
        linked := linked + 1;
    END LOOP;
    RETURN linked;
END $$;

-- At commit, when no other commit or linker holds the lock: link inside this commit (no
-- second transaction, no second flush). Otherwise leave it to the linker after commit.
CREATE OR REPLACE FUNCTION emining_audit_link_at_commit() RETURNS trigger
LANGUAGE plpgsql AS $$
BEGIN
    IF EXISTS (SELECT 1 FROM {TABLE} WHERE id = NEW.id AND sequence IS NULL)
            AND pg_try_advisory_xact_lock({ADVISORY_LOCK_KEY}) THEN
        PERFORM emining_audit_link_pending();
    END IF;
    RETURN NULL;
END $$;

CREATE CONSTRAINT TRIGGER emining_auditevent_link
    AFTER INSERT ON {TABLE} DEFERRABLE INITIALLY DEFERRED
    FOR EACH ROW EXECUTE FUNCTION emining_audit_link_at_commit();

CREATE OR REPLACE FUNCTION emining_audit_append_only() RETURNS trigger
LANGUAGE plpgsql AS $$
BEGIN
    IF OLD.sequence IS NOT NULL THEN
        RAISE EXCEPTION USING ERRCODE = 'integrity_constraint_violation',
            MESSAGE = 'The audit trail is append-only: event ' || OLD.id || ' (sequence '
                || OLD.sequence || ') is chained.';
    END IF;
    IF TG_OP = 'DELETE' THEN
        RETURN OLD;
    END IF;
    RETURN NEW;
END $$;

CREATE TRIGGER emining_auditevent_append_only
    BEFORE UPDATE OR DELETE ON {TABLE}
    FOR EACH ROW EXECUTE FUNCTION emining_audit_append_only();
"""  # noqa: S608 (constants)

PG_DROP_TRIGGERS = f"""
DROP TRIGGER IF EXISTS emining_auditevent_append_only ON {TABLE};
DROP FUNCTION IF EXISTS emining_audit_append_only();
DROP TRIGGER IF EXISTS emining_auditevent_link ON {TABLE};
DROP FUNCTION IF EXISTS emining_audit_link_at_commit();
DROP FUNCTION IF EXISTS emining_audit_link_pending();
"""

# SQLite runs one writer at a time: the link is made at the insert, in its transaction. Each
# expression of an UPDATE reads the row as it was, hence the repeated head subquery.
_SQLITE_HEAD_HASH = (
    f"COALESCE((SELECT hash FROM {TABLE} WHERE sequence IS NOT NULL "  # noqa: S608 (constants)
    f"ORDER BY sequence DESC LIMIT 1), '{GENESIS_HASH}')"
)
SQLITE_CREATE_TRIGGER = f"""
CREATE TRIGGER emining_auditevent_chain AFTER INSERT ON {TABLE}
FOR EACH ROW WHEN NEW.sequence IS NULL BEGIN
    UPDATE {TABLE} SET
        sequence = (SELECT COALESCE(MAX(sequence), 0) + 1 FROM {TABLE}),
        previous_hash = {_SQLITE_HEAD_HASH},
        hash = emining_audit_link({_SQLITE_HEAD_HASH}, content_hash)
        WHERE id = NEW.id;
END
"""  # noqa: S608 (constants)
SQLITE_DROP_TRIGGER = "DROP TRIGGER IF EXISTS emining_auditevent_chain"


@receiver(connection_created)
def _register_sqlite_link(sender, connection, **kwargs) -> None:
    if connection.vendor == "sqlite":
        connection.connection.create_function(
            "emining_audit_link", 2, link_hash, deterministic=True
        )


def link_pending(using: str = "default") -> None:
    """After a commit that wrote events (PostgreSQL): link every event still unlinked, in id
    order, in a short transaction of its own under the linking lock. Writers who commit at
    the same time queue here, not inside their transactions: the first links what is
    committed, the others usually find nothing left and end without writing."""
    from django.db import connections

    with connections[using].cursor() as cursor:
        cursor.execute("SELECT emining_audit_link_pending()")


def link_after_commit(using: str) -> None:
    """Called for each event written; SQLite links at the insert."""
    from django.db import connections

    if connections[using].vendor == "postgresql":
        # robust: a linker that fails is logged, never turns a committed request into an
        # error; the next linker links what this one left.
        transaction.on_commit(lambda: link_pending(using), using=using, robust=True)


def create_triggers(schema_editor) -> None:
    vendor = schema_editor.connection.vendor
    if vendor == "postgresql":
        schema_editor.execute(PG_CREATE_TRIGGERS)
    elif vendor == "sqlite":
        schema_editor.execute(SQLITE_CREATE_TRIGGER)


def drop_triggers(schema_editor) -> None:
    vendor = schema_editor.connection.vendor
    if vendor == "postgresql":
        schema_editor.execute(PG_DROP_TRIGGERS)
    elif vendor == "sqlite":
        schema_editor.execute(SQLITE_DROP_TRIGGER)


# --- Chaining events that have no link ----------------------------------------------------------


def chain_unlinked(connection=default_connection, *, batch_size: int = 2000) -> int:
    """Link the events that have no sequence yet, in id order, recomputing their content
    hashes from the rows as stored: what the migration does for the events written before
    the chain existed. Returns how many it linked."""
    select = (
        f"SELECT id, {stored_content(connection.vendor)} FROM {TABLE} "  # noqa: S608 (constants)
        "WHERE sequence IS NULL AND id > %s ORDER BY id LIMIT %s"
    )
    update = (
        f"UPDATE {TABLE} SET content_hash = %s, sequence = %s, previous_hash = %s, "  # noqa: S608 (constants)
        "hash = %s WHERE id = %s"
    )
    linked = 0
    with transaction.atomic(using=connection.alias), connection.cursor() as cursor:
        if connection.vendor == "postgresql":
            cursor.execute("SELECT pg_advisory_xact_lock(%s)", [ADVISORY_LOCK_KEY])
        cursor.execute(
            f"SELECT sequence, hash FROM {TABLE} WHERE sequence IS NOT NULL "  # noqa: S608 (constants)
            "ORDER BY sequence DESC LIMIT 1"
        )
        head = cursor.fetchone()
        sequence, previous = head if head else (0, GENESIS_HASH)
        last_id = 0
        while True:
            cursor.execute(select, [last_id, batch_size])
            rows = cursor.fetchall()
            if not rows:
                break
            updates = []
            for event_id, *fields in rows:
                content = content_hash(*fields)
                sequence += 1
                link = link_hash(previous, content)
                updates.append((content, sequence, previous, link, event_id))
                previous = link
                last_id = event_id
            cursor.executemany(update, updates)
            linked += len(updates)
    return linked


# --- Reading the head and verifying the chain -------------------------------------------------


@dataclass(frozen=True)
class Head:
    sequence: int
    hash: str
    event_id: int | None
    created_at: datetime | None


def read_head(connection=default_connection) -> Head:
    """The newest linked event (one read through the unique index on `sequence`)."""
    with connection.cursor() as cursor:
        cursor.execute(
            f"SELECT sequence, hash, id, created_at FROM {TABLE} "  # noqa: S608 (constants)
            "WHERE sequence IS NOT NULL ORDER BY sequence DESC LIMIT 1"
        )
        row = cursor.fetchone()
    if row is None:
        return Head(0, GENESIS_HASH, None, None)
    created_at = row[3]
    if isinstance(created_at, str):
        created_at = datetime.fromisoformat(created_at).replace(tzinfo=UTC)
    return Head(row[0], row[1], row[2], created_at)


def count_unlinked(connection=default_connection, *, older_than: timedelta) -> int:
    """Events a trigger did not link (older than a commit could still be running)."""
    cutoff = timezone.now() - older_than
    with connection.cursor() as cursor:
        cursor.execute(
            f"SELECT COUNT(*) FROM {TABLE} WHERE sequence IS NULL AND created_at < %s",  # noqa: S608 (constants)
            [cutoff],
        )
        return cursor.fetchone()[0]


@dataclass(frozen=True)
class Break:
    """The first broken link: at which sequence, which event (if any) and what is wrong."""

    kind: str  # missing, edited, moved, forged, head
    sequence: int
    event_id: int | None
    message: str


@dataclass
class Result:
    events: int = 0
    head: Head | None = None
    broken: Break | None = None
    unlinked: int = 0
    head_checked: bool = False


def rows_query(vendor: str) -> str:
    """The rows of sequences %s to %s, in order, with what the verifier recomputes."""
    return (
        f"SELECT id, sequence, content_hash, previous_hash, hash, {stored_content(vendor)} "  # noqa: S608 (constants)
        f"FROM {TABLE} WHERE sequence BETWEEN %s AND %s ORDER BY sequence"
    )


def _stream(connection, first: int, last: int, chunk_size: int) -> Iterator[tuple]:
    """Rows as plain tuples, from a server-side cursor on PostgreSQL (no model instances)."""
    params = [first, last]
    if connection.vendor == "postgresql":
        connection.ensure_connection()
        # A named cursor lives in a transaction; outside one, this opens its own.
        with (
            transaction.atomic(using=connection.alias),
            connection.connection.cursor(name="emining_verify_audit_log") as cursor,
        ):
            cursor.execute(rows_query(connection.vendor), params)
            while rows := cursor.fetchmany(chunk_size):
                yield from rows
        return
    with connection.cursor() as cursor:
        cursor.execute(rows_query(connection.vendor), params)
        while rows := cursor.fetchmany(chunk_size):
            yield from rows


def _stored_hash(connection, sequence: int) -> str | None:
    with connection.cursor() as cursor:
        cursor.execute(f"SELECT hash FROM {TABLE} WHERE sequence = %s", [sequence])  # noqa: S608 (constants)
        row = cursor.fetchone()
    return row[0] if row else None


def verify_rows(
    rows: Iterable[tuple],
    *,
    first: int = 1,
    last: int | None = None,
    previous: str | None = GENESIS_HASH,
    saved_head: tuple[int, str] | None = None,
) -> Result:
    """Recompute every content hash and link of `rows` (`rows_query`'s columns, sequences
    `first` to `last` in order, after an event whose hash is `previous`); stop at the first
    break. A range that starts after 1 takes the stored hash before it as `previous`: the
    range before it checks that hash."""
    result = Result()
    expected = first
    for row in rows:
        event_id, sequence, stored_content, stored_previous, stored_hash = row[:5]
        if sequence != expected:
            missing = f"{expected}" if sequence == expected + 1 else f"{expected} to {sequence - 1}"
            result.broken = Break(
                "missing",
                expected,
                event_id,
                f"Sequence {missing} missing before event {event_id} (sequence {sequence}): "
                "events were removed.",
            )
            return result
        content = content_hash(*row[5:])
        if content != stored_content:
            result.broken = Break(
                "edited",
                sequence,
                event_id,
                f"Event {event_id} (sequence {sequence}) was altered: its content no longer "
                "matches its content hash.",
            )
            return result
        if stored_previous != previous:
            result.broken = Break(
                "moved",
                sequence,
                event_id,
                f"Event {event_id} (sequence {sequence}) does not follow the event before it: "
                "its previous hash differs (events removed, moved or re-chained).",
            )
            return result
        link = link_hash(stored_previous, content)
        if link != stored_hash:
            result.broken = Break(
                "forged",
                sequence,
                event_id,
                f"Event {event_id} (sequence {sequence}) has a hash that is not the link of "
                "its previous hash and content.",
            )
            return result
        if saved_head is not None and sequence == saved_head[0]:
            result.head_checked = True
            if link != saved_head[1]:
                result.broken = Break(
                    "head",
                    sequence,
                    event_id,
                    f"The saved head {saved_head[0]}:{saved_head[1]} is not in the chain: the "
                    f"hash at sequence {sequence} is now {link} (earlier events were altered, "
                    "removed or re-chained).",
                )
                return result
        previous = link
        expected += 1
        result.events += 1
        result.head = Head(sequence, link, event_id, None)
    if last is not None and expected <= last:
        missing = f"{expected}" if expected == last else f"{expected} to {last}"
        result.broken = Break(
            "missing", expected, None, f"Sequence {missing} missing: events were removed."
        )
    return result


# One pass of PostgreSQL over a range of the chain: the first event, in sequence order, whose
# sequence does not follow the one before it, whose content no longer hashes to its content
# hash, whose previous hash is not the hash before it, or whose hash is not its link.
_SQL_CHECK = f"""
WITH chain AS (
    SELECT id, sequence, content_hash, previous_hash, hash,
        lag(sequence) OVER w AS sequence_before, lag(hash) OVER w AS hash_before,
        {CONTENT_HASH_SQL} AS recomputed
    FROM {TABLE} WHERE sequence BETWEEN %(first)s AND %(last)s
    WINDOW w AS (ORDER BY sequence)
)
SELECT id, sequence,
    sequence <> COALESCE(sequence_before, %(first)s - 1) + 1 AS missing,
    recomputed <> content_hash AS edited,
    previous_hash IS DISTINCT FROM COALESCE(hash_before, %(previous)s) AS moved,
    hash <> {LINK_SQL} AS forged,
    COALESCE(sequence_before, %(first)s - 1) AS sequence_before
FROM chain
WHERE sequence <> COALESCE(sequence_before, %(first)s - 1) + 1
    OR recomputed <> content_hash
    OR previous_hash IS DISTINCT FROM COALESCE(hash_before, %(previous)s)
    OR hash <> {LINK_SQL}
ORDER BY sequence LIMIT 1
"""  # noqa: S608 (constants)


def _verify_range_in_sql(connection, first: int, last: int, previous: str | None) -> Result:
    """`verify_rows` for one range, computed by PostgreSQL (no row leaves the database)."""
    result = Result()
    with connection.cursor() as cursor:
        cursor.execute(_SQL_CHECK, {"first": first, "last": last, "previous": previous})
        bad = cursor.fetchone()
        cursor.execute(
            f"SELECT MAX(sequence), COUNT(*) FROM {TABLE} WHERE sequence BETWEEN %s AND %s",  # noqa: S608 (constants)
            [first, last],
        )
        highest, count = cursor.fetchone()
    if bad is None:
        result.events = count
        if highest != last:
            expected = (highest or first - 1) + 1
            missing = f"{expected}" if expected == last else f"{expected} to {last}"
            result.broken = Break(
                "missing", expected, None, f"Sequence {missing} missing: events were removed."
            )
        return result
    event_id, sequence, missing, edited, moved, _forged, sequence_before = bad
    expected = sequence_before + 1
    result.events = expected - first
    if missing:
        gap = f"{expected}" if sequence == expected + 1 else f"{expected} to {sequence - 1}"
        result.broken = Break(
            "missing",
            expected,
            event_id,
            f"Sequence {gap} missing before event {event_id} (sequence {sequence}): "
            "events were removed.",
        )
    else:
        kind = "edited" if edited else "moved" if moved else "forged"
        result.broken = Break(kind, sequence, event_id, _MESSAGES[kind].format(event_id, sequence))
    return result


_MESSAGES = {
    "edited": "Event {} (sequence {}) was altered: its content no longer matches its content hash.",
    "moved": "Event {} (sequence {}) does not follow the event before it: its previous hash "
    "differs (events removed, moved or re-chained).",
    "forged": "Event {} (sequence {}) has a hash that is not the link of its previous hash and "
    "content.",
}


def _verify_range(
    alias: str,
    first: int,
    last: int,
    saved_head,
    chunk_size: int,
    in_sql: bool,
    in_worker: bool = False,
) -> Result:
    """One range, in a worker thread (its own connection) or in this one."""
    from django.db import connections

    connection = connections[alias]
    try:
        previous = GENESIS_HASH if first == 1 else _stored_hash(connection, first - 1)
        if in_sql:
            result = _verify_range_in_sql(connection, first, last, previous)
            if result.broken is None and saved_head and first <= saved_head[0] <= last:
                # Every hash up to here is its recomputed link: compare the stored one.
                result.head_checked = True
                with connection.cursor() as cursor:
                    cursor.execute(
                        f"SELECT id, hash FROM {TABLE} WHERE sequence = %s",  # noqa: S608 (constants)
                        [saved_head[0]],
                    )
                    event_id, stored = cursor.fetchone()
                if stored != saved_head[1]:
                    result.events = saved_head[0] - first
                    result.broken = Break(
                        "head",
                        saved_head[0],
                        event_id,
                        f"The saved head {saved_head[0]}:{saved_head[1]} is not in the chain: "
                        f"the hash at sequence {saved_head[0]} is now {stored} (earlier events "
                        "were altered, removed or re-chained).",
                    )
            return result
        with closing(_stream(connection, first, last, chunk_size)) as rows:
            return verify_rows(
                rows, first=first, last=last, previous=previous, saved_head=saved_head
            )
    finally:
        if in_worker:
            connection.close()


def _ranges(last: int, workers: int) -> list[tuple[int, int]]:
    size = -(-last // workers)
    return [(start, min(start + size - 1, last)) for start in range(1, last + 1, size)]


def verify_chain(
    connection=default_connection,
    *,
    saved_head: tuple[int, str] | None = None,
    workers: int = 1,
    in_python: bool = False,
    chunk_size: int = 10000,
    unlinked_after: timedelta = timedelta(seconds=10),
) -> Result:
    """Verify the chain up to its head as it is now (events linked later are left for the
    next run). On PostgreSQL the database recomputes the hashes (`CONTENT_HASH_SQL`, the same
    bytes as `canonical_content`), in `workers` ranges at once on their own connections, each
    starting from the stored hash before it, which the range before checks; `in_python`
    recomputes every hash here instead, from the rows as read (SQLite always does)."""
    head = read_head(connection)
    unlinked = count_unlinked(connection, older_than=unlinked_after)
    in_sql = connection.vendor == "postgresql" and not in_python
    if head.sequence < 10 * chunk_size:
        workers = 1
    ranges = _ranges(head.sequence, workers) if head.sequence else []
    arguments = [(connection.alias, a, b, saved_head, chunk_size, in_sql) for a, b in ranges]
    if workers == 1:
        parts = [_verify_range(*args) for args in arguments]
    else:
        with ThreadPoolExecutor(workers) as pool:
            parts = list(pool.map(lambda args: _verify_range(*args, in_worker=True), arguments))
    result = Result(unlinked=unlinked)
    for part in parts:  # in sequence order: the first break is the first one found
        result.events += part.events
        result.head_checked = result.head_checked or part.head_checked
        if part.broken is not None:
            result.broken = part.broken
            return result
    if head.sequence:
        result.head = head
    if saved_head is not None and not result.head_checked:
        result.broken = Break(
            "head",
            saved_head[0],
            None,
            f"The saved head {saved_head[0]}:{saved_head[1]} is beyond the chain's end "
            f"(sequence {head.sequence}): events were removed.",
        )
    return result
