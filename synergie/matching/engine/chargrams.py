"""Character 3- to 5-grams inside word boundaries, hashed into 2^20 features with numpy.

The n-grams are those of scikit-learn's "char_wb" analyzer on the folded text: each
whitespace-separated word is padded with one space on each side and cut into every 3-, 4- and
5-character window that fits in the padded word. Instead of hashing each n-gram as a Python
string (about 0.6 ms for a 460-character text), all the texts of a batch are laid end to end as
one array of code points and every window is hashed at once with a polynomial over its code
points, mixed by the splitmix64 finaliser. `gram_feature` is the same hash for one n-gram string,
so the two can be checked against each other.
"""

import re
import unicodedata
from collections.abc import Sequence

import numpy as np
import scipy.sparse as sp


N_FEATURES = 2**20
FEATURE_BITS = 20
MIN_N, MAX_N = 3, 5

_MASK = (1 << 64) - 1
# One odd 64-bit multiplier per position in the window, and a salt per window length, so that
# "abc" and "abc " or "bca" do not collide by construction.
_MULTIPLIERS = (0x9E3779B97F4A7C15, 0xC2B2AE3D27D4EB4F, 0x165667B19E3779F9,
                0xD6E8FEB86659FD93, 0xFF51AFD7ED558CCD)
_SALTS = {3: 0x27D4EB2F165667C5, 4: 0x94D049BB133111EB, 5: 0xBF58476D1CE4E5B9}
_SPACE = 32


# The combining marks NFKD leaves after Latin letters, and any other non-ASCII character.
_COMMON_MARKS = re.compile("[{}]+".format("".join(
    chr(point) for point in range(0x300, 0x370) if unicodedata.combining(chr(point)))))
_NON_ASCII = re.compile("[^\x00-\x7f]")


def _unless_combining(match: re.Match) -> str:
    return "" if unicodedata.combining(match.group()) else match.group()


def fast_fold(text: str) -> str:
    """kernel.text.fold(text), by C loops over the whole text (NFKD, the common accents removed
    by a regular expression, casefold) instead of a Python loop over its characters."""
    if text.isascii():
        return text.lower()
    decomposed = _COMMON_MARKS.sub("", unicodedata.normalize("NFKD", text))
    if not decomposed.isascii():
        decomposed = _NON_ASCII.sub(_unless_combining, decomposed)
    return decomposed.casefold()


def _fold(text: str) -> str:
    # What scikit-learn's analyzer lower-cases after fold().
    return fast_fold(text).lower()


def _mix_scalar(value: int) -> int:
    value ^= value >> 30
    value = (value * 0xBF58476D1CE4E5B9) & _MASK
    value ^= value >> 27
    value = (value * 0x94D049BB133111EB) & _MASK
    value ^= value >> 31
    return value


def gram_feature(gram: str) -> int:
    """The feature of one n-gram string (as produced by the "char_wb" analyzer)."""
    value = 0
    for position, character in enumerate(gram):
        value = (value + ord(character) * _MULTIPLIERS[position]) & _MASK
    return _mix_scalar(value ^ _SALTS[len(gram)]) >> (64 - FEATURE_BITS)


def _mix(values: np.ndarray) -> np.ndarray:
    values ^= values >> np.uint64(30)
    values *= np.uint64(0xBF58476D1CE4E5B9)
    values ^= values >> np.uint64(27)
    values *= np.uint64(0x94D049BB133111EB)
    values ^= values >> np.uint64(31)
    return values >> np.uint64(64 - FEATURE_BITS)


