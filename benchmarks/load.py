"""The pages at N needs in PostgreSQL, with many people at once.

    SYNERGIE_DATABASE_URL=postgres://… python benchmarks/load.py [--needs 200000] [--users 50]
        [--seconds 60] [--processes 2] [--json]

1. Builds the data, or reuses it: the database (SYNERGIE_DATABASE_URL, by default
   synergie_load on the local server, created if missing) gets the demo, then as many needs
   as asked, written with COPY (benchmarks/load_data.py says how they are made).
2. Runs Synergie as in production (docs/operations.md): `--processes` web processes
   (`synergie serve`, Waitress, `--threads` each, on consecutive loopback ports, as behind a
   load balancer) and one `synergie worker` beside them.
3. Runs locust headless for `--seconds`, loopback only, with `--users` people at once
   (benchmarks/load_locustfile.py: the public and signed-in analysts, each pausing
   `--think` seconds between pages), after one warm-up visit of every page per process.
4. Prints each page's p50, p95 and requests, and the errors (with --json one object:
   {"needs", "users", "pages": {name: {"p50_ms", "p95_ms", "requests"}}, "errors", ...}).

Floors (issue 10): p95 ≤ 150 ms on every page and no error; goal p95 ≤ 100 ms.

The extra needs are not embedded (hours at 200,000): the worker is told the index maintenance
has just run, so that it does not start embedding them all during the measure."""

import argparse
import csv
import json
import os
import random
import subprocess
import sys
import tempfile
import time
import urllib.error
import urllib.request
from pathlib import Path

from _common import ensure_database

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))
DEFAULT_DATABASE = "postgres://postgres@127.0.0.1:5432/synergie_load"
PAGES = ("home", "public_list", "inbox", "need", "map", "opportunity", "business_case",
         "scenario", "decisions", "feed")
FLOOR_MS, GOAL_MS = 150, 100


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--needs", type=int, default=200_000)
    parser.add_argument("--users", type=int, default=50)
    parser.add_argument("--seconds", type=int, default=60)
    parser.add_argument("--processes", type=int, default=2, help="web processes")
    parser.add_argument("--threads", type=int, default=8, help="threads per web process")
    parser.add_argument("--think", type=float, nargs=2, default=(1.0, 3.0),
                        metavar=("MIN", "MAX"), help="seconds a person reads a page")
    parser.add_argument("--port", type=int, default=8760, help="first web process's port")
    parser.add_argument("--json", action="store_true")
    args = parser.parse_args()
    log = (lambda *a: print(*a, file=sys.stderr, flush=True)) if args.json else print

    database = os.environ.get("SYNERGIE_DATABASE_URL") or DEFAULT_DATABASE
    if not database.startswith(("postgres://", "postgresql://")):
        sys.exit("benchmarks/load.py measures PostgreSQL: set SYNERGIE_DATABASE_URL=postgres://…")
    ensure_database(database, log)
    data_dir = ROOT / "benchmarks" / ".cache" / "load"
    os.environ.update({
        "SYNERGIE_DATABASE_URL": database, "DJANGO_SETTINGS_MODULE": "synergie.settings",
        "SYNERGIE_DATA_DIR": str(data_dir), "SYNERGIE_LOG_LEVEL": "WARNING",
        "SYNERGIE_ALLOWED_HOSTS": "127.0.0.1", "SYNERGIE_STATEMENT_TIMEOUT_MS": "120000",
        "SYNERGIE_MAINTENANCE_INTERVAL_SECONDS": str(7 * 86400),
    })
    import django

    django.setup()
    from django.core.management import call_command

    from benchmarks.load_data import add_needs, ensure_demo

    started = time.perf_counter()
    call_command("migrate", interactive=False, verbosity=0)
    call_command("collectstatic", interactive=False, verbosity=0)
    ensure_demo(log)
    added = add_needs(args.needs, log)
    mark_maintenance_done()
    targets = build_targets(args, random.Random(10))
    log(f"data ready in {time.perf_counter() - started:.0f} s ({added:,} needs added)")

    with tempfile.TemporaryDirectory() as scratch:
        target_file = Path(scratch) / "targets.json"
        target_file.write_text(json.dumps(targets), encoding="utf-8")
        processes = start_servers(args, targets["hosts"])
        try:
            wait_until_up(targets["hosts"])
            warm_up(targets)
            log(f"locust: {args.users} users for {args.seconds} s on {len(targets['hosts'])} "
                f"web processes...")
            stats = run_locust(args, target_file, Path(scratch) / "load")
        finally:
            stop(processes)
    from synergie.needs.models import Need

    report = {"needs": Need.objects.count(), "users": args.users, "pages": stats["pages"],
              "errors": stats["errors"], "error_messages": stats["error_messages"],
              "requests_per_second": stats["rps"], "seconds": args.seconds,
              "web_processes": args.processes, "threads": args.threads,
              "think_seconds": list(args.think), "cpus": os.cpu_count(),
              "floor_p95_ms": FLOOR_MS, "goal_p95_ms": GOAL_MS}
    if args.json:
        print(json.dumps(report))
    else:
        print_report(report)


