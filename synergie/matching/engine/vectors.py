"""Nearest-neighbour search over embeddings that stays fast from a hundred to a million texts:
exact (one matrix product) while small, an HNSW graph (usearch) beyond a threshold."""

from collections.abc import Sequence

import numpy as np

# Below this many vectors an exact scan is as fast as a graph and needs no build.
EXACT_THRESHOLD = 50_000


class VectorIndex:
    def __init__(self, dimension: int, exact_threshold: int = EXACT_THRESHOLD,
                 connectivity: int = 16, expansion_add: int = 128, expansion_search: int = 160):
        self.dimension = dimension
        self.exact_threshold = exact_threshold
        self._params = {"connectivity": connectivity, "expansion_add": expansion_add,
                        "expansion_search": expansion_search}
        self._vectors = np.zeros((0, dimension), dtype=np.float32)
        self._alive = np.zeros(0, dtype=bool)
        self._graph = None
        self.centre = np.zeros(dimension, dtype=np.float32)

    def __len__(self) -> int:
        return int(self._alive.sum())

    @property
    def uses_graph(self) -> bool:
        return self._graph is not None

    def _unit(self, vectors: np.ndarray) -> np.ndarray:
        centred = np.asarray(vectors, dtype=np.float32) - self.centre
        norms = np.linalg.norm(centred, axis=-1, keepdims=True)
        norms[norms == 0] = 1.0
        return centred / norms

    def add(self, vectors: np.ndarray) -> None:
        """Append vectors; their positions follow the existing ones."""
        vectors = np.asarray(vectors, dtype=np.float32).reshape(-1, self.dimension)
        start = len(self._alive)
        self._vectors = np.vstack([self._vectors, self._unit(vectors)])
        self._alive = np.concatenate([self._alive, np.ones(len(vectors), dtype=bool)])
        if self._graph is not None:
            self._graph.add(np.arange(start, start + len(vectors)), self._vectors[start:])
        elif len(self) > self.exact_threshold:
            self.build_graph()

    def remove(self, positions: Sequence[int]) -> None:
        for position in positions:
            if self._alive[position]:
                self._alive[position] = False
                if self._graph is not None:
                    self._graph.remove(int(position))

    def build_graph(self, threads: int = 0) -> None:
        from usearch.index import Index

        graph = Index(ndim=self.dimension, metric="ip", dtype="f16", **self._params)
        positions = np.flatnonzero(self._alive)
        graph.add(positions, self._vectors[positions], threads=threads)
        self._graph = graph

    def search(self, vector: np.ndarray, k: int) -> tuple[np.ndarray, np.ndarray]:
        """(positions, cosine similarities) of the k nearest live vectors, best first."""
        k = min(k, len(self))
        if k <= 0:
            return np.zeros(0, dtype=np.int64), np.zeros(0, dtype=np.float32)
        query = self._unit(vector)
        if self._graph is not None:
            found = self._graph.search(query, k)
            return found.keys.astype(np.int64), (1.0 - found.distances).astype(np.float32)
        scores = self._vectors @ query
        scores[~self._alive] = -np.inf
        top = np.argpartition(-scores, k - 1)[:k]
        top = top[np.argsort(-scores[top])]
        return top, scores[top]

    def memory_bytes(self) -> int:
        graph = self._graph.memory_usage if self._graph is not None else 0
        return self._vectors.nbytes + graph
