"""SHACL violations of the data catalogue's DCAT-AP export, per shape set and format.

    SYNERGIE_DATA_DIR=/tmp/data_datasets .venv/bin/python benchmarks/dcat_shacl.py [--demo]

Exports the catalogue of the database SYNERGIE_DATA_DIR (or SYNERGIE_DATABASE_URL) points at in
Turtle, RDF/XML and JSON-LD, parses each back and validates it with pySHACL against the official
SEMIC split shape files of DCAT-AP 3.0.1 and 2.1.1 (../shared/data/dcat-ap/semic-releases).
With --demo the demo's datasets (synergie.demo.datasets) are loaded first. Only violations are
counted (the recommended shapes are warnings by design)."""

import os
import sys
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))
os.environ.setdefault("DJANGO_SETTINGS_MODULE", "synergie.settings")


def main() -> int:
    import django

    django.setup()
    from django.core.management import call_command

    from synergie.datasets import dcat
    from synergie.datasets.models import Dataset
    from tests.datasets.shacl_sets import check

    call_command("migrate", verbosity=0)
    if "--demo" in sys.argv:
        from synergie.demo import datasets as demo_datasets

        demo_datasets.load()
    count = dcat.exported_datasets().count()
    print(f"{count} active datasets ({Dataset.objects.count()} in all)")
    total = 0
    print(f"{'format':8} {'release':7} {'shape file':45} violations  seconds")
    for fmt in ("ttl", "xml", "jsonld"):
        data = dcat.export(dcat.exported_datasets(), fmt, base="https://synergie.example")
        began = time.monotonic()
        results = check(data, fmt)
        seconds = time.monotonic() - began
        for release, files in results.items():
            for name, lines in files.items():
                total += len(lines)
                print(f"{fmt:8} {release:7} {name:45} {len(lines):10}  {seconds:7.1f}")
                for line in lines[:10]:
                    print("    ", line)
    print(f"total violations: {total}")
    return 1 if total else 0


if __name__ == "__main__":
    sys.exit(main())
