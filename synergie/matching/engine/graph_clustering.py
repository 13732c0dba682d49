"""The synergy map's clusters from a sparse nearest-neighbour graph, in memory that grows with
n·k instead of n² (the dense matrix of engine/clustering.py took 1.3 GB at 6,000 needs).

Same measure and same linkage as the dense clustering: average linkage on combined_similarity
(embedding cosine, averaged with the character cosine for two texts in the same language), cut
at a threshold. Only clusters joined by an edge of the graph may merge, and the average between
two clusters is computed without the matrix:

- the embedding part of every pair, linked or not, from the sums of the clusters' vectors
  (the sum over pairs of a·b is (Σa)·(Σb));
- the character part from the graph's edges: a pair of texts in the same language that are not
  each other's neighbours counts its embedding cosine alone (their character cosine is not
  known, and is low for texts that far apart).

So a group of 60 near-identical needs still joins as one (each text knows only its k
neighbours, but the vector sums see every pair), and a chain of pairwise neighbours does not
(its far ends pull the average down)."""

import heapq
import time
from dataclasses import dataclass

import numpy as np
import scipy.sparse as sp

from synergie.matching.engine.chargrams import (
    FEATURE_BITS,
    N_FEATURES,
    char_idf,
    gram_counts,
    gram_occurrences,
    sublinear,
)
from synergie.matching.engine.clustering import DEFAULT_THRESHOLD

DEFAULT_NEIGHBOURS = 15
# Below this many texts the neighbours are exact (one matrix product per block); beyond, an
# HNSW graph (usearch) finds them in n·log n.
EXACT_NEIGHBOURS_LIMIT = 5_000
_BLOCK = 1024
# Pairs per block of character cosines: each side's rows are copied (keep·8 bytes a pair).
_PAIR_BLOCK = 20_000
_TEXT_BLOCK = 2_000
# Beyond this many texts, each keeps only its CHAR_KEEP heaviest character n-grams: a
# 700-character text has about 1,500 distinct ones, and keeping them all would cost 100,000
# texts 1 GB and most of the computation. The rare n-grams carry a pair's character cosine; on
# the benchmark's 5,000 needs, keeping 512 lowers a neighbour pair's combined similarity by 0.02
# on average (0.11 at most) and 611 of the 635 clusters come out identical. Up to the limit
# (the demo, a small region) the cosines are exact.
EXACT_CHAR_LIMIT = 20_000
CHAR_KEEP = 512
# The idf that picks each text's heaviest n-grams is estimated on this many texts (spread over
# all of them) before the one pass that counts them; the weights use the exact idf.
_IDF_SAMPLE = 10_000
# The HNSW graph's settings for the map: a threshold clustering needs each text's strong
# neighbours, not its exact 15 nearest, and the pairs above the threshold are each found from
# either end, and each pair's similarity is then computed exactly from the float vectors. On
# 20,000 of the benchmark's needs, connectivity 8 / expansion 32-48 on int8 vectors builds and
# searches in 2.3 s instead of 12.4 s (connectivity 16 / expansion 64 on float16), and 2,580 of
# the 2,657 clusters come out identical.
HNSW_CONNECTIVITY = 8
HNSW_EXPANSION_ADD = 32
HNSW_EXPANSION_SEARCH = 48
HNSW_DTYPE = "i8"


@dataclass
class NeighbourGraph:
    """Undirected edges (first < second) with the embedding cosine and the combined similarity
    of each pair."""

    first: np.ndarray
    second: np.ndarray
    embedding: np.ndarray
    combined: np.ndarray

    def __len__(self) -> int:
        return len(self.first)


def centre(vectors: np.ndarray, languages, means: dict | None = None) -> np.ndarray:
    """Unit vectors centred on their language's mean: `means[language]` when given (the
    index's, over more texts than these), else the mean of these vectors."""
    vectors = np.asarray(vectors, dtype=np.float32)
    languages = np.asarray(languages)
    centred = np.empty_like(vectors)
    for language in np.unique(languages):
        rows = languages == language
        mean = (means or {}).get(str(language))
        if mean is None:
            mean = vectors[rows].mean(axis=0, dtype=np.float64)
        centred[rows] = vectors[rows] - np.asarray(mean, dtype=np.float32)
    norms = np.linalg.norm(centred, axis=1, keepdims=True)
    norms[norms == 0] = 1.0
    return centred / norms


