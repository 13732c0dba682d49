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
    quote = connection.ops.quote_name
    table = quote(Incident._meta.db_table)
    names = ", ".join(quote(name) for name in ["number", *UPDATED_FIELDS])
    upsert = ("ON CONFLICT (number) DO UPDATE SET "
              + ", ".join(f"{quote(name)} = excluded.{quote(name)}" for name in UPDATED_FIELDS))
    rows = list(batch.values())
    with transaction.atomic(), connection.cursor() as cursor:
        if connection.vendor == "postgresql":
            known = _upsert_by_copy(cursor, rows, table, names, upsert)
        else:
            known = Incident.objects.filter(number__in=list(batch)).count()
            placeholders = "(" + ", ".join(["%s"] * len(rows[0])) + ")"
            for start in range(0, len(rows), ROWS_PER_STATEMENT):
                part = rows[start:start + ROWS_PER_STATEMENT]
                cursor.execute(f"INSERT INTO {table} ({names}) VALUES "
                               f"{', '.join([placeholders] * len(part))} {upsert}",
                               [value for row in part for value in row])
    outcome.updated += known
    outcome.imported += len(batch) - known


def _upsert_by_copy(cursor, rows: list[tuple], table: str, names: str, upsert: str) -> int:
    """PostgreSQL: the batch is copied into a temporary table, then upserted from it in one
    statement (binding six thousand parameters per statement cost more than the upsert)."""
    cursor.execute(f"CREATE TEMPORARY TABLE IF NOT EXISTS incident_batch ON COMMIT DELETE ROWS "
                   f"AS SELECT {names} FROM {table} WITH NO DATA")
    # Emptied at each commit; a batch inside a larger transaction (tests) empties it itself.
    cursor.execute("TRUNCATE incident_batch")
    with cursor.cursor.copy(f"COPY incident_batch ({names}) FROM STDIN") as copy:
        for row in rows:
            copy.write_row(row)
    # An import's batches need not wait for the disk at each commit: a crash loses the last
    # ones at most, and importing the same file again restores them.
    cursor.execute("SET LOCAL synchronous_commit TO OFF")
    # xmax is 0 on a row this statement inserted, set on one it updated (PostgreSQL's way of
    # telling them apart in a single upsert).
    cursor.execute(f"WITH upserted AS (INSERT INTO {table} ({names}) "
                   f"SELECT {names} FROM incident_batch {upsert} RETURNING xmax = 0 AS new) "
                   f"SELECT count(*) FILTER (WHERE NOT new) FROM upserted")
    return cursor.fetchone()[0]
