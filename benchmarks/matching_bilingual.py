"""Matching across languages on real bilingual texts: a text in one language must find its
twin written in another, in an index where it sits among the other texts and distractors.

Two sets, neither used to choose the fusion (synergie/matching/engine/fusion.py):

- dcat: the French/Dutch titles and descriptions of the Belgian federal DCAT-AP samples
  (../shared/data/dcat-ap/belgian-federal-samples/): each title and each description written in
  both languages is a pair; the French one is a query for the Dutch one and the reverse.
- demo: the demo's needs (synergie/demo/data/needs.json); a need of a twin group is a query
  for the needs of its group written in another language.

Both are indexed together with DISTRACTORS French public contracts of the DECP file
(../shared/data/procurement-decp/), so a query's own language is crowded. Twins in the query's
own language are left out of its ranking. Methods: BM25, character TF-IDF, each embedding
model alone, the old z-score fusion, and the shipped method (HybridMatcher.search).

    python benchmarks/matching_bilingual.py [--distractors 2000] [--models e5,use] [--json]
"""

import argparse
import json
import sys
import xml.etree.ElementTree as ET
from collections import defaultdict

import numpy as np
from _common import ROOT, SHARED, embed_cached, legacy_fusion, read_csv

from synergie.matching.engine.background import background_means
from synergie.matching.engine.cpv import labels_hubness
from synergie.matching.engine.embedders import get_embedder
from synergie.matching.engine.matcher import EmbeddingSet, HybridMatcher
from synergie.matching.engine.text import normalised

DCAT_DIR = SHARED / "dcat-ap" / "belgian-federal-samples"
DECP_CSV = SHARED / "procurement-decp" / "decp-fr-contracts.csv"
DEMO_NEEDS = ROOT / "synergie" / "demo" / "data" / "needs.json"
XML_LANG = "{http://www.w3.org/XML/1998/namespace}lang"
FIELDS = {"title", "description"}


def dcat_pairs() -> list[tuple[str, str]]:
    """(French, Dutch) texts of every title and description the samples give in both
    languages, once each; pairs whose two sides are the same words (a bare "CSV") are left
    out, they test nothing across languages."""
    found: dict[tuple[str, str], None] = {}
    for path in sorted(DCAT_DIR.iterdir()):
        if path.suffix not in (".rdf", ".xml"):
            continue
        for element in ET.parse(path).getroot().iter():
            texts: dict[tuple[str, str], str] = {}
            for child in element:
                field = child.tag.rsplit("}", 1)[-1]
                language = child.get(XML_LANG)
                if field in FIELDS and language in ("fr", "nl") and (child.text or "").strip():
                    texts.setdefault((field, language), " ".join(child.text.split()))
            for field in FIELDS:
                fr, nl = texts.get((field, "fr")), texts.get((field, "nl"))
                if fr and nl and normalised(fr) != normalised(nl):
                    found[(fr, nl)] = None
    return list(found)


def dcat_items() -> list[tuple[str, str, str]]:
    """(text, language, group) for both sides of every pair."""
    items = []
    for number, (fr, nl) in enumerate(dcat_pairs()):
        items += [(fr, "fr", f"dcat-{number}"), (nl, "nl", f"dcat-{number}")]
    return items


def demo_items() -> list[tuple[str, str, str | None]]:
    needs = json.loads(DEMO_NEEDS.read_text(encoding="utf-8"))
    return [(f"{need['title']}\n{need['description']}".strip(), need["language"],
             need.get("twin_group") and f"demo-{need['twin_group']}") for need in needs]


def distractor_items(count: int) -> tuple[list[tuple[str, str, None]], np.ndarray]:
    """`count` DECP contracts drawn at random (seed 0), and their rows in the file (so the
    embeddings of the whole file, cached by matching_quality.py, serve)."""
    if count <= 0:
        return [], np.zeros(0, dtype=np.int64)
    rows = read_csv(DECP_CSV)
    chosen = np.sort(np.random.default_rng(0).choice(len(rows), min(count, len(rows)),
                                                     replace=False))
    return [(rows[i]["objet"] or "", "fr", None) for i in chosen], chosen


def embeddings(model: str, items: list, distractor_rows: np.ndarray, log) -> np.ndarray:
    own = embed_cached(model, [text for text, _, _ in items], log=log)
    if not len(distractor_rows):
        return own
    decp = [row["objet"] or "" for row in read_csv(DECP_CSV)]
    every_contract = embed_cached(model, decp, log=log)
    return np.vstack([own, every_contract[distractor_rows]])


