"""An immutable matching segment on disk, memory-mapped read-only and shared by every process of
a machine (the operating system keeps one copy of its pages in memory).

A segment holds, for its documents in the order they were added ("positions"):

- keys.npy (int64) and key_order.npy (int32: positions by ascending key), languages.npy (uint8,
  codes into meta.json's list), means.npy: the per-language means the embeddings are centred on,
  frozen at build (what later documents and queries are centred on too);
- vectors.usearch: the centred unit embeddings, f16, in a usearch HNSW graph (metric ip) whose
  keys are positions; opened with view=True, so it is mapped, not read;
- penalties.npy (f16, n x hubness languages): each text's hubness penalty for a query in each
  language (engine/hubness.py);
- BM25: bm25_indptr.npy (int64, per hashed stem), bm25_docs.npy (int32 positions),
  bm25_tf.npy (uint16), lengths.npy (float32 words per text). A stem's document frequency is
  the length of its posting list;
- character n-grams: char_indptr.npy (int64, per position), char_grams.npy (uint32, each
  text's CHAR_KEEP heaviest n-grams packed with their counts, engine/chargrams.py) and
  char_df.npy (int32 document frequency of every n-gram feature, over the full texts).
"""

import json
import os
import shutil
from collections.abc import Sequence
from dataclasses import dataclass
from functools import lru_cache
from pathlib import Path

import numpy as np
from sklearn.utils import murmurhash3_32

from synergie.matching.engine.chargrams import (
    N_FEATURES, char_idf, gram_counts, heaviest,
)
from synergie.matching.engine.hubness import HubnessCorrection, unit
from synergie.matching.engine.text import matched_part, words

FORMAT = 1
# The heaviest character n-grams kept per text: 4 bytes each, so 1 KB per text.
CHAR_KEEP = 256
# The HNSW graph's parameters (engine/vectors.py uses the same).
GRAPH = {"connectivity": 16, "expansion_add": 128, "expansion_search": 160}
_VECTOR_CHUNK = 20_000
_POSTING_CHUNK = 2_000_000


@lru_cache(maxsize=500_000)
def stem_feature(stem: str) -> int:
    """The hashed column of a stem: the one scikit-learn's HashingVectorizer gives it, as in
    engine/lexical.py's Bm25Index."""
    value = murmurhash3_32(stem, seed=0)
    if value == -2**31:
        return (2**31 - (N_FEATURES - 1)) % N_FEATURES
    return abs(value) % N_FEATURES


def term_counts(text: str, language: str) -> tuple[np.ndarray, np.ndarray]:
    """(sorted features, counts) of a text's stems."""
    features = np.fromiter((stem_feature(stem) for stem in words(text, language)),
                           dtype=np.int32)
    return np.unique(features, return_counts=True)


def frozen_means(sums: dict[str, np.ndarray], counts: dict[str, int],
                 priors: dict[str, np.ndarray] | None, prior_weight: int,
                 dimension: int) -> tuple[dict[str, np.ndarray], np.ndarray]:
    """Each language's mean as EmbeddingSet.mean computes it (its texts' mean shrunk towards
    the model's background mean for it), and the mean for a language met later."""
    priors = {lang: np.asarray(v, dtype=np.float64) for lang, v in (priors or {}).items()}
    weight = prior_weight if priors else 0
    total = sum(counts.values())
    if priors:
        fallback = np.mean(list(priors.values()), axis=0)
    elif total:
        fallback = sum(sums.values()) / total
    else:
        fallback = np.zeros(dimension)
    means = {}
    for language in set(counts) | set(priors):
        prior = priors.get(language, fallback if priors else None)
        count = counts.get(language, 0)
        if count == 0:
            means[language] = prior if prior is not None else fallback
        elif prior is None:
            means[language] = sums[language] / count
        else:
            means[language] = (sums[language] + weight * prior) / (count + weight)
    return ({lang: m.astype(np.float32) for lang, m in means.items()},
            fallback.astype(np.float32))


def hubness_columns(hubness: HubnessCorrection | None) -> list[str]:
    return sorted(hubness.languages) if hubness is not None else []


