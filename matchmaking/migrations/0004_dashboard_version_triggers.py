"""The `dashboard` data version: bumped by the database on every write to what the public
dashboard counts (projects, bid openings, MoUs, firms, and the minerals and regions whose names
it shows), so that its cached figures (`emining.dashboard.figures`) are never older than the
last committed change. Bids themselves are not watched: the public figures count only opened
bids (through the opening's row) and awards (through the project's status), and watching every
sealed bid's revision would make concurrent bidders queue for the version's row."""

from django.db import migrations

from emining.data_versions import create_version_triggers, drop_version_triggers

NAME = "dashboard"
TABLES = (
    "projects_project",
    "projects_bidopening",
    "matchmaking_mou",
    "firms_firm",
    "minerals_mineral",
    "minerals_region",
)


def create(apps, schema_editor):
    create_version_triggers(schema_editor, NAME, TABLES)


def drop(apps, schema_editor):
    drop_version_triggers(schema_editor, NAME, TABLES)


class Migration(migrations.Migration):
    dependencies = [
        ("matchmaking", "0003_matches"),
        ("projects", "0009_clarifications"),
        ("firms", "0003_directory_version_triggers"),
    ]

    operations = [migrations.RunPython(create, drop)]
