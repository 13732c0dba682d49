"""Combining signals whose scales differ (BM25 is unbounded, cosines squeezed near 0.9): each
is turned into z-scores over the candidates of one query, then weighted and summed."""

import numpy as np


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
