"""CPV code suggestion on real contracts: top-3 accuracy of the suggested code at 8 digits and
at the group level (first 3 digits), cross-validated by source (the contracts of one source are
suggested from the CPV labels and the contracts of the other sources, never their own).

    python benchmarks/cpv_suggestion.py [--csv PATH --text objet --label cpv8] [--json]
"""

import argparse
import json
import sys

import numpy as np
from _common import ROOT, SHARED, embed_cached, read_csv

from synergie.matching.engine.background import background_means
from synergie.matching.engine.cpv import CpvSuggester
from synergie.matching.engine.embedders import get_embedder


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--csv", default=str(SHARED / "procurement-decp/decp-fr-contracts.csv"))
    parser.add_argument("--text", default="objet")
    parser.add_argument("--label", default="cpv8")
    parser.add_argument("--folds", default="source")
    parser.add_argument("--json", action="store_true")
    args = parser.parse_args()
    log = (lambda *a: print(*a, file=sys.stderr)) if args.json else print

    rows = read_csv(args.csv)
    texts = [row[args.text] for row in rows]
    codes = [row[args.label][:8] for row in rows]
    folds = np.array([row[args.folds] for row in rows])
    vectors = embed_cached("e5", texts, log=log)
    cpv = read_csv(ROOT / "synergie/reference/data/cpv_2008_labels_en_fr_nl_de.csv")
    label_texts, label_codes, label_languages, label_vectors = [], [], [], []
    for lang in ("fr", "nl", "en"):
        lang_texts = [row[f"label_{lang}"] for row in cpv]
        label_texts += lang_texts
        label_codes += [row["code"] for row in cpv]
        label_languages += [lang] * len(cpv)
        label_vectors.append(embed_cached("e5", lang_texts, log=log))
    label_vectors = np.vstack(label_vectors)
    model = get_embedder("e5")
    prior = background_means(model.name)

    results = {}
    for setting in ("labels only", "labels and contracts"):
        hits8, hits3 = [], []
        for fold in sorted(set(folds)):
            suggester = CpvSuggester(model.dimension, prior_means=prior)
            suggester.add(label_texts, label_codes, label_languages, label_vectors)
            if setting == "labels and contracts":
                train = np.flatnonzero(folds != fold)
                suggester.add([texts[i] for i in train], [codes[i] for i in train],
                              ["fr"] * len(train), vectors[train])
            for i in np.flatnonzero(folds == fold):
                suggested = [s.code for s in suggester.suggest(texts[i], "fr", vectors[i], k=3)]
                hits8.append(codes[i] in suggested)
                hits3.append(codes[i][:3] in {code[:3] for code in suggested})
            log(f"  {setting}: fold {fold} done")
        results[setting] = {"top3_accuracy_8_digits": round(float(np.mean(hits8)), 4),
                            "top3_accuracy_group": round(float(np.mean(hits3)), 4)}
    output = {"queries": len(rows), "folds": args.folds, "settings": results}
    if args.json:
        print(json.dumps(output))
        return
    print(f"\n{len(rows)} contracts, cross-validated by {args.folds}")
    for setting, values in results.items():
        print(f"{setting:<22} top-3 accuracy: 8 digits {values['top3_accuracy_8_digits']:.3f}, "
              f"group (3 digits) {values['top3_accuracy_group']:.3f}")


if __name__ == "__main__":
    main()
