from django.db import migrations


def seed(apps, schema_editor):
    from synergie.reference.seed import seed_cpv, seed_domains

    seed_domains(apps.get_model("reference", "BusinessDomain"))
    seed_cpv(apps.get_model("reference", "CpvCode"))


class Migration(migrations.Migration):
    dependencies = [("reference", "0001_initial")]
    operations = [migrations.RunPython(seed, migrations.RunPython.noop)]
