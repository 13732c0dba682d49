"""Rows of a resource written out as CSV or JSON, piece by piece: the export never holds more
than one chunk of rows (about 64 KB of text) in memory.

CSV: UTF-8 (no byte-order mark), comma-separated, a header row of the column names, RFC 4180
quoting, CRLF line ends; empty cell for a missing value, `true`/`false`, dates and times in
ISO 8601, decimals with a point.
JSON: one array of objects (`[` then one object per line, `]`), the column names as keys; a
missing value is `null`, amounts are numbers, dates and times ISO 8601 strings.
"""

import csv
import io
import json
from collections.abc import Iterable, Iterator
from datetime import UTC, date, datetime
from decimal import Decimal

from django.utils import timezone

BUFFER = 64 * 1024

FORMATS = {
    "csv": "text/csv; charset=utf-8",
    "json": "application/json; charset=utf-8",
}


def _moment(value: datetime) -> str:
    if timezone.is_aware(value):
        value = value.astimezone(UTC)
        return value.replace(tzinfo=None).isoformat() + "Z"
    return value.isoformat()


def csv_cell(value) -> str:
    if value is None:
        return ""
    if value is True:
        return "true"
    if value is False:
        return "false"
    if isinstance(value, datetime):
        return _moment(value)
    if isinstance(value, date):
        return value.isoformat()
    return str(value)


def json_value(value) -> str:
    if value is None:
        return "null"
    if value is True:
        return "true"
    if value is False:
        return "false"
    if isinstance(value, int):
        return str(value)
    if isinstance(value, Decimal):
        return str(value) if value.is_finite() else "null"
    if isinstance(value, datetime):
        return f'"{_moment(value)}"'
    if isinstance(value, date):
        return f'"{value.isoformat()}"'
    return json.dumps(str(value), ensure_ascii=False)


def csv_chunks(columns: list[str], rows: Iterable[tuple]) -> Iterator[bytes]:
    buffer = io.StringIO()
    writer = csv.writer(buffer)
    writer.writerow(columns)
    for row in rows:
        writer.writerow([csv_cell(value) for value in row])
        if buffer.tell() >= BUFFER:
            yield buffer.getvalue().encode()
            buffer.seek(0)
            buffer.truncate()
    yield buffer.getvalue().encode()


def json_chunks(columns: list[str], rows: Iterable[tuple]) -> Iterator[bytes]:
    keys = [json.dumps(name) + ":" for name in columns]
    parts = ["["]
    size = 0
    separator = "\n"
    for row in rows:
        line = separator + "{" + ",".join(
            key + json_value(value) for key, value in zip(keys, row, strict=True)) + "}"
        separator = ",\n"
        parts.append(line)
        size += len(line)
        if size >= BUFFER:
            yield "".join(parts).encode()
            parts, size = [], 0
    parts.append("\n]\n")
    yield "".join(parts).encode()


def chunks(resource, fmt: str) -> Iterator[bytes]:
    writer = csv_chunks if fmt == "csv" else json_chunks
    return writer(resource.column_names, resource.rows())
