"""Speed of the matching index: build, memory, search latency and recall at a million vectors,
and one new need matched end to end (embedding included) among 100,000.

Vectors are shaped like real ones: each is a real multilingual-e5-small embedding of a
public-procurement text (6,148 French contracts and the 28,362 CPV labels in FR/NL/EN) plus
Gaussian noise (sigma 0.025 per dimension, so about 0.9 cosine to its source), renormalised.
Uniform random vectors would make the graph's job unrealistically easy or hard.

    python benchmarks/matching_speed.py [--n 1000000] [--end-to-end-n 100000] [--json]
"""

import argparse
import json
import random
import resource
import sys
import time

import numpy as np
from _common import ROOT, SHARED, embed_cached, read_csv

from synergie.matching.engine import limit_blas_threads
from synergie.matching.engine.background import background_means
from synergie.matching.engine.cpv import labels_hubness
from synergie.matching.engine.embedders import get_embedder
from synergie.matching.engine.matcher import HybridMatcher
from synergie.matching.engine.vectors import VectorIndex

NOISE = 0.025


def real_embeddings(log) -> tuple[np.ndarray, list[str]]:
    contracts = [row["objet"] for row in
                 read_csv(SHARED / "procurement-decp/decp-fr-contracts.csv")]
    labels = read_csv(ROOT / "synergie/reference/data/cpv_2008_labels_en_fr_nl_de.csv")
    parts = [embed_cached("e5", contracts, log=log)]
    for lang in ("fr", "nl", "en"):
        parts.append(embed_cached("e5", [row[f"label_{lang}"] for row in labels], log=log))
    return np.vstack(parts).astype(np.float32), contracts


def shaped_like(base: np.ndarray, n: int, rng: np.random.Generator) -> np.ndarray:
    out = np.empty((n, base.shape[1]), dtype=np.float32)
    for start in range(0, n, 100_000):
        size = min(100_000, n - start)
        chunk = base[rng.integers(0, len(base), size)]
        chunk = chunk + rng.normal(0, NOISE, chunk.shape).astype(np.float32)
        out[start:start + size] = chunk / np.linalg.norm(chunk, axis=1, keepdims=True)
    return out


def percentiles(samples: list[float]) -> tuple[float, float]:
    return float(np.percentile(samples, 50)), float(np.percentile(samples, 95))


def exact_top(vectors: np.ndarray, queries: np.ndarray, k: int) -> np.ndarray:
    best = np.full((len(queries), k), -np.inf, dtype=np.float32)
    ids = np.zeros((len(queries), k), dtype=np.int64)
    for start in range(0, len(vectors), 200_000):
        scores = queries @ vectors[start:start + 200_000].T
        both = np.hstack([best, scores])
        both_ids = np.hstack([ids, np.arange(start, start + scores.shape[1])[None, :]
                              .repeat(len(queries), 0)])
        top = np.argpartition(-both, k - 1, axis=1)[:, :k]
        best = np.take_along_axis(both, top, 1)
        ids = np.take_along_axis(both_ids, top, 1)
    return ids


def vector_search(base, n, rng, log) -> dict:
    vectors = shaped_like(base, n, rng)
    queries = shaped_like(base, 1000, rng)
    index = VectorIndex(base.shape[1], exact_threshold=0)
    rss_before = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss
    started = time.perf_counter()
    index.add(vectors)
    build_s = time.perf_counter() - started
    log(f"  {n:,} vectors indexed in {build_s:.1f} s (graph: {index.uses_graph})")
    for query in queries[:20]:
        index.search(query, 10)  # warm-up
    latencies = []
    for query in queries:
        started = time.perf_counter()
        index.search(query, 10)
        latencies.append((time.perf_counter() - started) * 1000)
    p50, p95 = percentiles(latencies)
    # The index stores unit vectors centred on `index.centre` (zero here): exact search on the
    # same vectors is the reference.
    sample = queries[:200]
    truth = exact_top(index._vectors, sample, 10)
    recall = np.mean([len(set(index.search(q, 10)[0]) & set(t)) / 10
                      for q, t in zip(sample, truth)])
    rss_after = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss
    return {"n": n, "build_s": round(build_s, 1),
            "memory_mb": round(index.memory_bytes() / 2**20, 1),
            "peak_rss_growth_mb": round((rss_after - rss_before) / 1024, 1),
            "search_p50_ms": round(p50, 3), "search_p95_ms": round(p95, 3),
            "recall@10": round(float(recall), 4)}


