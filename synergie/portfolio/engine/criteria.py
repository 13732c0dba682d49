"""Scoring candidates from weighted criteria, and weights derived from pairwise comparisons
(Saaty's analytic hierarchy process: principal eigenvector, with its consistency ratio)."""

from collections.abc import Mapping, Sequence
from dataclasses import dataclass

import numpy as np

CRITERIA = ("strategic_value", "regional_gain", "legal_obligation", "inclusion",
            "sustainability", "risk", "urgency")
# Saaty's random consistency index by matrix size.
RANDOM_INDEX = {1: 0.0, 2: 0.0, 3: 0.58, 4: 0.90, 5: 1.12, 6: 1.24, 7: 1.32, 8: 1.41, 9: 1.45}
CONSISTENT_ENOUGH = 0.10


@dataclass(frozen=True)
class PairwiseWeights:
    weights: dict[str, float]
    consistency_ratio: float

    @property
    def consistent(self) -> bool:
        return self.consistency_ratio <= CONSISTENT_ENOUGH


def weights_from_pairwise(criteria: Sequence[str],
                          preferences: Mapping[tuple[str, str], float]) -> PairwiseWeights:
    """`preferences[(a, b)] = 3` means a matters 3 times as much as b (1/3: the reverse).

    Missing pairs count as equally important. The weights sum to 1.
    """
    n = len(criteria)
    index = {name: i for i, name in enumerate(criteria)}
    matrix = np.ones((n, n))
    for (a, b), value in preferences.items():
        if value <= 0:
            raise ValueError(f"preference {a} over {b} must be positive, got {value}")
        matrix[index[a], index[b]] = value
        matrix[index[b], index[a]] = 1.0 / value
    eigenvalues, eigenvectors = np.linalg.eig(matrix)
    principal = int(np.argmax(eigenvalues.real))
    vector = np.abs(eigenvectors[:, principal].real)
    weights = vector / vector.sum()
    lambda_max = float(eigenvalues[principal].real)
    consistency_index = (lambda_max - n) / (n - 1) if n > 2 else 0.0
    ratio = consistency_index / RANDOM_INDEX.get(n, 1.49) if n > 2 else 0.0
    return PairwiseWeights({name: float(w) for name, w in zip(criteria, weights)},
                           max(0.0, ratio))


def weighted_score(ratings: Mapping[str, float], weights: Mapping[str, float]) -> float:
    """Σ weight × rating over the criteria, with the weights normalised to sum to 1.

    Ratings are 0–5; a criterion that counts against (risk) is rated so that 5 is best
    (lowest risk), so every criterion adds value.
    """
    total = sum(weights.values())
    if total <= 0:
        return 0.0
    return sum(weights[name] * float(ratings.get(name, 0)) for name in weights) / total
