"""Quality of need matching on a labelled CSV: two rows with the same label are the same need.

For every row whose label another row shares, rank all the other rows and report MRR, nDCG@10,
P@5 and R@10, over all candidates and with the candidates whose normalised text equals the
query's removed ("dedup": identical texts are the trivial twins). Methods: BM25, character
TF-IDF, each embedding model alone, the old z-score fusion (benchmarks/_common.py) and the
shipped method (synergie.matching.engine: reciprocal-rank fusion, engine/fusion.py).

    python benchmarks/matching_quality.py \\
        --csv ../shared/data/procurement-decp/decp-fr-contracts.csv --text objet --label cpv8

With --folds COLUMN (default: `source` when the CSV has it) every method's dedup MRR is also
reported on each fold's queries, and the RRF weights are chosen by leave-one-fold-out: weights
picked on the other folds' queries, measured on the fold's (the figures that say whether a
choice transfers to a source it was not made on).
"""

import argparse
import itertools
import json
import sys
import time
from collections import Counter

import numpy as np
from _common import (embed_cached, legacy_fusion, mean_metrics, rank_metrics, read_csv,
                     reciprocal_rank)
from scipy.stats import rankdata

from synergie.matching.engine.background import background_means
from synergie.matching.engine.cpv import labels_hubness
from synergie.matching.engine.embedders import get_embedder
from synergie.matching.engine.fusion import RRF_K
from synergie.matching.engine.matcher import EmbeddingSet, HybridMatcher
from synergie.matching.engine.text import normalised

EMBEDDING_MODELS = {"e5": "multilingual-e5-small", "use": "universal-sentence-encoder-v3"}
# The RRF weights tried by the cross-validation (the shipped ones are all 1).
GRID = {"bm25": [0.0, 0.5, 1.0, 2.0], "char": [0.0, 0.5, 1.0, 2.0],
        "embedding": [0.0, 0.5, 1.0, 2.0]}


