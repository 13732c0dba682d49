"""`synergie landscape import FILE --institution CODE [--json]`: record an institution's
applications from a CSV or XLSX file, as the import page does. Run as the installation's
operator (the changes are audited as made by Synergie itself). Exit status 1 when a line was
refused, so that a script notices."""

import json
from pathlib import Path

from django.core.management.base import BaseCommand, CommandError

from synergie.institutions.models import Institution
from synergie.landscape.imports import ImportFileError, import_applications


class Operator:
    """The command's acting user: the operator of the installation, who may do everything
    (like `createsuperuser` or the demo loader), recorded without a name in the audit trail."""

    pk = None
    is_authenticated = True
    is_active = True
    is_superuser = True

    def has_perm(self, perm, obj=None) -> bool:
        return True

    def get_full_name(self) -> str:
        return ""

    def get_username(self) -> str:
        return ""


class Command(BaseCommand):
    help = "Work on the application landscape: import an institution's applications."

    def add_arguments(self, parser):
        commands = parser.add_subparsers(dest="subcommand", required=True)
        importer = commands.add_parser("import", help="import applications from CSV or XLSX")
        importer.add_argument("file", help="a .csv or .xlsx file with the template's headings")
        importer.add_argument("--institution", required=True,
                              help="the institution's code, e.g. COM-21001")
        importer.add_argument("--json", action="store_true", help="print JSON")

    def handle(self, *args, subcommand, file, institution, json: bool = False, **options):
        path = Path(file)
        if not path.is_file():
            raise CommandError(f"No such file: {file}")
        subject = Institution.objects.filter(code=institution).first()
        if subject is None:
            raise CommandError(f"No institution has the code {institution}.")
        try:
            result = import_applications(path.read_bytes(), path.name, institution=subject,
                                         acting_user=Operator())
        except ImportFileError as error:
            raise CommandError(str(error)) from None
        if json:
            self.stdout.write(_dumps(result.as_dict()))
        else:
            self.stdout.write(f"{result.created} recorded, {result.changed} changed, "
                              f"{result.unchanged} already up to date, "
                              f"{len(result.errors)} refused.")
            for error in result.errors:
                self.stdout.write(str(error))
        if result.errors:
            raise SystemExit(1)


def _dumps(value) -> str:
    return json.dumps(value, ensure_ascii=False, indent=2)
