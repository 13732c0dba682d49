"""Streaming an incident export into the database: the lines are read one by one and written in
batches, each batch one transaction (an upsert on the incident's number, `INSERT … ON CONFLICT
DO UPDATE`, which SQLite and PostgreSQL both understand), so that a million
incidents pass at flat memory and a re-import updates what it already knows.

Each line is wholly imported or wholly refused. A batch commits on its own so that the page of a
running import can show its progress; an import stopped half-way leaves whole incidents only,
and importing the same file again completes it."""

from collections.abc import Callable, Iterable
from dataclasses import dataclass, field

from django.db import connection, transaction

from synergie.service_levels.engine.clock import BusinessClock
from synergie.service_levels.engine.export import ExportReader, LineError, ParsedIncident
from synergie.service_levels.models import Incident, Service

BATCH_SIZE = 5000
# Rows per INSERT statement: Django's bulk_create(update_conflicts=True) does the same upsert,
# but building its model instances and statements took two thirds of the time of a million.
ROWS_PER_STATEMENT = 500
# Refused lines kept to be listed; beyond, they are only counted (a file of garbage must not
# fill the memory with its errors).
REJECTIONS_KEPT = 10_000
UPDATED_FIELDS = ["service_id", "priority", "state", "assignment_group", "short_description",
                  "opened_at", "resolved_at", "closed_at", "calendar_hours", "business_hours",
                  "month"]


@dataclass
class ImportOutcome:
    lines_read: int = 0
    imported: int = 0
    updated: int = 0
    rejected_count: int = 0
    rejected: list[LineError] = field(default_factory=list)


class ServiceNames:
    """Service ids by name; a new name becomes a service to map."""

    def __init__(self):
        self._ids = dict(Service.objects.values_list("name", "pk"))

    def id_of(self, name: str) -> int:
        known = self._ids.get(name)
        if known is None:
            known = self._ids[name] = Service.objects.get_or_create(name=name)[0].pk
        return known


def import_lines(lines: Iterable[str], *, progress: Callable[[ImportOutcome], None] | None = None,
                 batch_size: int = BATCH_SIZE) -> ImportOutcome:
    """Read the export's `lines` (raises engine.export.ExportError when the file as a whole
    cannot be read) and upsert its incidents; `progress(outcome)` after each batch."""
    as_text = connection.vendor == "sqlite"  # Django keeps SQLite's datetimes as UTC text
    reader = ExportReader(lines, BusinessClock())
    services = ServiceNames()
    outcome = ImportOutcome()
    batch: dict[str, tuple] = {}
    for item in reader:
        if isinstance(item, LineError):
            outcome.rejected_count += 1
            if len(outcome.rejected) < REJECTIONS_KEPT:
                outcome.rejected.append(item)
            continue
        if item.number in batch:
            outcome.updated += 1  # the same incident twice in a batch: the later line wins
        batch[item.number] = _row(item, services.id_of(item.service), as_text)
        if len(batch) >= batch_size:
            _write(batch, outcome)
            outcome.lines_read = reader.lines_read
            batch = {}
            if progress:
                progress(outcome)
    if batch:
        _write(batch, outcome)
    outcome.lines_read = reader.lines_read
    if progress:
        progress(outcome)
    return outcome


def _row(item: ParsedIncident, service_id: int, as_text: bool) -> tuple:
    moments = (item.opened_at, item.resolved_at, item.closed_at)
    if as_text:  # the engine's moments are in UTC
        moments = tuple(None if moment is None else moment.replace(tzinfo=None).isoformat(" ")
                        for moment in moments)
    return (item.number, service_id, item.priority, item.state, item.assignment_group,
            item.short_description, *moments, item.calendar_hours, item.business_hours,
            item.month.isoformat() if item.month else None)


def _write(batch: dict[str, tuple], outcome: ImportOutcome) -> None:
    table = connection.ops.quote_name(Incident._meta.db_table)
    columns = ["number", *UPDATED_FIELDS]
    names = ", ".join(connection.ops.quote_name(name) for name in columns)
    updates = ", ".join(f"{connection.ops.quote_name(name)} = excluded."
                        f"{connection.ops.quote_name(name)}" for name in UPDATED_FIELDS)
    rows = list(batch.values())
    with transaction.atomic(), connection.cursor() as cursor:
        known = set(Incident.objects.filter(number__in=list(batch))
                    .values_list("number", flat=True))
        for start in range(0, len(rows), ROWS_PER_STATEMENT):
            part = rows[start:start + ROWS_PER_STATEMENT]
            values = ", ".join(["(" + ", ".join(["%s"] * len(columns)) + ")"] * len(part))
            cursor.execute(f"INSERT INTO {table} ({names}) VALUES {values} "
                           f"ON CONFLICT (number) DO UPDATE SET {updates}",
                           [value for row in part for value in row])
    outcome.updated += len(known)
    outcome.imported += len(batch) - len(known)
