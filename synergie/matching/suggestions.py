"""CPV codes suggested for a need's text, from the official labels in three languages."""

import threading

from synergie.matching.adapters import embedder
from synergie.matching.engine.background import background_means
from synergie.matching.engine.cpv import CpvSuggester, labels_suggester
from synergie.matching.engine.text import matched_part
from synergie.reference.models import CpvCode

_lock = threading.Lock()
_suggester: CpvSuggester | None = None


def cpv_suggester() -> CpvSuggester:
    """Built once per process, on first use (a few seconds over 28,362 labels)."""
    global _suggester
    with _lock:
        if _suggester is None:
            model = embedder()
            _suggester = labels_suggester(model.name, model.dimension,
                                          background_means(model.name))
        return _suggester


def suggest_cpv_codes(text: str, language: str, k: int = 3) -> list[tuple[CpvCode, float]]:
    text = matched_part((text or "").strip())
    if not text:
        return []
    suggestions = cpv_suggester().suggest(text, language, embedder().encode_query(text), k=k)
    codes = CpvCode.objects.in_bulk([s.code for s in suggestions])
    return [(codes[s.code], s.score) for s in suggestions if s.code in codes]
