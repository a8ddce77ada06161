"""The `firms` data version: bumped by the database on every write to the directory's tables
(firms, their capabilities, minerals and provinces, and the minerals and regions whose names
it shows), so that the directory index (`firms.directory_index`) is rebuilt after a change."""

from django.db import migrations

from emining.data_versions import create_version_triggers, drop_version_triggers

NAME = "firms"
TABLES = (
    "firms_firm",
    "firms_firmcapability",
    "firms_firm_minerals",
    "firms_firm_regions",
    "minerals_mineral",
    "minerals_region",
)


def create(apps, schema_editor):
    create_version_triggers(schema_editor, NAME, TABLES)


def drop(apps, schema_editor):
    drop_version_triggers(schema_editor, NAME, TABLES)


class Migration(migrations.Migration):
    dependencies = [
        ("emining", "0003_data_version"),
        ("minerals", "0003_catalogue_translated_descriptions"),
        ("firms", "0002_directory_search_and_indexes"),
    ]

    operations = [migrations.RunPython(create, drop)]
