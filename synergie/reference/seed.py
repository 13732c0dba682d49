"""Filling the reference lists. Used by the data migration (with historical models) and by tests
that flush the database (with the real ones)."""

import csv
from pathlib import Path

from synergie.reference.domains import DEFAULT_DOMAINS

CPV_FILE = Path(__file__).resolve().parent / "data" / "cpv_2008_labels_en_fr_nl_de.csv"


def seed_domains(domain_model) -> None:
    for position, (code, name_fr, name_nl, name_en) in enumerate(DEFAULT_DOMAINS):
        domain_model.objects.update_or_create(
            code=code,
            defaults={"name_fr": name_fr, "name_nl": name_nl, "name_en": name_en,
                      "position": position},
        )


def seed_cpv(cpv_model) -> None:
    with CPV_FILE.open(encoding="utf-8", newline="") as handle:
        rows = [
            cpv_model(code=row["code"], label_fr=row["label_fr"], label_nl=row["label_nl"],
                      label_en=row["label_en"])
            for row in csv.DictReader(handle)
        ]
    cpv_model.objects.bulk_create(rows, batch_size=1000, ignore_conflicts=True)
