"""`synergie restore FILE`: replace the whole database with an archive of `synergie backup`."""

from django.core.management import call_command
from django.core.management.base import BaseCommand, CommandError

from synergie.core.backup import BackupError, restore


class Command(BaseCommand):
    help = ("Replace every row of the database with the archive FILE written by `synergie "
            "backup`. Stop the web processes and the workers first.")

    def add_arguments(self, parser):
        parser.add_argument("file", help="The archive written by `synergie backup`.")
        parser.add_argument("--no-input", "--noinput", action="store_false", dest="interactive",
                            help="Do not ask for confirmation.")

    def handle(self, *args, file: str, interactive: bool, **options):
        # A new data folder or database: create the tables first.
        call_command("migrate", interactive=False, verbosity=0)
        if interactive:
            answer = input("Every row of the database will be replaced by the archive's. "
                           "Type 'yes' to go on: ")
            if answer.strip().lower() != "yes":
                raise CommandError("Restore cancelled: nothing changed.")
        try:
            manifest = restore(file)
        except BackupError as error:
            raise CommandError(f"{error} Nothing changed.") from error
        self.stdout.write(f"Restored the backup of {manifest['created_at']} from {file}. Run "
                          "`synergie reindex` if the embedding model changed since.")
