"""The audit chain: every event linked to the one before it, and every alteration, removal,
reordering or forged hash found by the verifier at the right place."""

from __future__ import annotations

import hashlib
import itertools
import json

import pytest
from django.core.management import CommandError, call_command
from django.db import DatabaseError, IntegrityError, connection, transaction

from emining import audit_chain
from emining.audit import record_event
from emining.models import AuditEvent
from projects import services
from tests.factories import new_draft

from .conftest import chained_rows, link_pending, tamper

pytestmark = pytest.mark.django_db
postgresql_only = pytest.mark.skipif(
    connection.vendor != "postgresql", reason="the deferred trigger is PostgreSQL's"
)


def _verify(**kwargs) -> audit_chain.Result:
    """The verifier's finding; on PostgreSQL, the same whether the database or Python
    recomputes the hashes."""
    result = audit_chain.verify_chain(connection, **kwargs)
    if connection.vendor == "postgresql":
        in_python = audit_chain.verify_chain(connection, in_python=True, **kwargs)
        assert (in_python.broken, in_python.events) == (result.broken, result.events)
    return result


def _sequence_of(event_id: int) -> int:
    return AuditEvent.objects.values_list("sequence", flat=True).get(pk=event_id)


def test_events_written_by_services_form_one_chain(reference_data, official):
    project = new_draft(official)
    services.submit_for_review(project, by=official)
    link_pending()

    rows = chained_rows()
    assert [row[1] for row in rows] == list(range(1, len(rows) + 1))
    assert len(rows) >= 2
    assert rows[0][2] == audit_chain.GENESIS_HASH
    for before, after in itertools.pairwise(rows):
        assert after[2] == before[3]
    result = _verify()
    assert result.broken is None
    assert result.events == len(rows)
    assert result.head.hash == rows[-1][3]


def test_each_hash_is_sha256_of_the_previous_hash_and_the_content(five_events):
    event = AuditEvent.objects.get(pk=five_events[1])
    expected = hashlib.sha256((event.previous_hash + event.content_hash).encode()).hexdigest()
    assert event.hash == expected
    # The content hash covers the row as stored, written as jsonb writes it: tuples became
    # lists, keys strings, numbers as PostgreSQL's numeric writes them.
    canonical = audit_chain.canonical_content(
        event.created_at,
        None,
        "",
        "test.event_1",
        None,
        "",
        "",
        "2001:db8::1",
        json.dumps({"amount": 1.0, "big": 1e20, "small": 1.5e-7, "pair": (1, 2), 3: "three"}),
    )
    assert event.content_hash == hashlib.sha256(canonical).hexdigest()
    text = canonical.decode()
    assert text.startswith('["emining-audit/1", "')
    assert text.endswith(
        ', "2001:db8::1", {"3": "three", "big": 100000000000000000000, "pair": [1, 2], '
        '"small": 0.00000015, "amount": 1.0}]'
    )
    assert event.ip_address == "2001:db8::1"


def test_an_intact_chain_verifies(five_events):
    result = _verify()
    assert result.broken is None
    assert result.events == 5
    assert result.unlinked == 0


@postgresql_only
def test_the_sql_link_and_the_python_link_agree():
    previous, content = "a" * 64, hashlib.sha256(b"x").hexdigest()
    with connection.cursor() as cursor:
        cursor.execute(
            "SELECT encode(sha256(convert_to(%s || %s, 'UTF8')), 'hex')", [previous, content]
        )
        assert cursor.fetchone()[0] == audit_chain.link_hash(previous, content)


@postgresql_only
def test_the_sql_content_and_the_python_content_agree(five_events):
    with connection.cursor() as cursor:
        cursor.execute(
            f"SELECT id, {audit_chain.CONTENT_SQL}, {audit_chain.CONTENT_HASH_SQL}, content_hash "  # noqa: S608
            f"FROM {audit_chain.TABLE} ORDER BY id"
        )
        rows = cursor.fetchall()
    for event_id, text, in_sql, written in rows:
        event = AuditEvent.objects.get(pk=event_id)
        in_python = audit_chain.canonical_content(
            *(getattr(event, name) for name in audit_chain.CONTENT_FIELDS[:-1]),
            json.dumps(event.data),
        )
        assert in_python.decode() == text
        assert in_sql == written


