"""Correcting hubness across languages (cross-domain similarity local scaling, CSLS, Conneau et
al. 2018).

In a multilingual embedding space some texts ("hubs") sit near everything written in another
language, and win query after query there. CSLS ranks a text for a query in another language by
2 cos - r, where r is the text's mean cosine to its k nearest reference texts of the query's
language: a text close to everything pays for it. The references are texts of the domain in each
language; the shipped ones are the 9,454 CPV labels in French, Dutch and English. Nothing is
learned from their translations, only how crowded each region of each language is.

A rotation of each language onto the others, learned from the same labels (orthogonal
Procrustes), raised FR->NL top-1 on held-out labels but moved real needs' cross-language twins
down in the demo (labels are short noun phrases, needs are sentences), so it is not used.
"""

from collections.abc import Sequence
from dataclasses import dataclass

import numpy as np

NEIGHBOURS = 5
# The references' own hubness is estimated on a sample, to keep loading fast.
MEAN_SAMPLE = 512
CHUNK = 2048


def unit(vectors: np.ndarray) -> np.ndarray:
    norms = np.linalg.norm(vectors, axis=-1, keepdims=True)
    norms[norms == 0] = 1.0
    return vectors / norms


@dataclass
class HubnessCorrection:
    means: dict[str, np.ndarray]
    # Per language: the reference texts' vectors, centred on the language's mean, unit length.
    references: dict[str, np.ndarray]
    # (text language, query language) -> mean hubness of the text language's references.
    mean_hubness: dict[tuple[str, str], float]
    neighbours: int = NEIGHBOURS

    @classmethod
    def fit(cls, references: dict[str, np.ndarray],
            neighbours: int = NEIGHBOURS) -> "HubnessCorrection":
        """`references[language]`: embeddings of texts of the domain written in that language."""
        means = {lang: vectors.mean(axis=0) for lang, vectors in references.items()}
        centred = {lang: unit(vectors - means[lang]).astype(np.float32)
                   for lang, vectors in references.items()}
        correction = cls(means, centred, {}, neighbours)
        rng = np.random.default_rng(0)
        for text_language, vectors in centred.items():
            sample = vectors[rng.choice(len(vectors), min(MEAN_SAMPLE, len(vectors)),
                                        replace=False)]
            for query_language in centred:
                if query_language != text_language:
                    hubness = correction._hubness(sample, query_language)
                    correction.mean_hubness[text_language, query_language] = float(
                        hubness.mean())
        return correction

    @property
    def languages(self) -> set[str]:
        return set(self.references)

    def _hubness(self, centred: np.ndarray, query_language: str) -> np.ndarray:
        """Mean cosine of each vector to its k nearest references of a language."""
        reference = self.references[query_language]
        k = min(self.neighbours, len(reference))
        result = np.empty(len(centred), dtype=np.float32)
        for start in range(0, len(centred), CHUNK):
            cosines = centred[start:start + CHUNK] @ reference.T
            nearest = np.partition(cosines, -k, axis=1)[:, -k:]
            result[start:start + CHUNK] = nearest.mean(axis=1)
        return result

    def penalties(self, vectors: np.ndarray, languages: Sequence[str]) -> dict[str, np.ndarray]:
        """Per query language, what to subtract from each text's cosine to a query in that
        language: half its excess hubness (CSLS ranks by 2 cos - r; halving keeps the cosine's
        scale, and subtracting the references' mean keeps its centre). Zero for texts in the
        query's language or in a language without references.

        Measured on the vector centred on the references' mean, so a text's penalty does not
        move as the index around it grows.
        """
        vectors = np.asarray(vectors, dtype=np.float32)
        languages = np.asarray(languages)
        result = {lang: np.zeros(len(vectors), dtype=np.float32) for lang in self.references}
        for text_language in np.unique(languages):
            text_language = str(text_language)
            if text_language not in self.references:
                continue
            rows = np.flatnonzero(languages == text_language)
            centred = unit(vectors[rows] - self.means[text_language])
            for query_language in self.references:
                if query_language == text_language:
                    continue
                excess = (self._hubness(centred, query_language)
                          - self.mean_hubness[text_language, query_language])
                result[query_language][rows] = excess / 2
        return result
