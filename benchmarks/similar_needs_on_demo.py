"""A need's "this looks like" on the demo's needs: how many of its twins it shows and how many
unrelated needs, before (the search's 5 nearest, whatever they are) and after (at most 5, only
those whose similarity reaches SIMILAR_NEED_THRESHOLD or stands out by STANDS_OUT,
synergie/matching/explain.py).

The demo marks 12 groups of twins (`twin_group` in synergie/demo/data/needs.json): needs of
different institutions, mostly in different languages, that ask for the same thing. A shown
need of another group, or any need shown for a need without a group, is unrelated. Every need
the demo indexes is a query, seen by the purchasing office's analyst (who sees every need):
as a whole (its page) and by its title alone (the need form, early in the writing).

    python benchmarks/similar_needs_on_demo.py [--sweep] [--json]

It loads the demo into SYNERGIE_DATA_DIR (a fresh temporary folder when unset) unless the
demo is already there. --sweep also prints every threshold from 0.30 to 0.46 (with STANDS_OUT)
and every STANDS_OUT from 2.0 to 3.5 (with the threshold), and the threshold a cross-validation
picks (best F1 over twin pairs on the other groups, measured on each held-out group).
"""

import argparse
import json
import os
import sys
import tempfile
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))
os.environ.setdefault("SYNERGIE_DATA_DIR", tempfile.mkdtemp(prefix="synergie-bench-"))
os.environ.setdefault("DJANGO_SETTINGS_MODULE", "synergie.settings")

import django  # noqa: E402

django.setup()

from django.core.management import call_command  # noqa: E402

from synergie.accounts.models import User  # noqa: E402
from synergie.demo.load import read_needs  # noqa: E402
from synergie.matching import explain  # noqa: E402
from synergie.matching.models import DocumentKind  # noqa: E402
from synergie.matching.service import Query, matching_index  # noqa: E402
from synergie.needs.models import Need  # noqa: E402

SHOWN = 5


def candidates(need: Need, title_only: bool):
    """The search's nearest needs of other institutions, best first, each as (id, similarity,
    how far it stands out), as the need's page (or, on its title, the need form) computes
    them."""
    query = explain.need_query(need)
    if title_only:
        query = Query(text=need.title, language=need.language)
    own = [(DocumentKind.NEED, pk) for pk in
           Need.objects.filter(institution_id=need.institution_id).values_list("pk", flat=True)]
    matches = matching_index.search(query, k=explain.SIMILAR_CANDIDATES, exclude=own)
    measured = matching_index.similarity(query, [match.key for match in matches], own)
    return [(match.key[1], *measured[match.key]) for match in matches]


def shown_at(ranked, threshold: float | None, stands_out: float = explain.STANDS_OUT):
    if threshold is None:
        return [pk for pk, _, _ in ranked[:SHOWN]]
    kept = [(pk, value) for pk, value, standing in ranked
            if value >= threshold or standing >= stands_out]
    return [pk for pk, _ in sorted(kept, key=lambda item: -item[1])[:SHOWN]]


def measure(queries, threshold: float | None, stands_out: float = explain.STANDS_OUT) -> dict:
    """queries: (group or None, candidates, id -> group)."""
    twin_needs = with_twin = top1 = twins = twins_shown = unrelated = empty = 0
    for group, ranked, group_of in queries:
        shown = shown_at(ranked, threshold, stands_out)
        hits = [pk for pk in shown if group and group_of.get(pk) == group]
        unrelated += len(shown) - len(hits)
        empty += not shown
        if group:
            twin_needs += 1
            with_twin += bool(hits)
            top1 += bool(shown) and group_of.get(shown[0]) == group
            twins += sum(1 for other_group in group_of.values() if other_group == group)
            twins_shown += len(hits)
    precision = twins_shown / (twins_shown + unrelated) if twins_shown + unrelated else 0.0
    recall = twins_shown / twins if twins else 0.0
    return {
        "threshold": threshold, "stands_out": stands_out if threshold else None,
        "needs": len(queries), "twin_needs": twin_needs,
        "twin_needs_showing_a_twin": with_twin, "first_shown_is_a_twin": top1,
        "twins": twins, "twins_shown": twins_shown, "unrelated_shown": unrelated,
        "unrelated_per_need": round(unrelated / len(queries), 2), "empty_lists": empty,
        "f1": round(2 * precision * recall / (precision + recall), 3) if recall else 0.0,
    }


