"""From a scenario in the database to the optimiser's JSON instance (docs/optimiser-instance.md)
and back: what the pure engine needs, nothing else."""

from collections import defaultdict

from synergie.needs.models import NeedCost
from synergie.portfolio.engine.criteria import weighted_score
from synergie.portfolio.models import Scenario, ScenarioCandidate

# Ratings are 0–5 and the weights sum to 1, so a score is 0–5; the optimiser sums them.
SCORE_SCALE = 100


def candidate_costs(candidates: list[ScenarioCandidate]) -> dict[int, list[float]]:
    """Each candidate's cost per year from its start: its needs' yearly estimates (one-off and
    recurring), counted from the first year with an estimate."""
    need_ids = defaultdict(list)
    for candidate in candidates:
        for need in candidate.member_needs():
            need_ids[need.pk].append(candidate.pk)
    by_candidate: dict[int, dict[int, float]] = defaultdict(lambda: defaultdict(float))
    for need_id, year, one_off, recurring in NeedCost.objects.filter(
        need_id__in=need_ids
    ).values_list("need_id", "year", "one_off", "recurring"):
        for candidate_pk in need_ids[need_id]:
            by_candidate[candidate_pk][year] += float(one_off + recurring)
    costs = {}
    for candidate in candidates:
        yearly = by_candidate.get(candidate.pk, {})
        if not yearly:
            costs[candidate.pk] = [0.0]
            continue
        first, last = min(yearly), max(yearly)
        costs[candidate.pk] = [round(yearly.get(year, 0.0), 2) for year in range(first, last + 1)]
    return costs


def scenario_instance(scenario: Scenario) -> dict:
    candidates = list(scenario.candidates.select_related("opportunity", "need")
                      .prefetch_related("opportunity__needs", "depends_on", "excludes"))
    costs = candidate_costs(candidates)
    years = scenario.year_list
    pools = {pool: [float(v) for v in values][:len(years)]
             for pool, values in scenario.capacity.items()}
    items = []
    for candidate in candidates:
        item = {
            "id": candidate.key,
            "title": str(candidate.subject),
            "score": round(weighted_score(candidate.ratings, scenario.weights) * SCORE_SCALE, 3),
            "cost": costs[candidate.pk],
            "demand": {pool: [float(v) for v in values]
                       for pool, values in candidate.demand.items() if pool in pools},
            "axis": candidate.axis,
            "mandatory": candidate.mandatory,
        }
        if candidate.forced:
            item["forced"] = candidate.forced
            item["reason"] = candidate.forced_reason or "—"
        items.append(item)
    by_pk = {candidate.pk: candidate for candidate in candidates}
    dependencies = [
        {"candidate": candidate.key, "needs": needed.key}
        for candidate in candidates for needed in candidate.depends_on.all() if needed.pk in by_pk
    ]
    exclusions = sorted({
        tuple(sorted((candidate.key, other.key)))
        for candidate in candidates for other in candidate.excludes.all() if other.pk in by_pk
    })
    return {
        "name": scenario.title,
        "years": years,
        "budget": [float(v) for v in scenario.budget][:len(years)],
        "capacity": pools,
        "candidates": items,
        "dependencies": dependencies,
        "exclusions": [list(pair) for pair in exclusions],
        "axis_bounds": scenario.axis_bounds or {},
        **({} if scenario.beyond_horizon_budget is None
           else {"beyond_horizon_budget": float(scenario.beyond_horizon_budget)}),
    }
