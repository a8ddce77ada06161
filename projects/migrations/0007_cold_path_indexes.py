"""Narrow covering indexes for what every cold public request reads (PostgreSQL only).

- `project_public_map_points`: what a map point shows, so that the GeoJSON of a few thousand
  projects is read from the index (index-only scan), not from the wide project rows.
"""

from django.db import migrations

MAP_POINTS_INDEX = (
    "CREATE INDEX IF NOT EXISTS project_public_map_points ON projects_project (id) "
    "INCLUDE (reference, title, title_zh, title_ur, latitude, longitude, status, stage, "
    "investment_usd, primary_mineral_id, region_id, district_id, investment_model) "
    "WHERE published_at IS NOT NULL"
)


def create_indexes(apps, schema_editor):
    if schema_editor.connection.vendor == "postgresql":
        schema_editor.execute(MAP_POINTS_INDEX)


def drop_indexes(apps, schema_editor):
    if schema_editor.connection.vendor == "postgresql":
        schema_editor.execute("DROP INDEX IF EXISTS project_public_map_points")


class Migration(migrations.Migration):
    dependencies = [("projects", "0006_listing_version_triggers")]

    operations = [migrations.RunPython(create_indexes, drop_indexes)]
