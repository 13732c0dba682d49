"""`synergie reindex`: rebuild the matching index from the database, with a progress bar."""

import sys
import time

from django.core.management.base import BaseCommand

from synergie.matching.adapters import embedding_model_key, reindex
from synergie.matching.related import reindex_related


def progress_bar(stream, width: int = 40):
    started = time.monotonic()

    def show(done: int, total: int) -> None:
        filled = int(width * done / total) if total else width
        elapsed = time.monotonic() - started
        stream.write(f"\r[{'#' * filled}{'.' * (width - filled)}] {done}/{total} "
                     f"({elapsed:.0f} s)")
        stream.flush()
        if done >= total:
            stream.write("\n")

    return show


class Command(BaseCommand):
    help = "Rebuild the matching index from the database (only changed texts are re-embedded)."

    def handle(self, *args, **options):
        self.stdout.write(f"Embedding model: {embedding_model_key()}")
        counts = reindex(progress=progress_bar(self.stdout if self.stdout.isatty() else sys.stderr))
        self.stdout.write(
            "Index up to date: {added} added, {updated} updated, {unchanged} unchanged, "
            "{removed} removed.".format(**counts)
        )
        related = reindex_related()
        self.stdout.write("Solutions and applications: {}.".format(", ".join(
            f"{count} {outcome}" for outcome, count in sorted(related.items())) or "none"))
