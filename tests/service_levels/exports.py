"""Incident exports written as a ServiceNow list export would, for the tests."""

import csv
import io

COLUMNS = ["number", "opened_at", "resolved_at", "closed_at", "priority", "state",
           "business_service", "assignment_group", "short_description"]
PRIORITY_TEXT = {"1": "1 - Critical", "2": "2 - High", "3": "3 - Moderate", "4": "4 - Low"}


def export_text(rows: list[dict]) -> str:
    out = io.StringIO()
    writer = csv.DictWriter(out, fieldnames=COLUMNS, lineterminator="\n")
    writer.writeheader()
    for row in rows:
        writer.writerow({"closed_at": "", "state": "Closed", "assignment_group": "Desk",
                         "short_description": "Cannot log in", **row})
    return out.getvalue()


def incident(number: str, opened: str, resolved: str, priority: str = "1",
             service: str = "Desk A", **more) -> dict:
    return {"number": number, "opened_at": opened, "resolved_at": resolved,
            "priority": PRIORITY_TEXT.get(priority, priority), "business_service": service,
            **more}


# The hand-computed example: the same four incidents for a solution counted in business hours
# and one counted in calendar hours (targets: priority 1 in 4 hours, priority 2 in 8).
HAND_COMPUTED = [
    # Friday 17:00 to Monday 10:00: 1 + 2 business hours; 65 calendar hours.
    ("1", "2026-12-04 17:00:00", "2026-12-07 10:00:00"),
    # Monday 9:00 to 12:00: 3 hours either way.
    ("1", "2026-12-07 09:00:00", "2026-12-07 12:00:00"),
    # Christmas Eve 17:00 to Monday 28th 11:00: 1 + 3 business hours (Christmas and the
    # weekend closed); 90 calendar hours.
    ("2", "2026-12-24 17:00:00", "2026-12-28 11:00:00"),
    # Wednesday 8:00 to Thursday 8:00: 10 business hours, 24 calendar hours.
    ("2", "2026-12-09 08:00:00", "2026-12-10 08:00:00"),
]


def hand_computed_rows(service: str, prefix: str) -> list[dict]:
    return [incident(f"{prefix}{index}", opened, resolved, priority, service)
            for index, (priority, opened, resolved) in enumerate(HAND_COMPUTED, start=1)]