def char_tfidf_rows(texts, keep: int | None = None) -> sp.csr_matrix:
    """Unit character TF-IDF rows (the index's CharTfidfIndex features: sublinear tf, smooth
    idf, here over these texts): row i · row j is the character cosine of texts i and j.

    With `keep`, each row holds only its `keep` heaviest n-grams, normalised over those: memory
    n·keep instead of n·(distinct n-grams), and a pair's cosine read from the n-grams that
    distinguish the texts (the common ones dropped count for little in any pair)."""
    if keep is not None:
        return _heaviest_rows(texts, keep)
    blocks = [gram_counts(texts[start:start + _TEXT_BLOCK])
              for start in range(0, len(texts), _TEXT_BLOCK)]
    if not blocks:
        return sp.csr_matrix((0, N_FEATURES), dtype=np.float32)
    rows = sp.vstack(blocks, format="csr")
    rows.data = sublinear(rows.data)
    idf = char_idf(rows.shape[0], np.bincount(rows.indices, minlength=N_FEATURES))
    rows.data *= idf[rows.indices]
    return _unit(rows)


def _unit(rows: sp.csr_matrix) -> sp.csr_matrix:
    norms = np.sqrt(np.asarray(rows.multiply(rows).sum(axis=1)).ravel())
    norms[norms == 0] = 1.0
    rows.data /= np.repeat(norms, np.diff(rows.indptr)).astype(np.float32)
    return rows


def _distinct_grams(texts) -> tuple[np.ndarray, np.ndarray, np.ndarray]:
    """(row, feature, count) of each distinct n-gram of each text, by row then feature: one
    sort of the packed (row, feature) keys instead of scipy's COO to CSR and per-row sorts."""
    rows, features = gram_occurrences(texts)
    keys = np.sort((rows.astype(np.int64) << FEATURE_BITS) | features.astype(np.int64))
    if not len(keys):
        empty = np.zeros(0, dtype=np.int64)
        return empty, empty, empty
    starts = np.flatnonzero(np.r_[True, keys[1:] != keys[:-1]])
    counts = np.diff(np.r_[starts, len(keys)])
    distinct = keys[starts]
    return distinct >> FEATURE_BITS, distinct & (N_FEATURES - 1), counts


