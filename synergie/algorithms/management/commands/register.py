"""`synergie register import FILE.json [--institution CODE] [--publish] [--json]` and
`synergie register export [--output FILE] [--published]`, in the JSON of the Dutch
algorithm-register standard (a list of entries; v1.0.0 or the register's earlier shape).

Import: each entry is stored whole or not at all; a bad entry is reported with its index
(from 0), its name and the field, the good ones are kept; an entry already imported for the
institution (same source id) is updated. Without --institution an entry goes to the
institution whose name is its `organization`. With --publish the entries are published at
once (a version each). With --json one JSON object: {"entries", "created", "updated",
"unchanged", "rejected": [{"index", "name", "field", "message"}], "seconds"}. Exit status 1
when the file is unreadable or an entry was rejected. The command line acts as Synergie itself.

Export: every entry of the register (--published: the published ones), as imported or
described, in order: importing the 90 example entries and exporting them gives the same JSON.
"""

import json
import sys
import time
from pathlib import Path

from django.core.management.base import BaseCommand, CommandError

from synergie.algorithms.actions import do_import_register, export_register
from synergie.algorithms.models import Algorithm
from synergie.institutions.models import Institution
from synergie.kernel.text import fold

EXIT_INVALID = 1


class Command(BaseCommand):
    help = "The algorithm register: import and export in the algorithm-register standard."

    def add_arguments(self, parser):
        actions = parser.add_subparsers(dest="action", required=True, metavar="ACTION")
        importing = actions.add_parser("import", help="import entries from a JSON file")
        importing.add_argument("file", metavar="FILE.json")
        importing.add_argument("--institution", metavar="CODE",
                               help="the institution the entries belong to (its code)")
        importing.add_argument("--publish", action="store_true",
                               help="publish the imported entries at once")
        importing.add_argument("--json", action="store_true", help="print one JSON object")
        exporting = actions.add_parser("export", help="write the register as JSON")
        exporting.add_argument("--output", metavar="FILE",
                               help="write to FILE instead of the standard output")
        exporting.add_argument("--published", action="store_true",
                               help="only the published entries")

    def handle(self, *args, action: str, **options):
        if action == "export":
            self._export(options.get("output"), options["published"])
        else:
            self._import(options["file"], options.get("institution"), options["publish"],
                         options["json"])

    def _import(self, name: str, code: str | None, publish: bool, as_json: bool) -> None:
        institution = None
        if code:
            institution = Institution.objects.filter(code=code).first()
            if institution is None:
                raise CommandError(f"no institution with the code {code!r}")
        try:
            entries = json.loads(Path(name).read_text(encoding="utf-8"))
        except OSError as error:
            raise CommandError(f"{name}: cannot read the file: {error.strerror}") from error
        except (UnicodeDecodeError, json.JSONDecodeError) as error:
            where = f" (line {error.lineno}, column {error.colno})" \
                if isinstance(error, json.JSONDecodeError) else ""
            raise CommandError(f"{name}: not valid JSON{where}: {error}") from error
        names = {}
        if institution is None:
            for candidate in Institution.objects.all():
                for label in (candidate.name_fr, candidate.name_nl, candidate.name_en,
                              candidate.code):
                    if label:
                        names.setdefault(fold(label.strip()), candidate)
        started = time.perf_counter()
        report = do_import_register(entries, acting_user=None, institution=institution,
                                    publish=publish, institutions_by_name=names)
        seconds = round(time.perf_counter() - started, 3)
        if as_json:
            self.stdout.write(json.dumps({**report.as_json(), "seconds": seconds},
                                         ensure_ascii=False))
        else:
            self.stdout.write(
                f"{name}: {report.entries} entries: {len(report.created)} created, "
                f"{len(report.updated)} updated, {len(report.unchanged)} unchanged, "
                f"{len(report.rejected)} rejected ({seconds} s)")
            for rejected in report.rejected:
                where = "" if rejected["index"] is None else \
                    f"entry {rejected['index']} ({rejected['name'] or 'no name'}): "
                field = f"{rejected['field']}: " if rejected["field"] else ""
                self.stderr.write(f"  {where}{field}{rejected['message']}; not imported")
        if report.rejected:
            sys.exit(EXIT_INVALID)

    def _export(self, output: str | None, published: bool) -> None:
        queryset = Algorithm.objects.published() if published else Algorithm.objects.all()
        text = json.dumps(export_register(queryset), ensure_ascii=False, indent=2) + "\n"
        if output:
            Path(output).write_text(text, encoding="utf-8")
        else:
            self.stdout.write(text, ending="")
