"""schemathesis against the REST API: runs tests/api/test_schemathesis.py (every operation of
the committed OpenAPI document, anonymous and with a token, valid and invalid requests through
the WSGI application) and prints its summary: operations, examples, failures, server errors.

    python benchmarks/api_schemathesis.py [--json]

Set SYNERGIE_DATABASE_URL to run it on PostgreSQL (the tests make their own database)."""

import json
import os
import subprocess
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent


def main() -> int:
    with tempfile.TemporaryDirectory() as folder:
        target = Path(folder) / "summary.json"
        env = {**os.environ, "SYNERGIE_API_SCHEMATHESIS_SUMMARY": str(target)}
        env.setdefault("SYNERGIE_DATA_DIR", folder)
        started = time.monotonic()
        run = subprocess.run(
            [sys.executable, "-m", "pytest", "tests/api/test_schemathesis.py", "-q",
             "-p", "no:cacheprovider", "-W", "ignore::DeprecationWarning"],
            cwd=ROOT, env=env, capture_output=True, text=True)
        seconds = round(time.monotonic() - started, 1)
        if not target.exists():
            print(run.stdout[-3000:], run.stderr[-3000:], sep="\n")
            return run.returncode or 1
        found = json.loads(target.read_text())
    found = {"runs": found, "seconds": seconds, "passed": run.returncode == 0}
    if "--json" in sys.argv:
        print(json.dumps(found, indent=2))
    else:
        for name, run_summary in found["runs"].items():
            print(f"{name}: {run_summary['operations']} operations, "
                  f"{run_summary['examples']} examples, {run_summary['failures']} failures, "
                  f"{run_summary['server_errors']} server errors (5xx); "
                  f"statuses {run_summary['statuses']}")
        print(f"{found['seconds']} s, {'passed' if found['passed'] else 'FAILED'}")
    return 0 if found["passed"] else 1


if __name__ == "__main__":
    sys.exit(main())
