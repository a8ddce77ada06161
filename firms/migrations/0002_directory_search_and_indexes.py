"""The firm directory's search column (`Firm.search_text`) and, on PostgreSQL, its trigram
index: a search word is `search_text LIKE '%word%'`, which the index answers without reading
every firm's descriptions. pg_trgm is a trusted extension (PostgreSQL 13+): the database's
owner may create it. SQLite reads the column row by row."""

import django.db.models.functions.text

import firms.models
from django.contrib.postgres.operations import TrigramExtension
from django.db import migrations, models

CREATE = (
    "CREATE INDEX IF NOT EXISTS firm_search_text_trgm "
    "ON firms_firm USING gin (search_text gin_trgm_ops)"
)
DROP = "DROP INDEX IF EXISTS firm_search_text_trgm"


def create_index(apps, schema_editor):
    if schema_editor.connection.vendor == "postgresql":
        schema_editor.execute(CREATE)


def drop_index(apps, schema_editor):
    if schema_editor.connection.vendor == "postgresql":
        schema_editor.execute(DROP)


class Migration(migrations.Migration):

    dependencies = [
        ('firms', '0001_initial'),
    ]

    operations = [
        migrations.AddField(
            model_name='firm',
            name='search_text',
            field=models.GeneratedField(
                db_persist=True,
                expression=django.db.models.functions.text.Lower(
                    firms.models.JoinedLines(
                        "name",
                        "name_zh",
                        "name_ur",
                        "head_office_city",
                        "head_office_city_zh",
                        "head_office_city_ur",
                        "description",
                        "description_zh",
                        "description_ur",
                    )
                ),
                output_field=models.TextField(),
            ),
        ),
        migrations.AddIndex(
            model_name='firm',
            index=models.Index(models.F('country'), django.db.models.functions.text.Lower('name'), models.F('id'), condition=models.Q(('verification_status', 'verified')), name='firm_directory_country_idx'),
        ),
        TrigramExtension(),
        migrations.RunPython(create_index, drop_index),
    ]