def rank_of_first(scores: np.ndarray, relevant: np.ndarray, allowed: np.ndarray) -> int:
    """1 + how many allowed candidates score above the best relevant one (ties count
    against: a method that cannot tell the twin apart gains nothing)."""
    best = scores[relevant & allowed].max()
    others = allowed & ~relevant
    return 1 + int((scores[others] >= best).sum())


def evaluate(sets: dict[str, list], distractors: list, vectors: dict[str, np.ndarray],
             log) -> dict:
    items = [item for name in sets for item in sets[name]] + distractors
    texts = [text for text, _, _ in items]
    languages = np.array([language for _, language, _ in items])
    groups = np.array([group or "" for _, _, group in items])
    owner = np.array([name for name in sets for _ in sets[name]] + [""] * len(distractors))
    model = get_embedder("e5")
    matcher = HybridMatcher(model.dimension, prior_means=background_means(model.name),
                            hubness=labels_hubness(model.name))
    matcher.add(list(range(len(items))), texts, list(languages), vectors["e5"])
    others = {}
    for name, matrix in vectors.items():
        if name != "e5":
            others[name] = EmbeddingSet(matrix.shape[1])
            others[name].add(matrix, list(languages))
    found: dict[str, dict[str, list[int]]] = defaultdict(lambda: defaultdict(list))
    for i, (text, language, group) in enumerate(items):
        if not group:
            continue
        relevant = (groups == group) & (languages != language)
        if not relevant.any():
            continue
        # Neither the query nor its twins in its own language are candidates.
        allowed = ~((groups == group) & (languages == language))
        signals = matcher.signals(text, language, vectors["e5"][i])
        scores = {"bm25": signals["bm25"], "char_tfidf": signals["char"],
                  "e5": signals["embedding"]}
        for name, embedding_set in others.items():
            scores[name] = embedding_set.scores(vectors[name][i], language)
        scores["zscore_fusion"] = legacy_fusion(signals, languages == language, allowed)
        shipped = np.full(len(items), -np.inf)
        for match in matcher.search(text, language, vectors["e5"][i], k=len(items),
                                    exclude=[int(k) for k in np.flatnonzero(~allowed)]):
            shipped[match.key] = match.score
        scores["shipped"] = shipped
        for method, values in scores.items():
            found[owner[i]][method].append(rank_of_first(values, relevant, allowed))
    result = {}
    for name, methods in found.items():
        result[name] = {"queries": len(next(iter(methods.values()))), "methods": {
            method: {"mrr": round(float(np.mean(1 / np.array(r))), 4),
                     "top1": round(float(np.mean(np.array(r) == 1)), 4)}
            for method, r in methods.items()}}
        log(f"{name}: {result[name]}")
    return result


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--distractors", type=int, default=2000,
                        help="French contracts added to the index")
    parser.add_argument("--models", default="e5,use", help="embedding models to measure")
    parser.add_argument("--json", action="store_true", help="print one JSON object")
    args = parser.parse_args()
    log = (lambda *a: print(*a, file=sys.stderr)) if args.json else print

    sets = {"demo": demo_items()}
    if DCAT_DIR.is_dir():
        sets = {"dcat": dcat_items(), **sets}
    else:
        log(f"{DCAT_DIR} is missing: the DCAT-AP pairs are not measured")
    distractors, rows = distractor_items(args.distractors)
    items = [item for name in sets for item in sets[name]]
    models = ["e5", *[m for m in args.models.split(",") if m and m != "e5"]]
    vectors = {model: embeddings(model, items, rows, log) for model in models}
    result = {"distractors": len(distractors), "pairs_dcat": len(sets.get("dcat", [])) // 2,
              "sets": evaluate(sets, distractors, vectors, log)}
    if args.json:
        print(json.dumps(result))
        return
    print(f"\n{result['pairs_dcat']} French/Dutch DCAT-AP pairs and the demo's twin needs, "
          f"among {len(distractors)} French contracts")
    for name, entry in result["sets"].items():
        print(f"{name} ({entry['queries']} queries)")
        for method, values in entry["methods"].items():
            print(f"  {method:<14} MRR {values['mrr']:.3f}  top-1 {values['top1']:.3f}")


if __name__ == "__main__":
    main()
