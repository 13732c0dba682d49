"""Harvest speed and peak memory on a 100,000-dataset DCAT-AP catalogue.

    .venv/bin/python benchmarks/dcat_harvest.py [--datasets 100000]
    SYNERGIE_DATABASE_URL=postgres://postgres@127.0.0.1:5432/h_datasets \\
        .venv/bin/python benchmarks/dcat_harvest.py

Makes the catalogue once (benchmarks/.cache/dcat-<N>.rdf, RDF/XML) by repeating the datasets of
the real Belgian federal samples (../shared/data/dcat-ap/belgian-federal-samples) with new URIs
and numbered titles; one record in 500 has no title, to be rejected. Then runs
`synergie data harvest FILE --json` twice in a fresh process on a fresh database (SQLite in a
temporary SYNERGIE_DATA_DIR unless SYNERGIE_DATABASE_URL is set; that database is emptied of
datasets first): the first run creates everything, the second sees everything again. Prints
datasets per second and the process's peak memory (max RSS) of each run. Floor: >= 100
datasets/s, <= 300 MB."""

import argparse
import json
import os
import re
import resource
import subprocess
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
CACHE = ROOT / "benchmarks" / ".cache"
SAMPLES = ROOT.parent / "shared" / "data" / "dcat-ap" / "belgian-federal-samples"
SOURCES = ["best__dcat.rdf", "dcat-other__fpsbosabudget.xml", "dcat-other__fpsecocbe.xml",
           "dcat-other__fpsjust.xml", "favv__dcat.rdf"]
NAMESPACES = {
    "rdf": "http://www.w3.org/1999/02/22-rdf-syntax-ns#", "dcat": "http://www.w3.org/ns/dcat#",
    "dcatap": "http://data.europa.eu/r5r/", "dc": "http://purl.org/dc/terms/",
    "eli": "http://data.europa.eu/eli/ontology#", "foaf": "http://xmlns.com/foaf/0.1/",
    "geo": "http://www.opengis.net/ont/geosparql#", "skos": "http://www.w3.org/2004/02/skos/core#",
    "vcard": "http://www.w3.org/2006/vcard/ns#", "xsd": "http://www.w3.org/2001/XMLSchema#",
}
DATASET = re.compile(r"<dcat:Dataset\b.*?</dcat:Dataset>", re.S)


def make_catalogue(count: int) -> Path:
    path = CACHE / f"dcat-{count}.rdf"
    if path.exists():
        return path
    CACHE.mkdir(parents=True, exist_ok=True)
    blocks = []
    for name in SOURCES:
        blocks += DATASET.findall((SAMPLES / name).read_text(encoding="utf-8"))
    partial = path.with_suffix(".part")
    with open(partial, "w", encoding="utf-8") as out:
        out.write('<?xml version="1.0" encoding="utf-8"?>\n<rdf:RDF '
                  + " ".join(f'xmlns:{p}="{uri}"' for p, uri in NAMESPACES.items()) + ">\n")
        out.write('<dcat:Catalog rdf:about="http://bench.example/catalog">\n'
                  '<dc:title xml:lang="en">Benchmark catalogue</dc:title>\n<dcat:dataset>\n')
        for index in range(count):
            block = blocks[index % len(blocks)]
            block = re.sub(r'rdf:about="([^"]*)"', rf'rdf:about="\1/b{index}"', block)
            block = re.sub(r"</dc:title>", f" {index}</dc:title>", block)
            if index % 500 == 499:
                block = re.sub(r"<dc:title\b[^>]*>.*?</dc:title>", "", block, flags=re.S)
            out.write(block + "\n")
        out.write("</dcat:dataset>\n</dcat:Catalog>\n</rdf:RDF>\n")
    partial.rename(path)
    return path


def run(args: list[str], env: dict) -> subprocess.CompletedProcess:
    return subprocess.run([str(ROOT / ".venv" / "bin" / "synergie"), *args], env=env,
                          capture_output=True, text=True, check=False)


def main() -> int:
    parser = argparse.ArgumentParser()
    parser.add_argument("--datasets", type=int, default=100_000)
    options = parser.parse_args()
    began = time.monotonic()
    catalogue = make_catalogue(options.datasets)
    print(f"catalogue: {catalogue} ({catalogue.stat().st_size / 1e6:.0f} MB, "
          f"made or found in {time.monotonic() - began:.1f} s)")
    env = dict(os.environ)
    database = env.get("SYNERGIE_DATABASE_URL", "")
    data_dir = tempfile.mkdtemp(prefix="dcat_harvest_")
    env["SYNERGIE_DATA_DIR"] = data_dir
    migrated = run(["migrate", "-v0"], env)
    if migrated.returncode:
        print(migrated.stderr[-2000:])
        return 1
    if database:
        run(["shell", "-c", "from synergie.datasets.models import Dataset, HarvestSource; "
             "Dataset.objects.filter(data_office_dependencies__isnull=True).delete() "
             "if hasattr(Dataset, 'data_office_dependencies') else Dataset.objects.all().delete();"
             " HarvestSource.objects.all().delete()"], env)
    print(f"database: {'PostgreSQL' if database else 'SQLite'}")
    worst = 0.0
    for attempt in ("first run (all new)", "second run (all seen again)"):
        cpu_before = resource.getrusage(resource.RUSAGE_CHILDREN)
        done = run(["data", "harvest", str(catalogue), "--json"], env)
        cpu_after = resource.getrusage(resource.RUSAGE_CHILDREN)
        cpu = (cpu_after.ru_utime - cpu_before.ru_utime) + (cpu_after.ru_stime
                                                             - cpu_before.ru_stime)
        if done.returncode:
            print(done.stderr[-3000:])
            return 1
        report = json.loads(done.stdout.strip().splitlines()[-1])
        speed = report["seen"] / report["seconds"]
        worst = max(worst, report["peak_mb"])
        print(f"{attempt}: seen {report['seen']}, created {report['created']}, updated "
              f"{report['updated']}, withdrawn {report['withdrawn']}, rejected "
              f"{len(report['rejected'])} (e.g. {report['rejected'][:1]}); "
              f"{report['seconds']:.1f} s = {speed:.0f} datasets/s; "
              f"peak {report['peak_mb']:.0f} MB; CPU {cpu:.0f} s (the process's, with Django's "
              f"start-up) = {report['seen'] / cpu:.0f} datasets per CPU second")
        if speed < 100:
            print("BELOW THE FLOOR of 100 datasets/s")
    if worst > 300:
        print("ABOVE THE CEILING of 300 MB")
    return 0


if __name__ == "__main__":
    sys.exit(main())
