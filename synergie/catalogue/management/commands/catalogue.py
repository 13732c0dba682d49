"""`synergie catalogue import-publiccode FILE... [--check] [--json]` and
`synergie catalogue export-publiccode ID [--output FILE]`.

Import: each file creates or updates the solution of its repository (`url`), whole or not at all;
every problem is printed with its key (`description.fr.shortDescription`). With --check nothing
is written. With --json one JSON object: {"files": [{"file", "valid", "errors": [{"key",
"message"}], "warnings", "solution"}]}. Exit status 1 when a file is invalid (or unreadable).
The command line acts as Synergie itself, like the other commands that write (`synergie sla`).
"""

import json
import sys
from pathlib import Path

from django.core.management.base import BaseCommand, CommandError

from synergie.catalogue.models import Solution
from synergie.catalogue.publiccode import Issue
from synergie.catalogue.publiccode_import import (
    PubliccodeImport,
    do_import_publiccode,
    export_publiccode,
)

EXIT_INVALID = 1


class Command(BaseCommand):
    help = "The catalogue of regional solutions: publiccode.yml in and out."

    def add_arguments(self, parser):
        actions = parser.add_subparsers(dest="action", required=True, metavar="ACTION")
        importing = actions.add_parser(
            "import-publiccode", help="create or update solutions from publiccode.yml files "
                                      "(matched by their repository URL)")
        importing.add_argument("files", nargs="+", metavar="FILE")
        importing.add_argument("--check", action="store_true",
                               help="only validate: nothing is written")
        importing.add_argument("--json", action="store_true", help="print one JSON object")
        exporting = actions.add_parser("export-publiccode",
                                       help="write a solution's publiccode.yml")
        exporting.add_argument("id", type=int, metavar="ID", help="the solution's number")
        exporting.add_argument("--output", metavar="FILE",
                               help="write to FILE instead of the standard output")

    def handle(self, *args, action: str, **options):
        if action == "export-publiccode":
            self._export(options["id"], options.get("output"))
        else:
            self._import(options["files"], check=options["check"], as_json=options["json"])

    def _import(self, files: list[str], *, check: bool, as_json: bool) -> None:
        outcomes = [self._import_one(name, check) for name in files]
        if as_json:
            self.stdout.write(json.dumps({"files": [o.as_json() for o in outcomes]},
                                         ensure_ascii=False))
        else:
            for outcome in outcomes:
                self._print(outcome, check)
        if any(not outcome.valid for outcome in outcomes):
            sys.exit(EXIT_INVALID)

    def _import_one(self, name: str, check: bool) -> PubliccodeImport:
        try:
            data = Path(name).read_bytes()
        except OSError as error:
            return PubliccodeImport(name, [Issue("", f"cannot read the file: {error.strerror}")])
        return do_import_publiccode(data, acting_user=None, check=check, file_name=name)

    def _print(self, outcome: PubliccodeImport, check: bool) -> None:
        if outcome.valid:
            solution = outcome.solution
            if check:
                what = "valid; would create a solution" if outcome.created else \
                    f"valid; would update solution {solution.pk}"
            else:
                what = f"{'created' if outcome.created else 'updated'} solution {solution.pk}"
            self.stdout.write(f"{outcome.file}: {what}")
        else:
            self.stderr.write(f"{outcome.file}: invalid, nothing imported")
        for kind, issues in (("error", outcome.errors), ("warning", outcome.warnings)):
            for issue in issues:
                where = f" (line {issue.line})" if issue.line else ""
                stream = self.stderr if kind == "error" else self.stdout
                stream.write(f"  {kind}: {issue.key or '(file)'}{where}: {issue.message}")

    def _export(self, pk: int, output: str | None) -> None:
        solution = Solution.objects.filter(pk=pk).first()
        if solution is None:
            raise CommandError(f"no solution {pk}")
        text = export_publiccode(solution)
        if output:
            Path(output).write_text(text, encoding="utf-8")
        else:
            self.stdout.write(text, ending="")
