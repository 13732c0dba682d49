"""The inbox search across languages: after the needs that contain every word of a query, the
needs written in another language that the matching engine finds most like it.

A short query says little to the embedding: "cimetière" sits about as close to a Dutch need on
tree inventories as to the Dutch cemetery need. So a need of another language is offered when it
contains a translation of every word of the query (engine/lexicon.py) and the engine ranks it
above the index's average (its fused score, a z-score, reaches TRANSLATED_THRESHOLD), or, without
such words, when it stands out clearly from the whole index (MEANING_THRESHOLD: on the demo's 63
needs, real twins of short queries mostly reach 2.5 and unrelated needs rarely do; a small index
cannot reach it).
"""

from dataclasses import dataclass, field

from synergie.matching.adapters import need_text
from synergie.matching.engine.cpv import LANGUAGES, labels_lexicon
from synergie.matching.engine.text import matched_part, words
from synergie.matching.models import DocumentKind
from synergie.matching.service import Query, matching_index

MEANING_THRESHOLD = 2.5
TRANSLATED_THRESHOLD = 0.5
CANDIDATES = 50
MOST_FOUND = 10


@dataclass
class FoundByMeaning:
    score: float
    # (word of the query, its translation in the need), when the lexicon knows them.
    translated_terms: list[tuple[str, str]] = field(default_factory=list)

    @property
    def terms(self) -> str:
        return ", ".join(f"{own} ↔ {other}" for own, other in self.translated_terms)


def needs_in_other_languages(text: str, default_language: str, queryset, exact_hits) -> list:
    """Needs of `queryset` (what the reader may see, with the other filters applied), not among
    `exact_hits` (a queryset) and written in another language than the query's, most similar
    first; each carries its `found_by_meaning`."""
    text = matched_part(text)
    lexicon = labels_lexicon()
    language = lexicon.guess_language(text, LANGUAGES, default_language)
    matches = [match for match in matching_index.search(Query(text=text, language=language),
                                                         k=CANDIDATES)
               if match.key[0] == DocumentKind.NEED]
    ids = [match.key[1] for match in matches]
    already_found = set(exact_hits.filter(pk__in=ids).values_list("pk", flat=True))
    needs = (queryset.filter(pk__in=ids).exclude(pk__in=already_found)
             .exclude(language=language).select_related("institution", "domain").in_bulk())
    query_stems = {stem for stem in words(text, language) if not stem.isdigit()}
    found = []
    for match in matches:
        need = needs.get(match.key[1])
        if need is None or match.score < TRANSLATED_THRESHOLD:
            continue
        translated = lexicon.corresponding_terms(text, language, need_text(need), need.language)
        every_word_translated = bool(query_stems) and len(translated) == len(query_stems)
        if match.score >= MEANING_THRESHOLD or every_word_translated:
            need.found_by_meaning = FoundByMeaning(match.score, translated)
            found.append(need)
    return found[:MOST_FOUND]
