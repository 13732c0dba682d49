"""The shipped matching method: lexical and semantic signals fused, over a set of texts that
grows and shrinks one text at a time."""

from collections.abc import Hashable, Sequence
from dataclasses import dataclass, field

import numpy as np

from synergie.matching.engine.clustering import combined_similarity
from synergie.matching.engine.fusion import (CROSS_LANGUAGE_WEIGHTS, RRF_DEPTH,
                                              SAME_LANGUAGE_WEIGHTS, fuse_candidates, fuse_zscores,
                                              zscores)
from synergie.matching.engine.hubness import HubnessCorrection, unit
from synergie.matching.engine.lexical import Bm25Index, CharTfidfIndex
from synergie.matching.engine.text import matched_part
from synergie.matching.engine.vectors import EXACT_THRESHOLD, VectorIndex

# Beyond the exact threshold, the embedding is scored only for these nearest neighbours (from
# the graph) and each lexical signal's best texts: as deep as the fusion looks, so the fused
# order is the exact path's (up to the graph's recall).
GRAPH_CANDIDATES = RRF_DEPTH
LEXICAL_CANDIDATES = RRF_DEPTH
STATISTICS_SAMPLE = 4096


@dataclass(frozen=True)
class MatcherConfig:
    # Reciprocal-rank fusion of the signals (engine/fusion.py): these weights for a text in the
    # query's language, the cross-language ones for a text in another language.
    weights: dict[str, float] = field(default_factory=lambda: dict(SAME_LANGUAGE_WEIGHTS))
    cross_language_weights: dict[str, float] = field(
        default_factory=lambda: dict(CROSS_LANGUAGE_WEIGHTS)
    )
    # How many texts' worth of trust the model's background mean gets when centring: a small
    # index's own mean is a poor estimate of the direction every embedding shares.
    prior_weight: int = 50
    # "rrf" (fusion.fuse_candidates, what needs are matched with) or "zscore"
    # (fusion.fuse_zscores, what the CPV suggester's vote was set on).
    fusion: str = "rrf"


@dataclass
class Match:
    key: Hashable
    score: float
    signals: dict[str, float]


class EmbeddingSet:
    """Unit vectors of the texts, centred on their language's running mean when scored.

    e5 cosines are squeezed between 0.8 and 0.95, and each language sits a little apart from
    the others: subtracting the language's mean spreads the cosines and brings twins in two
    languages closer. While a language has few texts its mean is shrunk towards the model's
    background mean for that language.

    With a hubness correction, a text's cosine to a query in another language is lowered by
    how close it sits to everything in that language (engine/hubness.py); cosines within a
    language are unchanged.
    """

    def __init__(self, dimension: int, prior_means: dict[str, np.ndarray] | None = None,
                 prior_weight: int = 0, hubness: HubnessCorrection | None = None):
        self.dimension = dimension
        self.vectors = np.zeros((0, dimension), dtype=np.float32)
        self.alive = np.zeros(0, dtype=bool)
        self.languages = np.zeros(0, dtype="<U2")
        self._sums: dict[str, np.ndarray] = {}
        self._counts: dict[str, int] = {}
        if prior_means is None and hubness is not None:
            prior_means = hubness.means
        self._priors = {lang: np.asarray(v, dtype=np.float64)
                        for lang, v in (prior_means or {}).items()}
        self._prior_weight = prior_weight if self._priors else 0
        self._centred: np.ndarray | None = None
        self.hubness = hubness
        self._penalties: dict[str, np.ndarray] = {
            language: np.zeros(0, dtype=np.float32)
            for language in (hubness.languages if hubness else ())
        }

    def add(self, vectors: np.ndarray, languages: Sequence[str],
            hubness: Sequence[dict[str, float] | None] | None = None) -> None:
        """`hubness`: each text's penalties as computed earlier (HubnessCorrection.penalties),
        or None where they are to be computed now."""
        vectors = np.asarray(vectors, dtype=np.float32).reshape(-1, self.dimension)
        self.vectors = np.vstack([self.vectors, vectors])
        self.alive = np.concatenate([self.alive, np.ones(len(vectors), dtype=bool)])
        self.languages = np.concatenate([self.languages, np.asarray(languages, dtype="<U2")])
        for vector, language in zip(vectors, languages):
            self._sums[language] = self._sums.get(language, 0) + vector.astype(np.float64)
            self._counts[language] = self._counts.get(language, 0) + 1
        if self.hubness is not None:
            self._add_penalties(vectors, languages, hubness or [None] * len(vectors))
        self._centred = None

    def _add_penalties(self, vectors: np.ndarray, languages: Sequence[str],
                       known: Sequence[dict[str, float] | None]) -> None:
        missing = [row for row, penalties in enumerate(known) if penalties is None]
        computed = self.hubness.penalties(vectors[missing], [languages[row] for row in missing])
        for language in self._penalties:
            column = np.array([(penalties or {}).get(language, 0.0) for penalties in known],
                              dtype=np.float32)
            column[missing] = computed[language]
            self._penalties[language] = np.concatenate([self._penalties[language], column])

    def remove(self, positions: Sequence[int]) -> None:
        for position in positions:
            if self.alive[position]:
                language = self.languages[position]
                self._sums[language] = self._sums[language] - self.vectors[position]
                self._counts[language] -= 1
                self.alive[position] = False
        self._centred = None

    def mean(self, language: str) -> np.ndarray:
        prior = self._priors.get(language)
        if prior is None and self._priors:
            prior = np.mean(list(self._priors.values()), axis=0)
        weight = self._prior_weight if prior is not None else 0
        count = self._counts.get(language, 0)
        if count == 0 and prior is not None:
            return prior.astype(np.float32)
        if count + weight == 0:
            # A language nobody wrote in yet, with no background known: centre on all texts.
            total = sum(self._counts.values())
            if total == 0:
                return np.zeros(self.dimension, dtype=np.float32)
            return (sum(self._sums.values()) / total).astype(np.float32)
        total = self._sums.get(language, 0) + (weight * prior if weight else 0)
        return (total / (count + weight)).astype(np.float32)

    def centred(self, vector: np.ndarray, language: str) -> np.ndarray:
        return unit(np.asarray(vector, dtype=np.float32) - self.mean(language))

    def centred_matrix(self) -> np.ndarray:
        """Every stored vector centred on its language's mean, computed once per change."""
        if self._centred is None:
            centred = self.vectors.copy()
            for language in np.unique(self.languages):
                rows = self.languages == language
                centred[rows] -= self.mean(str(language))
            self._centred = unit(centred)
        return self._centred

    def scores(self, query_vector: np.ndarray, language: str,
               positions: np.ndarray | None = None) -> np.ndarray:
        """Cosines of the query to the stored texts (or those at `positions`), corrected for
        hubness across languages."""
        if len(self.vectors) == 0:
            return np.zeros(0, dtype=np.float32)
        matrix = self.centred_matrix()
        if positions is not None:
            matrix = matrix[positions]
        scores = matrix @ self.centred(query_vector, language)
        penalty = self._penalties.get(language)
        if penalty is not None:
            scores -= penalty if positions is None else penalty[positions]
        return scores


