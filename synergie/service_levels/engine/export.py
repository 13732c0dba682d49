"""Reading a service desk's incident export (the columns of a ServiceNow list export), line by
line: each line becomes an incident with the hours it took, or an error naming why it is refused.

Errors are codes with parameters, written out in the reader's language by the app
(service_levels/presentation.py); the engine stays free of Django."""

import csv
from collections.abc import Iterable, Iterator
from dataclasses import dataclass
from datetime import date, datetime, timezone

from synergie.kernel.support_hours import BRUSSELS

from .clock import BusinessClock

REQUIRED_COLUMNS = ("number", "opened_at", "resolved_at", "priority", "business_service")
OPTIONAL_COLUMNS = ("closed_at", "state", "assignment_group", "short_description")
PRIORITIES = ("1", "2", "3", "4")
# An incident cancelled by the desk was never a service failure: it is kept, not counted.
NOT_COUNTED_STATES = frozenset({"canceled", "cancelled", "annulé", "geannuleerd"})
MAX_LENGTH = {"number": 40, "business_service": 200, "assignment_group": 200, "state": 40,
              "short_description": 1000}
DATE_FORMATS = ("%d-%m-%Y %H:%M:%S", "%d/%m/%Y %H:%M:%S", "%d-%m-%Y %H:%M", "%d/%m/%Y %H:%M")


class ExportError(Exception):
    """The file as a whole cannot be read (no header, missing columns)."""

    def __init__(self, code: str, **params):
        super().__init__(code)
        self.code, self.params = code, params


@dataclass(frozen=True)
class LineError:
    line: int
    code: str
    params: dict


@dataclass(frozen=True)
class ParsedIncident:
    line: int
    number: str
    service: str
    priority: str
    state: str
    assignment_group: str
    short_description: str
    opened_at: datetime  # aware, in UTC
    resolved_at: datetime | None
    closed_at: datetime | None
    calendar_hours: float | None  # from opening to resolution (or closure)
    business_hours: float | None
    month: date | None  # the month whose compliance counts it: that of its resolution


class LineRefused(Exception):
    def __init__(self, code: str, **params):
        super().__init__(code)
        self.code, self.params = code, params


def parse_moment(text: str, field: str) -> tuple[datetime, datetime] | None:
    """An export's date and time, as (Brussels wall-clock time, naive; the same moment in UTC,
    aware). Naive ones are Brussels wall-clock times (kernel/support_hours)."""
    if not text:
        return None
    try:
        moment = datetime.fromisoformat(text)
    except ValueError:
        for pattern in DATE_FORMATS:
            try:
                moment = datetime.strptime(text, pattern)
                break
            except ValueError:
                continue
        else:
            raise LineRefused("bad_date", field=field, value=text[:40]) from None
    if moment.tzinfo is None:
        return moment, moment.replace(tzinfo=BRUSSELS).astimezone(timezone.utc)
    return moment.astimezone(BRUSSELS).replace(tzinfo=None), moment.astimezone(timezone.utc)


def parse_priority(text: str) -> str:
    """ "1 - Critical" (or "1") → "1"."""
    code = text.split("-", 1)[0].strip()
    if code not in PRIORITIES:
        raise LineRefused("unknown_priority", value=text.strip()[:40])
    return code


class ExportReader:
    """Iterates over an export's lines: `ParsedIncident` or `LineError`, in file order.

    `lines` is any iterable of text lines (an open file, a stream of decoded chunks): the file
    is never held whole. Line numbers are those of the file, the header being line 1; a field
    that spans several lines is numbered by the line it starts on."""

    def __init__(self, lines: Iterable[str], clock: BusinessClock | None = None):
        self._reader = csv.reader(lines)
        self.clock = clock or BusinessClock()
        self.lines_read = 0
        try:
            header = next(self._reader)
        except StopIteration:
            raise ExportError("empty") from None
        header = [name.strip().lstrip("\ufeff").lower() for name in header]
        missing = [name for name in REQUIRED_COLUMNS if name not in header]
        if missing:
            raise ExportError("missing_columns", columns=", ".join(missing))
        self._width = len(header)
        self._index = {name: header.index(name) for name in REQUIRED_COLUMNS + OPTIONAL_COLUMNS
                       if name in header}

    def __iter__(self) -> Iterator[ParsedIncident | LineError]:
        reader = self._reader
        while True:
            line = reader.line_num + 1
            try:
                row = next(reader)
            except StopIteration:
                return
            except csv.Error as error:
                self.lines_read += 1
                yield LineError(line, "unreadable", {"detail": str(error)[:100]})
                continue
            self.lines_read += 1
            if not any(field.strip() for field in row):
                continue  # a blank line (often the last one) is no incident
            try:
                yield self.parse(row, line)
            except LineRefused as refused:
                yield LineError(line, refused.code, refused.params)

    def _values(self, row: list[str]) -> dict[str, str]:
        values = {name: row[index].strip() for name, index in self._index.items()}
        for name, limit in MAX_LENGTH.items():
            if len(values.get(name, "")) > limit:
                raise LineRefused("too_long", field=name, limit=limit)
        return values

    def parse(self, row: list[str], line: int) -> ParsedIncident:
        if len(row) != self._width:
            raise LineRefused("wrong_field_count", expected=self._width, found=len(row))
        values = self._values(row)
        number, service = values["number"], values["business_service"]
        if not number:
            raise LineRefused("missing", field="number")
        if not service:
            raise LineRefused("missing", field="business_service")
        priority = parse_priority(values["priority"])
        opened = parse_moment(values["opened_at"], "opened_at")
        if opened is None:
            raise LineRefused("missing", field="opened_at")
        resolved = parse_moment(values["resolved_at"], "resolved_at")
        closed = parse_moment(values.get("closed_at", ""), "closed_at")
        for field, moment in (("resolved_at", resolved), ("closed_at", closed)):
            if moment is not None and moment[1] < opened[1]:
                raise LineRefused("before_opened", field=field)
        state = values.get("state", "")
        end = resolved or closed
        calendar = business = month = None
        if end is not None and state.lower() not in NOT_COUNTED_STATES:
            calendar = (end[1] - opened[1]).total_seconds() / 3600
            business = self.clock.hours(opened[0], end[0])
            month = date(end[0].year, end[0].month, 1)
        return ParsedIncident(
            line=line, number=number, service=service, priority=priority, state=state,
            assignment_group=values.get("assignment_group", ""),
            short_description=values.get("short_description", ""),
            opened_at=opened[1], resolved_at=resolved and resolved[1],
            closed_at=closed and closed[1], calendar_hours=calendar, business_hours=business,
            month=month)
