"""The shipped matching method: lexical and semantic signals fused, over a set of texts that
grows and shrinks one text at a time."""

from collections.abc import Hashable, Sequence
from dataclasses import dataclass, field

import numpy as np

from synergie.matching.engine.fusion import zscores
from synergie.matching.engine.lexical import Bm25Index, CharTfidfIndex


@dataclass(frozen=True)
class MatcherConfig:
    # Chosen by cross-validation on 6,148 real French public contracts, folds by source
    # (benchmarks/matching_quality.py): character n-grams carry most of the monolingual signal,
    # the embedding adds the reworded twins, BM25 the rare exact terms.
    weights: dict[str, float] = field(
        default_factory=lambda: {"bm25": 0.25, "char": 1.0, "embedding": 0.75}
    )


@dataclass
class Match:
    key: Hashable
    score: float
    signals: dict[str, float]


class EmbeddingSet:
    """Unit vectors of the texts, centred on their running mean when scored: e5 cosines are
    squeezed between 0.8 and 0.95; subtracting the corpus mean spreads them."""

    def __init__(self, dimension: int):
        self.dimension = dimension
        self.vectors = np.zeros((0, dimension), dtype=np.float32)
        self.alive = np.zeros(0, dtype=bool)
        self._sum = np.zeros(dimension, dtype=np.float64)

    def add(self, vectors: np.ndarray) -> None:
        vectors = np.asarray(vectors, dtype=np.float32).reshape(-1, self.dimension)
        self.vectors = np.vstack([self.vectors, vectors])
        self.alive = np.concatenate([self.alive, np.ones(len(vectors), dtype=bool)])
        self._sum += vectors.sum(axis=0)

    def remove(self, positions: Sequence[int]) -> None:
        for position in positions:
            if self.alive[position]:
                self._sum -= self.vectors[position]
                self.alive[position] = False

    @property
    def mean(self) -> np.ndarray:
        count = int(self.alive.sum())
        return (self._sum / count).astype(np.float32) if count else self._sum.astype(np.float32)

    def centred(self, vectors: np.ndarray) -> np.ndarray:
        centred = vectors - self.mean
        norms = np.linalg.norm(centred, axis=-1, keepdims=True)
        norms[norms == 0] = 1.0
        return centred / norms

    def scores(self, query_vector: np.ndarray) -> np.ndarray:
        if len(self.vectors) == 0:
            return np.zeros(0, dtype=np.float32)
        return self.centred(self.vectors) @ self.centred(query_vector)


class HybridMatcher:
    """Scores a query text against every stored text with BM25, character TF-IDF and the
    cosine of centred sentence embeddings, each turned into z-scores over the stored texts,
    then weighted and summed."""

    def __init__(self, dimension: int, config: MatcherConfig | None = None):
        self.config = config or MatcherConfig()
        self.bm25 = Bm25Index()
        self.char = CharTfidfIndex()
        self.embeddings = EmbeddingSet(dimension)
        self.keys: list[Hashable] = []
        self._positions: dict[Hashable, int] = {}

    def __len__(self) -> int:
        return len(self._positions)

    def __contains__(self, key: Hashable) -> bool:
        return key in self._positions

    def position(self, key: Hashable) -> int:
        return self._positions[key]

    def add(self, keys: Sequence[Hashable], texts: Sequence[str], languages: Sequence[str],
            vectors: np.ndarray) -> None:
        self.remove([key for key in keys if key in self._positions])
        start = len(self.keys)
        self.bm25.add(texts, languages)
        self.char.add(texts, languages)
        self.embeddings.add(vectors)
        for offset, key in enumerate(keys):
            self.keys.append(key)
            self._positions[key] = start + offset

    def remove(self, keys: Sequence[Hashable]) -> None:
        positions = [self._positions.pop(key) for key in keys if key in self._positions]
        if positions:
            self.bm25.remove(positions)
            self.char.remove(positions)
            self.embeddings.remove(positions)

    def signals(self, text: str, language: str, vector: np.ndarray) -> dict[str, np.ndarray]:
        return {
            "bm25": self.bm25.scores(text, language),
            "char": self.char.scores(text, language),
            "embedding": self.embeddings.scores(vector),
        }

    def fused(self, signals: dict[str, np.ndarray], exclude: np.ndarray | None = None) -> np.ndarray:
        """Weighted z-scores; the statistics are taken over the live texts not excluded."""
        alive = self.embeddings.alive.copy()
        if exclude is not None:
            alive &= ~exclude
        total = np.zeros(len(alive), dtype=np.float32)
        if not alive.any():
            return np.full(len(alive), -np.inf, dtype=np.float32)
        for name, weight in self.config.weights.items():
            if weight:
                values = signals[name]
                live = values[alive]
                total += weight * zscores(values, float(live.mean()), float(live.std()))
        total[~alive] = -np.inf
        return total

    def search(self, text: str, language: str, vector: np.ndarray, k: int = 10,
               exclude: Sequence[Hashable] = ()) -> list[Match]:
        if not self._positions:
            return []
        signals = self.signals(text, language, vector)
        mask = np.zeros(len(self.keys), dtype=bool)
        for key in exclude:
            if key in self._positions:
                mask[self._positions[key]] = True
        fused = self.fused(signals, mask)
        k = min(k, int(np.isfinite(fused).sum()))
        if k <= 0:
            return []
        top = np.argpartition(-fused, k - 1)[:k]
        top = top[np.argsort(-fused[top])]
        return [
            Match(self.keys[i], float(fused[i]), {n: float(s[i]) for n, s in signals.items()})
            for i in top
        ]
