"""The process's view of the matching index, kept in step with the database.

The bulk of the index is a segment of this host (segments.py): files every process of the
machine maps read-only, so a million needs cost the machine one copy, not one per process. On
top of it each process keeps a small delta of what changed since the segment was built: every
search first asks the database for the newest change (one indexed query) and applies only the
changes it has not seen, each in proportion to its size.
"""

import threading
import time
from dataclasses import dataclass
from datetime import timedelta

import numpy as np
from django.conf import settings
from django.db.models import Max, Min, Q, Sum
from django.utils import timezone

from synergie.matching import segments
from synergie.matching.adapters import embedder, vector_from_bytes
from synergie.matching.engine.background import background_means
from synergie.matching.engine.cpv import labels_hubness
from synergie.matching.engine.matcher import Match
from synergie.matching.engine.live import LiveIndex
from synergie.matching.engine.text import matched_part
from synergie.matching.models import IndexChange, IndexedDocument

# Change ids are allocated at insert but become visible at commit, which may come in another
# order: the changes of the last moments are replayed until they are older than this.
LATE_COMMIT_WINDOW = timedelta(seconds=60)
# How often a process looks on disk for a newer segment of its host.
SEGMENT_CHECK_SECONDS = 5.0
# How long a process waits before asking again for a new segment to be built.
BUILD_ASK_SECONDS = 60.0


@dataclass
class Query:
    text: str
    language: str
    vector: np.ndarray | None = None
    # What the query's own need says, for the reasons shown beside each match.
    domain_id: int | None = None
    cpv_code: str | None = None

    def __post_init__(self):
        # Every look-up reads at most the beginning of the text: "look for similar needs" on a
        # pasted 55 KB document costs what a long description costs.
        self.text = matched_part(self.text or "")


def _keys(keys) -> list[int]:
    return [segments.encode_key(kind, object_id) for kind, object_id in keys]


def _owners(encoded: np.ndarray, batch: int = 1000) -> np.ndarray:
    """The institution of each document of these encoded keys (-1: none)."""
    decoded = [segments.decode_key(key) for key in encoded]
    found = {}
    for kind in {kind for kind, _ in decoded}:
        ids = [object_id for other, object_id in decoded if other == kind]
        for start in range(0, len(ids), batch):
            found.update(((kind, object_id), institution) for object_id, institution in
                         IndexedDocument.objects.filter(kind=kind, object_id__in=ids[
                             start:start + batch]).values_list("object_id", "institution_id"))
    return np.array([found.get(key) or -1 for key in decoded], dtype=np.int64)


