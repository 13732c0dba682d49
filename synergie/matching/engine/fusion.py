"""Combining the signals of one query's candidates (BM25, character TF-IDF, embedding cosine)
into one score each.

`fuse_candidates` is the shipped formula: the matcher's exact path calls it on every indexed
text, the large-index paths on a candidate set (nearest neighbours, best lexical texts, a delta).

The order is reciprocal-rank fusion (Cormack et al., 2009): a candidate scores the weighted mean
of 1 / (RRF_K + its rank) under each signal. Ranks do not care how a signal's scores are spread,
so the formula means the same on 60 texts, on a whole index or on 400 candidates drawn from its
top, and weights chosen on one file keep their meaning on another. A weighted sum of z-scores
(the previous method) lost to its own character n-gram signal on contracts it was not tuned on,
and across languages to the embedding alone: an unrelated text in the query's language with a
few common words got a BM25 z-score of 10 that no twin in another language could reach
(benchmarks/matching_quality.py, benchmarks/matching_bilingual.py, docs/adr/0006).

Between two languages only the embedding counts: shared character n-grams and stems are mostly
noise there. Since each formula's weights sum to one, the best candidate in either language
reaches the same score 1 / (RRF_K + 1).

The values handed back are on the scale of the z-scores that callers' thresholds were set on
(search.py, the CPV vote and its penalties): the candidates' weighted z-scores (standardised
again, the same weights), sorted and handed out in the fused order. The k-th best candidate
scores what the k-th best would score under the z-score formula; RRF decides who is k-th
(the z-score formula itself orders the candidates no signal ranks within its depth).
"""

import numpy as np
from scipy.stats import rankdata

RRF_K = 60
# A signal counts for its DEPTH best candidates only (as when fusing ranked lists of that
# length): a candidate set holding each signal's DEPTH best texts is then fused exactly as the
# whole index would be, whatever else it holds.
RRF_DEPTH = 200
# Chosen by leave-one-source-out on the DECP contracts (benchmarks/matching_quality.py):
# equal weights were as good on each held-out source as any weighting picked on the others.
SAME_LANGUAGE_WEIGHTS = {"bm25": 1.0, "char": 1.0, "embedding": 1.0}
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


def reciprocal_ranks(signals: dict[str, np.ndarray], weights: dict[str, float],
                     k: int = RRF_K, depth: int = RRF_DEPTH) -> np.ndarray:
    """Weighted mean over the signals of 1 / (k + rank), rank 1 the highest score, 0 beyond
    `depth` and for the candidates tied at a signal's lowest score; other ties share their
    average rank."""
    used = {name: w for name, w in weights.items() if w and name in signals}
    if not used:
        raise ValueError("no signal with a non-zero weight")
    total = sum(used.values())
    fused = 0.0
    for name, weight in used.items():
        values = np.asarray(signals[name], dtype=np.float64)
        ranks = rankdata(-values)
        # Texts sharing no word with the query (BM25 0) were not retrieved by that signal.
        retrieved = (ranks <= depth) & (values > values.min()) if np.ptp(values) else ranks < 0
        fused = fused + np.where(retrieved, weight / total / (k + ranks), 0.0)
    return fused


def fuse_candidates(signals: dict[str, np.ndarray], same_language: np.ndarray, *,
                    weights: dict[str, float] | None = None,
                    cross_language_weights: dict[str, float] | None = None) -> np.ndarray:
    """One score per candidate of one query, higher is better, on the scale of a z-score.

    `signals` maps "bm25", "char" and "embedding" to raw scores of the same n candidates;
    `same_language` says which candidates are written in the query's language. `weights`
    (for those) and `cross_language_weights` (for the others) replace the shipped ones.
    """
    same_language = np.asarray(same_language, dtype=bool)
    n = len(same_language)
    if n == 0:
        return np.zeros(0, dtype=np.float32)
    weights = weights or SAME_LANGUAGE_WEIGHTS
    cross_language_weights = cross_language_weights or CROSS_LANGUAGE_WEIGHTS
    fused = reciprocal_ranks(signals, weights)
    scale = _zscore_fusion(signals, weights)
    if not same_language.all():
        fused = np.where(same_language, fused, reciprocal_ranks(signals, cross_language_weights))
        scale = np.where(same_language, scale, _zscore_fusion(signals, cross_language_weights))
    return _rearranged(fused, scale)


def _zscore_fusion(signals: dict[str, np.ndarray], weights: dict[str, float]) -> np.ndarray:
    z = {name: zscores(np.asarray(values, dtype=np.float64)) for name, values in signals.items()}
    total = sum(w * z[name] for name, w in weights.items() if w and name in z)
    return zscores(np.asarray(total, dtype=np.float64))


def _rearranged(order_by: np.ndarray, values: np.ndarray) -> np.ndarray:
    """`values` sorted and handed out in the order of `order_by` (highest first); candidates
    tied there (beyond every signal's depth) are ordered by `values` themselves."""
    order = np.lexsort((-values, -order_by))
    result = np.empty(len(values), dtype=np.float32)
    result[order] = np.sort(values)[::-1]
    return result


def fuse_zscores(signals: dict[str, np.ndarray], same_language: np.ndarray, *,
                 weights: dict[str, float], cross_language_weights: dict[str, float],
                 ) -> np.ndarray:
    """The weighted sum of z-scores, standardised again, with the cross-language weights for
    the candidates in another language: the formula the CPV suggester's vote and penalties were
    set on (cpv.py). Over terse labels in four languages, where the ranks of near-synonyms
    mean little, it suits better than the rank fusion needs are matched with."""
    same_language = np.asarray(same_language, dtype=bool)
    if not len(same_language):
        return np.zeros(0, dtype=np.float32)
    fused = _zscore_fusion(signals, weights)
    if not same_language.all():
        fused = np.where(same_language, fused, _zscore_fusion(signals, cross_language_weights))
    return np.asarray(fused, dtype=np.float32)
