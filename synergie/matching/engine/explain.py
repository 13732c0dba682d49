"""Why two texts match, in words a person can check: the key terms they share, or, across
languages, the key terms of each side."""

from dataclasses import dataclass, field

from synergie.matching.engine.text import words_with_surface

MAX_TERMS = 4


@dataclass
class Explanation:
    shared_terms: list[str] = field(default_factory=list)
    query_terms: list[str] = field(default_factory=list)
    match_terms: list[str] = field(default_factory=list)
    cross_language: bool = False


def _by_rarity(pairs: list[tuple[str, str]], doc_freq) -> list[tuple[str, str]]:
    """Distinct stems, rarest first (a rare shared word says more than a common one)."""
    seen: dict[str, str] = {}
    for stem, written in pairs:
        if not stem.isdigit():
            seen.setdefault(stem, written)
    stems = list(seen)
    frequencies = doc_freq(stems)
    ranked = sorted(zip(stems, frequencies), key=lambda item: (item[1], -len(item[0])))
    return [(stem, seen[stem]) for stem, _ in ranked]


def explain(query_text: str, query_language: str, match_text: str, match_language: str,
            doc_freq) -> Explanation:
    """`doc_freq(stems) -> [int]` tells how common each stem is in the index."""
    query_pairs = words_with_surface(query_text, query_language)
    match_pairs = words_with_surface(match_text, match_language)
    match_stems = {stem for stem, _ in match_pairs}
    shared = [(s, w) for s, w in _by_rarity(query_pairs, doc_freq) if s in match_stems]
    explanation = Explanation(
        shared_terms=[written.lower() for _, written in shared[:MAX_TERMS]],
        cross_language=query_language != match_language,
    )
    if explanation.cross_language or len(shared) < 2:
        explanation.query_terms = [
            w.lower() for _, w in _by_rarity(query_pairs, doc_freq)[:MAX_TERMS - 1]
        ]
        explanation.match_terms = [
            w.lower() for _, w in _by_rarity(match_pairs, doc_freq)[:MAX_TERMS - 1]
        ]
    return explanation
