"""Structured logs: one JSON object per line, with what the code passed in `extra`.

Logged: every audited change (audit/journal.py: who, what kind of object, which fields; never
the values, which may be confidential), every background task (django-tasks' own log lines,
plus the worker's recoveries and the maintenance report) and every error with its traceback."""

import json
import logging
from datetime import UTC, datetime

# The attributes every LogRecord has; anything else on a record came from `extra`.
_STANDARD = set(vars(logging.makeLogRecord({}))) | {"message", "asctime", "taskName"}


class JsonFormatter(logging.Formatter):
    def format(self, record: logging.LogRecord) -> str:
        entry = {
            "time": datetime.fromtimestamp(record.created, UTC).isoformat(timespec="milliseconds"),
            "level": record.levelname.lower(),
            "logger": record.name,
            "message": record.getMessage(),
        }
        for key, value in vars(record).items():
            if key not in _STANDARD and not key.startswith("_"):
                entry[key] = value
        if record.exc_info:
            entry["exception"] = self.formatException(record.exc_info)
        # A request (django.request's records carry it) is named by method and path only.
        request = entry.pop("request", None)
        if request is not None and hasattr(request, "path"):
            entry["method"], entry["path"] = request.method, request.path
        return json.dumps(entry, default=str, ensure_ascii=False)