@postgresql_only
def test_on_postgresql_the_link_is_made_after_commit(django_capture_on_commit_callbacks):
    with django_capture_on_commit_callbacks(execute=False) as callbacks:
        event = record_event(action="test.pending")
    event.refresh_from_db()
    assert event.sequence is None
    assert len(event.content_hash) == 64
    assert len(callbacks) == 1
    callbacks[0]()
    event.refresh_from_db()
    assert event.sequence is not None
    assert event.hash == audit_chain.link_hash(event.previous_hash, event.content_hash)


@postgresql_only
def test_an_event_whose_linker_did_not_run_is_linked_by_the_next(five_events):
    # A raw insert: no content hash computed, no linker registered.
    tamper(
        "INSERT INTO {table} (created_at, actor_repr, action, target_id, target_repr, data, "
        "content_hash, previous_hash, hash) "
        "VALUES (now(), '', 'test.raw', '', '', '{}', 'x', '', '')"
    )
    record_event(action="test.next")
    link_pending()
    assert [row[1] for row in chained_rows()] == [1, 2, 3, 4, 5, 6, 7]
    broken = _verify().broken  # linked, and its missing content hash reported
    assert (broken.kind, broken.sequence) == ("edited", 6)


def test_bulk_created_events_are_chained_too(five_events):
    AuditEvent.objects.bulk_create(
        [AuditEvent(action="test.bulk", data={"n": n}) for n in range(3)]
    )
    link_pending()
    assert [row[1] for row in chained_rows()] == [1, 2, 3, 4, 5, 6, 7, 8]
    assert _verify().broken is None


def test_an_edited_event_is_reported(five_events):
    tamper("UPDATE {table} SET action = 'test.innocent' WHERE id = %s", [five_events[2]])
    broken = _verify().broken
    assert broken.kind == "edited"
    assert broken.sequence == _sequence_of(five_events[2])
    assert broken.event_id == five_events[2]


def test_edited_data_is_reported(five_events):
    tamper(
        "UPDATE {table} SET data = %s WHERE id = %s",
        [json.dumps({"reference": "PRJ-2026-0002", "status": "published"}), five_events[0]],
    )
    broken = _verify().broken
    assert (broken.kind, broken.sequence, broken.event_id) == ("edited", 1, five_events[0])


def test_a_deleted_event_is_reported(five_events):
    tamper("DELETE FROM {table} WHERE id = %s", [five_events[2]])
    broken = _verify().broken
    assert broken.kind == "missing"
    assert broken.sequence == 3
    assert broken.event_id == five_events[3]  # the event found in its place


def test_reordered_events_are_reported(five_events):
    second, third = five_events[1], five_events[2]
    tamper("UPDATE {table} SET sequence = -2 WHERE id = %s", [second])
    tamper("UPDATE {table} SET sequence = 2 WHERE id = %s", [third])
    tamper("UPDATE {table} SET sequence = 3 WHERE id = %s", [second])
    broken = _verify().broken
    assert (broken.kind, broken.sequence, broken.event_id) == ("moved", 2, third)


def test_a_forged_hash_is_reported(five_events):
    tamper("UPDATE {table} SET hash = %s WHERE id = %s", ["f" * 64, five_events[3]])
    broken = _verify().broken
    assert (broken.kind, broken.sequence, broken.event_id) == ("forged", 4, five_events[3])


def _rechain_from(sequence: int) -> None:
    """What a careful forger does after an edit: recompute every hash from there on."""
    rows = chained_rows()
    previous = rows[sequence - 2][3] if sequence > 1 else audit_chain.GENESIS_HASH
    for event_id, _, _, _ in rows[sequence - 1 :]:
        event = AuditEvent.objects.get(pk=event_id)
        content = audit_chain.content_hash(
            *(getattr(event, name) for name in audit_chain.CONTENT_FIELDS[:-1]),
            json.dumps(event.data),
        )
        link = audit_chain.link_hash(previous, content)
        tamper(
            "UPDATE {table} SET content_hash = %s, previous_hash = %s, hash = %s WHERE id = %s",
            [content, previous, link, event_id],
        )
        previous = link


