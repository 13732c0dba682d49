"""The process's copy of the matching index, kept in step with the database.

Every search first asks the database for the newest index change (one cheap query) and replays
the changes this process has not applied, so all web processes and workers answer alike.
"""

import threading
from dataclasses import dataclass
from datetime import timedelta

import numpy as np
from django.db.models import Max, Min, Q, Sum
from django.utils import timezone

from synergie.matching.adapters import embedder, vector_from_bytes
from synergie.matching.engine.background import background_means
from synergie.matching.engine.cpv import labels_hubness
from synergie.matching.engine.matcher import HybridMatcher, Match
from synergie.matching.engine.text import matched_part
from synergie.matching.models import IndexChange, IndexedDocument

LOAD_BATCH = 5000
# Change ids are allocated at insert but become visible at commit, which may come in another
# order: the changes of the last moments are replayed until they are older than this.
LATE_COMMIT_WINDOW = timedelta(seconds=60)


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


class MatchingIndex:
    def __init__(self):
        self._lock = threading.Lock()
        self._matcher: HybridMatcher | None = None
        self._model_name = ""
        self.last_change = 0
        self._recent_changes = 0
        self.documents: dict[tuple[str, int], dict] = {}

    def reset(self) -> None:
        with self._lock:
            self._matcher = None
            self.last_change = 0
            self._recent_changes = 0
            self.documents = {}

    def _load(self, documents) -> tuple[list, list, list, list, list]:
        keys, texts, languages, vectors, hubness = [], [], [], [], []
        for doc in documents:
            if doc["model"] != self._model_name:
                continue  # embedded by another model: waits for `synergie reindex`
            key = (doc["kind"], doc["object_id"])
            keys.append(key)
            texts.append(doc["text"])
            languages.append(doc["language"])
            vectors.append(vector_from_bytes(doc["vector"]))
            hubness.append(doc["hubness"])
            self.documents[key] = {"institution_id": doc["institution_id"],
                                   "language": doc["language"]}
        return keys, texts, languages, vectors, hubness

    def _add(self, documents) -> None:
        keys, texts, languages, vectors, hubness = self._load(documents)
        if keys:
            self._matcher.add(keys, texts, languages, np.vstack(vectors), hubness)

    def sync(self) -> None:
        window_start = timezone.now() - LATE_COMMIT_WINDOW
        state = IndexChange.objects.aggregate(
            latest=Max("id"), oldest=Min("id"),
            recent=Sum("id", filter=Q(created_at__gte=window_start)),
        )
        latest, recent = state["latest"] or 0, state["recent"] or 0
        with self._lock:
            if (self._matcher is not None and latest == self.last_change
                    and recent == self._recent_changes):
                return
            if self._matcher is not None and (state["oldest"] or latest + 1) > self.last_change + 1:
                # The maintenance pruned changes this process never replayed: start afresh.
                self._matcher = None
            fields = ("kind", "object_id", "text", "language", "vector", "model", "institution_id",
                      "hubness")
            if self._matcher is None:
                model = embedder()
                self._model_name = model.name
                self._matcher = HybridMatcher(model.dimension,
                                              prior_means=background_means(model.name),
                                              hubness=labels_hubness(model.name))
                self.documents = {}
                queryset = IndexedDocument.objects.order_by("pk").values(*fields)
                for start in range(0, queryset.count(), LOAD_BATCH):
                    self._add(queryset[start:start + LOAD_BATCH])
            else:
                changed = set(
                    IndexChange.objects.filter(
                        Q(id__gt=self.last_change) | Q(created_at__gte=window_start)
                    ).values_list("kind", "object_id")
                )
                self._matcher.remove(list(changed))
                for key in changed:
                    self.documents.pop(key, None)
                for kind in {kind for kind, _ in changed}:
                    ids = [object_id for k, object_id in changed if k == kind]
                    self._add(IndexedDocument.objects.filter(kind=kind, object_id__in=ids)
                              .values(*fields))
            self.last_change = latest
            self._recent_changes = recent

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
            return self._matcher.search(query.text, query.language, vector, k=k, exclude=exclude)

    def similarity(self, query: Query, keys, exclude=()) -> dict:
        """key -> (similarity, how far it stands out) of the query to each indexed document
        of `keys`, on the synergy map's measure (HybridMatcher.similarity): what a threshold
        can be set on."""
        self.sync()
        vector = self.vector_for(query)
        with self._lock:
            found = [key for key in keys if key in self._matcher]
            values, standing = self._matcher.similarity(query.text, query.language, vector,
                                                        found, exclude)
        return {key: (float(value), float(z)) for key, value, z in zip(found, values, standing)}

    def vectors_for(self, keys):
        """(centred unit embeddings, character TF-IDF rows, languages, keys found) of indexed
        documents."""
        self.sync()
        with self._lock:
            found = [key for key in keys if key in self._matcher]
            positions = [self._matcher.position(key) for key in found]
            vectors = self._matcher.embeddings.centred_matrix()[positions]
            chars = self._matcher.char.normalised_rows(positions)
            languages = [self.documents[key]["language"] for key in found]
        return vectors, chars, languages, found

    def document_frequency(self, stems) -> list[int]:
        if self._matcher is None:
            return [0] * len(stems)
        return self._matcher.bm25.document_frequency(stems)

    def __len__(self) -> int:
        return len(self._matcher) if self._matcher is not None else 0


matching_index = MatchingIndex()
