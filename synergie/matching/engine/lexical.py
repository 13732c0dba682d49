"""Lexical signals over a growing set of texts: BM25 on stemmed words, TF-IDF on character
n-grams. Features are hashed (no vocabulary to fit), so texts can be added and removed one at a
time and every score equals what a full rebuild would give."""

from collections.abc import Callable, Sequence

import numpy as np
import scipy.sparse as sp
from sklearn.feature_extraction.text import HashingVectorizer

from synergie.kernel.text import fold
from synergie.matching.engine.chargrams import gram_counts
from synergie.matching.engine.text import words

N_FEATURES = 2**20


def _identity(terms: list[str]) -> list[str]:
    return terms


class _HashedTermIndex:
    """Rows of raw term counts, one per text, with document frequencies kept up to date.

    Rows are addressed by position; a removed row stays as an empty tombstone until the owner
    rebuilds, so positions never move under a caller.
    """

    def __init__(self, analyzer: Callable[[str, str], list[str]]):
        self._analyze = analyzer
        # The analyzer runs before hashing (it needs each text's language), so the vectorizer
        # receives lists of terms.
        self._vectorizer = HashingVectorizer(
            analyzer=_identity, n_features=N_FEATURES, alternate_sign=False, norm=None,
            dtype=np.float32,
        )
        self._rows: list[sp.csr_matrix] = []
        self._matrix = sp.csr_matrix((0, N_FEATURES), dtype=np.float32)
        self._csc: sp.csc_matrix | None = None
        self.doc_freq = np.zeros(N_FEATURES, dtype=np.int32)
        self.lengths = np.zeros(0, dtype=np.float32)
        self.alive = np.zeros(0, dtype=bool)

    def __len__(self) -> int:
        return self.alive.shape[0]

    @property
    def n_alive(self) -> int:
        return int(self.alive.sum())

    def counts(self, texts: Sequence[str], languages: Sequence[str] | None = None) -> sp.csr_matrix:
        languages = languages or ["fr"] * len(texts)
        terms = [self._analyze(text, language) for text, language in zip(texts, languages)]
        return self._vectorizer.transform(terms).tocsr()

    def add(self, texts: Sequence[str], languages: Sequence[str] | None = None) -> None:
        counts = self.counts(texts, languages)
        self._rows.append(counts)
        present = counts.copy()
        present.data[:] = 1
        self.doc_freq += np.asarray(present.sum(axis=0), dtype=np.int32).ravel()
        self.lengths = np.concatenate([self.lengths, np.asarray(counts.sum(axis=1)).ravel()])
        self.alive = np.concatenate([self.alive, np.ones(counts.shape[0], dtype=bool)])
        self._csc = None

    def remove(self, positions: Sequence[int]) -> None:
        matrix = self.matrix
        for position in positions:
            if not self.alive[position]:
                continue
            row = matrix.getrow(position)
            self.doc_freq[row.indices] -= 1
            self.alive[position] = False
            self.lengths[position] = 0
        keep = sp.diags(self.alive.astype(np.float32))
        self._matrix = (keep @ matrix).tocsr()
        self._matrix.eliminate_zeros()
        self._rows = []
        self._csc = None

    @property
    def matrix(self) -> sp.csr_matrix:
        if self._rows:
            self._matrix = sp.vstack([self._matrix, *self._rows], format="csr")
            self._rows = []
        return self._matrix

    def columns(self) -> sp.csc_matrix:
        if self._csc is None:
            self._csc = self.matrix.tocsc()
        return self._csc


class Bm25Index(_HashedTermIndex):
    """Okapi BM25 (k1 = 1.2, b = 0.75) on stemmed words without stop words."""

    def __init__(self, k1: float = 1.2, b: float = 0.75):
        self.k1, self.b = k1, b
        super().__init__(analyzer=words)

    def document_frequency(self, stems: Sequence[str]) -> list[int]:
        """In how many stored texts each stem occurs (hash collisions aside)."""
        if not stems:
            return []
        columns = self._vectorizer.transform([[stem] for stem in stems]).indices
        return [int(self.doc_freq[column]) for column in columns]

    def scores(self, query: str, language: str = "fr") -> np.ndarray:
        result = np.zeros(len(self), dtype=np.float32)
        n_docs = self.n_alive
        if n_docs == 0:
            return result
        terms = np.unique(self.counts([query], [language]).indices)
        if terms.size == 0:
            return result
        columns = self.columns()[:, terms].tocoo()
        df = self.doc_freq[terms].astype(np.float64)
        idf = np.log(1.0 + (n_docs - df + 0.5) / (df + 0.5))
        average_length = self.lengths[self.alive].mean() or 1.0
        tf = columns.data.astype(np.float64)
        norm = self.k1 * (1.0 - self.b + self.b * self.lengths[columns.row] / average_length)
        contribution = idf[columns.col] * tf * (self.k1 + 1.0) / (tf + norm)
        return np.bincount(columns.row, weights=contribution, minlength=len(self)).astype(
            np.float32
        )


