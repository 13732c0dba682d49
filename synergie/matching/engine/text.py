"""Words for the lexical signal: folded, stop words removed, stemmed in the text's language."""

import re
from functools import lru_cache

import snowballstemmer

from synergie.kernel.text import fold
from synergie.matching.engine.chargrams import fast_fold

_WORD = re.compile(r"[^\W_]+", re.UNICODE)

# The function words of French, Dutch and English that carry no meaning in a need's text,
# plus the procurement boilerplate every need repeats.
STOP_WORDS = frozenset(
    """
    a au aux avec ce ces cette dans de des du elle en et est il ils je la le les leur leurs lui
    ma mais me meme mes moi mon ne nos notre nous on ou par pas pour qu que qui sa se ses son
    sur ta te tes toi ton tu un une vos votre vous y l d s n c j m qu afin ainsi etre avoir sont
    ont fait faire plus tout tous toute toutes entre dont via lors cadre type
    de het een en van in op te dat die voor met zijn is aan er niet als om ook door bij naar
    uit over tot maar dan of nog wordt worden kan zal moet deze dit wat wie hun ons onze
    the of and to in for on with by an be is are as at from that this or it its which
    """.split()
)

STEMMERS = {"fr": "french", "nl": "dutch", "en": "english"}

# What the matching reads of a text: its beginning, where a need says what it is about. The cost
# of embedding and of the lexical signals grows with the length (a 55 KB text took seconds,
# a 1.75 MB one a quarter of an hour); the demo's longest need is 1,152 characters.
MAX_MATCHED_CHARS = 4_000


def matched_part(text: str) -> str:
    """The first MAX_MATCHED_CHARS characters of `text`, cut between two words."""
    if len(text) <= MAX_MATCHED_CHARS:
        return text
    cut = text[:MAX_MATCHED_CHARS]
    space = cut.rfind(" ", MAX_MATCHED_CHARS - 100)
    return cut[:space] if space > 0 else cut


@lru_cache(maxsize=4)
def _stemmer(language: str):
    return snowballstemmer.stemmer(STEMMERS.get(language, "french"))


@lru_cache(maxsize=200_000)
def _stem(word: str, language: str) -> str:
    return _stemmer(language).stemWord(word)


def words_with_surface(text: str, language: str = "fr") -> list[tuple[str, str]]:
    """(stem, word as written) for every meaningful word, in order."""
    pairs = []
    for written in _WORD.findall(text or ""):
        word = fold(written)
        if word in STOP_WORDS or (len(word) < 2 and not word.isdigit()):
            continue
        pairs.append((_stem(word, language), written))
    return pairs


def words(text: str, language: str = "fr") -> list[str]:
    """Meaningful stemmed words; digits kept (years, volumes, product names)."""
    return [
        _stem(word, language)
        for word in _WORD.findall(fast_fold(text))
        if word not in STOP_WORDS and (len(word) > 1 or word.isdigit())
    ]


def normalised(text: str) -> str:
    """The text reduced to its folded words: two texts equal under this are trivial twins."""
    return " ".join(_WORD.findall(fold(text)))
