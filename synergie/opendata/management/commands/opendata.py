"""`synergie opendata export RESOURCE --format csv|json [--output FILE] [--language fr|nl|en]`
and `synergie opendata list`.

Writes the same bytes as the public download `/open-data/RESOURCE.csv|.json`, streamed (the
export never holds the whole table in memory), to the standard output or to FILE. The text the
site writes for an unpublished need ("A need of a police zone") is in the chosen language
(English by default).
"""

from django.core.management.base import BaseCommand, CommandError
from django.utils import translation

from synergie.opendata.resources import all_resources, get_resource
from synergie.opendata.streaming import FORMATS, chunks


class Command(BaseCommand):
    help = "Open data: export what the public pages show, as CSV or JSON."

    def add_arguments(self, parser):
        actions = parser.add_subparsers(dest="action", required=True, metavar="ACTION")
        actions.add_parser("list", help="the resources one may export")
        exporting = actions.add_parser("export", help="write one resource as CSV or JSON")
        exporting.add_argument("resource", metavar="RESOURCE",
                               help="needs, opportunities, decisions, solutions, adoption, "
                                    "projects (and algorithms, datasets when installed)")
        exporting.add_argument("--format", dest="fmt", choices=sorted(FORMATS), default="csv")
        exporting.add_argument("--output", metavar="FILE",
                               help="write to FILE instead of the standard output")
        exporting.add_argument("--language", choices=["fr", "nl", "en"], default="en")

    def handle(self, *args, action: str, **options):
        if action == "list":
            for resource in all_resources():
                self.stdout.write(resource.name)
            return
        resource = get_resource(options["resource"])
        if resource is None:
            names = ", ".join(r.name for r in all_resources())
            raise CommandError(f"Unknown resource {options['resource']!r}: choose one of "
                               f"{names}.")
        with translation.override(options["language"]):
            if options.get("output"):
                try:
                    with open(options["output"], "wb") as handle:
                        self._write(resource, options["fmt"], handle)
                except OSError as error:
                    raise CommandError(f"Cannot write {options['output']}: "
                                       f"{error.strerror}") from error
            else:
                stream = self.stdout._out
                binary = getattr(stream, "buffer", None)
                if binary is not None:
                    stream.flush()
                    self._write(resource, options["fmt"], binary)
                    binary.flush()
                else:  # a text stream (call_command(stdout=StringIO()))
                    for part in chunks(resource, options["fmt"]):
                        stream.write(part.decode())

    @staticmethod
    def _write(resource, fmt: str, handle) -> None:
        for part in chunks(resource, fmt):
            handle.write(part)