def penalty_matrix(hubness: HubnessCorrection | None, columns: list[str],
                   vectors: np.ndarray, languages: Sequence[str],
                   known: Sequence[dict[str, float] | None] | None) -> np.ndarray:
    """(n x languages of `columns`) penalties: those given, the others computed now (zero
    without a hubness correction)."""
    result = np.zeros((len(vectors), len(columns)), dtype=np.float32)
    if not columns:
        return result
    known = known if known is not None else [None] * len(vectors)
    missing = [row for row, penalties in enumerate(known) if penalties is None]
    for row, penalties in enumerate(known):
        if penalties is not None:
            result[row] = [penalties.get(language, 0.0) for language in columns]
    if missing and hubness is not None:
        computed = hubness.penalties(vectors[missing], [languages[row] for row in missing])
        for column, language in enumerate(columns):
            result[missing, column] = computed[language]
    return result


class SegmentWriter:
    """Builds an immutable segment directory from documents given in chunks, at bounded memory:
    the raw vectors and postings wait in temporary files until `finish`, which centres the
    vectors on the means of all texts and turns the postings around."""

    def __init__(self, directory: Path, dimension: int,
                 prior_means: dict[str, np.ndarray] | None,
                 hubness: HubnessCorrection | None, prior_weight: int = 50,
                 char_keep: int = CHAR_KEEP, graph: dict | None = None):
        self.directory = Path(directory)
        if self.directory.exists():
            raise FileExistsError(self.directory)
        self.dimension = dimension
        self.priors = prior_means if prior_means is not None else (
            hubness.means if hubness is not None else None)
        self.prior_weight = prior_weight
        self.hubness = hubness
        self.char_keep = char_keep
        self.graph = {**GRAPH, **(graph or {})}
        self._work = self.directory.with_name(f".{self.directory.name}.{os.getpid()}.building")
        shutil.rmtree(self._work, ignore_errors=True)
        self._work.mkdir(parents=True)
        self._files = {name: open(self._work / f"{name}.tmp", "wb")
                       for name in ("vectors", "term_docs", "term_features", "term_counts",
                                    "char_grams")}
        self._keys: list[np.ndarray] = []
        self._languages: list[str] = []
        self._language_codes: list[np.ndarray] = []
        self._penalties: list[np.ndarray] = []
        self._lengths: list[np.ndarray] = []
        self._char_lengths: list[np.ndarray] = []
        self._sums: dict[str, np.ndarray] = {}
        self._counts: dict[str, int] = {}
        self.bm25_df = np.zeros(N_FEATURES, dtype=np.int64)
        self.char_df = np.zeros(N_FEATURES, dtype=np.int32)
        self.n = 0

    def _code(self, language: str) -> int:
        if language not in self._languages:
            if len(self._languages) == 255:
                raise ValueError("at most 255 languages in a segment")
            self._languages.append(language)
        return self._languages.index(language)

    def add(self, keys: np.ndarray, texts: Sequence[str], languages: Sequence[str],
            vectors: np.ndarray,
            hubness: Sequence[dict[str, float] | None] | None = None) -> None:
        keys = np.asarray(keys, dtype=np.int64)
        vectors = np.asarray(vectors, dtype=np.float32).reshape(len(keys), self.dimension)
        texts = [matched_part(text) for text in texts]
        if not len(keys):
            return
        self._keys.append(keys)
        codes = np.array([self._code(language) for language in languages], dtype=np.uint8)
        self._language_codes.append(codes)
        for code in np.unique(codes):
            language = self._languages[code]
            rows = vectors[codes == code].astype(np.float64)
            self._sums[language] = self._sums.get(language, 0) + rows.sum(axis=0)
            self._counts[language] = self._counts.get(language, 0) + len(rows)
        self._files["vectors"].write(vectors.tobytes())
        self._penalties.append(
            penalty_matrix(self.hubness, hubness_columns(self.hubness), vectors, languages,
                           hubness).astype(np.float16))
        self._add_terms(texts, languages)
        self._add_chars(texts)
        self.n += len(keys)

    def _add_terms(self, texts: Sequence[str], languages: Sequence[str]) -> None:
        docs, features, counts, lengths = [], [], [], np.zeros(len(texts), dtype=np.float32)
        for row, (text, language) in enumerate(zip(texts, languages)):
            terms, tf = term_counts(text, language)
            docs.append(np.full(len(terms), self.n + row, dtype=np.int32))
            features.append(terms)
            counts.append(np.minimum(tf, 65535).astype(np.uint16))
            lengths[row] = tf.sum()
        features = np.concatenate(features)
        self.bm25_df += np.bincount(features, minlength=N_FEATURES)
        self._files["term_docs"].write(np.concatenate(docs).tobytes())
        self._files["term_features"].write(features.astype(np.int32).tobytes())
        self._files["term_counts"].write(np.concatenate(counts).tobytes())
        self._lengths.append(lengths)

    def _add_chars(self, texts: Sequence[str]) -> None:
        counts = gram_counts(texts)
        self.char_df += np.bincount(counts.indices, minlength=N_FEATURES).astype(np.int32)
        # The heaviest n-grams by the idf of the texts read so far: the common n-grams are
        # known after the first few thousand texts.
        idf = char_idf(self.n + len(texts), self.char_df)
        lengths, packed = heaviest(counts, idf, self.char_keep)
        self._char_lengths.append(lengths)
        self._files["char_grams"].write(packed.tobytes())

    def finish(self, threads: int = 0) -> Path:
        for handle in self._files.values():
            handle.close()
        work = self._work
        keys = np.concatenate(self._keys) if self._keys else np.zeros(0, dtype=np.int64)
        if len(np.unique(keys)) != len(keys):
            raise ValueError("keys must be unique")
        np.save(work / "keys.npy", keys)
        np.save(work / "key_order.npy", np.argsort(keys, kind="stable").astype(np.int32))
        codes = (np.concatenate(self._language_codes) if self._language_codes
                 else np.zeros(0, dtype=np.uint8))
        np.save(work / "languages.npy", codes)
        means, fallback = frozen_means(self._sums, self._counts, self.priors,
                                       self.prior_weight, self.dimension)
        mean_languages = sorted(means)
        np.save(work / "means.npy", np.vstack([means[lang] for lang in mean_languages]
                                              + [fallback]).astype(np.float32))
        columns = hubness_columns(self.hubness)
        np.save(work / "penalties.npy",
                np.vstack(self._penalties) if self._penalties
                else np.zeros((0, len(columns)), dtype=np.float16))
        self._write_vectors(codes, means, fallback, threads)
        lengths = np.concatenate(self._lengths) if self._lengths else np.zeros(0, np.float32)
        np.save(work / "lengths.npy", lengths)
        self._write_postings()
        char_lengths = (np.concatenate(self._char_lengths) if self._char_lengths
                        else np.zeros(0, dtype=np.int64))
        np.save(work / "char_indptr.npy", np.concatenate([[0], np.cumsum(char_lengths)])
                .astype(np.int64))
        _tmp_to_npy(work / "char_grams.tmp", work / "char_grams.npy", np.uint32)
        np.save(work / "char_df.npy", self.char_df)
        meta = {"format": FORMAT, "n": self.n, "dimension": self.dimension,
                "languages": self._languages, "mean_languages": mean_languages,
                "hubness_languages": columns, "char_keep": self.char_keep,
                "total_length": float(lengths.sum()), "graph": self.graph}
        (work / "meta.json").write_text(json.dumps(meta))
        for name in self._files:
            (work / f"{name}.tmp").unlink(missing_ok=True)
        os.rename(work, self.directory)  # readers see a whole segment or none
        return self.directory

    def _write_vectors(self, codes: np.ndarray, means: dict[str, np.ndarray],
                       fallback: np.ndarray, threads: int) -> None:
        from usearch.index import Index

        index = Index(ndim=self.dimension, metric="ip", dtype="f16", **self.graph)
        if self.n:
            raw = np.memmap(self._work / "vectors.tmp", dtype=np.float32, mode="r",
                            shape=(self.n, self.dimension))
            centres = np.vstack([means.get(lang, fallback) for lang in self._languages])
            for start in range(0, self.n, _VECTOR_CHUNK):
                stop = min(start + _VECTOR_CHUNK, self.n)
                centred = unit(raw[start:stop] - centres[codes[start:stop]])
                index.add(np.arange(start, stop), centred.astype(np.float32), threads=threads)
            del raw
        index.save(str(self._work / "vectors.usearch"))

    def _write_postings(self) -> None:
        """Turn the (document, stem) pairs, in document order, into per-stem posting lists
        (in document order too), a chunk at a time."""
        work = self._work
        indptr = np.concatenate([[0], np.cumsum(self.bm25_df)]).astype(np.int64)
        np.save(work / "bm25_indptr.npy", indptr)
        total = int(indptr[-1])
        docs_out = np.lib.format.open_memmap(work / "bm25_docs.npy", "w+", np.int32, (total,))
        tf_out = np.lib.format.open_memmap(work / "bm25_tf.npy", "w+", np.uint16, (total,))
        if total:
            docs = np.memmap(work / "term_docs.tmp", dtype=np.int32, mode="r")
            features = np.memmap(work / "term_features.tmp", dtype=np.int32, mode="r")
            counts = np.memmap(work / "term_counts.tmp", dtype=np.uint16, mode="r")
            cursor = indptr[:-1].copy()
            for start in range(0, total, _POSTING_CHUNK):
                stop = min(start + _POSTING_CHUNK, total)
                chunk = np.asarray(features[start:stop])
                order = np.argsort(chunk, kind="stable")
                ordered = chunk[order]
                firsts = np.flatnonzero(np.r_[True, ordered[1:] != ordered[:-1]])
                sizes = np.diff(np.r_[firsts, len(ordered)])
                rank = np.arange(len(ordered)) - np.repeat(firsts, sizes)
                where = cursor[ordered] + rank
                docs_out[where] = docs[start:stop][order]
                tf_out[where] = counts[start:stop][order]
                cursor[ordered[firsts]] += sizes
            del docs, features, counts
        docs_out.flush()
        tf_out.flush()
        del docs_out, tf_out


