"""Text normalisation shared by search and (later) matching: case- and accent-insensitive."""

import re
import unicodedata

_WORD = re.compile(r"[\w-]+", re.UNICODE)


def fold(text: str) -> str:
    """Lower-case and strip accents, so that "Régie" and "regie" compare equal."""
    decomposed = unicodedata.normalize("NFKD", text or "")
    return "".join(ch for ch in decomposed if not unicodedata.combining(ch)).casefold()


def search_terms(query: str) -> list[str]:
    """Split a user's query into folded words; each word must be found (AND)."""
    return [word for word in _WORD.findall(fold(query)) if word.strip("-")]
