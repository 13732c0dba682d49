"""`synergie data harvest FILE_OR_URL [--json]` and
`synergie data export-dcat [--format ttl|xml|jsonld] [--output FILE]`.

Harvest: reads a DCAT-AP catalogue (RDF/XML streamed; N-Triples, Turtle, JSON-LD) and updates the
data catalogue incrementally (synergie.datasets.harvest). With --json one JSON object:
{"seen", "created", "updated", "withdrawn", "rejected": [{"subject", "reason"}], "seconds",
"peak_mb"}. Exit status 1 when the source cannot be read at all.

Export: the catalogue's active datasets as DCAT-AP 3.0, to the standard output by default. The
URIs of datasets without one of their own start with SYNERGIE_PUBLIC_URL (see --base).
"""

import json
import os
import sys

from django.core.management.base import BaseCommand, CommandError

from synergie.datasets import dcat
from synergie.datasets.harvest import HarvestError, harvest


class Command(BaseCommand):
    help = "The data catalogue: harvest DCAT-AP catalogues, export the catalogue as DCAT-AP."

    def add_arguments(self, parser):
        actions = parser.add_subparsers(dest="action", required=True, metavar="ACTION")
        harvesting = actions.add_parser("harvest", help="harvest a DCAT-AP catalogue")
        harvesting.add_argument("location", metavar="FILE_OR_URL")
        harvesting.add_argument("--json", action="store_true", help="print one JSON object")
        exporting = actions.add_parser("export-dcat", help="write the catalogue as DCAT-AP 3.0")
        exporting.add_argument("--format", choices=sorted(dcat.FORMATS), default="ttl")
        exporting.add_argument("--output", metavar="FILE",
                               help="write to FILE instead of the standard output")
        exporting.add_argument("--base", default=os.environ.get("SYNERGIE_PUBLIC_URL",
                                                                "http://localhost:8000"),
                               help="the site's public address, for URIs made by Synergie")

    def handle(self, *args, action: str, **options):
        if action == "harvest":
            self._harvest(options["location"], options["json"])
        else:
            self._export(options["format"], options.get("output"), options["base"])

    def _harvest(self, location: str, as_json: bool) -> None:
        try:
            report = harvest(location)
        except HarvestError as error:
            self.stderr.write(f"{location}: {error}")
            sys.exit(1)
        if as_json:
            self.stdout.write(json.dumps(report.as_json(), ensure_ascii=False))
            return
        self.stdout.write(
            f"{location}: {report.seen} seen, {report.created} created, {report.updated} "
            f"updated, {report.withdrawn} withdrawn, {len(report.rejected)} rejected "
            f"({report.seconds:.1f} s, peak {report.peak_mb:.0f} MB)")
        for rejected in report.rejected:
            self.stdout.write(f"  rejected {rejected['subject'] or '(no URI)'}: "
                              f"{rejected['reason']}")

    def _export(self, fmt: str, output: str | None, base: str) -> None:
        data = dcat.export(dcat.exported_datasets(), fmt, base=base)
        if output:
            try:
                with open(output, "wb") as handle:
                    handle.write(data)
            except OSError as error:
                raise CommandError(f"cannot write {output}: {error.strerror}") from error
        else:
            sys.stdout.buffer.write(data)
            sys.stdout.flush()