def zscore_excluding(values: np.ndarray, index: int) -> np.ndarray:
    """z-scores over every candidate but the query itself, which is pushed last."""
    mask = np.ones(len(values), dtype=bool)
    mask[index] = False
    live = values[mask]
    std = live.std()
    z = (values - live.mean()) / (std if std > 1e-12 else 1.0)
    z[index] = -np.inf
    return z.astype(np.float32)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--csv", required=True)
    parser.add_argument("--text", required=True, help="column with the need's text")
    parser.add_argument("--label", required=True, help="column whose equality means same need")
    parser.add_argument("--language", default="fr", help="language of the texts (stemming)")
    parser.add_argument("--folds", default=None,
                        help="column to cross-validate the fusion weights on (default: source)")
    parser.add_argument("--models", default="e5,use", help="embedding models to measure")
    parser.add_argument("--json", action="store_true", help="print one JSON object")
    args = parser.parse_args()
    log = (lambda *a: print(*a, file=sys.stderr)) if args.json else print

    rows = read_csv(args.csv)
    texts = [row[args.text] or "" for row in rows]
    labels = np.array([row[args.label] for row in rows])
    counts = Counter(labels)
    queries = [i for i, label in enumerate(labels) if counts[label] > 1]
    norm = np.array([normalised(text) for text in texts])
    fold_column = args.folds or ("source" if rows and "source" in rows[0] else None)
    folds = np.array([row[fold_column] for row in rows]) if fold_column else None
    log(f"{len(rows)} rows, {len(queries)} queries (label shared by another row)")

    started = time.perf_counter()
    models = [m for m in args.models.split(",") if m]
    shipped_model = "e5"
    vectors = {model: embed_cached(model, texts, log=log) for model in models}
    if shipped_model not in vectors:
        vectors[shipped_model] = embed_cached(shipped_model, texts, log=log)
    # The shipped method is the product's own matcher, fed every row.
    embedder = get_embedder(shipped_model)
    matcher = HybridMatcher(embedder.dimension, prior_means=background_means(embedder.name),
                            hubness=labels_hubness(embedder.name))
    matcher.add(list(range(len(texts))), texts, [args.language] * len(texts),
                vectors[shipped_model])
    other_models = {}
    for model in models:
        if model != shipped_model:
            other_models[model] = EmbeddingSet(vectors[model].shape[1])
            other_models[model].add(vectors[model], [args.language] * len(texts))
    log(f"indexes ready in {time.perf_counter() - started:.1f} s")

    shipped_weights = matcher.config.weights
    grid = [dict(zip(GRID, combo)) for combo in itertools.product(*GRID.values()) if any(combo)]
    per_method: dict[str, dict[str, list]] = {}
    grid_mrr = np.zeros((len(queries), len(grid), 2), dtype=np.float32)

    def record(method: str, scores: np.ndarray, relevant, allowed_dedup) -> None:
        entry = per_method.setdefault(method, {"all": [], "dedup": [], "dedup_folds": []})
        order = np.argsort(-scores, kind="stable")[:-1]  # the query itself sorts last (-inf)
        entry["all"].append(rank_metrics(order, relevant))
        if (relevant & allowed_dedup).any():
            kept = order[allowed_dedup[order]]
            entry["dedup"].append(rank_metrics(kept, relevant))
            entry["dedup_folds"].append(current_fold)

    started = time.perf_counter()
    for q_index, i in enumerate(queries):
        current_fold = str(folds[i]) if folds is not None else ""
        relevant = labels == labels[i]
        relevant[i] = False
        allowed = np.ones(len(rows), dtype=bool)
        allowed[i] = False
        allowed_dedup = allowed & (norm != norm[i])
        signals = matcher.signals(texts[i], args.language, vectors[shipped_model][i])
        raw = {"bm25": signals["bm25"], "char_tfidf": signals["char"],
               shipped_model: signals["embedding"]}
        for model, embedding_set in other_models.items():
            raw[model] = embedding_set.scores(vectors[model][i], args.language)
        z = {name: zscore_excluding(values, i) for name, values in raw.items()}
        for name, values in z.items():
            if name in models or name in ("bm25", "char_tfidf"):
                record(name, values, relevant, allowed_dedup)
        self_mask = ~allowed
        same = np.ones(len(rows), dtype=bool)
        record("zscore_fusion", legacy_fusion(signals, same, allowed), relevant, allowed_dedup)
        record("shipped", matcher.fused(signals, self_mask, args.language), relevant,
               allowed_dedup)
        inverse = {name: 1.0 / (RRF_K + rankdata(-np.where(allowed, values, -np.inf)))
                   for name, values in signals.items()}
        for g, weights in enumerate(grid):
            total = sum(weights.values())
            fused = sum(w / total * inverse[n] for n, w in weights.items() if w)
            grid_mrr[q_index, g, 0] = reciprocal_rank(fused, relevant, allowed)
            grid_mrr[q_index, g, 1] = reciprocal_rank(fused, relevant, allowed_dedup)
        if q_index % 500 == 0:
            log(f"  {q_index}/{len(queries)} queries ({time.perf_counter() - started:.0f} s)")

    methods = {}
    for name in [*[m for m in per_method if m != "shipped"], "shipped"]:
        if name not in per_method:
            continue
        full, dedup = mean_metrics(per_method[name]["all"]), mean_metrics(per_method[name]["dedup"])
        methods[name] = {"mrr": full["mrr"], "mrr_dedup": dedup["mrr"], "ndcg@10": full["ndcg@10"],
                         "p@5": full["p@5"], "r@10": full["r@10"],
                         **{f"dedup_{key}": value for key, value in dedup.items() if key != "mrr"},
                         "queries_dedup": len(per_method[name]["dedup"])}
    result = {"queries": len(queries), "methods": methods,
              "shipped_weights": shipped_weights, "shipped_embedding": shipped_model}
    if folds is not None and len(set(folds[queries])) > 1:
        result["by_fold"] = {
            name: {fold: round(float(np.mean([row["mrr"] for row, f in
                                              zip(entry["dedup"], entry["dedup_folds"])
                                              if f == fold])), 4)
                   for fold in sorted(set(entry["dedup_folds"]))}
            for name, entry in per_method.items()}

    # Cross-validation needs a fold to hold out and at least one other to choose weights on.
    if folds is not None and len(set(folds[queries])) < 2:
        log(f"cross-validation skipped: the column {fold_column!r} has fewer than two values")
        folds = None
    if folds is not None:
        query_folds = folds[queries]
        cv_all, cv_dedup, chosen, per_fold = [], [], {}, {}
        for fold in sorted(set(query_folds)):
            train = query_folds != fold
            best = int(np.nanargmax(np.nanmean(grid_mrr[train, :, 1], axis=0)))
            chosen[str(fold)] = grid[best]
            cv_all.extend(grid_mrr[~train, best, 0].tolist())
            held_out = [v for v in grid_mrr[~train, best, 1].tolist() if not np.isnan(v)]
            cv_dedup.extend(held_out)
            per_fold[str(fold)] = round(float(np.mean(held_out)), 4) if held_out else None
        best_overall = int(np.nanargmax(np.nanmean(grid_mrr[:, :, 1], axis=0)))
        result["cross_validation"] = {
            "folds": fold_column,
            "weights_per_fold": chosen,
            "mrr_dedup_per_fold": per_fold,
            "mrr": round(float(np.mean(cv_all)), 4),
            "mrr_dedup": round(float(np.mean(cv_dedup)), 4),
            "best_weights_on_all_rows": grid[best_overall],
        }

    if args.json:
        print(json.dumps(result))
        return
    print(f"\n{len(queries)} queries; relevant = same {args.label}")
    print(f"{'method':<12} {'MRR':>6} {'nDCG@10':>8} {'P@5':>6} {'R@10':>6} | "
          f"{'dedup MRR':>9} {'nDCG@10':>8} {'P@5':>6} {'R@10':>6}")
    for name, m in methods.items():
        print(f"{name:<12} {m['mrr']:>6.3f} {m['ndcg@10']:>8.3f} {m['p@5']:>6.3f} "
              f"{m['r@10']:>6.3f} | {m['mrr_dedup']:>9.3f} {m['dedup_ndcg@10']:>8.3f} "
              f"{m['dedup_p@5']:>6.3f} {m['dedup_r@10']:>6.3f}")
    print(f"shipped = reciprocal-rank fusion (k={RRF_K}) {shipped_weights} with "
          f"{EMBEDDING_MODELS[shipped_model]}")
    if "by_fold" in result:
        fold_names = sorted(next(iter(result["by_fold"].values())))
        print(f"\ndedup MRR on each {fold_column}'s queries")
        print(f"{'method':<14}" + "".join(f"{f[:22]:>24}" for f in fold_names))
        for name, values in result["by_fold"].items():
            print(f"{name:<14}" + "".join(f"{values.get(f, float('nan')):>24.3f}"
                                          for f in fold_names))
    if "cross_validation" in result:
        cv = result["cross_validation"]
        print(f"{'rrf_loso':<14}" + "".join(f"{cv['mrr_dedup_per_fold'].get(f) or 0:>24.3f}"
                                              for f in fold_names))
        print(f"rrf_loso: RRF weights chosen on the other {cv['folds']}s: MRR {cv['mrr']:.3f}, "
              f"dedup MRR {cv['mrr_dedup']:.3f}; weights per fold {cv['weights_per_fold']}; "
              f"best on all rows {cv['best_weights_on_all_rows']}")
    goal = 1.15 * methods["bm25"]["mrr_dedup"]
    print(f"floor: shipped dedup MRR >= every single method; goal >= {goal:.3f} (1.15 x BM25)")


if __name__ == "__main__":
    main()
