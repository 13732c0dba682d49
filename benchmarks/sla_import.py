"""`synergie sla import` on an export of a million incidents: seconds and peak memory.

    python benchmarks/sla_import.py [--lines 1000000] [--json]
    SYNERGIE_DATABASE_URL=postgres://postgres@127.0.0.1:5432/sla_bench \\
        python benchmarks/sla_import.py

The export (benchmarks/.cache/sla-export-<lines>.csv, made once, the same every time) has the
columns of a ServiceNow incident list export: eight services over 2026, the four priorities
(10 % critical, 20 % high, 40 % moderate, 30 % low), resolution times drawn lognormal around
their target so that some breach it, 3 % still open, 1 % cancelled, and one bad line in 100,000
of each kind (a date that is no date, resolved before opened, an unknown priority).

The database is the configured one (PostgreSQL when SYNERGIE_DATABASE_URL is set; otherwise an
SQLite file under benchmarks/.cache/sla-import/). The services are mapped to eight solutions with
their targets, the incidents are emptied, then the command runs twice in a child process: the
first import (every incident new), then the same file again (every incident updated). Printed:
seconds of each run, the command's processor seconds (the database server's are not in them),
the load average at its end, its peak resident memory (the child's ru_maxrss), and the floor the
issue asks (1,000,000 incidents in 2 minutes at most).
"""

import argparse
import csv
import json
import os
import random
import resource
import subprocess
import sys
import time
from datetime import datetime, timedelta

from _common import CACHE, ROOT, ensure_database

if not os.environ.get("SYNERGIE_DATABASE_URL") and not os.environ.get("SYNERGIE_DATA_DIR"):
    os.environ["SYNERGIE_DATA_DIR"] = str(CACHE / "sla-import")
os.environ.setdefault("DJANGO_SETTINGS_MODULE", "synergie.settings")
os.environ.setdefault("SYNERGIE_LOG_LEVEL", "WARNING")
# A million upserts on PostgreSQL: one statement of a batch may take longer than a web request.
os.environ.setdefault("SYNERGIE_STATEMENT_TIMEOUT_MS", "120000")

FLOOR_SECONDS = 120
SERVICES = ["ServiceNow", "IRISbox", "Fix My Street", "BOS Portal", "Cadastre Access",
            "Electronic Signature", "Datastore", "Mail Relay"]
PRIORITIES = [("1 - Critical", 0.10, 4), ("2 - High", 0.20, 8), ("3 - Moderate", 0.40, 24),
              ("4 - Low", 0.30, 72)]
COLUMNS = ["number", "opened_at", "resolved_at", "closed_at", "priority", "state",
           "business_service", "assignment_group", "short_description"]
BAD_EVERY = 100_000


def log(message: str) -> None:
    print(message, file=sys.stderr, flush=True)


def make_export(lines: int) -> str:
    path = CACHE / f"sla-export-{lines}.csv"
    if path.exists():
        return str(path)
    CACHE.mkdir(parents=True, exist_ok=True)
    rng = random.Random(11)
    start = datetime(2026, 1, 1)
    weights = [weight for _, weight, _ in PRIORITIES]
    stamp = "%Y-%m-%d %H:%M:%S"
    partial = path.with_suffix(".part")
    with open(partial, "w", encoding="utf-8", newline="") as handle:
        writer = csv.writer(handle)
        writer.writerow(COLUMNS)
        for index in range(lines):
            priority, _, target = rng.choices(PRIORITIES, weights)[0]
            opened = start + timedelta(seconds=rng.randrange(365 * 86400))
            took = timedelta(hours=target * rng.lognormvariate(-0.6, 0.8))
            resolved = opened + took
            kind = rng.random()
            state = "Closed"
            resolved_text = resolved.strftime(stamp)
            closed_text = (resolved + timedelta(days=3)).strftime(stamp)
            if kind < 0.03:
                state, resolved_text, closed_text = "In Progress", "", ""
            elif kind < 0.04:
                state = "Canceled"
            opened_text = opened.strftime(stamp)
            if index % BAD_EVERY == 17:
                opened_text = "31/02/2026 25:00"
            elif index % BAD_EVERY == 18 and resolved_text:
                resolved_text = (opened - timedelta(hours=1)).strftime(stamp)
            elif index % BAD_EVERY == 19:
                priority = "5 - Planning"
            writer.writerow([f"INC{index:07d}", opened_text, resolved_text, closed_text,
                             priority, state, SERVICES[index % len(SERVICES)],
                             f"Support team {index % 13}",
                             f"Incident {index}: users cannot open the service"])
    partial.rename(path)
    return str(path)


