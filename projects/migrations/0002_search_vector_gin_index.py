"""The GIN indexes behind full-text search: PostgreSQL only (SQLite searches by substring).

One over every project (officials search their agency's drafts through the API), and a
smaller one over published projects, which public searches use.
"""

from django.db import migrations

CREATE = [
    "CREATE INDEX IF NOT EXISTS project_search_vector_gin "
    "ON projects_project USING gin (search_vector)",
    "CREATE INDEX IF NOT EXISTS project_public_search_gin "
    "ON projects_project USING gin (search_vector) WHERE published_at IS NOT NULL",
]
DROP = [
    "DROP INDEX IF EXISTS project_public_search_gin",
    "DROP INDEX IF EXISTS project_search_vector_gin",
]


def create_index(apps, schema_editor):
    if schema_editor.connection.vendor == "postgresql":
        for statement in CREATE:
            schema_editor.execute(statement)


def drop_index(apps, schema_editor):
    if schema_editor.connection.vendor == "postgresql":
        for statement in DROP:
            schema_editor.execute(statement)


class Migration(migrations.Migration):
    dependencies = [("projects", "0001_initial")]

    operations = [migrations.RunPython(create_index, drop_index)]