class MatchingIndex:
    def __init__(self):
        self._lock = threading.Lock()
        self._live: LiveIndex | None = None
        self._segment: segments.StoredSegment | None = None
        self._segment_checked = 0.0
        self.last_change = 0
        self._recent_changes = 0
        self.last_sync_seconds = 0.0  # what the last sync that applied changes cost
        self._delta_documents = 0
        # (the statistics sample's keys, their institutions): see _of_institution.
        self._sample_owners: tuple[np.ndarray, np.ndarray] | None = None
        self._build_asked = 0.0

    def reset(self) -> None:
        with self._lock:
            self._live = None
            self._segment = None
            self._segment_checked = 0.0
            self.last_change = 0
            self._recent_changes = 0
            self._delta_documents = 0

    def _open(self, stored: segments.StoredSegment | None = None) -> None:
        """Map the newest segment of this host (built first if there is none) and start an
        empty delta on it."""
        model = embedder()
        if stored is None:
            segment, stored = segments.open_or_build()
        else:
            segment = segments.Segment.open(stored.path)
        self._live = LiveIndex(segment, model.dimension, prior_means=background_means(model.name),
                               hubness=labels_hubness(model.name))
        self._segment = stored
        self._delta_documents = 0
        self.last_change = stored.covers
        self._segment_checked = time.monotonic()

    def _newer_segment(self) -> segments.StoredSegment | None:
        if time.monotonic() - self._segment_checked < SEGMENT_CHECK_SECONDS:
            return None
        self._segment_checked = time.monotonic()
        newest = segments.newest_segment(embedder().name, segments.database_identity())
        if newest is not None and newest.covers > self._segment.covers:
            return newest
        return None

    def sync(self) -> None:
        window_start = timezone.now() - LATE_COMMIT_WINDOW
        state = IndexChange.objects.aggregate(
            latest=Max("id"), oldest=Min("id"),
            recent=Sum("id", filter=Q(created_at__gte=window_start)),
        )
        latest, recent = state["latest"] or 0, state["recent"] or 0
        with self._lock:
            started = time.perf_counter()
            newer = self._newer_segment() if self._live is not None else None
            if self._live is None or newer is not None:
                self._open(newer)
            elif latest == self.last_change and recent == self._recent_changes:
                return
            if latest > self.last_change and (state["oldest"] or 0) > self.last_change + 1:
                # The maintenance pruned changes this process never replayed: only a segment
                # built since can catch up.
                with segments.host_lock():
                    self._open(segments.build_segment())
            since = self.last_change
            changed = set(
                IndexChange.objects.filter(Q(id__gt=since) | Q(created_at__gte=window_start))
                .values_list("kind", "object_id")
            )
            self._apply(changed)
            self.last_change = max(latest, self.last_change)
            self._recent_changes = recent
            self.last_sync_seconds = time.perf_counter() - started
            self._build_when_due()

    def _build_when_due(self) -> None:
        """A new segment beside this process when the delta grew large, or when the segment
        is old enough that the change log may soon be pruned past it (a process would then
        have to build one while a visitor waits)."""
        if not self._delta_documents or time.monotonic() - self._build_asked < BUILD_ASK_SECONDS:
            return
        age_days = (time.time() - self._segment.built_at) / 86400
        if (self._delta_documents > settings.SYNERGIE_INDEX_DELTA_MAX
                or age_days > settings.SYNERGIE_INDEX_CHANGE_DAYS / 2):
            self._build_asked = time.monotonic()
            segments.build_in_background()

    def _apply(self, changed: set[tuple[str, int]]) -> None:
        if not changed:
            return
        model_name = embedder().name
        found = set()
        for kind in {kind for kind, _ in changed}:
            ids = [object_id for k, object_id in changed if k == kind]
            rows = list(IndexedDocument.objects.filter(kind=kind, object_id__in=ids,
                                                       model=model_name)
                        .values_list("object_id", "text", "language", "vector", "hubness"))
            if rows:
                self._live.upsert(
                    np.array([segments.encode_key(kind, row[0]) for row in rows], dtype=np.int64),
                    [row[1] for row in rows], [row[2] for row in rows],
                    np.vstack([vector_from_bytes(row[3]) for row in rows]),
                    [row[4] for row in rows],
                )
            found.update((kind, row[0]) for row in rows)
            self._delta_documents += len(rows)
        gone = changed - found
        if gone:
            self._live.remove(np.array(_keys(gone), dtype=np.int64))

    def vector_for(self, query: Query) -> np.ndarray:
        if query.vector is not None:
            return query.vector
        return embedder().encode_query(query.text)

    def search(self, query: Query, k: int = 10, exclude=()) -> list[Match]:
        self.sync()
        if not len(self):
            return []
        vector = self.vector_for(query)
        with self._lock:
            found = self._live.search(query.text, query.language, vector, k=k,
                                      exclude=_keys(exclude))
        return [Match(segments.decode_key(match.key), match.score, match.signals)
                for match in found]

    def similarity(self, query: Query, keys, exclude=(), *, sync: bool = True,
                   exclude_institution: int | None = None) -> dict:
        """key -> (similarity, how far it stands out) of the query to each indexed document
        of `keys`, on the synergy map's measure (engine/clustering.py): what a threshold
        can be set on. How far it stands out is measured among documents other than those of
        `exclude` and of `exclude_institution`. `sync=False` right after a search of the same
        look-up: one question to the change log is enough."""
        if sync or self._live is None:
            self.sync()
        vector = self.vector_for(query)
        texts = self._texts(keys)
        with self._lock:
            found = [key for key in keys
                     if key in texts and segments.encode_key(*key) in self._live]
            values, standing = self._live.similarity(
                query.text, query.language, vector, _keys(found), _keys(exclude),
                texts=[texts[key] for key in found],
                exclude_where=None if exclude_institution is None
                else self._of_institution(exclude_institution))
        return {key: (float(value), float(z)) for key, value, z in zip(found, values, standing)}

    def _of_institution(self, institution_id: int):
        """A mask over the statistics sample's keys: its documents of the institution. The
        sample's owners are read once per sample (a few thousand ids), not per look-up."""
        def mask(sample_keys: np.ndarray) -> np.ndarray:
            if self._sample_owners is None or self._sample_owners[0] is not sample_keys:
                self._sample_owners = (sample_keys, _owners(sample_keys))
            return self._sample_owners[1] == institution_id
        return mask

    @staticmethod
    def _texts(keys) -> dict:
        """The indexed texts of a few documents (one query), for exact character cosines."""
        texts = {}
        for kind in {kind for kind, _ in keys}:
            ids = [object_id for k, object_id in keys if k == kind]
            texts.update(((kind, object_id), text) for object_id, text in
                         IndexedDocument.objects.filter(kind=kind, object_id__in=ids)
                         .values_list("object_id", "text"))
        return texts

    def embeddings(self, keys) -> tuple[list, np.ndarray]:
        """(the keys indexed, their centred unit embeddings)."""
        self.sync()
        with self._lock:
            found = [key for key in keys if segments.encode_key(*key) in self._live]
            return found, self._live.embeddings(_keys(found))

    def document_frequency(self, stems) -> list[int]:
        if self._live is None:
            return [0] * len(stems)
        return self._live.document_frequency(stems)

    def private_bytes(self) -> int:
        return self._live.private_bytes() if self._live is not None else 0

    def __len__(self) -> int:
        return len(self._live) if self._live is not None else 0

    def __contains__(self, key) -> bool:
        return self._live is not None and segments.encode_key(*key) in self._live


matching_index = MatchingIndex()