def gram_occurrences(texts: Sequence[str]) -> tuple[np.ndarray, np.ndarray]:
    """(row, feature) of every n-gram occurrence of every text, rows numbered from 0."""
    # Each word becomes " word "; words and texts are joined by nothing, so two padded words
    # meet as "  ". A window lies inside one padded word exactly when none of its inner
    # characters is a space.
    padded = [" " + "  ".join(words) + " " if (words := _fold(text).split()) else ""
              for text in texts]
    lengths = np.fromiter((len(text) for text in padded), dtype=np.int64, count=len(padded))
    joined = "".join(padded) + " " * MAX_N
    with np.errstate(over="ignore"):
        points = np.frombuffer(joined.encode("utf-32-le"), dtype=np.uint32).astype(np.uint64)
        size = int(lengths.sum())
        if size == 0:
            return np.zeros(0, dtype=np.int32), np.zeros(0, dtype=np.uint32)
        rows = np.repeat(np.arange(len(texts), dtype=np.int32), lengths)
        space = points == _SPACE
        running = np.zeros(size, dtype=np.uint64)
        inner_space = np.zeros(size, dtype=bool)
        all_rows, all_features = [], []
        for position in range(MAX_N):
            # Windows of `length` characters starting at every position i: their hash so far,
            # and whether a space lies strictly inside (offsets 1 .. length - 2).
            running += points[position:position + size] * np.uint64(_MULTIPLIERS[position])
            length = position + 1
            if length >= 3:
                inner_space |= space[position - 1:position - 1 + size]
            if length < MIN_N:
                continue
            keep = np.flatnonzero(~inner_space)
            all_rows.append(rows[keep])
            all_features.append(_mix(running[keep] ^ np.uint64(_SALTS[length])).astype(np.uint32))
        return np.concatenate(all_rows), np.concatenate(all_features)


def gram_counts(texts: Sequence[str]) -> sp.csr_matrix:
    """(texts x N_FEATURES) raw n-gram counts, float32, indices sorted in each row."""
    rows, features = gram_occurrences(texts)
    counts = sp.csr_matrix(
        (np.ones(len(rows), dtype=np.float32), (rows, features.astype(np.int32))),
        shape=(len(texts), N_FEATURES),
    )
    counts.sum_duplicates()
    return counts


# A stored n-gram: its feature in the high 20 bits, its count (capped) in the low 12.
COUNT_BITS = 12
_COUNT_MASK = (1 << COUNT_BITS) - 1


def sublinear(counts: np.ndarray) -> np.ndarray:
    return (1.0 + np.log(counts)).astype(np.float32)


def char_idf(n_docs: int, doc_freq: np.ndarray) -> np.ndarray:
    """Smooth idf, as CharTfidfIndex and scikit-learn compute it."""
    return (np.log((1.0 + n_docs) / (1.0 + doc_freq)) + 1.0).astype(np.float32)


def pack(features: np.ndarray, counts: np.ndarray) -> np.ndarray:
    counts = np.minimum(np.asarray(counts), _COUNT_MASK).astype(np.uint32)
    return (np.asarray(features, dtype=np.uint32) << np.uint32(COUNT_BITS)) | counts


def unpack(packed: np.ndarray) -> tuple[np.ndarray, np.ndarray]:
    return (packed >> np.uint32(COUNT_BITS)).astype(np.int64), (packed & _COUNT_MASK)


def heaviest(counts: sp.csr_matrix, idf: np.ndarray, keep: int) -> tuple[np.ndarray, np.ndarray]:
    """Each row's `keep` heaviest n-grams by sublinear tf x idf, packed: (row lengths, packed
    n-grams row after row, by feature). A text's rare n-grams carry its cosines; the common ones
    it drops add about the same small amount to its cosine with any text."""
    lengths = np.diff(counts.indptr)
    if (lengths <= keep).all():
        return lengths, pack(counts.indices, counts.data)
    weight = sublinear(counts.data) * idf[counts.indices]
    chosen = []
    for row, (start, stop) in enumerate(zip(counts.indptr[:-1], counts.indptr[1:])):
        if stop - start <= keep:
            chosen.append(np.arange(start, stop))
        else:
            # A partial sort per row: faster than one sort of all the rows' entries.
            best = np.argpartition(weight[start:stop], stop - start - keep)[-keep:]
            best.sort()
            chosen.append(best + start)
    at = np.concatenate(chosen)
    return np.minimum(lengths, keep), pack(counts.indices[at], counts.data[at])
