"""Why two texts match, in words a person can check: the key terms they share or, across
languages, the terms of one that translate terms of the other (engine/lexicon.py). When no
term of one is known to translate a term of the other, nothing is claimed about words.

A word written the same on both sides ("cybersecurity" in an English and a Dutch need) is a
shared term, not a translation; and the name of a month only dates a text, it says nothing of
its subject ("april" in two deadlines), so it is never given as a reason.
"""

from dataclasses import dataclass, field

from synergie.kernel.text import fold
from synergie.matching.engine.lexicon import TranslationLexicon
from synergie.matching.engine.text import words_with_surface

MAX_TERMS = 4
MONTHS = frozenset(fold(month) for month in """
    janvier février mars avril mai juin juillet août septembre octobre novembre décembre
    januari februari maart april mei juni juli augustus september oktober november december
    january february march may june july august october
    """.split())


@dataclass
class Explanation:
    shared_terms: list[str] = field(default_factory=list)
    # Across languages: (a word of the query, its translation in the match), as written.
    translated_terms: list[tuple[str, str]] = field(default_factory=list)
    cross_language: bool = False


def _rarest_first(stems: list[str], doc_freq) -> list[str]:
    """A rare word says more than a common one."""
    frequencies = doc_freq(stems)
    ranked = sorted(zip(stems, frequencies), key=lambda item: (item[1], -len(item[0])))
    return [stem for stem, _ in ranked]


def explain(query_text: str, query_language: str, match_text: str, match_language: str,
            doc_freq, lexicon: TranslationLexicon | None = None) -> Explanation:
    """`doc_freq(stems) -> [int]` tells how common each stem is in the index; `lexicon` says
    which words translate each other (without it nothing is said across languages)."""
    if query_language != match_language:
        corresponding = lexicon.corresponding_terms(
            query_text, query_language, match_text, match_language,
            order=lambda stems: _rarest_first(stems, doc_freq),
        ) if lexicon else []
        corresponding = [(own, other) for own, other in corresponding
                         if fold(own) not in MONTHS]
        return Explanation(
            shared_terms=[own for own, other in corresponding
                          if fold(own) == fold(other)][:MAX_TERMS],
            translated_terms=[(own, other) for own, other in corresponding
                              if fold(own) != fold(other)][:MAX_TERMS],
            cross_language=True,
        )
    written: dict[str, str] = {}
    for stem, word in words_with_surface(query_text, query_language):
        if not stem.isdigit() and fold(word) not in MONTHS:
            written.setdefault(stem, word)
    match_stems = {stem for stem, _ in words_with_surface(match_text, match_language)}
    shared = [stem for stem in _rarest_first(list(written), doc_freq) if stem in match_stems]
    return Explanation(shared_terms=[written[stem].lower() for stem in shared[:MAX_TERMS]])