def mark_maintenance_done() -> None:
    """Record a finished maintenance, so the worker does not start embedding the extra needs
    (the index maintenance adds every need missing from the index)."""
    from django.utils import timezone
    from django_tasks_db.models import DBTaskResult

    from synergie.core.maintenance import run_maintenance

    result = run_maintenance.enqueue()
    DBTaskResult.objects.filter(pk=result.id).update(
        status="SUCCESSFUL", started_at=timezone.now(), finished_at=timezone.now())


def build_targets(args, rng: random.Random) -> dict:
    """What the simulated people open: the analysts' signed-in sessions, indexed needs they
    may read, the demo's opportunity with a business case and its scenario, search words."""
    from django.test import Client

    from synergie.accounts.models import User
    from synergie.business_case.models import BusinessCase
    from synergie.institutions.models import Institution
    from synergie.kernel.text import search_terms
    from synergie.matching.models import DocumentKind, IndexedDocument
    from synergie.needs.models import Need
    from synergie.portfolio.models import Scenario

    analyst = User.objects.get(username="lucas.martin")
    sessions = []
    for _ in range(args.users):
        client = Client()
        client.force_login(analyst, backend="synergie.accounts.backends.RoleBackend")
        sessions.append(client.cookies["sessionid"].value)
    indexed = IndexedDocument.objects.filter(kind=DocumentKind.NEED).values("object_id")
    needs = list(Need.objects.visible_to(analyst).exclude(status="draft")
                 .filter(pk__in=indexed).values_list("pk", flat=True))
    words = sorted({word for title in Need.objects.filter(pk__in=needs)
                    .values_list("title", flat=True)
                    for word in search_terms(title) if len(word) >= 6})
    institution = Institution.objects.filter(needs__isnull=False).order_by("pk").first()
    filters = [{}, {"status": "in_analysis"}, {"language": "nl"}, {"ordering": "-deadline"},
               {"ordering": "-submitted"}, {"ordering": "cost"}, {"ordering": "title"},
               {"institution": institution.pk}, {"institution_kind": "police_zone"},
               {"status": "submitted", "confidentiality": "regional"}, {"year": 2027}]
    return {
        "hosts": [f"http://127.0.0.1:{args.port + k}" for k in range(args.processes)],
        "sessions": sessions, "needs": needs,
        "search_words": rng.sample(words, min(20, len(words))), "inbox_filters": filters,
        "opportunity": BusinessCase.objects.order_by("pk").values_list(
            "opportunity_id", flat=True).first(),
        "scenario": Scenario.objects.order_by("pk").values_list("pk", flat=True).first(),
        "think_seconds": list(args.think),
    }


def start_servers(args, hosts: list[str]) -> list[subprocess.Popen]:
    """The worker and the web processes, their log (errors with their traceback) in
    benchmarks/.cache/load/servers.log."""
    command = [sys.executable, "-m", "synergie"]
    log = open(Path(os.environ["SYNERGIE_DATA_DIR"]) / "servers.log", "w", encoding="utf-8")
    processes = [subprocess.Popen([*command, "worker"], stdout=subprocess.DEVNULL, stderr=log)]
    for host in hosts:
        port = host.rsplit(":", 1)[1]
        processes.append(subprocess.Popen(
            [*command, "serve", "--host", "127.0.0.1", "--port", port,
             "--threads", str(args.threads)], stdout=subprocess.DEVNULL, stderr=log))
    return processes


