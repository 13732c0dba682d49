"""CPV code suggestion: top-3 accuracy of the suggested codes, with and without the digital
divisions first for texts that speak of IT (engine/cpv.py, `looks_digital`), on two sets:

- the DECP's real French contracts (every contract, and the digital ones: expected code in a
  digital division), cross-validated by source for the setting that also learns from contracts
  (the contracts of one source are suggested from the labels and the other sources' contracts);
- the demo's needs with the code each should get (benchmarks/data/cpv_demo_needs.csv), in
  French, Dutch and English, suggested from the labels as the need form does.

    python benchmarks/cpv_suggestion.py [--skip-contracts] [--json]
"""

import argparse
import json
import sys

import numpy as np
from _common import ROOT, SHARED, embed_cached, read_csv

from synergie.matching.engine.background import background_means
from synergie.matching.engine.cpv import (
    LANGUAGES,
    CpvSuggester,
    is_digital,
    label_reference,
)
from synergie.matching.engine.embedders import get_embedder

DEMO_NEEDS = ROOT / "benchmarks" / "data" / "cpv_demo_needs.csv"


def _labels(model) -> tuple:
    """The labels and their embeddings as shipped (what the need form suggests from)."""
    texts, codes, languages, vectors = label_reference(model.name)
    return texts, codes, languages, vectors


def _scores(suggested: list[list[str]], expected: list[set[str]]) -> dict[str, float]:
    def share(hits):
        return round(float(np.mean(hits)), 4) if hits else 0.0

    return {
        "top3_8_digits": share([bool(set(s) & e) for s, e in zip(suggested, expected)]),
        "top3_group": share([bool({c[:3] for c in s} & {c[:3] for c in e})
                             for s, e in zip(suggested, expected)]),
        "top3_division": share([bool({c[:2] for c in s} & {c[:2] for c in e})
                                for s, e in zip(suggested, expected)]),
        "first_is_digital": share([bool(s) and is_digital(s[0]) for s in suggested]),
    }


def contracts(args, labels, model, prior, digital_first, log) -> dict:
    rows = read_csv(args.csv)
    texts = [row[args.text] for row in rows]
    codes = [row[args.label][:8] for row in rows]
    folds = np.array([row[args.folds] for row in rows])
    vectors = embed_cached("e5", texts, log=log)
    digital = np.array([is_digital(code) for code in codes])
    results = {}
    for setting in ("labels only", "labels and contracts"):
        suggested: list[list[str]] = [[] for _ in rows]
        for fold in sorted(set(folds)):
            suggester = CpvSuggester(model.dimension, prior_means=prior,
                                     digital_first=digital_first)
            suggester.add(*labels)
            if setting == "labels and contracts":
                train = np.flatnonzero(folds != fold)
                suggester.add([texts[i] for i in train], [codes[i] for i in train],
                              ["fr"] * len(train), vectors[train])
            for i in np.flatnonzero(folds == fold):
                suggested[i] = [s.code for s in suggester.suggest(texts[i], "fr", vectors[i])]
            if setting == "labels only":
                break  # nothing learnt from contracts: one pass suggests every contract
        expected = [{code} for code in codes]
        results[setting] = {
            "all": _scores(suggested, expected),
            "digital": _scores([s for s, d in zip(suggested, digital) if d],
                               [e for e, d in zip(expected, digital) if d]),
        }
        log(f"  contracts, {setting}, digital first {digital_first}: done")
    return {"queries": len(rows), "digital_queries": int(digital.sum()), "settings": results}


def demo_needs(labels, model, prior, digital_first) -> dict:
    rows = read_csv(DEMO_NEEDS)
    texts = [f"{row['title']}\n{row['description']}" for row in rows]
    vectors = model.encode_documents(texts)
    suggester = CpvSuggester(model.dimension, prior_means=prior, digital_first=digital_first)
    suggester.add(*labels)
    suggested = [[s.code for s in suggester.suggest(text, row["language"], vector)]
                 for text, row, vector in zip(texts, rows, vectors)]
    expected = [set(row["expected"].split()) for row in rows]
    by_language = {
        lang: _scores([s for s, r in zip(suggested, rows) if r["language"] == lang],
                      [e for e, r in zip(expected, rows) if r["language"] == lang])
        for lang in LANGUAGES
    }
    return {"queries": len(rows), "all": _scores(suggested, expected), "by_language": by_language,
            "suggested": {row["key"]: s for row, s in zip(rows, suggested)}}


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--csv", default=str(SHARED / "procurement-decp/decp-fr-contracts.csv"))
    parser.add_argument("--text", default="objet")
    parser.add_argument("--label", default="cpv8")
    parser.add_argument("--folds", default="source")
    parser.add_argument("--skip-contracts", action="store_true")
    parser.add_argument("--json", action="store_true")
    args = parser.parse_args()
    log = (lambda *a: print(*a, file=sys.stderr)) if args.json else print

    model = get_embedder("e5")
    prior = background_means(model.name)
    labels = _labels(model)
    output = {}
    for name, digital_first in (("before: best fit only", False),
                                ("after: digital divisions first", True)):
        output[name] = {"demo_needs": demo_needs(labels, model, prior, digital_first)}
        if not args.skip_contracts:
            output[name]["contracts"] = contracts(args, labels, model, prior, digital_first,
                                                  log)
    if args.json:
        print(json.dumps(output))
        return
    for name, result in output.items():
        demo = result["demo_needs"]
        print(f"\n{name}")
        print(f"  demo needs ({demo['queries']}): {_line(demo['all'])}")
        for lang, values in demo["by_language"].items():
            print(f"    {lang}: {_line(values)}")
        if "contracts" in result:
            found = result["contracts"]
            for setting, values in found["settings"].items():
                print(f"  contracts, {setting}: all ({found['queries']}) {_line(values['all'])}")
                print(f"  {'':>{len(setting) + 11}}  digital ({found['digital_queries']}) "
                      f"{_line(values['digital'])}")


def _line(values: dict) -> str:
    return (f"top-3 8 digits {values['top3_8_digits']:.3f}, group {values['top3_group']:.3f}, "
            f"division {values['top3_division']:.3f}; first digital "
            f"{values['first_is_digital']:.3f}")


if __name__ == "__main__":
    main()
