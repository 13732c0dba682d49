"""The open-data export of 200,000 public needs, through the real view and the real command:
seconds and peak memory per format (issue 12's floor: 200,000 records in 30 s and 200 MB).

    python benchmarks/opendata_export.py [--needs 200000] [--json]
    SYNERGIE_DATABASE_URL=postgres://postgres@127.0.0.1:5432/h_opendata_bench \\
        python benchmarks/opendata_export.py

The database is a throwaway one: an SQLite file in a temporary folder (deleted at the end), or
the PostgreSQL database SYNERGIE_DATABASE_URL names (created if missing, migrated, its needs
emptied and filled again: never point it at a database you care about). The needs are inserted
in bulk (public, submitted, of 19 institutions, texts of a few hundred characters, amounts),
then the database is analysed (ANALYZE, as PostgreSQL's autovacuum does after such an insert:
without statistics the planner sorts the 200,000 rows on disk instead of reading them in the
order of the primary key).

Each measure runs in a fresh child process: `GET /en/open-data/needs.csv|.json` through
Django's test client (the streamed body read piece by piece, as a WSGI server would) and
`synergie opendata export needs --format csv|json --output FILE`. Printed per run: records,
bytes, seconds, the child's peak resident memory (VmHWM, the whole process: Python, Django and
every app included) and its resident memory before the export started, connected and with its
URLconf loaded (so the export's own share is the difference).
"""

import argparse
import json
import os
import subprocess
import sys
import tempfile
import time
from pathlib import Path

from _common import ROOT, ensure_database

FLOOR_SECONDS = 30
FLOOR_MB = 200


def log(message: str) -> None:
    print(message, file=sys.stderr, flush=True)


def memory_mb(field: str) -> float:
    for line in Path("/proc/self/status").read_text().splitlines():
        if line.startswith(field + ":"):
            return int(line.split()[1]) / 1024
    return float("nan")


# --- children ----------------------------------------------------------------------------------

def child_fill(count: int) -> None:
    import django

    django.setup()
    from decimal import Decimal

    from django.db import transaction

    from synergie.accounts.models import User
    from synergie.institutions.models import Institution
    from synergie.needs.models import Need
    from synergie.reference.models import BusinessDomain

    user, _ = User.objects.get_or_create(username="bench-opendata")
    institutions = []
    for index in range(19):
        institution, _ = Institution.objects.get_or_create(
            code=f"BENCH-{index:02d}",
            defaults={"kind": "municipality", "name_fr": f"Commune n° {index}",
                      "name_nl": f"Gemeente nr. {index}"})
        institutions.append(institution)
    domains = list(BusinessDomain.objects.all()) or [None]
    Need.objects.filter(institution__code__startswith="BENCH-").delete()
    text = ("Nous cherchons un logiciel de gestion des salaires pour 300 agents, "
            "intégré au registre du personnel, avec un portail « self-service »; "
            "données: registre national, banque-carrefour. ") * 2
    batch = []
    started = time.perf_counter()
    with transaction.atomic():
        for index in range(count):
            one_off = Decimal(10_000 + index % 90_000)
            recurring = Decimal(1_000 + index % 9_000)
            batch.append(Need(
                institution=institutions[index % len(institutions)], title=f"Besoin n° {index}",
                description=text, language="fr", domain=domains[index % len(domains)],
                confidentiality="public", status="submitted", created_by=user,
                total_one_off=one_off, total_recurring=recurring,
                total_cost=one_off + recurring, first_year=2027, last_year=2029,
                search_text=""))
            if len(batch) == 5000:
                Need.objects.bulk_create(batch)
                batch = []
        Need.objects.bulk_create(batch)
    from django.db import connection

    with connection.cursor() as cursor:  # as autovacuum would after such an insert
        cursor.execute("ANALYZE")
    print(json.dumps({"inserted": count, "seconds": round(time.perf_counter() - started, 1)}))


