"""Shared by the benchmarks: reading CSVs, caching embeddings, ranking metrics."""

import csv
import hashlib
import sys
import time
from pathlib import Path
from urllib.parse import urlsplit, urlunsplit

import numpy as np

ROOT = Path(__file__).resolve().parents[1]
CACHE = ROOT / "benchmarks" / ".cache"
SHARED = ROOT.parent / "shared" / "data"
sys.path.insert(0, str(ROOT))


def read_csv(path: str | Path) -> list[dict]:
    with open(path, encoding="utf-8", newline="") as handle:
        return list(csv.DictReader(handle))


def embed_cached(model_key: str, texts: list[str], log=print) -> np.ndarray:
    """Embeddings of `texts`, cached on disk by model and text content (the slow part)."""
    from synergie.matching.engine.embedders import get_embedder

    embedder = get_embedder(model_key)
    digest = hashlib.sha256("\x00".join([embedder.name, *texts]).encode()).hexdigest()[:16]
    path = CACHE / f"{model_key}-{digest}.npy"
    if path.exists():
        return np.load(path)
    started = time.perf_counter()
    chunks = []
    for start in range(0, len(texts), 256):
        chunks.append(embedder.encode_documents(texts[start:start + 256]))
        log(f"  {model_key}: {start + len(chunks[-1])}/{len(texts)} texts embedded")
    vectors = np.vstack(chunks) if chunks else np.zeros((0, embedder.dimension), np.float32)
    log(f"  {model_key}: {len(texts) / (time.perf_counter() - started):.0f} texts/s")
    CACHE.mkdir(parents=True, exist_ok=True)
    np.save(path, vectors)
    return vectors


# The fusion shipped before reciprocal-rank fusion, kept to compare against: each signal's
# z-scores over the candidates, summed with the weights chosen on the DECP file, standardised
# again; a candidate in another language than the query's counts the embedding only.
LEGACY_WEIGHTS = {"bm25": 0.25, "char": 1.0, "embedding": 0.75}
LEGACY_CROSS_LANGUAGE_WEIGHTS = {"bm25": 0.0, "char": 0.0, "embedding": 1.0}


def legacy_fusion(signals: dict[str, np.ndarray], same_language: np.ndarray,
                  allowed: np.ndarray, weights: dict[str, float] | None = None) -> np.ndarray:
    """The old z-score fusion of `signals` (raw, over every text), statistics over the
    `allowed` texts; -inf for the others."""
    def standard(values):
        live = values[allowed]
        std = live.std()
        return (values - live.mean()) / (std if std > 1e-12 else 1.0)

    z = {name: standard(np.asarray(values, dtype=np.float64))
         for name, values in signals.items()}

    def weighted(w):
        return standard(sum(weight * z[name] for name, weight in w.items() if weight))

    fused = weighted(weights or LEGACY_WEIGHTS)
    if not same_language.all():
        fused = np.where(same_language, fused, weighted(LEGACY_CROSS_LANGUAGE_WEIGHTS))
    return np.where(allowed, fused, -np.inf)


def reciprocal_rank(scores: np.ndarray, relevant: np.ndarray, allowed: np.ndarray) -> float:
    """1 / rank of the first relevant candidate, ties broken at random in expectation.

    Without sorting, so a grid of fusion weights can be scored quickly. NaN when no relevant
    candidate is allowed.
    """
    hits = relevant & allowed
    if not hits.any():
        return float("nan")
    best = scores[hits].max()
    candidates = scores[allowed]
    tied_hits = int((scores[hits] == best).sum())
    tied_others = int((candidates == best).sum()) - tied_hits
    return 1.0 / (1 + int((candidates > best).sum()) + tied_others / (tied_hits + 1))


def rank_metrics(order: np.ndarray, relevant: np.ndarray) -> dict[str, float]:
    """Metrics of one ranking (`order`: candidate indices best first; `relevant`: bool mask)."""
    hits = relevant[order]
    n_relevant = int(relevant.sum())
    first = int(np.argmax(hits)) if hits.any() else None
    gains = hits[:10] / np.log2(np.arange(2, min(10, len(hits)) + 2))
    ideal = (1 / np.log2(np.arange(2, min(10, n_relevant) + 2))).sum()
    return {
        "mrr": 0.0 if first is None else 1.0 / (first + 1),
        "ndcg@10": float(gains.sum() / ideal) if ideal else 0.0,
        "p@5": float(hits[:5].sum() / 5),
        "r@10": float(hits[:10].sum() / n_relevant) if n_relevant else 0.0,
    }


def mean_metrics(rows: list[dict[str, float]]) -> dict[str, float]:
    if not rows:
        return {"mrr": 0.0, "ndcg@10": 0.0, "p@5": 0.0, "r@10": 0.0}
    return {key: round(float(np.mean([row[key] for row in rows])), 4) for key in rows[0]}


def ensure_database(url: str, log) -> None:
    """Create the database when the server has none of that name."""
    import psycopg

    parts = urlsplit(url)
    name = parts.path.lstrip("/")
    server = urlunsplit(parts._replace(path="/postgres"))
    with psycopg.connect(server, autocommit=True) as connection:
        if not connection.execute("SELECT 1 FROM pg_database WHERE datname = %s",
                                  [name]).fetchone():
            log(f"creating database {name}")
            connection.execute(f'CREATE DATABASE "{name}"')
