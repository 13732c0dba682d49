"""`synergie sla import FILE.csv [--json]`: import a service desk's incident export (the columns
of a ServiceNow incident list export) and print the service levels per solution, month and
priority.

Exit status: 0 when every line was imported, 2 when some lines were refused (they are listed
with their line numbers; the others are imported), 1 when the file cannot be read at all.
"""

import json
import sys

from django.core.management.base import BaseCommand, CommandError

from synergie.service_levels.actions import do_import_incidents
from synergie.service_levels.compliance import compliance_rows, unmapped_services
from synergie.service_levels.engine.export import ExportError
from synergie.service_levels.presentation import describe_error

EXIT_UNREADABLE, EXIT_LINES_REFUSED = 1, 2


class Command(BaseCommand):
    help = "Service levels from the service desk's incident exports."

    def add_arguments(self, parser):
        actions = parser.add_subparsers(dest="action", required=True, metavar="ACTION")
        importing = actions.add_parser(
            "import", help="import an incident export (CSV, ServiceNow list export columns); "
                           "an incident already known by its number is updated")
        importing.add_argument("file", metavar="FILE.csv")
        importing.add_argument("--json", action="store_true",
                               help="print one JSON object: imported, updated, rejected, "
                                    "compliance")

    def handle(self, *args, action: str, file: str, json: bool, **options):
        try:
            handle = open(file, encoding="utf-8-sig", errors="replace", newline="")
        except OSError as error:
            self._fail(f"{file}: {error.strerror}", as_json=json)
        with handle:
            try:
                run, outcome = do_import_incidents(handle, file, acting_user=None)
            except ExportError as error:
                self._fail(f"{file}: {describe_error(error.code, error.params)}", as_json=json)
        rejected = [{"line": error.line, "error": describe_error(error.code, error.params)}
                    for error in outcome.rejected]
        rows = compliance_rows()
        if json:
            self.stdout.write(_dumps({
                "imported": outcome.imported, "updated": outcome.updated,
                "rejected": rejected, "compliance": [row.as_json() for row in rows]}))
        else:
            self._print(outcome, rejected, rows)
        if outcome.rejected_count:
            sys.exit(EXIT_LINES_REFUSED)

    def _print(self, outcome, rejected, rows):
        self.stdout.write(f"{outcome.lines_read} lines read: {outcome.imported} incidents new, "
                          f"{outcome.updated} updated, {outcome.rejected_count} lines refused.")
        for line in rejected:
            self.stderr.write(f"  line {line['line']}: {line['error']}")
        if outcome.rejected_count > len(rejected):
            self.stderr.write(f"  … and {outcome.rejected_count - len(rejected)} more.")
        unmapped = list(unmapped_services().values_list("name", flat=True))
        if unmapped:
            self.stdout.write("Services not mapped to a solution (not counted): "
                              + ", ".join(unmapped))
        for row in rows:
            share = "no target" if row.compliance is None else f"{row.compliance:.2f} %"
            self.stdout.write(f"{row.solution}\t{row.month}\tP{row.priority}\t"
                              f"{row.incidents} incidents\t{share}")

    def _fail(self, message: str, *, as_json: bool):
        if as_json:
            self.stdout.write(_dumps({"error": message}))
            sys.exit(EXIT_UNREADABLE)
        raise CommandError(message, returncode=EXIT_UNREADABLE)


def _dumps(value) -> str:
    return json.dumps(value, ensure_ascii=False, indent=2)
