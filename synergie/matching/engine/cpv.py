"""Suggesting CPV codes for a need's text: its nearest labelled references (the official CPV
labels in French, Dutch and English, and real contracts with their codes) vote for their codes."""

from collections import defaultdict
from collections.abc import Sequence
from dataclasses import dataclass

import numpy as np

from synergie.matching.engine.matcher import HybridMatcher, MatcherConfig

NEIGHBOURS = 30
TEMPERATURE = 0.5


@dataclass
class Suggestion:
    code: str
    score: float


class CpvSuggester:
    def __init__(self, dimension: int, config: MatcherConfig | None = None,
                 prior_means: dict[str, np.ndarray] | None = None):
        self.matcher = HybridMatcher(dimension, config, prior_means)
        self.codes: list[str] = []

    def add(self, texts: Sequence[str], codes: Sequence[str], languages: Sequence[str],
            vectors: np.ndarray) -> None:
        start = len(self.codes)
        self.matcher.add(list(range(start, start + len(texts))), texts, languages, vectors)
        self.codes.extend(codes)

    def suggest(self, text: str, language: str, vector: np.ndarray, k: int = 3,
                exclude: Sequence[int] = ()) -> list[Suggestion]:
        matches = self.matcher.search(text, language, vector, k=NEIGHBOURS, exclude=exclude)
        if not matches:
            return []
        scores = np.array([match.score for match in matches])
        weights = np.exp((scores - scores.max()) / TEMPERATURE)
        votes: dict[str, float] = defaultdict(float)
        for match, weight in zip(matches, weights / weights.sum()):
            votes[self.codes[match.key]] += float(weight)
        ranked = sorted(votes.items(), key=lambda item: item[1], reverse=True)[:k]
        return [Suggestion(code, round(score, 4)) for code, score in ranked]
