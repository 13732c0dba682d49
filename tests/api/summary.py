"""What the schemathesis run saw: (run, operation, status or None, passed) per call."""

import json
import os
from collections import Counter

CALLS: list[tuple[str, str, int | None, bool]] = []


def summary() -> dict:
    runs = {}
    for run in sorted({call[0] for call in CALLS}):
        calls = [call for call in CALLS if call[0] == run]
        runs[run] = {
            "operations": len({call[1] for call in calls}),
            "examples": len(calls),
            "failures": sum(1 for call in calls if not call[3]),
            "server_errors": sum(1 for call in calls if call[2] and call[2] >= 500),
            "statuses": dict(sorted(Counter(str(call[2]) for call in calls).items())),
        }
    return runs


def report(write) -> None:
    if not CALLS:
        return
    found = summary()
    write(f"schemathesis: {json.dumps(found)}")
    target = os.environ.get("SYNERGIE_API_SCHEMATHESIS_SUMMARY")
    if target:
        with open(target, "w", encoding="utf-8") as output:
            json.dump(found, output, indent=2)