def wait_until_up(hosts: list[str], timeout: float = 120) -> None:
    deadline = time.monotonic() + timeout
    for host in hosts:
        while True:
            try:
                urllib.request.urlopen(f"{host}/healthz", timeout=5)
                break
            except urllib.error.HTTPError:
                break  # it answers (503: e.g. the index lags), so it is up
            except OSError:
                if time.monotonic() > deadline:
                    raise SystemExit(f"{host} did not start") from None
                time.sleep(0.5)


def warm_up(targets: dict) -> None:
    """Each process opens every page once (loads its matching index, its templates): the
    measure is of a running site, not of its start."""
    paths = ["/fr/", "/fr/needs/public/", "/fr/decisions/", "/fr/decisions/feed/",
             f"/fr/needs/?q={targets['search_words'][0]}", f"/fr/needs/{targets['needs'][0]}/",
             "/fr/opportunities/map/", f"/fr/opportunities/{targets['opportunity']}/",
             f"/fr/opportunities/{targets['opportunity']}/business-case/",
             f"/fr/portfolio/{targets['scenario']}/"]
    for host in targets["hosts"]:
        for path in paths:
            request = urllib.request.Request(
                f"{host}{path}", headers={"Cookie": f"sessionid={targets['sessions'][0]}"})
            try:
                urllib.request.urlopen(request, timeout=300).read()
            except urllib.error.HTTPError:
                pass  # counted in the measure if it goes on


def run_locust(args, target_file: Path, prefix: Path) -> dict:
    env = {**os.environ, "SYNERGIE_LOAD_TARGETS": str(target_file)}
    subprocess.run(
        [sys.executable, "-m", "locust", "-f", str(ROOT / "benchmarks" / "load_locustfile.py"),
         "--headless", "--users", str(args.users), "--spawn-rate", str(args.users),
         "--run-time", f"{args.seconds}s", "--stop-timeout", "30", "--csv", str(prefix),
         "--only-summary", "--loglevel", "ERROR"],
        env=env, check=False, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
    pages, errors, rps = {}, 0, 0.0
    with open(f"{prefix}_stats.csv", encoding="utf-8") as handle:
        for row in csv.DictReader(handle):
            if row["Name"] == "Aggregated":
                rps = round(float(row["Requests/s"]), 1)
                continue
            pages[row["Name"]] = {"p50_ms": float(row["50%"]), "p95_ms": float(row["95%"]),
                                  "requests": int(row["Request Count"]),
                                  "errors": int(row["Failure Count"])}
            errors += int(row["Failure Count"])
    messages = []
    failures = Path(f"{prefix}_failures.csv")
    if failures.exists():
        with open(failures, encoding="utf-8") as handle:
            messages = [f"{row['Name']}: {row['Error']} ×{row['Occurrences']}"
                        for row in csv.DictReader(handle)]
    ordered = {name: pages[name] for name in PAGES if name in pages}
    return {"pages": ordered, "errors": errors, "error_messages": messages, "rps": rps}


def stop(processes: list[subprocess.Popen]) -> None:
    for process in processes:
        process.terminate()
    for process in processes:
        try:
            process.wait(timeout=30)
        except subprocess.TimeoutExpired:
            process.kill()


def print_report(report: dict) -> None:
    print(f"\n{report['needs']:,} needs, {report['users']} users for {report['seconds']} s, "
          f"{report['web_processes']} web processes × {report['threads']} threads, "
          f"{report['cpus']} CPUs, {report['requests_per_second']} requests/s")
    print(f"{'page':<15}{'p50 ms':>9}{'p95 ms':>9}{'requests':>10}{'errors':>8}  floor")
    for name, page in report["pages"].items():
        verdict = ("goal" if page["p95_ms"] <= GOAL_MS else
                   "ok" if page["p95_ms"] <= FLOOR_MS else "ABOVE")
        print(f"{name:<15}{page['p50_ms']:>9.0f}{page['p95_ms']:>9.0f}{page['requests']:>10}"
              f"{page['errors']:>8}  {verdict}")
    print(f"errors: {report['errors']}")
    for message in report["error_messages"]:
        print(f"  {message}")


if __name__ == "__main__":
    main()
