"""Rows of a resource written out as CSV or JSON, piece by piece: the export never holds more
than one chunk of rows (about 64 KB of text) in memory.

CSV: UTF-8 (no byte-order mark), comma-separated, a header row of the column names, RFC 4180
quoting, CRLF line ends; empty cell for a missing value, `true`/`false`, dates and times in
ISO 8601 (times in UTC, ending in `Z`), decimals with a point and two decimals.
JSON: one array of objects (`[` then one object per line, `]`), the column names as keys; a
missing value is `null`, amounts are numbers, dates and times ISO 8601 strings.

Each column is written by the formatter of its kind, which takes a value as Django gives it
(`date`, `datetime`, `Decimal`, `bool`) or as SQLite stores it (text, integers, 0/1): the
needs are read from SQLite without Django's converters (`resources.raw_rows`), and both give
the same bytes.
"""

import csv
import io
import json
from collections.abc import Callable, Iterable, Iterator
from datetime import UTC, datetime
from decimal import Decimal
from json.encoder import encode_basestring

BUFFER = 64 * 1024

FORMATS = {
    "csv": "text/csv; charset=utf-8",
    "json": "application/json; charset=utf-8",
}


def iso_moment(value) -> str | None:
    if value is None:
        return None
    if isinstance(value, str):  # the database's text in UTC: "2026-12-07 17:05:26.123456"
        if value.endswith("+00"):  # PostgreSQL's, in a session in UTC
            value = value[:-3]
        return value.replace(" ", "T", 1) + "Z"
    if value.tzinfo is not None:
        value = value.astimezone(UTC).replace(tzinfo=None)
    return value.isoformat() + "Z"


def iso_date(value) -> str | None:
    if value is None or isinstance(value, str):
        return value
    if isinstance(value, datetime):
        value = value.date()
    return value.isoformat()


def two_decimals(value) -> str | None:
    if value is None:
        return None
    if isinstance(value, Decimal):
        return f"{value:.2f}" if value.is_finite() else None
    return f"{value:.2f}"  # SQLite: an integer or a float


def true_false(value) -> str | None:
    if value is None:
        return None
    return "true" if value else "false"


def joined(value) -> str | None:
    """A list (a JSON column: Django gives a list, SQLite its JSON text), semicolon-separated."""
    if value is None:
        return None
    if isinstance(value, str):
        value = json.loads(value)
    return "; ".join(str(item) for item in value)


def as_text(value) -> str | None:
    if value is None or type(value) is str:
        return value
    return str(value)


CSV_FORMATTERS: dict[str, Callable | None] = {
    "text": as_text, "url": as_text, "integer": None, "decimal": two_decimals,
    "date": iso_date, "datetime": iso_moment, "boolean": true_false, "list": joined,
}


def _json_text(value) -> str:
    if value is None:
        return "null"
    return encode_basestring(value if type(value) is str else str(value))


def _json_raw(convert):
    def write(value) -> str:
        value = convert(value)
        return "null" if value is None else value
    return write


def _json_quoted(convert):
    def write(value) -> str:
        value = convert(value)
        return "null" if value is None else f'"{value}"'
    return write


def _json_integer(value) -> str:
    return "null" if value is None else str(int(value))


JSON_FORMATTERS: dict[str, Callable] = {
    "text": _json_text, "url": _json_text, "integer": _json_integer,
    "decimal": _json_raw(two_decimals), "date": _json_quoted(iso_date),
    "datetime": _json_quoted(iso_moment), "boolean": _json_raw(true_false),
    "list": lambda value: _json_text(joined(value)),
}


def csv_chunks(columns, rows: Iterable[tuple]) -> Iterator[bytes]:
    buffer = io.StringIO()
    writer = csv.writer(buffer)
    writer.writerow([column.name for column in columns])
    converting = [(index, CSV_FORMATTERS[column.kind]) for index, column in enumerate(columns)
                  if CSV_FORMATTERS[column.kind] is not None]
    for row in rows:
        row = list(row)
        for index, convert in converting:
            row[index] = convert(row[index])
        writer.writerow(row)
        if buffer.tell() >= BUFFER:
            yield buffer.getvalue().encode()
            buffer.seek(0)
            buffer.truncate()
    yield buffer.getvalue().encode()


def json_chunks(columns, rows: Iterable[tuple]) -> Iterator[bytes]:
    fields = [(encode_basestring(column.name) + ":", JSON_FORMATTERS[column.kind])
              for column in columns]
    width = len(fields)
    parts = ["["]
    size = 0
    separator = "\n{"
    for row in rows:
        if len(row) != width:
            raise ValueError(f"a row of {len(row)} values for {width} columns")
        line = separator + ",".join([key + write(value)
                                     for (key, write), value in zip(fields, row)]) + "}"
        separator = ",\n{"
        parts.append(line)
        size += len(line)
        if size >= BUFFER:
            yield "".join(parts).encode()
            parts, size = [], 0
    parts.append("\n]\n")
    yield "".join(parts).encode()


def chunks(resource, fmt: str) -> Iterator[bytes]:
    writer = csv_chunks if fmt == "csv" else json_chunks
    return writer(resource.columns, resource.rows())