def cross_validated(queries, grid) -> dict:
    """Each twin group (with a share of the needs without a group) held out in turn: the
    threshold with the best F1 on the others, measured on it."""
    grouped = sorted({query[0] for query in queries if query[0]})
    loners = [query for query in queries if not query[0]]
    chosen, held_out = [], []
    for position, group in enumerate(grouped):
        test = [query for query in queries if query[0] == group] + loners[position::len(grouped)]
        train = [query for query in queries if all(query is not other for other in test)]
        best = max(grid, key=lambda t: (measure(train, t)["f1"], -t))
        chosen.append(best)
        held_out.append(measure(test, best))
    total = {key: sum(result[key] for result in held_out)
             for key in ("twin_needs_showing_a_twin", "twin_needs", "twins_shown", "twins",
                         "unrelated_shown")}
    return {"thresholds_chosen": sorted(chosen), **total}


def queries_of(title_only: bool) -> list:
    group_by_title = {item["title"]: item["twin_group"] for item in read_needs()}
    analyst = User.objects.get(username="lucas.martin")
    queries = []
    for need in Need.objects.exclude(status__in=("draft", "withdrawn")).order_by("pk"):
        ranked = candidates(need, title_only)
        # The need's twins among every need of other institutions, not only the candidates.
        others = Need.objects.exclude(institution_id=need.institution_id).exclude(
            status__in=("draft", "withdrawn")).values_list("pk", "title")
        group_of = {pk: group_by_title.get(title) for pk, title in others}
        if not title_only:
            shown = [result.need.pk for result in explain.similar_needs(need, analyst, k=SHOWN)
                     if result.need]
            assert shown == shown_at(ranked, explain.SIMILAR_NEED_THRESHOLD), need
        queries.append((group_by_title.get(need.title), ranked, group_of))
    return queries


def results_for(queries, sweep: bool) -> dict:
    results = {"before": measure(queries, None),
               "after": measure(queries, explain.SIMILAR_NEED_THRESHOLD)}
    if sweep:
        grid = [round(0.30 + step / 100, 2) for step in range(17)]
        results["sweep"] = [measure(queries, threshold) for threshold in grid] + [
            measure(queries, explain.SIMILAR_NEED_THRESHOLD, stands_out / 4)
            for stands_out in range(8, 15)]
        results["cross_validated"] = cross_validated(queries, grid)
    return results


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--sweep", action="store_true")
    parser.add_argument("--json", action="store_true")
    args = parser.parse_args()
    if not Need.objects.exists():
        call_command("demo", no_serve=True, stdout=open(os.devnull, "w"))
    results = {"whole need": results_for(queries_of(title_only=False), args.sweep),
               "title only": results_for(queries_of(title_only=True), args.sweep)}
    if args.json:
        print(json.dumps(results, indent=1))
        return
    for mode, measured in results.items():
        print(f"== {mode}")
        for name in ("before", "after", *(["sweep"] if args.sweep else [])):
            for row in measured[name] if name == "sweep" else [measured[name]]:
                print(f"{name:7} threshold {row['threshold']}, stands out {row['stands_out']}: "
                      f"twin needs showing a twin {row['twin_needs_showing_a_twin']}/"
                      f"{row['twin_needs']}, first shown is a twin "
                      f"{row['first_shown_is_a_twin']}, twins shown {row['twins_shown']}/"
                      f"{row['twins']}, unrelated shown {row['unrelated_shown']} "
                      f"({row['unrelated_per_need']} per need), empty lists "
                      f"{row['empty_lists']}/{row['needs']}, F1 {row['f1']}")
        if args.sweep:
            print("cross-validated:", measured["cross_validated"])


if __name__ == "__main__":
    main()
