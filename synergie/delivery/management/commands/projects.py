"""`synergie projects export [FILE] --user NAME` and `synergie projects import FILE --user NAME`:
the projects' progress as CSV, the same file as the projects page gives and takes. The user is
the person the changes are recorded as (the PMO); the export holds the projects they may read.
Exit status 1 when a line was refused, so that a script notices."""

import sys
from pathlib import Path

from django.contrib.auth import get_user_model
from django.core.exceptions import ValidationError
from django.core.management.base import BaseCommand, CommandError

from synergie.delivery.models import Project
from synergie.delivery.progress_csv import export_csv, import_csv


class Command(BaseCommand):
    help = "Export the projects' progress as CSV, or import it back."

    def add_arguments(self, parser):
        commands = parser.add_subparsers(dest="subcommand", required=True)
        exporter = commands.add_parser("export", help="write the progress CSV")
        exporter.add_argument("file", nargs="?", help="where to write it (default: the output)")
        exporter.add_argument("--user", required=True, help="the username reading it")
        importer = commands.add_parser("import", help="apply a progress CSV")
        importer.add_argument("file", help="a CSV with the export's columns")
        importer.add_argument("--user", required=True, help="the PMO member changing it")

    def handle(self, *args, subcommand, user, file=None, **options):
        person = get_user_model().objects.filter(username=user, is_active=True).first()
        if person is None:
            raise CommandError(f"No active user is named {user}.")
        if subcommand == "export":
            text = export_csv(Project.objects.visible_to(person))
            if file:
                Path(file).write_text(text, encoding="utf-8", newline="")
            else:
                sys.stdout.write(text)
            return
        path = Path(file)
        if not path.is_file():
            raise CommandError(f"No such file: {file}")
        try:
            report = import_csv(path.read_bytes(), acting_user=person)
        except ValidationError as error:
            raise CommandError(" ".join(error.messages)) from None
        self.stdout.write(f"{report.changed} changed, {report.unchanged} unchanged, "
                          f"{len(report.errors)} problems.")
        for line, column, message in report.errors:
            self.stdout.write(f"line {line}, column {column or '-'}: {message}")
        if report.errors:
            raise SystemExit(1)