def _tmp_to_npy(source: Path, target: Path, dtype) -> None:
    raw = np.memmap(source, dtype=dtype, mode="r") if source.stat().st_size else np.zeros(
        0, dtype=dtype)
    out = np.lib.format.open_memmap(target, "w+", dtype, (len(raw),))
    for start in range(0, len(raw), 8_000_000):
        out[start:start + 8_000_000] = raw[start:start + 8_000_000]
    out.flush()
    del out, raw


@dataclass
class Segment:
    """A finished segment, memory-mapped read-only."""

    directory: Path
    meta: dict
    keys: np.ndarray
    key_order: np.ndarray
    language_codes: np.ndarray
    languages: list[str]
    language_means: dict[str, np.ndarray]
    fallback_mean: np.ndarray
    penalties: np.ndarray
    hubness_languages: list[str]
    lengths: np.ndarray
    bm25_indptr: np.ndarray
    bm25_docs: np.ndarray
    bm25_tf: np.ndarray
    char_indptr: np.ndarray
    char_grams: np.ndarray
    char_df: np.ndarray
    vectors: object  # usearch Index, a view of the file

    @classmethod
    def open(cls, directory: Path) -> "Segment":
        from usearch.index import Index

        directory = Path(directory)
        meta = json.loads((directory / "meta.json").read_text())
        if meta["format"] != FORMAT:
            raise ValueError(f"segment format {meta['format']}, expected {FORMAT}")

        def load(name):
            return np.load(directory / f"{name}.npy", mmap_mode="r")

        means = np.load(directory / "means.npy")
        vectors = Index.restore(str(directory / "vectors.usearch"), view=True)
        if vectors is None:
            raise ValueError(f"no vector index in {directory}")
        vectors.expansion_search = meta["graph"]["expansion_search"]
        return cls(
            directory=directory, meta=meta, keys=load("keys"), key_order=load("key_order"),
            language_codes=load("languages"), languages=meta["languages"],
            language_means=dict(zip(meta["mean_languages"], means[:-1])),
            fallback_mean=means[-1], penalties=load("penalties"),
            hubness_languages=meta["hubness_languages"], lengths=load("lengths"),
            bm25_indptr=load("bm25_indptr"), bm25_docs=load("bm25_docs"),
            bm25_tf=load("bm25_tf"), char_indptr=load("char_indptr"),
            char_grams=load("char_grams"), char_df=load("char_df"), vectors=vectors,
        )

    def __len__(self) -> int:
        return int(self.meta["n"])

    @property
    def total_length(self) -> float:
        return float(self.meta["total_length"])

    def positions(self, keys) -> np.ndarray:
        """The position of each key, -1 for a key not in the segment."""
        keys = np.atleast_1d(np.asarray(keys, dtype=np.int64))
        if not len(self):
            return np.full(len(keys), -1, dtype=np.int64)
        found = np.searchsorted(self.keys, keys, sorter=self.key_order)
        found = np.minimum(found, len(self) - 1)
        positions = self.key_order[found].astype(np.int64)
        return np.where(self.keys[positions] == keys, positions, -1)

    def bm25_df(self, features: np.ndarray) -> np.ndarray:
        return self.bm25_indptr[features + 1] - self.bm25_indptr[features]

    def file_bytes(self) -> int:
        return sum(path.stat().st_size for path in self.directory.iterdir())

    def embeddings(self, positions: np.ndarray) -> np.ndarray:
        """The centred unit embeddings at `positions`, float32."""
        if not len(positions):
            return np.zeros((0, self.meta["dimension"]), dtype=np.float32)
        found = self.vectors.get(np.asarray(positions, dtype=np.uint64))
        return np.vstack(found).astype(np.float32)
