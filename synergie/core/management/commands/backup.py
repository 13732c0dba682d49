"""`synergie backup FILE`: the whole database in one archive (core/backup.py)."""

from django.core.management.base import BaseCommand

from synergie.core.backup import backup


class Command(BaseCommand):
    help = "Write the whole database to FILE (a versioned zip archive), SQLite or PostgreSQL."

    def add_arguments(self, parser):
        parser.add_argument("file", help="The archive to write, e.g. synergie-2025-01-31.zip.")

    def handle(self, *args, file: str, **options):
        manifest = backup(file)
        self.stdout.write(f"Backup of the {manifest['database']} database written to {file}.")
