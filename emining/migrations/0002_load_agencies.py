from django.db import migrations

from emining.reference_data import upsert_agencies


def load_agencies(apps, schema_editor):
    upsert_agencies(apps.get_model("emining", "Agency"))


class Migration(migrations.Migration):
    dependencies = [("emining", "0001_initial")]

    operations = [migrations.RunPython(load_agencies, migrations.RunPython.noop)]