def child_measure(way: str, fmt: str, output: str) -> None:
    import django

    django.setup()
    from django.core.management import call_command
    from django.test import Client
    from django.urls import get_resolver

    from synergie.needs.models import Need

    # Connected and its URLconf loaded (every app's views), as a web process is before a request.
    Need.objects.exists()
    get_resolver().url_patterns  # noqa: B018
    before = memory_mb("VmRSS")
    started = time.perf_counter()
    if way == "view":
        response = Client(HTTP_HOST="localhost").get(f"/en/open-data/needs.{fmt}")
        assert response.status_code == 200, response.status_code
        assert response.streaming
        with open(output, "wb") as handle:
            for part in response.streaming_content:
                handle.write(part)
        response.close()
    else:
        call_command("opendata", "export", "needs", "--format", fmt, "--output", output)
    seconds = time.perf_counter() - started
    peak = memory_mb("VmHWM")  # before the check below reads the file back
    size = os.path.getsize(output)
    if fmt == "csv":
        import csv

        with open(output, encoding="utf-8", newline="") as handle:
            records = sum(1 for _ in csv.reader(handle)) - 1
    else:
        with open(output, encoding="utf-8") as handle:
            records = sum(1 for line in handle if line.startswith("{"))
    print(json.dumps({"way": way, "format": fmt, "records": records, "bytes": size,
                      "seconds": round(seconds, 2), "peak_mb": round(peak, 1),
                      "before_mb": round(before, 1)}))


# --- parent ------------------------------------------------------------------------------------

def run_child(env: dict, *args: str) -> dict:
    result = subprocess.run([sys.executable, __file__, "--child", *args], env=env,
                            capture_output=True, text=True, cwd=ROOT)
    if result.returncode != 0:
        log(result.stderr)
        raise SystemExit(f"child {args} failed")
    return json.loads(result.stdout.strip().splitlines()[-1])


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--needs", type=int, default=200_000)
    parser.add_argument("--json", action="store_true")
    parser.add_argument("--child", nargs="+", help=argparse.SUPPRESS)
    args = parser.parse_args()
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "synergie.settings")
    os.environ.setdefault("SYNERGIE_LOG_LEVEL", "WARNING")
    if args.child:
        kind, *rest = args.child
        if kind == "fill":
            child_fill(int(rest[0]))
        else:
            child_measure(*rest)
        return

    with tempfile.TemporaryDirectory(prefix="opendata-bench-") as folder:
        env = dict(os.environ, PYTHONPATH=str(ROOT))
        url = os.environ.get("SYNERGIE_DATABASE_URL")
        if url:
            ensure_database(url, log)
            database = "postgresql"
        else:
            env["SYNERGIE_DATA_DIR"] = folder
            database = "sqlite"
        env.setdefault("SYNERGIE_DATA_DIR", folder)
        log(f"migrating the {database} database")
        subprocess.run([sys.executable, "-m", "synergie", "migrate", "--verbosity", "0"],
                       env=env, check=True, cwd=ROOT)
        log(f"inserting {args.needs} public needs")
        filled = run_child(env, "fill", str(args.needs))
        log(f"  {filled['seconds']} s")
        runs = []
        for way in ("view", "command"):
            for fmt in ("csv", "json"):
                output = str(Path(folder) / f"needs-{way}.{fmt}")
                run = run_child(env, "measure", way, fmt, output)
                run["within_floor"] = (run["seconds"] <= FLOOR_SECONDS
                                       and run["peak_mb"] <= FLOOR_MB
                                       and run["records"] >= args.needs)
                runs.append(run)
                log(f"  {way:8} {fmt:5} {run['records']} records, "
                    f"{run['bytes'] / 1e6:.0f} MB written, {run['seconds']} s, peak "
                    f"{run['peak_mb']} MB (before the export {run['before_mb']} MB)")
                os.remove(output)
        result = {"database": database, "needs": args.needs, "runs": runs,
                  "floor": {"seconds": FLOOR_SECONDS, "peak_mb": FLOOR_MB}}
        if args.json:
            print(json.dumps(result))
        else:
            print(f"{database}: {args.needs} public needs; floor {FLOOR_SECONDS} s and "
                  f"{FLOOR_MB} MB")
            for run in runs:
                print(f"  {run['way']:8} {run['format']:5} {run['seconds']:6.2f} s  peak "
                      f"{run['peak_mb']:6.1f} MB  {'ok' if run['within_floor'] else 'MISSED'}")


if __name__ == "__main__":
    main()