_CHAR_NGRAMS = HashingVectorizer(analyzer="char_wb", ngram_range=(3, 5)).build_analyzer()


def char_ngrams(text: str, language: str = "") -> list[str]:
    """The n-grams of a text as strings (scikit-learn's "char_wb" on the folded text): what
    engine/chargrams.py hashes, in numpy, for CharTfidfIndex and the segments."""
    return _CHAR_NGRAMS(fold(text))


class CharTfidfIndex(_HashedTermIndex):
    """Cosine of TF-IDF vectors of character 3- to 5-grams (sublinear tf, smooth idf): robust
    to inflection, compound words, typos and lost accents.

    Rows store the sublinear term frequency (1 + log tf) once, so a query only multiplies.
    """

    def __init__(self):
        super().__init__(analyzer=char_ngrams)
        self._norms: np.ndarray | None = None
        self._idf_cache: np.ndarray | None = None

    def counts(self, texts: Sequence[str], languages: Sequence[str] | None = None) -> sp.csr_matrix:
        # The features of engine/chargrams.py, shared with the memory-mapped segments.
        counts = gram_counts(texts)
        counts.data = 1.0 + np.log(counts.data)
        return counts

    def add(self, texts: Sequence[str], languages: Sequence[str] | None = None) -> None:
        super().add(texts, languages)
        self._norms = self._idf_cache = None

    def remove(self, positions: Sequence[int]) -> None:
        super().remove(positions)
        self._norms = self._idf_cache = None

    def _idf(self) -> np.ndarray:
        if self._idf_cache is None:
            n_docs = self.n_alive
            self._idf_cache = (np.log((1.0 + n_docs) / (1.0 + self.doc_freq)) + 1.0).astype(
                np.float32
            )
        return self._idf_cache

    def _weighted(self, tf: sp.csr_matrix, idf: np.ndarray) -> sp.csr_matrix:
        weighted = tf.copy()
        weighted.data = weighted.data * idf[weighted.indices]
        return weighted

    def doc_norms(self) -> np.ndarray:
        """Every row's norm depends on the idf, which moves as texts come and go."""
        if self._norms is None:
            weighted = self._weighted(self.matrix, self._idf())
            norms = np.sqrt(np.asarray(weighted.multiply(weighted).sum(axis=1)).ravel())
            norms[norms == 0] = 1.0
            self._norms = norms.astype(np.float32)
        return self._norms

    def normalised_rows(self, positions: Sequence[int]) -> sp.csr_matrix:
        """The TF-IDF vectors (unit length) of the rows at `positions`, for pairwise cosines."""
        weighted = self._weighted(self.matrix[positions], self._idf())
        return sp.diags(1.0 / self.doc_norms()[positions]) @ weighted

    def cosines(self, query: str, positions: Sequence[int]) -> np.ndarray:
        """The query's cosine to the rows at `positions` only."""
        if self.n_alive == 0 or not len(positions):
            return np.zeros(len(positions), dtype=np.float32)
        query_vector = self._weighted(self.counts([query]), self._idf())
        norm = np.sqrt((query_vector.data**2).sum())
        if norm == 0:
            return np.zeros(len(positions), dtype=np.float32)
        rows = self.normalised_rows(positions) @ (query_vector / norm).T
        return np.asarray(rows.todense(), dtype=np.float32).ravel()

    def scores(self, query: str, language: str = "fr") -> np.ndarray:
        if self.n_alive == 0:
            return np.zeros(len(self), dtype=np.float32)
        idf = self._idf()
        query_vector = self._weighted(self.counts([query]), idf)
        norm = np.sqrt((query_vector.data**2).sum())
        if norm == 0:
            return np.zeros(len(self), dtype=np.float32)
        terms = query_vector.indices
        # Each document: the sum over the query's terms of its sublinear tf x idf x the query's
        # weight for that term, one sparse matrix-vector product.
        factor = (idf[terms] * query_vector.data / norm).astype(np.float32)
        result = self.columns()[:, terms] @ factor
        return (result / self.doc_norms()).astype(np.float32)
