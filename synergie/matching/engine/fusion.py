"""Combining signals whose scales differ (BM25 is unbounded, cosines squeezed near 0.9) into one
score per candidate of a query.

`fuse_candidates` is the shipped formula: the matcher's exact path calls it on every indexed text,
the large-index paths on a candidate set (nearest neighbours, best lexical texts, a delta).
"""

import numpy as np

# The weights of the signals for a candidate in the query's language, and for one in another
# language (where shared character n-grams are mostly noise).
SAME_LANGUAGE_WEIGHTS = {"bm25": 0.25, "char": 1.0, "embedding": 0.75}
CROSS_LANGUAGE_WEIGHTS = {"bm25": 0.0, "char": 0.0, "embedding": 1.0}


def zscores(scores: np.ndarray, mean: float | None = None, std: float | None = None) -> np.ndarray:
    mean = float(scores.mean()) if mean is None else mean
    std = float(scores.std()) if std is None else std
    if std <= 1e-12:
        return np.zeros_like(scores, dtype=np.float32)
    return ((scores - mean) / std).astype(np.float32)


def fuse(signals: dict[str, np.ndarray], weights: dict[str, float]) -> np.ndarray:
    total = None
    for name, weight in weights.items():
        if weight == 0 or name not in signals:
            continue
        part = weight * zscores(signals[name])
        total = part if total is None else total + part
    if total is None:
        raise ValueError("no signal with a non-zero weight")
    return total


def fuse_candidates(signals: dict[str, np.ndarray], same_language: np.ndarray) -> np.ndarray:
    """One score per candidate of one query, higher is better, on the scale of a z-score.

    `signals` maps "bm25", "char" and "embedding" to raw scores of the same n candidates;
    `same_language` says which candidates are written in the query's language.
    """
    same_language = np.asarray(same_language, dtype=bool)
    n = len(same_language)
    if n == 0:
        return np.zeros(0, dtype=np.float32)
    z = {name: zscores(np.asarray(values, dtype=np.float64)) for name, values in signals.items()}
    fused = zscores(_weighted(z, SAME_LANGUAGE_WEIGHTS, n))
    if not same_language.all():
        cross = zscores(_weighted(z, CROSS_LANGUAGE_WEIGHTS, n))
        fused = np.where(same_language, fused, cross)
    return fused.astype(np.float32)


def _weighted(z: dict[str, np.ndarray], weights: dict[str, float], n: int) -> np.ndarray:
    total = np.zeros(n, dtype=np.float64)
    for name, weight in weights.items():
        if weight and name in z:
            total += weight * z[name]
    return total
