import csv
from pathlib import Path

from django.db import migrations

CPV_FILE = Path(__file__).resolve().parent.parent / "data" / "cpv_2008_labels_en_fr_nl_de.csv"


def seed(apps, schema_editor):
    from synergie.reference.domains import DEFAULT_DOMAINS

    BusinessDomain = apps.get_model("reference", "BusinessDomain")
    CpvCode = apps.get_model("reference", "CpvCode")
    for position, (code, name_fr, name_nl, name_en) in enumerate(DEFAULT_DOMAINS):
        BusinessDomain.objects.update_or_create(
            code=code,
            defaults={"name_fr": name_fr, "name_nl": name_nl, "name_en": name_en,
                      "position": position},
        )
    with CPV_FILE.open(encoding="utf-8", newline="") as handle:
        rows = [
            CpvCode(code=row["code"], label_fr=row["label_fr"], label_nl=row["label_nl"],
                    label_en=row["label_en"])
            for row in csv.DictReader(handle)
        ]
    CpvCode.objects.bulk_create(rows, batch_size=1000, ignore_conflicts=True)


class Migration(migrations.Migration):
    dependencies = [("reference", "0001_initial")]
    operations = [migrations.RunPython(seed, migrations.RunPython.noop)]
