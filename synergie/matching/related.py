"""Catalogue solutions and the applications institutions run, beside the needs: a need's page
lists those that do the same thing (DESIGN.md, the journey's step 2).

They are stored as documents of the index table (kinds `solution` and `application`), one per
language they are described in, embedded by the same model, but kept out of the needs' segments:
they are a few thousand where needs are a million, so a need's look-up compares its vector with
all of them at once (one matrix product, cached per process until one of them changes) and
scores them with the synergy map's measure, on the text in the need's language when there is
one. Across languages only the embedding compares, and it runs higher (on the demo a Dutch need
about council meetings scored 0.41 against the French payroll solution): texts in the same
language keep one scale, on which one threshold holds.

The apps that own them sit above matching: each registers a `RelatedKind` when it starts
(their AppConfig.ready), which tells this module how to read a text and what a reader may see.
"""

from collections.abc import Callable, Iterable
from dataclasses import dataclass

import numpy as np
from django.db import transaction
from django.db.models import Count, Max

from synergie.matching.adapters import embedder, text_hash, vector_bytes, vector_from_bytes
from synergie.matching.engine.background import background_means
from synergie.matching.engine.clustering import combined_similarity
from synergie.matching.engine.chargrams import N_FEATURES, char_idf, gram_counts, sublinear
from synergie.matching.engine.graph_clustering import centre
from synergie.matching.models import DocumentKind, IndexedDocument

RELATED_KINDS = (DocumentKind.SOLUTION, DocumentKind.APPLICATION)
# The threshold of twin needs (explain.SIMILAR_NEED_THRESHOLD). Measured on the demo's 55 open
# needs against its 6 solutions and 31 applications, each compared in the need's language: the
# needs about payroll, e-counters, archiving and appointments score 0.37-0.55 with their
# solution (11 needs); of the other pairs two reach it (office software against payroll 0.38,
# hosting against the service desk 0.37), the rest stay at 0.36 or below. At 0.35 five more
# unrelated pairs showed; the geographic applications (0.33) are missed.
RELATED_THRESHOLD = 0.37
LANGUAGES = ("fr", "nl", "en")
RELATED_SHOWN = 5


@dataclass(frozen=True)
class RelatedText:
    text: str
    language: str
    institution_id: int | None = None


@dataclass(frozen=True)
class RelatedOffer:
    """One line of a need's "already in the region": what it is, where to read it."""

    kind_label: str
    title: str
    url: str
    detail: str
    score: float = 0.0


@dataclass(frozen=True)
class RelatedKind:
    kind: str
    # object id -> its text in each language it has (none when it is gone).
    text_of: Callable[[int], list[RelatedText]]
    all_ids: Callable[[], Iterable[int]]
    # (object ids, user) -> {object id: RelatedOffer} for those `user` may read.
    describe: Callable[[list[int], object], dict[int, RelatedOffer]]


_registry: dict[str, RelatedKind] = {}


def document_id(object_id: int, language: str) -> int:
    """One document per object and language in the index table (unique on kind and id)."""
    return object_id * len(LANGUAGES) + LANGUAGES.index(language)


def object_of(document: int) -> tuple[int, str]:
    return document // len(LANGUAGES), LANGUAGES[document % len(LANGUAGES)]


def register(kind: RelatedKind) -> None:
    _registry[kind.kind] = kind


def index_related(kind: str, object_id: int) -> str:
    """Bring one solution's or application's documents in line with its texts."""
    texts = {text.language: text for text in _registry[kind].text_of(object_id)
             if text.text.strip() and text.language in LANGUAGES}
    stale = [document_id(object_id, language) for language in LANGUAGES
             if language not in texts]
    deleted, _ = IndexedDocument.objects.filter(kind=kind, object_id__in=stale).delete()
    if not texts:
        return "removed" if deleted else "absent"
    model = embedder()
    existing = {row.object_id: row for row in IndexedDocument.objects.filter(
        kind=kind, object_id__in=[document_id(object_id, lang) for lang in texts])}
    todo = [(document_id(object_id, lang), text, text_hash(text.text, model.name))
            for lang, text in texts.items()]
    todo = [(document, text, digest) for document, text, digest in todo
            if not (document in existing and existing[document].text_hash == digest
                    and existing[document].institution_id == text.institution_id)]
    if not todo:
        return "removed" if deleted else "unchanged"
    vectors = model.encode_documents([text.text for _, text, _ in todo])
    with transaction.atomic():
        for (document, text, digest), vector in zip(todo, vectors, strict=True):
            IndexedDocument.objects.update_or_create(
                kind=kind, object_id=document, defaults={
                    "institution_id": text.institution_id, "language": text.language,
                    "text": text.text, "text_hash": digest, "model": model.name,
                    "vector": vector_bytes(vector), "hubness": None})
    return "updated" if existing else "added"


