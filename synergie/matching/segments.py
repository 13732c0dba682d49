"""The matching index's files on this host: immutable segments built from the database and
memory-mapped read-only by every web and worker process of the machine (engine/segment.py).

A segment holds every indexed document up to one position of the change log (`covers`); each
process replays the changes after it into a small in-memory delta (service.py). A new segment
is built when the delta grows (SYNERGIE_INDEX_DELTA_MAX), by the worker's maintenance, or by the
first process of a host that has none. Every host keeps its own files under
SYNERGIE_INDEX_DIR: the database is the only thing hosts share (docs/operations.md).
"""

import fcntl
import json
import logging
import os
import shutil
import subprocess
import sys
import time
import uuid
from contextlib import contextmanager
from dataclasses import dataclass
from pathlib import Path

import numpy as np
from django.conf import settings
from django.db import connection
from django.db.models import Max

from synergie.matching.adapters import embedder, vector_from_bytes
from synergie.matching.engine.background import background_means
from synergie.matching.engine.cpv import labels_hubness
from synergie.matching.engine.segment import Segment, SegmentWriter
from synergie.matching.models import (
    DocumentKind, IndexChange, IndexedDocument, IndexState,
)

logger = logging.getLogger("synergie.matching")

READ_BATCH = 5000
# How many segments are kept: the newest, and the one before it for the processes that have
# not moved on yet (a removed file stays readable by whoever has it mapped).
KEPT_SEGMENTS = 2
_KIND_CODES = {DocumentKind.NEED: 1, DocumentKind.SOLUTION: 2, DocumentKind.APPLICATION: 3}
_KINDS = {code: kind for kind, code in _KIND_CODES.items()}
_ID_BITS = 48


def encode_key(kind: str, object_id: int) -> int:
    """The engine addresses documents by one 64-bit integer: the kind in the high bits."""
    return (_KIND_CODES[kind] << _ID_BITS) | int(object_id)


def decode_key(key: int) -> tuple[str, int]:
    key = int(key)
    return _KINDS[key >> _ID_BITS], key & ((1 << _ID_BITS) - 1)


@dataclass(frozen=True)
class StoredSegment:
    path: Path
    covers: int  # the last change of the log the segment includes
    documents: int
    built_at: float  # seconds since the epoch


def index_root() -> Path:
    return Path(settings.SYNERGIE_INDEX_DIR)


def database_identity() -> str:
    """Which database, and which epoch of it, a segment was built from: a segment of another
    database (a changed SYNERGIE_DATABASE_URL over the same data folder) or of the same one
    before a restore is never opened."""
    epoch = IndexState.objects.values_list("epoch", flat=True).first() or "none"
    return f"{connection.vendor}:{connection.settings_dict['NAME']}:{epoch}"


def on_database_restored(sender, **kwargs) -> None:
    IndexState.objects.all().delete()
    IndexState.objects.create(epoch=uuid.uuid4().hex)


def _model_folder(model_name: str) -> Path:
    safe = "".join(char if char.isalnum() or char in "-_." else "_" for char in model_name)
    return index_root() / safe


def newest_segment(model_name: str, database: str) -> StoredSegment | None:
    folder = _model_folder(model_name)
    best = None
    if not folder.is_dir():
        return None
    for path in folder.iterdir():
        manifest = path / "synergie.json"
        if not manifest.is_file():
            continue  # being written, or not a segment
        try:
            about = json.loads(manifest.read_text())
        except (OSError, ValueError):
            continue
        if about.get("database") != database:
            continue
        found = StoredSegment(path, int(about["covers"]), int(about["documents"]),
                              manifest.stat().st_mtime)
        if best is None or (found.covers, found.path.name) > (best.covers, best.path.name):
            best = found
    return best


@contextmanager
def host_lock(blocking: bool = True):
    """One build at a time on this host; yields False when not blocking and already held."""
    index_root().mkdir(parents=True, exist_ok=True)
    with open(index_root() / "build.lock", "w") as handle:
        try:
            fcntl.flock(handle, fcntl.LOCK_EX | (0 if blocking else fcntl.LOCK_NB))
        except BlockingIOError:
            yield False
            return
        try:
            yield True
        finally:
            fcntl.flock(handle, fcntl.LOCK_UN)