def prepare_database() -> str:
    import django

    django.setup()
    from django.core.management import call_command
    from django.db import connection

    from synergie.catalogue.models import ServiceTarget, Solution, SupportHours
    from synergie.service_levels.models import Incident, Service

    call_command("migrate", interactive=False, verbosity=0)
    for position, name in enumerate(SERVICES):
        solution = Solution.objects.filter(name_fr=f"Bench {name}").first()
        if solution is None:
            solution = Solution.objects.create(
                name_fr=f"Bench {name}",
                support_hours=SupportHours.CALENDAR if position % 2 else SupportHours.BUSINESS)
            for priority, _, hours in PRIORITIES:
                ServiceTarget.objects.create(solution=solution, priority=priority[0],
                                             response_hours=1, resolution_hours=hours,
                                             compliance_goal=90)
        Service.objects.update_or_create(name=name, defaults={"solution": solution})
    Incident.objects.all().delete()
    vendor = f"{connection.vendor} {connection.settings_dict['NAME']}"
    connection.close()
    return vendor


def run_import(path: str) -> dict:
    usage = resource.getrusage(resource.RUSAGE_CHILDREN)
    before, cpu_before = usage.ru_maxrss, usage.ru_utime + usage.ru_stime
    started = time.perf_counter()
    child = subprocess.run([sys.executable, "-m", "synergie", "sla", "import", path, "--json"],
                           capture_output=True, text=True, cwd=ROOT)
    seconds = time.perf_counter() - started
    usage = resource.getrusage(resource.RUSAGE_CHILDREN)
    peak_kb, cpu = usage.ru_maxrss, usage.ru_utime + usage.ru_stime - cpu_before
    if child.returncode not in (0, 2):
        log(child.stderr[-3000:])
        raise SystemExit(f"sla import failed with exit status {child.returncode}")
    result = json.loads(child.stdout)
    return {"seconds": round(seconds, 1),
            # The command's own processor time: on a shared machine the wall-clock time also
            # counts the waits for a processor (see load_average).
            "cpu_seconds": round(cpu, 1), "load_average": round(os.getloadavg()[0], 1),
            # ru_maxrss of the children is the largest of them so far: the first run's when
            # this one stayed below it (reported as at most that).
            "peak_mb": round(peak_kb / 1024, 1), "peak_is_this_run": peak_kb > before,
            "imported": result["imported"], "updated": result["updated"],
            "rejected": len(result["rejected"]), "compliance_rows": len(result["compliance"]),
            "exit_status": child.returncode}


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--lines", type=int, default=1_000_000, help="incidents in the export")
    parser.add_argument("--json", action="store_true", help="print one JSON object")
    args = parser.parse_args()
    if os.environ.get("SYNERGIE_DATABASE_URL", "").startswith("postgres"):
        ensure_database(os.environ["SYNERGIE_DATABASE_URL"], log)
    started = time.perf_counter()
    path = make_export(args.lines)
    log(f"export: {path} ({os.path.getsize(path) / 1e6:.0f} MB, "
        f"{time.perf_counter() - started:.0f} s to make or find)")
    database = prepare_database()
    log(f"database: {database}")
    first = run_import(path)
    log(f"first import: {first}")
    again = run_import(path)
    log(f"same file again: {again}")
    figures = {"lines": args.lines, "database": database, "first_import": first,
               "reimport": again, "floor_seconds": FLOOR_SECONDS,
               "meets_floor": max(first["seconds"], again["seconds"]) <= FLOOR_SECONDS}
    if args.json:
        print(json.dumps(figures, indent=2))
    else:
        print(f"{args.lines} incidents on {database}: first import {first['seconds']} s "
              f"(peak {first['peak_mb']} MB), same file again {again['seconds']} s; "
              f"floor {FLOOR_SECONDS} s: {'met' if figures['meets_floor'] else 'NOT met'}")


if __name__ == "__main__":
    main()
