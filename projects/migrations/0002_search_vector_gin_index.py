"""The GIN index behind full-text search: PostgreSQL only (SQLite searches by substring)."""

from django.db import migrations

CREATE = (
    "CREATE INDEX IF NOT EXISTS project_search_vector_gin "
    "ON projects_project USING gin (search_vector)"
)
DROP = "DROP INDEX IF EXISTS project_search_vector_gin"


def create_index(apps, schema_editor):
    if schema_editor.connection.vendor == "postgresql":
        schema_editor.execute(CREATE)


def drop_index(apps, schema_editor):
    if schema_editor.connection.vendor == "postgresql":
        schema_editor.execute(DROP)


class Migration(migrations.Migration):
    dependencies = [("projects", "0001_initial")]

    operations = [migrations.RunPython(create_index, drop_index)]