def end_to_end(base, contracts, n, rng, log) -> dict:
    """A new need's text is embedded and matched (BM25, character TF-IDF, embedding) among n,
    in the thread configuration of a Synergie process (see limit_blas_threads)."""
    limit_blas_threads()
    model = get_embedder("e5")
    held_out = contracts[:200]
    pool = contracts[200:]
    words = " ".join(pool).split()
    texts = [f"{random.choice(pool)} {' '.join(random.choices(words, k=4))}" for _ in range(n)]
    # Configured as in a Synergie process: background means and the hubness correction.
    matcher = HybridMatcher(model.dimension, prior_means=background_means(model.name),
                            hubness=labels_hubness(model.name))
    started = time.perf_counter()
    for start in range(0, n, 20_000):
        chunk = texts[start:start + 20_000]
        matcher.add(list(range(start, start + len(chunk))), chunk, ["fr"] * len(chunk),
                    shaped_like(base, len(chunk), rng))
    log(f"  {n:,} needs loaded in {time.perf_counter() - started:.1f} s")
    for text in held_out[:5]:
        matcher.search(text, "fr", model.encode_query(text), k=10)
    latencies = []
    for text in held_out[5:]:
        started = time.perf_counter()
        matcher.search(text, "fr", model.encode_query(text), k=10)
        latencies.append((time.perf_counter() - started) * 1000)
    p50, p95 = percentiles(latencies)
    return {"end_to_end_n": n, "end_to_end_p50_ms": round(p50, 1),
            "end_to_end_p95_ms": round(p95, 1)}


def embedding_throughput(contracts) -> float:
    model = get_embedder("e5")
    texts = contracts[1000:1512]
    started = time.perf_counter()
    model.encode_documents(texts)
    return len(texts) / (time.perf_counter() - started)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--n", type=int, default=1_000_000)
    parser.add_argument("--end-to-end-n", type=int, default=100_000)
    parser.add_argument("--json", action="store_true")
    args = parser.parse_args()
    log = (lambda *a: print(*a, file=sys.stderr)) if args.json else print
    rng = np.random.default_rng(7)
    random.seed(7)
    base, contracts = real_embeddings(log)
    result = vector_search(base, args.n, rng, log)
    result.update(end_to_end(base, contracts, args.end_to_end_n, rng, log))
    result["embed_per_s"] = round(embedding_throughput(contracts), 1)
    if args.json:
        print(json.dumps(result))
        return
    print(f"\nvector index, {result['n']:,} vectors of {base.shape[1]} dimensions (HNSW, usearch)")
    print(f"  build {result['build_s']} s, memory {result['memory_mb']} MB")
    print(f"  search top-10: p50 {result['search_p50_ms']} ms, p95 {result['search_p95_ms']} ms "
          f"(target p95 <= 10 ms)")
    print(f"  recall@10 against exact search: {result['recall@10']} (target >= 0.98)")
    print(f"end to end at {result['end_to_end_n']:,} needs (embedding + hybrid search): "
          f"p50 {result['end_to_end_p50_ms']} ms, p95 {result['end_to_end_p95_ms']} ms "
          f"(target p95 <= 100 ms)")
    print(f"embedding throughput: {result['embed_per_s']} texts/s")


if __name__ == "__main__":
    main()