def reindex_related() -> dict[str, int]:
    """Every registered kind's documents, added, refreshed or removed."""
    counts: dict[str, int] = {}
    for kind, registered in _registry.items():
        wanted = set(registered.all_ids())
        gone = [document for document in IndexedDocument.objects.filter(kind=kind)
                .values_list("object_id", flat=True) if object_of(document)[0] not in wanted]
        deleted, _ = IndexedDocument.objects.filter(kind=kind, object_id__in=gone).delete()
        counts["removed"] = counts.get("removed", 0) + deleted
        for object_id in sorted(wanted):
            outcome = index_related(kind, object_id)
            counts[outcome] = counts.get(outcome, 0) + 1
    return counts


class _RelatedMatrix:
    """The related documents' centred vectors and texts, read again when one of them changed."""

    def __init__(self):
        self.version = None

    def current(self, model_name: str):
        rows = IndexedDocument.objects.filter(kind__in=RELATED_KINDS, model=model_name)
        version = tuple(rows.aggregate(count=Count("pk"), latest=Max("updated_at")).values())
        if version != self.version:
            stored = list(rows.order_by("pk").values_list(
                "kind", "object_id", "institution_id", "language", "text", "vector"))
            self.keys = [(kind, *object_of(document)) for kind, document, *_ in stored]
            self.institutions = np.array([row[2] or 0 for row in stored], dtype=np.int64)
            self.languages = np.array([row[3] for row in stored])
            self.texts = [row[4] for row in stored]
            vectors = (np.vstack([vector_from_bytes(row[5]) for row in stored]) if stored
                       else np.zeros((0, 1), dtype=np.float32))
            self.means = background_means(model_name)
            self.centred = centre(vectors, self.languages, self.means) if stored else vectors
            counts = gram_counts(self.texts)
            self.idf = char_idf(len(self.texts), np.bincount(counts.indices,
                                                             minlength=N_FEATURES))
            self.char_rows = _unit_tfidf(counts, self.idf)
            self.version = version
        return self


def _unit_tfidf(counts, idf: np.ndarray):
    """Character TF-IDF rows of unit length (as graph_clustering.char_tfidf_rows), with the
    related documents' idf also for the need's text: one scale for the whole comparison."""
    rows = counts.astype(np.float32)
    rows.data = sublinear(rows.data)
    rows.data *= idf[rows.indices]
    norms = np.sqrt(np.asarray(rows.multiply(rows).sum(axis=1)).ravel())
    norms[norms == 0] = 1.0
    rows.data /= np.repeat(norms, np.diff(rows.indptr)).astype(np.float32)
    return rows


_matrix = _RelatedMatrix()


def related_to_need(need, user, k: int = RELATED_SHOWN) -> list[RelatedOffer]:
    """The solutions and other institutions' applications that do what `need` asks, that
    `user` may read: at most `k`, most similar first, only those similar enough."""
    model = embedder()
    related = _matrix.current(model.name)
    if not related.keys:
        return []
    stored = IndexedDocument.objects.filter(kind=DocumentKind.NEED, object_id=need.pk,
                                            model=model.name).values_list("text", "vector")
    if stored:
        text, vector = stored[0][0], vector_from_bytes(stored[0][1])
    else:  # not indexed yet (just saved): embedded here once
        from synergie.matching.adapters import need_text

        text = need_text(need)
        vector = model.encode_documents([text])[0]
    query = centre(vector[None], [need.language], related.means)[0]
    embedding_cosine = related.centred @ query
    query_chars = _unit_tfidf(gram_counts([text]), related.idf)
    char_cosine = np.asarray((related.char_rows @ query_chars.T).todense()).ravel()
    similarity = combined_similarity(embedding_cosine, char_cosine,
                                     related.languages == need.language)
    # Each object once: its text in the need's language when it has one, else its best.
    in_language = {(kind, object_id) for kind, object_id, language in related.keys
                   if language == need.language}
    best: dict[tuple[str, int], int] = {}
    for position, (kind, object_id, language) in enumerate(related.keys):
        key = (kind, object_id)
        if key in in_language and language != need.language:
            continue
        if key not in best or similarity[position] > similarity[best[key]]:
            best[key] = position
    # Applications of the need's own institution are what it already runs: not an offer.
    candidates = np.array([position for position in best.values()
                           if similarity[position] >= RELATED_THRESHOLD
                           and related.institutions[position] != (need.institution_id or -1)],
                          dtype=np.int64)
    ranked = candidates[np.argsort(-similarity[candidates], kind="stable")]
    offers: list[RelatedOffer] = []
    by_kind: dict[str, list[int]] = {}
    for position in ranked:
        kind, object_id, _ = related.keys[position]
        by_kind.setdefault(kind, []).append(object_id)
    readable: dict = {}
    for kind, ids in by_kind.items():
        if kind in _registry:
            readable.update({(kind, object_id): offer for object_id, offer in
                             _registry[kind].describe(ids, user).items()})
    for position in ranked:
        offer = readable.get(related.keys[position][:2])
        if offer is not None:
            offers.append(RelatedOffer(offer.kind_label, offer.title, offer.url, offer.detail,
                                       float(similarity[position])))
        if len(offers) == k:
            break
    return offers
