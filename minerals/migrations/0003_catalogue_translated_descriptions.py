from django.db import migrations

from minerals.catalogue import load_catalogue


def reload_catalogue(apps, schema_editor):
    # The catalogue gained Chinese and Urdu descriptions; the loader is idempotent.
    load_catalogue(apps.get_model("minerals", "Mineral"), apps.get_model("minerals", "Region"))


class Migration(migrations.Migration):
    dependencies = [("minerals", "0002_load_catalogue")]

    operations = [migrations.RunPython(reload_catalogue, migrations.RunPython.noop)]
