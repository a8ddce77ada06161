"""The `listings` data version changes in the same transaction as the data listings show.

Database triggers, not Python signals: every write path (services, the admin, bulk
`update()`, the benchmark generator, a manual SQL fix) bumps it, and it is rolled back with
the write. Tables: projects and their minerals, and the minerals, regions and agencies whose
names the lists show and search. On PostgreSQL one bump per statement; SQLite has row
triggers only. A missing row (a flushed table) starts again from the current time in
milliseconds, so a version never repeats one that cache entries may still be keyed by.
"""

from django.db import migrations

VERSION_NAME = "listings"
TABLES = (
    "projects_project",
    "projects_project_minerals",
    "minerals_mineral",
    "minerals_region",
    "emining_agency",
)

POSTGRES_FUNCTION = f"""
CREATE OR REPLACE FUNCTION emining_bump_listings_version() RETURNS trigger
LANGUAGE plpgsql AS $$
BEGIN
    INSERT INTO emining_dataversion (name, version)
    VALUES ('{VERSION_NAME}', (extract(epoch FROM clock_timestamp()) * 1000)::bigint)
    ON CONFLICT (name) DO UPDATE SET version = emining_dataversion.version + 1;
    RETURN NULL;
END
$$
"""
SQLITE_NOW_MS = "CAST((julianday('now') - 2440587.5) * 86400000 AS INTEGER)"
SQLITE_BUMP = (
    f"INSERT INTO emining_dataversion (name, version) VALUES ('{VERSION_NAME}', {SQLITE_NOW_MS}) "
    "ON CONFLICT (name) DO UPDATE SET version = version + 1;"
)


def create_triggers(apps, schema_editor):
    vendor = schema_editor.connection.vendor
    if vendor == "postgresql":
        schema_editor.execute(POSTGRES_FUNCTION)
        for table in TABLES:
            schema_editor.execute(
                f"CREATE TRIGGER {table}_listings_version "
                f"AFTER INSERT OR UPDATE OR DELETE ON {table} "
                "FOR EACH STATEMENT EXECUTE FUNCTION emining_bump_listings_version()"
            )
        schema_editor.execute(
            f"INSERT INTO emining_dataversion (name, version) VALUES ('{VERSION_NAME}', "
            "(extract(epoch FROM clock_timestamp()) * 1000)::bigint) ON CONFLICT DO NOTHING"
        )
    elif vendor == "sqlite":
        for table in TABLES:
            for event in ("INSERT", "UPDATE", "DELETE"):
                schema_editor.execute(
                    f"CREATE TRIGGER {table}_listings_version_{event.lower()} "
                    f"AFTER {event} ON {table} BEGIN {SQLITE_BUMP} END"
                )
        schema_editor.execute(
            f"INSERT OR IGNORE INTO emining_dataversion (name, version) "
            f"VALUES ('{VERSION_NAME}', {SQLITE_NOW_MS})"
        )


def drop_triggers(apps, schema_editor):
    vendor = schema_editor.connection.vendor
    for table in TABLES:
        if vendor == "postgresql":
            schema_editor.execute(f"DROP TRIGGER IF EXISTS {table}_listings_version ON {table}")
        elif vendor == "sqlite":
            for event in ("insert", "update", "delete"):
                schema_editor.execute(f"DROP TRIGGER IF EXISTS {table}_listings_version_{event}")
    if vendor == "postgresql":
        schema_editor.execute("DROP FUNCTION IF EXISTS emining_bump_listings_version()")


# The facet counts of a public list read these columns of every matching project: a narrow,
# covering index lets PostgreSQL count them without reading the wide rows (index-only scan).
FACET_INDEX = (
    "CREATE INDEX IF NOT EXISTS project_public_facets ON projects_project "
    "(region_id, stage, investment_model, status) "
    "INCLUDE (id, district_id, investment_usd, published_at, primary_mineral_id) "
    "WHERE published_at IS NOT NULL"
)


def create_facet_index(apps, schema_editor):
    if schema_editor.connection.vendor == "postgresql":
        schema_editor.execute(FACET_INDEX)


def drop_facet_index(apps, schema_editor):
    if schema_editor.connection.vendor == "postgresql":
        schema_editor.execute("DROP INDEX IF EXISTS project_public_facets")


class Migration(migrations.Migration):
    dependencies = [
        ("emining", "0003_data_version"),
        ("minerals", "0003_catalogue_translated_descriptions"),
        ("projects", "0005_amendment_proposal_reason_translations"),
    ]

    operations = [
        migrations.RunPython(create_triggers, drop_triggers),
        migrations.RunPython(create_facet_index, drop_facet_index),
    ]
