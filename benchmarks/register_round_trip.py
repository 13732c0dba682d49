"""`synergie register import` then `export` on the 90 example entries of the Dutch algorithm
register (../shared/data/algorithm-register/init_testdata_algorithms.json): the export must be
the same JSON as the input, entry for entry.

    python benchmarks/register_round_trip.py [--json]
    SYNERGIE_DATABASE_URL=postgres://postgres@127.0.0.1:5432/register_bench \\
        python benchmarks/register_round_trip.py

The database is the configured one (PostgreSQL when SYNERGIE_DATABASE_URL is set; otherwise a
fresh SQLite file under benchmarks/.cache/register/). Its register is emptied first. Printed:
entries in, entries out, whether the export equals the input exactly, the entries that differ,
and the seconds of each command.
"""

import argparse
import json
import os
import shutil
import subprocess
import sys
import tempfile
import time
from pathlib import Path

from _common import CACHE, ROOT, SHARED, ensure_database

EXAMPLES = SHARED / "algorithm-register" / "init_testdata_algorithms.json"
INSTITUTION = "REGISTER-BENCH"


def log(message: str) -> None:
    print(message, file=sys.stderr, flush=True)


def synergie(*args: str) -> tuple[float, str]:
    started = time.perf_counter()
    done = subprocess.run([sys.executable, "-m", "synergie", *args], cwd=ROOT, check=True,
                          capture_output=True, text=True)
    return time.perf_counter() - started, done.stdout


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--json", action="store_true", help="print one JSON object")
    options = parser.parse_args()
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "synergie.settings")
    os.environ.setdefault("SYNERGIE_LOG_LEVEL", "WARNING")
    url = os.environ.get("SYNERGIE_DATABASE_URL")
    if url:
        ensure_database(url, log)
    else:
        folder = CACHE / "register"
        shutil.rmtree(folder, ignore_errors=True)
        os.environ["SYNERGIE_DATA_DIR"] = str(folder)
    synergie("migrate", "-v", "0")
    synergie("shell", "-c", (
        "from synergie.algorithms.models import Algorithm\n"
        "from synergie.institutions.models import Institution\n"
        "Algorithm.objects.all().delete()\n"
        f"Institution.objects.get_or_create(code={INSTITUTION!r}, defaults={{"
        "'name_fr': 'Banc d’essai', 'name_nl': 'Testbank', 'kind': 'municipality'})\n"))
    import_seconds, report = synergie("register", "import", str(EXAMPLES), "--institution",
                                      INSTITUTION, "--json")
    with tempfile.TemporaryDirectory() as folder:
        output = Path(folder) / "register.json"
        export_seconds, _ = synergie("register", "export", "--output", str(output))
        back = json.loads(output.read_text(encoding="utf-8"))
    original = json.loads(EXAMPLES.read_text(encoding="utf-8"))
    differing = [index for index, (a, b) in enumerate(zip(original, back, strict=False))
                 if a != b]
    result = {"entries_in": len(original), "entries_out": len(back),
              "exact": back == original, "differing": differing,
              "import": json.loads(report), "import_seconds": round(import_seconds, 2),
              "export_seconds": round(export_seconds, 2)}
    if options.json:
        print(json.dumps(result))
    else:
        print(f"register round trip: {result['entries_in']} entries in, "
              f"{result['entries_out']} out, {'exact' if result['exact'] else 'NOT exact'}"
              f"{'' if not differing else f' (entries {differing} differ)'}; import "
              f"{result['import_seconds']} s, export {result['export_seconds']} s")
    sys.exit(0 if result["exact"] else 1)


if __name__ == "__main__":
    main()
