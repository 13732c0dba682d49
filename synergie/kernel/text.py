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


# What people type, kept within bounds (every form through core.forms, every model through
# core.validation): a text longer than this is not a description but a pasted document, and it
# would cost the matching and every page that shows it.
LONG_TEXT_MAX = 20_000
# A one-line field without a length of its own (a list of figures, a reason).
SHORT_TEXT_MAX = 1_000

# Characters nobody means to type, which break what shows the text: control characters (Word
# puts U+000B in pasted text; XML, so the Atom feed, refuses all but tab and line breaks) and the
# bidirectional embeddings, overrides and isolates that turn the rest of a page backwards.
_BIDI_CONTROLS = "\u202a\u202b\u202c\u202d\u202e\u2066\u2067\u2068\u2069"
_KEPT_IN_MULTILINE = "\t\n\r"
_UNWANTED = re.compile(
    "[\x00-\x08\x0b\x0c\x0e-\x1f\x7f-\x9f\ufffe\uffff\ud800-\udfff" + _BIDI_CONTROLS + "]")
_LINE_BREAKS = re.compile(r" *[\t\n\r]+ *")


def strip_unwanted_characters(text: str, *, multiline: bool = True) -> str:
    """`text` without control or bidirectional override characters; a vertical tab or form
    feed becomes a line break, as Word meant it. A one-line text also loses its tabs and line
    breaks (each run becomes one space)."""
    if not text:
        return text
    text = _UNWANTED.sub(lambda m: "\n" if m.group() in "\x0b\x0c" else "", text)
    if not multiline:
        text = _LINE_BREAKS.sub(" ", text)
    return text


def has_unwanted_characters(text: str, *, multiline: bool = True) -> bool:
    return bool(text) and strip_unwanted_characters(text, multiline=multiline) != text


# The largest id a database column holds: a longer number in an address or a forged form makes
# the database driver fail (OverflowError on SQLite, "out of range" on PostgreSQL).
LARGEST_ID = 2**63 - 1


def row_id(value) -> int | None:
    """A row id read from a request ("12"), or None for anything else ("abc", "²", 40 digits)."""
    text = str(value or "").strip()
    if text.isascii() and text.isdigit() and len(text) <= 19 and int(text) <= LARGEST_ID:
        return int(text)
    return None