def test_a_rechained_forgery_passes_alone_but_not_against_a_saved_head(five_events):
    saved = chained_rows()[3]  # the head someone saved when there were four events
    tamper("UPDATE {table} SET actor_repr = 'someone else' WHERE id = %s", [five_events[1]])
    _rechain_from(2)
    assert _verify().broken is None
    broken = _verify(saved_head=(saved[1], saved[3])).broken
    assert (broken.kind, broken.sequence) == ("head", 4)
    with pytest.raises(CommandError, match="saved head 4:"):
        call_command("verify_audit_log", "--head", f"4:{saved[3]}")


def test_removing_the_newest_events_is_seen_against_a_saved_head(five_events):
    head = chained_rows()[-1]
    tamper("DELETE FROM {table} WHERE sequence = 5")
    assert _verify().broken is None  # a shorter chain is still whole
    broken = _verify(saved_head=(5, head[3])).broken
    assert broken.kind == "head"
    assert "beyond the chain's end" in broken.message


def test_the_command_reports_an_intact_chain_and_a_saved_head(five_events, capsys):
    head = chained_rows()[2]
    call_command("verify_audit_log", "--head", f"3:{head[3].upper()}")
    output = capsys.readouterr().out
    assert "Audit chain intact: 5 events" in output
    assert f"The saved head 3:{head[3]} is in the chain." in output


def test_the_command_names_the_first_broken_link(five_events):
    tamper("UPDATE {table} SET target_repr = 'changed' WHERE id = %s", [five_events[1]])
    tamper("UPDATE {table} SET target_repr = 'changed' WHERE id = %s", [five_events[3]])
    with pytest.raises(CommandError, match=rf"broken at sequence 2 \(event {five_events[1]}\)"):
        call_command("verify_audit_log")


@pytest.mark.parametrize("head", ["4", "4:abc", "0:" + "a" * 64, "x:" + "a" * 64])
def test_the_command_refuses_a_malformed_head(five_events, head):
    with pytest.raises(CommandError, match="--head must be SEQUENCE:HASH"):
        call_command("verify_audit_log", "--head", head)


def test_unlinked_events_are_reported(five_events):
    tamper(
        "UPDATE {table} SET sequence = NULL, created_at = %s WHERE id = %s",
        ["2020-01-01T00:00:00+00:00", five_events[4]],
    )
    result = _verify()
    assert result.broken is None
    assert result.unlinked == 1
    with pytest.raises(CommandError, match="1 events older than 10 s have no link"):
        call_command("verify_audit_log")


def test_an_empty_trail_verifies(capsys):
    call_command("verify_audit_log")
    assert "No chained audit events yet" in capsys.readouterr().out


def test_the_migration_chains_existing_events_in_id_order(five_events):
    # As before the chain existed: no hashes, no sequence.
    tamper("UPDATE {table} SET sequence = NULL, content_hash = '', previous_hash = '', hash = ''")
    assert audit_chain.chain_unlinked(connection, batch_size=2) == 5
    rows = chained_rows()
    assert [row[0] for row in rows] == five_events
    assert _verify().broken is None
    record_event(action="test.after_migration")
    link_pending()
    assert _verify().events == 6


def test_sequences_are_unique():
    first = record_event(action="test.one")
    second = record_event(action="test.two")
    link_pending()
    with pytest.raises(IntegrityError), transaction.atomic():
        tamper(
            "UPDATE {table} SET sequence = %s WHERE id = %s",
            [_sequence_of(first.pk), second.pk],
        )


@pytest.mark.skipif(
    connection.vendor != "postgresql", reason="the append-only trigger is PostgreSQL's"
)
@pytest.mark.parametrize(
    "sql", ["UPDATE {table} SET action = 'x' WHERE id = %s", "DELETE FROM {table} WHERE id = %s"]
)
def test_on_postgresql_chained_events_cannot_be_changed(five_events, sql):
    with (
        pytest.raises(DatabaseError, match="append-only"),
        transaction.atomic(),
        connection.cursor() as cursor,
    ):
        cursor.execute(sql.replace("{table}", audit_chain.TABLE), [five_events[0]])


def test_a_user_who_acted_cannot_be_deleted(official):
    from django.db.models import ProtectedError

    record_event(action="test.acted", actor=official)
    with pytest.raises(ProtectedError):
        official.delete()
