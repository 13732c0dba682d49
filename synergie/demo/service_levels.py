"""Demo data of the service levels: a year of the service desk's incidents for the demo's
catalogue solutions, written as a ServiceNow list export and imported through the service
levels' action, as the analyst would; most incidents are resolved in time, a few breach their
target, and one service of the export is left unmapped, for the analyst to map.

    from synergie.demo import catalogue, service_levels
    solutions = catalogue.load()            # {English name: Solution}
    service_levels.load(solutions)          # or any iterable of solutions

Call it after the catalogue's demo (the solutions' service targets give the hours); the year is
the twelve months before `today`'s month."""

import csv
import random
import tempfile
from datetime import date, datetime, time, timedelta

from synergie.accounts.models import User
from synergie.catalogue.models import Solution
from synergie.service_levels import actions
from synergie.service_levels.models import Service

COLUMNS = ["number", "opened_at", "resolved_at", "closed_at", "priority", "state",
           "business_service", "assignment_group", "short_description"]
PRIORITIES = {"1": "1 - Critical", "2": "2 - High", "3": "3 - Moderate", "4": "4 - Low"}
PRIORITY_WEIGHTS = {"1": 1, "2": 3, "3": 8, "4": 6}
DEFAULT_HOURS = {"1": 4, "2": 8, "3": 24, "4": 72}
BREACH_SHARE = 0.05
UNMAPPED_SERVICE = "Relais de messagerie (ancien)"
DESCRIPTIONS = ("Impossible de se connecter", "Page blanche à l'ouverture",
                "Export PDF en erreur", "Lenteurs importantes", "Notification non reçue",
                "Droits d'accès manquants")
ANALYST = "lucas.martin"


def load(solutions, *, today: date | None = None, seed: int = 11) -> dict:
    """Import a year of incidents for `solutions` (a dict of them, or any iterable). Returns
    the import's figures."""
    solutions = list(solutions.values() if isinstance(solutions, dict) else solutions)
    today = today or date.today()
    analyst = User.objects.filter(username=ANALYST).first()
    with tempfile.NamedTemporaryFile("w+", suffix=".csv", encoding="utf-8", newline="") as file:
        write_export(file, solutions, today=today, seed=seed)
        file.seek(0)
        run, outcome = actions.do_import_incidents(file, "servicenow-incidents.csv",
                                                   acting_user=analyst)
    for solution in solutions:
        service = Service.objects.get(name=service_name(solution))
        actions.do_map_service(service, solution, acting_user=analyst)
    return {"import": run, "imported": outcome.imported, "updated": outcome.updated,
            "rejected": outcome.rejected_count}


def service_name(solution: Solution) -> str:
    return solution.name_en or solution.name_fr


def write_export(file, solutions, *, today: date, seed: int) -> None:
    rng = random.Random(seed)
    first_month = date(today.year - 1, today.month, 1)
    writer = csv.writer(file)
    writer.writerow(COLUMNS)
    sequence = 0
    for solution in sorted(solutions, key=lambda item: item.pk):
        hours = dict(DEFAULT_HOURS, **{target.priority: float(target.resolution_hours)
                                       for target in solution.targets.all()})
        services = [service_name(solution)]
        for month in range(12):
            start = _add_months(first_month, month)
            for _ in range(rng.randint(15, 40)):
                sequence += 1
                service = services[0] if rng.random() > 0.03 else UNMAPPED_SERVICE
                writer.writerow(_incident(rng, sequence, start, service, hours))


def _incident(rng: random.Random, sequence: int, month: date, service: str, hours) -> list:
    priority = rng.choices(list(PRIORITY_WEIGHTS), list(PRIORITY_WEIGHTS.values()))[0]
    day = month + timedelta(days=rng.randrange(28))
    while day.weekday() >= 5:  # the desk's users report on working days
        day += timedelta(days=1)
    opened = datetime.combine(day, time(8)) + timedelta(minutes=rng.randrange(9 * 60))
    target = hours[priority]
    if rng.random() < BREACH_SHARE:
        # Late: three times the target, and three days more, whatever hours count.
        took = timedelta(hours=3 * target + 72)
    else:
        took = timedelta(hours=target * rng.uniform(0.05, 0.9))
    resolved = opened + took
    stamp = "%Y-%m-%d %H:%M:%S"
    return [f"INC{sequence:07d}", opened.strftime(stamp), resolved.strftime(stamp),
            (resolved + timedelta(days=3)).strftime(stamp), PRIORITIES[priority], "Closed",
            service, "Service desk régional", rng.choice(DESCRIPTIONS)]


def _add_months(first: date, months: int) -> date:
    index = first.year * 12 + first.month - 1 + months
    return date(index // 12, index % 12 + 1, 1)