def _heaviest_rows(texts, keep: int) -> sp.csr_matrix:
    n = len(texts)
    if n == 0:
        return sp.csr_matrix((0, N_FEATURES), dtype=np.float32)
    sample = texts[::max(1, -(-n // _IDF_SAMPLE))]
    frequency = np.zeros(N_FEATURES, dtype=np.int64)
    for start in range(0, len(sample), _TEXT_BLOCK):
        frequency += np.bincount(_distinct_grams(sample[start:start + _TEXT_BLOCK])[1],
                                 minlength=N_FEATURES)
    estimate = char_idf(len(sample), frequency)
    frequency[:] = 0
    # The kept entries go straight into arrays of their largest size (int32 features,
    # float32 tf): lists of int64 blocks concatenated at the end took 2.4 GB at 100,000 texts.
    features_out = np.empty(n * keep, dtype=np.int32)
    data = np.empty(n * keep, dtype=np.float32)
    indptr = np.zeros(n + 1, dtype=np.int64)
    filled = 0
    for start in range(0, n, _TEXT_BLOCK):
        rows, features, counts = _distinct_grams(texts[start:start + _TEXT_BLOCK])
        frequency += np.bincount(features, minlength=N_FEATURES)
        tf = sublinear(counts)
        del counts
        weight = tf * estimate[features]
        # Heaviest first within each row: the row in the high bits, the weight's bits (a
        # positive float32 orders as its bits) inverted in the low ones.
        order = np.argsort((rows << 32) | (~weight.view(np.uint32)).astype(np.int64))
        del weight
        # Each entry's rank in its row (rows are sorted, so a row's entries are contiguous
        # in `order` too, starting where its distinct n-grams start).
        sizes = np.bincount(rows, minlength=min(_TEXT_BLOCK, n - start))
        first = np.repeat(np.cumsum(sizes) - sizes, sizes)
        # Marked in the (row, feature) order the entries came in: no second sort.
        chosen = np.zeros(len(rows), dtype=bool)
        chosen[order[np.arange(len(rows)) - first < keep]] = True
        del order, first, rows
        count = int(chosen.sum())
        features_out[filled:filled + count] = features[chosen]
        data[filled:filled + count] = tf[chosen]
        filled += count
        np.cumsum(np.minimum(sizes, keep), out=indptr[start + 1:start + 1 + len(sizes)])
        indptr[start + 1:start + 1 + len(sizes)] += indptr[start]
    features_out, data = features_out[:filled], data[:filled]
    data *= char_idf(n, frequency)[features_out]
    return _unit(sp.csr_matrix((data, features_out, indptr), shape=(n, N_FEATURES)))


def nearest_neighbours(vectors: np.ndarray, k: int,
                       exact_limit: int = EXACT_NEIGHBOURS_LIMIT,
                       timings: dict | None = None) -> np.ndarray:
    """Each row's k nearest other rows by inner product (n × k, -1 where fewer exist).
    `timings` (when given) receives the seconds of the HNSW build and search."""
    timings = {} if timings is None else timings
    n = len(vectors)
    k = min(k, n - 1)
    if k <= 0:
        return np.full((n, 0), -1, dtype=np.int64)
    if n <= exact_limit:
        result = np.empty((n, k), dtype=np.int64)
        for start in range(0, n, _BLOCK):
            scores = vectors[start:start + _BLOCK] @ vectors.T
            rows = np.arange(start, min(start + _BLOCK, n))
            scores[rows - start, rows] = -np.inf
            top = np.argpartition(-scores, k - 1, axis=1)[:, :k]
            result[start:start + len(rows)] = top
        return result
    from usearch.index import Index

    at = time.perf_counter()
    graph = Index(ndim=vectors.shape[1], metric="ip", dtype=HNSW_DTYPE,
                  connectivity=HNSW_CONNECTIVITY, expansion_add=HNSW_EXPANSION_ADD,
                  expansion_search=HNSW_EXPANSION_SEARCH)
    graph.add(np.arange(n), vectors, threads=0)
    timings["hnsw_build_s"] = time.perf_counter() - at
    at = time.perf_counter()
    found = graph.search(vectors, k + 1, threads=0)
    del graph
    timings["hnsw_search_s"] = time.perf_counter() - at
    keys = found.keys.astype(np.int64)
    valid = np.arange(k + 1)[None, :] < found.counts[:, None]
    keys[~valid | (keys == np.arange(n)[:, None])] = -1
    # Drop the row itself (usually first) and keep k others.
    order = np.argsort(keys < 0, axis=1, kind="stable")
    return np.take_along_axis(keys, order, axis=1)[:, :k]


def neighbour_graph(centred: np.ndarray, languages, char_rows: sp.csr_matrix | None = None,
                    k: int = DEFAULT_NEIGHBOURS,
                    exact_limit: int = EXACT_NEIGHBOURS_LIMIT,
                    timings: dict | None = None) -> NeighbourGraph:
    """The k-nearest-neighbour graph (either direction), each edge weighted by
    combined_similarity. `timings` (when given) receives the seconds of each step."""
    timings = {} if timings is None else timings
    n = len(centred)
    at = time.perf_counter()
    neighbours = nearest_neighbours(centred, k, exact_limit, timings)
    timings.setdefault("neighbours_s", time.perf_counter() - at)
    at = time.perf_counter()
    rows = np.repeat(np.arange(n, dtype=np.int64), neighbours.shape[1])
    columns = neighbours.ravel()
    valid = columns >= 0
    first = np.minimum(rows[valid], columns[valid])
    second = np.maximum(rows[valid], columns[valid])
    pairs = np.unique(first * n + second)
    first, second = pairs // n, pairs % n
    codes = np.unique(np.asarray(languages), return_inverse=True)[1]
    embedding = np.empty(len(pairs), dtype=np.float32)
    combined = np.empty(len(pairs), dtype=np.float32)
    for start in range(0, len(pairs), _PAIR_BLOCK):
        a, b = first[start:start + _PAIR_BLOCK], second[start:start + _PAIR_BLOCK]
        cosine = np.einsum("ij,ij->i", centred[a], centred[b])
        value = cosine.copy()
        if char_rows is not None:
            same = codes[a] == codes[b]
            if same.any():
                char = np.asarray(char_rows[a[same]].multiply(char_rows[b[same]])
                                  .sum(axis=1)).ravel()
                value[same] = (cosine[same] + char) / 2
        embedding[start:start + len(a)] = cosine
        combined[start:start + len(a)] = np.clip(value, -1.0, 1.0)
    timings["pairs_s"] = time.perf_counter() - at
    return NeighbourGraph(first, second, embedding, combined)


def cluster_graph(centred: np.ndarray, graph: NeighbourGraph,
                  threshold: float = DEFAULT_THRESHOLD) -> np.ndarray:
    """Average-linkage labels (a text alone keeps a label of its own): the two clusters with the
    highest average similarity among those joined by an edge merge first, while that average
    exceeds the threshold."""
    n = len(centred)
    labels = np.arange(n)
    # A text whose every edge is under the threshold joins nothing: the average of a cluster
    # to it is a mean of its similarities to the members. Only texts with a strong edge count.
    strong = graph.combined > threshold
    if not strong.any():
        return labels
    active = np.zeros(n, dtype=bool)
    active[graph.first[strong]] = active[graph.second[strong]] = True
    edges = active[graph.first] & active[graph.second]
    # What the character cosine adds to the embedding cosine on each edge: the rest of every
    # pair's combined similarity comes from the vector sums.
    extra = (graph.combined[edges] - graph.embedding[edges]).astype(np.float64)
    adjacency: dict[int, dict[int, float]] = {int(node): {} for node in np.flatnonzero(active)}
    for a, b, value in zip(graph.first[edges].tolist(), graph.second[edges].tolist(),
                           extra.tolist()):
        adjacency[a][b] = value
        adjacency[b][a] = value
    sums = centred.astype(np.float32)
    sizes = np.ones(n, dtype=np.int64)
    version = np.zeros(n, dtype=np.int64)
    heap = [(-float(value), int(a), int(b), 0, 0) for a, b, value in
            zip(graph.first[strong], graph.second[strong], graph.combined[strong])]
    heapq.heapify(heap)
    while heap:
        negative, a, b, version_a, version_b = heapq.heappop(heap)
        if -negative <= threshold:
            break
        if version[a] != version_a or version[b] != version_b or labels[a] != a \
                or labels[b] != b:
            continue  # a cluster that merged since: its newer pairs are in the heap
        _merge(a, b, adjacency, sums, sizes)
        labels[b] = a
        version[a] += 1
        others = np.fromiter(adjacency[a].keys(), dtype=np.int64, count=len(adjacency[a]))
        if not len(others):
            continue
        extras = np.fromiter(adjacency[a].values(), dtype=np.float32, count=len(others))
        average = (sums[others] @ sums[a] + extras) / (sizes[a] * sizes[others])
        for other, value in zip(others[average > threshold].tolist(),
                                average[average > threshold].tolist()):
            heapq.heappush(heap, (-value, a, other, int(version[a]), int(version[other])))
    # Follow each merged text to the cluster that absorbed it.
    while True:
        parents = labels[labels]
        if np.array_equal(parents, labels):
            return labels
        labels = parents


def _merge(a: int, b: int, adjacency: dict, sums: np.ndarray, sizes: np.ndarray) -> None:
    """Cluster b joins cluster a: vector sums add up, and so do the character parts of their
    edges to every other cluster (average linkage's Lance-Williams update)."""
    sums[a] += sums[b]
    sizes[a] += sizes[b]
    mine = adjacency[a]
    mine.pop(b, None)
    for other, value in adjacency.pop(b).items():
        if other == a:
            continue
        theirs = adjacency[other]
        theirs.pop(b, None)
        mine[other] = mine.get(other, 0.0) + value
        theirs[a] = mine[other]


def map_char_rows(texts) -> sp.csr_matrix:
    """The character rows the map clusters on: exact up to EXACT_CHAR_LIMIT texts, each
    text's CHAR_KEEP heaviest n-grams beyond."""
    return char_tfidf_rows(texts, keep=CHAR_KEEP if len(texts) > EXACT_CHAR_LIMIT else None)


def cluster_texts(centred: np.ndarray, languages, char_rows: sp.csr_matrix | None = None,
                  threshold: float = DEFAULT_THRESHOLD, k: int = DEFAULT_NEIGHBOURS,
                  exact_limit: int = EXACT_NEIGHBOURS_LIMIT,
                  timings: dict | None = None) -> np.ndarray:
    """A cluster label per text, from its centred unit embedding, its language and (optional)
    its unit character TF-IDF row. `timings` (when given) receives the seconds of each step:
    neighbours (HNSW build and search beyond the exact limit), pair similarities, linkage."""
    timings = {} if timings is None else timings
    if len(centred) < 2:
        return np.arange(len(centred))
    graph = neighbour_graph(centred, languages, char_rows, k, exact_limit, timings)
    at = time.perf_counter()
    labels = cluster_graph(centred, graph, threshold)
    timings["linkage_s"] = time.perf_counter() - at
    return labels
