"""`synergie backup FILE` and `synergie restore FILE`: the whole database in one versioned
archive, the same on SQLite and PostgreSQL (so a backup also moves a demo to PostgreSQL).

The archive is a zip of `manifest.json` (format version, when, from which database, the
migrations the data was written under) and `data.json` (Django's dumpdata of every table, ids
included). A restore refuses an archive of another format or of another schema, then, in one
transaction, empties every table and loads the archive: it succeeds whole or changes nothing.
Worker heartbeats are the processes' state, not data: they are left out."""

import json
import os
import tempfile
import zipfile
from datetime import UTC, datetime
from pathlib import Path

from django.core.management import call_command
from django.core.management.color import no_style
from django.db import connection, transaction
from django.db.migrations.recorder import MigrationRecorder

from synergie.core.signals import database_restored

FORMAT = "synergie-backup"
VERSION = 1
EXCLUDED = ["core.workerheartbeat"]


class BackupError(Exception):
    pass


def applied_migrations() -> dict[str, list[str]]:
    applied: dict[str, list[str]] = {}
    for app, name in sorted(MigrationRecorder(connection).applied_migrations()):
        applied.setdefault(app, []).append(name)
    return applied


def backup(path: Path) -> dict:
    """Write the archive to `path` (through a temporary file: a backup cut short never
    replaces a good one). Returns the manifest."""
    manifest = {"format": FORMAT, "version": VERSION,
                "created_at": datetime.now(UTC).isoformat(timespec="seconds"),
                "database": connection.vendor, "migrations": applied_migrations()}
    path = Path(path)
    with tempfile.TemporaryDirectory() as folder:
        data = Path(folder) / "data.json"
        # One consistent picture: on PostgreSQL a repeatable-read transaction; SQLite's
        # transaction sees one snapshot of its WAL file.
        outermost = not connection.in_atomic_block
        with transaction.atomic():
            if connection.vendor == "postgresql" and outermost:
                with connection.cursor() as cursor:
                    cursor.execute("SET TRANSACTION ISOLATION LEVEL REPEATABLE READ READ ONLY")
            call_command("dumpdata", exclude=EXCLUDED, output=str(data), indent=None,
                         verbosity=0)
        partial = path.with_name(path.name + ".partial")
        partial.unlink(missing_ok=True)
        # Readable by its owner only from its first byte: it holds every confidential need.
        descriptor = os.open(partial, os.O_WRONLY | os.O_CREAT | os.O_EXCL, 0o600)
        with (os.fdopen(descriptor, "wb") as file,
              zipfile.ZipFile(file, "w", compression=zipfile.ZIP_DEFLATED) as archive):
            archive.writestr("manifest.json", json.dumps(manifest, indent=1))
            archive.write(data, "data.json")
        partial.replace(path)
    return manifest


def read_manifest(archive: zipfile.ZipFile) -> dict:
    try:
        manifest = json.loads(archive.read("manifest.json"))
    except (KeyError, ValueError) as error:
        raise BackupError("not a Synergie backup: no readable manifest.json") from error
    if manifest.get("format") != FORMAT or manifest.get("version") != VERSION:
        raise BackupError(f"not a Synergie backup of format {VERSION}: "
                          f"{manifest.get('format')!r} version {manifest.get('version')!r}")
    return manifest


def restore(path: Path) -> dict:
    """Replace every row of the (migrated) database with the archive's. Returns the manifest."""
    try:
        archive = zipfile.ZipFile(path)
    except (OSError, zipfile.BadZipFile) as error:
        raise BackupError(f"cannot read {path}: {error}") from error
    with archive, tempfile.TemporaryDirectory() as folder:
        manifest = read_manifest(archive)
        current = applied_migrations()
        if manifest["migrations"] != current:
            ahead = sorted(f"{app}.{name}" for app, names in manifest["migrations"].items()
                           for name in names if name not in current.get(app, []))
            behind = sorted(f"{app}.{name}" for app, names in current.items()
                            for name in names if name not in manifest["migrations"].get(app, []))
            raise BackupError(
                "the archive was made under another schema: restore it with the version of "
                "Synergie that made it, then upgrade. Migrations only in the archive: "
                f"{', '.join(ahead) or 'none'}; only in this database: "
                f"{', '.join(behind) or 'none'}.")
        data = Path(folder) / "data.json"
        data.write_bytes(archive.read("data.json"))
        with transaction.atomic():
            tables = connection.introspection.django_table_names(only_existing=True,
                                                                 include_views=False)
            statements = connection.ops.sql_flush(no_style(), tables, reset_sequences=True,
                                                  allow_cascade=True)
            with connection.cursor() as cursor:
                if connection.vendor == "postgresql":
                    # TRUNCATE refuses a table with deferred checks pending in the transaction.
                    cursor.execute("SET CONSTRAINTS ALL IMMEDIATE")
                for statement in statements:
                    cursor.execute(statement)
                if connection.vendor == "postgresql":
                    cursor.execute("SET CONSTRAINTS ALL DEFERRED")
            call_command("loaddata", str(data), verbosity=0)
            database_restored.send(sender=restore)
    return manifest
