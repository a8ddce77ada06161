"""Helpers for the audit-chain tests: link what the test transaction wrote, and tamper with
rows the way someone with direct database access could."""

from __future__ import annotations

import pytest
from django.db import connection

from emining import audit_chain
from emining.audit import record_event
from emining.audit_chain import TABLE


def link_pending() -> None:
    """PostgreSQL links after commit; a test's transaction never commits, so link now.
    SQLite linked at the insert."""
    if connection.vendor == "postgresql":
        audit_chain.link_pending()


def tamper(sql: str, params=()) -> None:
    """Run SQL against the audit table with the append-only trigger switched off for this
    transaction, as a database superuser could."""
    with connection.cursor() as cursor:
        if connection.vendor == "postgresql":
            cursor.execute("SET LOCAL session_replication_role = replica")
        cursor.execute(sql.replace("{table}", TABLE), params)
        if connection.vendor == "postgresql":
            cursor.execute("SET LOCAL session_replication_role = DEFAULT")


def chained_rows() -> list[tuple]:
    with connection.cursor() as cursor:
        cursor.execute(
            f"SELECT id, sequence, previous_hash, hash FROM {TABLE} "  # noqa: S608 (constant)
            "WHERE sequence IS NOT NULL ORDER BY sequence"
        )
        return cursor.fetchall()


@pytest.fixture
def five_events(db):
    """Five linked events with varied content; returns their ids in sequence order."""
    payloads = [
        {"reference": "PRJ-2026-0001", "status": "published"},
        {"amount": 1.0, "big": 1e20, "small": 1.5e-7, "pair": (1, 2), 3: "three"},
        {"name": "铜矿 تانبا", "nested": {"b": [1, {"z": None, "a": True}], "a": 0.1}},
        {},
        {"quote": 'say "hi"\n\ttab \\ slash', "ctrl": "\x01"},
    ]
    addresses = ["10.0.0.1", "2001:DB8:0:0:0:0:0:1", None, "::ffff:192.0.2.1", "192.0.2.7"]
    events = [
        record_event(action=f"test.event_{n}", data=data, ip_address=address)
        for n, (data, address) in enumerate(zip(payloads, addresses, strict=True))
    ]
    link_pending()
    return [event.pk for event in events]
