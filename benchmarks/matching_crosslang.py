"""A diagnostic, not a target: cross-language matching on the CPV labels. Each label in one
language is a query against all the labels in another language; the right answer is the same
code. Reports top-1 accuracy (and MRR) for FR→NL, NL→FR and FR→EN: for the embedding alone and
for the shipped method, which corrects hubness against reference texts of each language
(engine/hubness.py).

The former target (FR→NL top-1 >= 0.90) is retired: labels are terse noun phrases among
near-synonyms, and no model that ships in a package reaches it. Matching across languages is
measured on real bilingual texts by benchmarks/matching_bilingual.py.

The shipped references are these very labels, so the shipped method is measured by 5-fold
cross-validation over the codes: the references are four fifths of the labels and the queries
the other fifth, still ranked against every label of the target language.

    python benchmarks/matching_crosslang.py [--json] [--limit N]
"""

import argparse
import json
import sys

import numpy as np
from _common import ROOT, embed_cached, read_csv

from synergie.matching.engine.background import background_means
from synergie.matching.engine.embedders import get_embedder
from synergie.matching.engine.hubness import HubnessCorrection
from synergie.matching.engine.matcher import HybridMatcher

PAIRS = [("fr", "nl"), ("nl", "fr"), ("fr", "en")]
FOLDS = 5


def ranks(matcher: HybridMatcher, texts: list[str], vectors: np.ndarray, language: str,
          queries: np.ndarray) -> list[int]:
    result = []
    for i in queries:
        signals = matcher.signals(texts[i], language, vectors[i])
        scores = matcher.fused(signals, language=language)
        result.append(1 + int((scores > scores[i]).sum()))
    return result


def summary(found: list[int]) -> dict[str, float]:
    found = np.array(found)
    return {"top1": round(float(np.mean(found == 1)), 4),
            "mrr": round(float(np.mean(1 / found)), 4)}


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
    queries = np.arange(args.limit or n)
    folds = np.random.default_rng(0).integers(0, FOLDS, n)
    result = {"labels": n, "queries": len(queries), "folds": FOLDS, "pairs": {}}
    for source, target in PAIRS:
        found = {"embedding": [], "shipped": []}
        plain = HybridMatcher(model.dimension, prior_means=prior)
        plain.add(list(range(n)), labels[target], [target] * n, vectors[target])
        found["embedding"] = ranks(plain, labels[source], vectors[source], source, queries)
        for fold in range(FOLDS):
            train = folds != fold
            hubness = HubnessCorrection.fit({lang: v[train] for lang, v in vectors.items()})
            matcher = HybridMatcher(model.dimension, prior_means=prior, hubness=hubness)
            matcher.add(list(range(n)), labels[target], [target] * n, vectors[target])
            found["shipped"] += ranks(matcher, labels[source], vectors[source], source,
                                      queries[folds[queries] == fold])
        pair = f"{source}->{target}"
        result["pairs"][pair] = {method: summary(r) for method, r in found.items()}
        log(f"{pair}: {result['pairs'][pair]}")
    if args.json:
        print(json.dumps(result))
        return
    print(f"\n{len(queries)} CPV labels per direction, shipped method by {FOLDS}-fold "
          "cross-validation (a diagnostic: no target)")
    for pair, methods in result["pairs"].items():
        print(f"{pair:<8} " + "  ".join(f"{m}: top-1 {v['top1']:.3f} MRR {v['mrr']:.3f}"
                                        for m, v in methods.items()))


if __name__ == "__main__":
    main()
