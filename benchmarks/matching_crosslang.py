"""Cross-language matching on the CPV labels: each label in one language is a query against all
the labels in another language; the right answer is the same code. Reports top-1 accuracy (and
MRR) for FR→NL, NL→FR and FR→EN, for the embedding alone and for the shipped method.

    python benchmarks/matching_crosslang.py [--json] [--limit N]
"""

import argparse
import json
import sys

import numpy as np
from _common import ROOT, embed_cached, read_csv

from synergie.matching.engine.background import background_means
from synergie.matching.engine.embedders import get_embedder
from synergie.matching.engine.matcher import HybridMatcher

PAIRS = [("fr", "nl"), ("nl", "fr"), ("fr", "en")]


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--model", default="e5")
    parser.add_argument("--limit", type=int, default=0, help="only the first N queries")
    parser.add_argument("--json", action="store_true")
    args = parser.parse_args()
    log = (lambda *a: print(*a, file=sys.stderr)) if args.json else print

    rows = read_csv(ROOT / "synergie/reference/data/cpv_2008_labels_en_fr_nl_de.csv")
    labels = {lang: [row[f"label_{lang}"] for row in rows] for lang in ("fr", "nl", "en")}
    vectors = {lang: embed_cached(args.model, texts, log=log) for lang, texts in labels.items()}
    model = get_embedder(args.model)
    prior = background_means(model.name)
    n = len(rows)
    queries = range(args.limit or n)
    result = {"labels": n, "queries": len(queries), "pairs": {}}
    for source, target in PAIRS:
        matcher = HybridMatcher(model.dimension, prior_means=prior)
        matcher.add(list(range(n)), labels[target], [target] * n, vectors[target])
        hits = {"embedding": [], "shipped": []}
        for i in queries:
            signals = matcher.signals(labels[source][i], source, vectors[source][i])
            for method, scores in (("embedding", signals["embedding"]),
                                   ("shipped", matcher.fused(signals, language=source))):
                rank = 1 + int((scores > scores[i]).sum())
                hits[method].append(rank)
        result["pairs"][f"{source}->{target}"] = {
            method: {"top1": round(float(np.mean(np.array(r) == 1)), 4),
                     "mrr": round(float(np.mean(1 / np.array(r))), 4)}
            for method, r in hits.items()
        }
        log(f"{source}->{target}: {result['pairs'][f'{source}->{target}']}")
    if args.json:
        print(json.dumps(result))
        return
    print(f"\n{len(queries)} CPV labels per direction; target FR->NL top-1 >= 0.90")
    for pair, methods in result["pairs"].items():
        print(f"{pair:<8} " + "  ".join(f"{m}: top-1 {v['top1']:.3f} MRR {v['mrr']:.3f}"
                                        for m, v in methods.items()))


if __name__ == "__main__":
    main()
