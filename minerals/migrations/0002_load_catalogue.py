from django.db import migrations

from minerals.catalogue import load_catalogue


def load(apps, schema_editor):
    load_catalogue(apps.get_model("minerals", "Mineral"), apps.get_model("minerals", "Region"))


class Migration(migrations.Migration):
    dependencies = [("minerals", "0001_initial")]

    operations = [migrations.RunPython(load, migrations.RunPython.noop)]