def build_segment(progress=None) -> StoredSegment:
    """Write a new segment of every document of the current model, read in key order at
    bounded memory. Changes committed while it reads are replayed by every process after it
    (their log position is past `covers`), so nothing is lost. The caller holds `host_lock`."""
    model = embedder()
    database = database_identity()
    covers = IndexChange.objects.aggregate(latest=Max("id"))["latest"] or 0
    folder = _model_folder(model.name)
    folder.mkdir(parents=True, exist_ok=True)
    _remove_unfinished_builds(folder)
    path = folder / f"{covers:015d}-{uuid.uuid4().hex[:8]}"
    writer = SegmentWriter(path, model.dimension, prior_means=background_means(model.name),
                           hubness=labels_hubness(model.name))
    # Only needs: solutions and applications are compared with a need apart (related.py).
    documents = IndexedDocument.objects.filter(model=model.name, kind=DocumentKind.NEED)
    total = documents.count()
    done, last_pk, started = 0, 0, time.monotonic()
    fields = ("pk", "kind", "object_id", "text", "language", "vector", "hubness")
    while True:
        batch = list(documents.filter(pk__gt=last_pk)
                     .order_by("pk").values_list(*fields)[:READ_BATCH])
        if not batch:
            break
        last_pk = batch[-1][0]
        writer.add(
            np.array([encode_key(kind, object_id) for _, kind, object_id, *_ in batch],
                     dtype=np.int64),
            [row[3] for row in batch], [row[4] for row in batch],
            np.vstack([vector_from_bytes(row[5]) for row in batch]),
            [row[6] for row in batch],
        )
        done += len(batch)
        if progress:
            progress(done, total)
    written = writer.finish()
    about = {"covers": covers, "documents": done, "database": database, "model": model.name,
             "seconds": round(time.monotonic() - started, 1)}
    # Written last: a folder without it is not a segment yet.
    temporary = written / "synergie.json.tmp"
    temporary.write_text(json.dumps(about))
    os.replace(temporary, written / "synergie.json")
    logger.info("index segment built", extra={"segment": str(written), **about})
    _remove_old_segments(folder)
    return StoredSegment(written, covers, done, time.time())


def _remove_unfinished_builds(folder: Path) -> None:
    """The work folders of builds that died (a worker killed or restarted in the middle of a
    build: some 16 minutes and 1.5 GB at a million needs): under the host lock no other build
    is running, and nothing reads a folder before it is renamed into a segment."""
    for path in folder.glob(".*.building"):
        logger.warning("an unfinished index build removed", extra={"folder": str(path)})
        shutil.rmtree(path, ignore_errors=True)


def _remove_old_segments(folder: Path) -> None:
    segments = sorted((path for path in folder.iterdir() if (path / "synergie.json").is_file()),
                      key=lambda path: path.name)
    for path in segments[:-KEPT_SEGMENTS]:
        shutil.rmtree(path, ignore_errors=True)


def open_or_build() -> tuple[Segment, StoredSegment]:
    """The newest segment of this host, built first when there is none (the first process of a
    new host waits for it; the others wait on the lock and open what it built)."""
    model_name, database = embedder().name, database_identity()
    stored = newest_segment(model_name, database)
    if stored is None:
        with host_lock():
            stored = newest_segment(model_name, database) or build_segment()
    return Segment.open(stored.path), stored


def build_in_background() -> None:
    """Start `synergie index build --if-idle` beside this process: the delta grew, and a web
    process should not spend its requests' time building."""
    if settings.SYNERGIE_INDEX_BUILD_IN_BACKGROUND:
        subprocess.Popen([sys.executable, "-m", "synergie", "index", "build", "--if-idle"],
                         stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL,
                         start_new_session=True)


def changes_since(covers: int) -> int:
    return IndexChange.objects.filter(id__gt=covers).count()


def folder_bytes(path: Path) -> int:
    return sum(child.stat().st_size for child in path.iterdir() if child.is_file())
