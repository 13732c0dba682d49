"""`synergie index build|status`: this host's matching index files (matching/segments.py)."""

import json
import sys

from django.core.management.base import BaseCommand

from synergie.matching import segments
from synergie.matching.adapters import embedder
from synergie.matching.management.commands.reindex import progress_bar


class Command(BaseCommand):
    help = "Build this host's matching index segment from the database, or show its state."

    def add_arguments(self, parser):
        parser.add_argument("action", choices=["build", "status"])
        parser.add_argument("--if-idle", action="store_true",
                            help="Do nothing when another build runs on this host.")
        parser.add_argument("--json", action="store_true", help="One JSON object.")

    def handle(self, *args, action: str, if_idle: bool, json: bool, **options):
        if action == "status":
            return self._status(json)
        with segments.host_lock(blocking=not if_idle) as locked:
            if not locked:
                self.stdout.write("Another index build runs on this host.")
                return
            show = None if json or if_idle else progress_bar(
                self.stdout if self.stdout.isatty() else sys.stderr)
            stored = segments.build_segment(progress=show)
        self._report({"segment": str(stored.path), "documents": stored.documents,
                      "covers_change": stored.covers,
                      "megabytes": round(segments.folder_bytes(stored.path) / 2**20, 1)}, json)

    def _status(self, as_json: bool):
        stored = segments.newest_segment(embedder().name, segments.database_identity())
        if stored is None:
            return self._report({"segment": None}, as_json)
        self._report({"segment": str(stored.path), "documents": stored.documents,
                      "covers_change": stored.covers,
                      "changes_since": segments.changes_since(stored.covers),
                      "megabytes": round(segments.folder_bytes(stored.path) / 2**20, 1)}, as_json)

    def _report(self, report: dict, as_json: bool) -> None:
        if as_json:
            self.stdout.write(json.dumps(report))
        elif report["segment"] is None:
            self.stdout.write("No index segment on this host yet.")
        else:
            self.stdout.write("\n".join(f"{key}: {value}" for key, value in report.items()))
