"""Data versions (`emining.models.DataVersion`) kept by database triggers.

A version changes in the same transaction as every write to its tables, whatever writes them
(services, the admin, bulk `update()`, the benchmark generator, a manual SQL fix), and is
rolled back with the write. Per-process indexes and caches compare it with the version they
were built at. On PostgreSQL one bump per statement; SQLite has row triggers only. A missing
row (a flushed table) starts again from the current time in milliseconds, so a version never
repeats one that an index or a cache entry may still carry. (`projects.0006` wrote the first
such triggers, for `listings`, inline.)
"""

from __future__ import annotations

import logging
import re
from collections.abc import Callable, Sequence

from django.db import DatabaseError, connections

from .models import DataVersion

logger = logging.getLogger(__name__)

SQLITE_NOW_MS = "CAST((julianday('now') - 2440587.5) * 86400000 AS INTEGER)"


def warm_up(build: Callable[[], object], what: str) -> bool:
    """Build a per-process index before the process serves anyone (gunicorn's
    `post_worker_init`), so that the first visitor after a worker starts does not wait for
    it. A database that does not answer only postpones the build to the first request."""
    try:
        build()
    except DatabaseError:
        logger.warning("The %s could not be built at start-up.", what, exc_info=True)
        return False
    finally:
        # The serving threads open their own connections: this one would only sit idle.
        connections.close_all()
    return True


def read_version(name: str) -> int:
    """The current version (one primary-key read)."""
    version = DataVersion.objects.filter(name=name).values_list("version", flat=True).first()
    return version or 0


def _check_identifiers(*names: str) -> None:
    """Version and table names go into SQL text (DDL takes no parameters): a migration's own
    constants, checked to be plain identifiers all the same."""
    for name in names:
        if not re.fullmatch(r"[a-z][a-z0-9_]*", name):
            raise ValueError(f"Not a plain identifier: {name!r}")


def create_version_triggers(schema_editor, name: str, tables: Sequence[str]) -> None:
    """For a migration: bump version `name` on every write to `tables`."""
    _check_identifiers(name, *tables)
    vendor = schema_editor.connection.vendor
    if vendor == "postgresql":
        schema_editor.execute(
            f"CREATE OR REPLACE FUNCTION emining_bump_{name}_version() RETURNS trigger "  # noqa: S608 (identifiers checked)
            "LANGUAGE plpgsql AS $$ BEGIN "
            f"INSERT INTO emining_dataversion (name, version) VALUES ('{name}', "
            "(extract(epoch FROM clock_timestamp()) * 1000)::bigint) "
            "ON CONFLICT (name) DO UPDATE SET version = emining_dataversion.version + 1; "
            "RETURN NULL; END $$"
        )
        for table in tables:
            schema_editor.execute(
                f"CREATE TRIGGER {table}_{name}_version "
                f"AFTER INSERT OR UPDATE OR DELETE ON {table} "
                f"FOR EACH STATEMENT EXECUTE FUNCTION emining_bump_{name}_version()"
            )
        schema_editor.execute(
            f"INSERT INTO emining_dataversion (name, version) VALUES ('{name}', "  # noqa: S608 (identifiers checked)
            "(extract(epoch FROM clock_timestamp()) * 1000)::bigint) ON CONFLICT DO NOTHING"
        )
    elif vendor == "sqlite":
        bump = (
            f"INSERT INTO emining_dataversion (name, version) VALUES ('{name}', {SQLITE_NOW_MS}) "  # noqa: S608 (identifiers checked)
            "ON CONFLICT (name) DO UPDATE SET version = version + 1;"
        )
        for table in tables:
            for event in ("INSERT", "UPDATE", "DELETE"):
                schema_editor.execute(
                    f"CREATE TRIGGER {table}_{name}_version_{event.lower()} "
                    f"AFTER {event} ON {table} BEGIN {bump} END"
                )
        schema_editor.execute(
            f"INSERT OR IGNORE INTO emining_dataversion (name, version) "  # noqa: S608 (identifiers checked)
            f"VALUES ('{name}', {SQLITE_NOW_MS})"
        )


def drop_version_triggers(schema_editor, name: str, tables: Sequence[str]) -> None:
    _check_identifiers(name, *tables)
    vendor = schema_editor.connection.vendor
    for table in tables:
        if vendor == "postgresql":
            schema_editor.execute(f"DROP TRIGGER IF EXISTS {table}_{name}_version ON {table}")
        elif vendor == "sqlite":
            for event in ("insert", "update", "delete"):
                schema_editor.execute(f"DROP TRIGGER IF EXISTS {table}_{name}_version_{event}")
    if vendor == "postgresql":
        schema_editor.execute(f"DROP FUNCTION IF EXISTS emining_bump_{name}_version()")