class HybridMatcher:
    """Scores a query text against every stored text with BM25, character TF-IDF and the
    cosine of centred sentence embeddings, fused by engine/fusion.py."""

    def __init__(self, dimension: int, config: MatcherConfig | None = None,
                 prior_means: dict[str, np.ndarray] | None = None,
                 exact_threshold: int = EXACT_THRESHOLD,
                 hubness: HubnessCorrection | None = None):
        self.config = config or MatcherConfig()
        self.bm25 = Bm25Index()
        self.char = CharTfidfIndex()
        self.embeddings = EmbeddingSet(dimension, prior_means, self.config.prior_weight,
                                       hubness)
        self.neighbours = VectorIndex(dimension, exact_threshold=exact_threshold)
        self.keys: list[Hashable] = []
        self._positions: dict[Hashable, int] = {}

    @property
    def languages(self) -> np.ndarray:
        return self.embeddings.languages

    def __len__(self) -> int:
        return len(self._positions)

    def __contains__(self, key: Hashable) -> bool:
        return key in self._positions

    def position(self, key: Hashable) -> int:
        return self._positions[key]

    def add(self, keys: Sequence[Hashable], texts: Sequence[str], languages: Sequence[str],
            vectors: np.ndarray, hubness: Sequence[dict[str, float] | None] | None = None,
            ) -> None:
        self.remove([key for key in keys if key in self._positions])
        start = len(self.keys)
        texts = [matched_part(text) for text in texts]
        self.bm25.add(texts, languages)
        self.char.add(texts, languages)
        self.embeddings.add(vectors, languages, hubness)
        self.neighbours.add(vectors)
        for offset, key in enumerate(keys):
            self.keys.append(key)
            self._positions[key] = start + offset

    def remove(self, keys: Sequence[Hashable]) -> None:
        positions = [self._positions.pop(key) for key in keys if key in self._positions]
        if positions:
            self.bm25.remove(positions)
            self.char.remove(positions)
            self.embeddings.remove(positions)
            self.neighbours.remove(positions)

    def signals(self, text: str, language: str, vector: np.ndarray) -> dict[str, np.ndarray]:
        return {
            "bm25": self.bm25.scores(text, language),
            "char": self.char.scores(text, language),
            "embedding": self.embeddings.scores(vector, language),
        }

    def similarity(self, text: str, language: str, vector: np.ndarray,
                   keys: Sequence[Hashable], exclude: Sequence[Hashable] = (),
                   ) -> tuple[np.ndarray, np.ndarray]:
        """The query's combined_similarity (engine/clustering.py) to the stored texts of
        `keys` (the synergy map's measure, without the hubness correction that only ranks),
        and how far each stands out: its z-score among the stored texts not in `exclude`
        (a sample of them in a large index).

        The similarity of a short text to anything is low, so only the z-score tells a short
        text's twin from the rest."""
        positions = [self._positions[key] for key in keys]
        if not positions:
            return np.zeros(0, dtype=np.float32), np.zeros(0, dtype=np.float32)
        text = matched_part(text)
        alive = self.embeddings.alive.copy()
        for key in exclude:
            if key in self._positions:
                alive[self._positions[key]] = False
        sample = self._statistics_sample(alive)
        values = self._similarity_at(text, language, vector, np.asarray(positions))
        spread = self._similarity_at(text, language, vector, sample)
        return values, zscores(values, float(spread.mean()), float(spread.std()))

    def _similarity_at(self, text: str, language: str, vector: np.ndarray,
                       positions: np.ndarray) -> np.ndarray:
        if not len(positions):
            return np.zeros(0, dtype=np.float32)
        embedding = (self.embeddings.centred_matrix()[positions]
                     @ self.embeddings.centred(vector, language))
        char = self.char.cosines(text, positions)
        return combined_similarity(embedding, char, self.languages[positions] == language)

    def fused(self, signals: dict[str, np.ndarray], exclude: np.ndarray | None = None,
              language: str | None = None) -> np.ndarray:
        """The shipped fusion (engine/fusion.py) of every live text not excluded, each
        weighted as in the query's language or not; -inf for the others."""
        alive = self.embeddings.alive.copy()
        if exclude is not None:
            alive &= ~exclude
        total = np.full(len(alive), -np.inf, dtype=np.float32)
        candidates = np.flatnonzero(alive)
        if len(candidates):
            same = (np.ones(len(candidates), dtype=bool) if language is None
                    else self.languages[candidates] == language)
            total[candidates] = self._fuse({n: v[candidates] for n, v in signals.items()}, same)
        return total

    def _fuse(self, signals: dict[str, np.ndarray], same_language: np.ndarray) -> np.ndarray:
        fuse = fuse_zscores if self.config.fusion == "zscore" else fuse_candidates
        return fuse(signals, same_language, weights=self.config.weights,
                    cross_language_weights=self.config.cross_language_weights)

    def search(self, text: str, language: str, vector: np.ndarray, k: int = 10,
               exclude: Sequence[Hashable] = (), prior: np.ndarray | None = None,
               ) -> list[Match]:
        """`prior`: a score added to each stored text's fused score, by position (what is
        known of a text before reading the query, such as the subject its code belongs to)."""
        if not self._positions:
            return []
        text = matched_part(text)  # the lexical signals' cost grows with the query's length
        mask = np.zeros(len(self.keys), dtype=bool)
        for key in exclude:
            if key in self._positions:
                mask[self._positions[key]] = True
        if self.neighbours.uses_graph:
            return self._search_with_graph(text, language, vector, k, mask, prior)
        signals = self.signals(text, language, vector)
        fused = self.fused(signals, mask, language)
        if prior is not None:
            fused = fused + prior
        return self._top(fused, signals, k)

    def _top(self, fused: np.ndarray, signals: dict[str, np.ndarray], k: int,
             positions: np.ndarray | None = None) -> list[Match]:
        k = min(k, int(np.isfinite(fused).sum()))
        if k <= 0:
            return []
        top = np.argpartition(-fused, k - 1)[:k]
        top = top[np.argsort(-fused[top])]
        rows = top if positions is None else positions[top]
        return [
            Match(self.keys[row], float(fused[i]), {n: float(s[i]) for n, s in signals.items()})
            for i, row in zip(top, rows)
        ]

    def _search_with_graph(self, text: str, language: str, vector: np.ndarray, k: int,
                           excluded: np.ndarray, prior: np.ndarray | None = None,
                           ) -> list[Match]:
        """The large-index path: the same fusion, on candidates instead of every text (the
        embedding's nearest neighbours and each lexical signal's best texts)."""
        alive = self.embeddings.alive & ~excluded
        lexical = {"bm25": self.bm25.scores(text, language),
                   "char": self.char.scores(text, language)}
        near, _ = self.neighbours.search(vector, GRAPH_CANDIDATES)
        best = [near]
        for values in lexical.values():
            values = np.where(alive, values, -np.inf)
            count = min(LEXICAL_CANDIDATES, len(values) - 1)
            best.append(np.argpartition(-values, count)[:count])
        candidates = np.unique(np.concatenate(best))
        candidates = candidates[alive[candidates]]
        signals = {"bm25": lexical["bm25"][candidates], "char": lexical["char"][candidates],
                   "embedding": self.embeddings.scores(vector, language, candidates)}
        fused = self._fuse(signals, self.languages[candidates] == language)
        if prior is not None:
            fused = fused + prior[candidates]
        return self._top(fused, signals, k, candidates)

    def _statistics_sample(self, alive: np.ndarray) -> np.ndarray:
        live = np.flatnonzero(alive)
        if len(live) <= STATISTICS_SAMPLE:
            return live
        return np.random.default_rng(0).choice(live, STATISTICS_SAMPLE, replace=False)
