"""Every cost counts: costs after the last planning year are either not allowed (the default)
or charged to a budget declared for them; what-if answers warm-started from a stored plan reach
the cold solve's optimum; the efficient frontier never goes down."""

from dataclasses import replace

import numpy as np
import pytest

from synergie.portfolio.engine.frontier import BUDGET_FACTORS, frontier_points
from synergie.portfolio.engine.instance import InstanceError, parse_instance
from synergie.portfolio.engine.optimiser import PortfolioOptimiser, SolveOptions, optimise
from tests.portfolio.engine_cases import base_instance, candidate, random_instance

EXACT = SolveOptions(time_limit=60, gap=0.0)


def plan(result) -> dict[str, int]:
    return {item.id: item.start_year for item in result.selected}


def last_cost_year(instance, candidate_id: str, start: int) -> int:
    cost = instance.candidates[instance.index_of(candidate_id)].cost
    nonzero = [k for k, amount in enumerate(cost) if amount > 0]
    return start + (nonzero[-1] if nonzero else 0)


def test_by_default_a_candidate_never_starts_so_late_that_its_costs_spill():
    # "late" is cheapest inside the horizon when started in 2029 (only 10 of its 10 + 50 + 50
    # there), and the only start the 2027–2028 budgets leave room for; it is not taken.
    result = optimise(parse_instance(base_instance(budget=[5, 5, 100], candidates=[
        candidate("late", 9, [10, 50, 50]),
        candidate("short", 1, [10], start_years=[2029]),
    ])), EXACT)
    assert plan(result) == {"short": 2029}
    assert result.beyond_horizon_spend == 0


def test_an_explicit_start_year_that_would_spill_is_not_taken():
    result = optimise(parse_instance(base_instance(candidates=[
        candidate("A", 5, [10, 10], start_years=[2028, 2029])])), EXACT)
    assert plan(result) == {"A": 2028}


@pytest.mark.parametrize("seed", [1, 2, 4])
def test_on_realistic_instances_every_selected_cost_falls_within_the_horizon(seed):
    instance = random_instance(150, seed=seed, beyond_horizon=False)
    result = optimise(instance, SolveOptions(time_limit=5, gap=0.01))
    assert result.selected  # whatever the time limit allowed, this holds for the plan returned
    for item in result.selected:
        assert last_cost_year(instance, item.id, item.start_year) <= instance.years[-1]
    assert result.beyond_horizon_spend == 0


def test_with_a_budget_beyond_the_horizon_a_late_start_is_allowed_within_it():
    data = base_instance(budget=[5, 5, 100], beyond_horizon_budget=100, candidates=[
        candidate("late", 9, [10, 50, 50]), candidate("short", 1, [10], start_years=[2029])])
    result = optimise(parse_instance(data), EXACT)
    assert plan(result) == {"late": 2029, "short": 2029}
    assert result.spend == [0, 0, 20] and result.beyond_horizon_spend == 100
    # A euro less for the years after 2029, and "late" cannot start at all.
    assert plan(optimise(parse_instance({**data, "beyond_horizon_budget": 99}), EXACT)) == {
        "short": 2029}


def test_the_budget_beyond_the_horizon_is_shared_by_every_candidate():
    # Each fits alone after 2029 (60), not both (120 > 100): the better one is started late.
    result = optimise(parse_instance(base_instance(budget=[0, 0, 100], beyond_horizon_budget=100,
                                                   candidates=[candidate("A", 5, [10, 60]),
                                                               candidate("B", 3, [10, 60])])),
                      EXACT)
    assert plan(result) == {"A": 2029}


@pytest.mark.parametrize("seed", [4, 5])
def test_on_realistic_instances_the_costs_after_the_horizon_stay_within_their_budget(seed):
    instance = random_instance(150, seed=seed)
    result = optimise(instance, SolveOptions(time_limit=5, gap=0.01))
    assert 0 < result.beyond_horizon_spend <= instance.beyond_horizon_budget * (1 + 1e-6)
    spilling = [item for item in result.selected
                if last_cost_year(instance, item.id, item.start_year) > instance.years[-1]]
    assert spilling  # the declared budget is used: some candidates start late


def test_a_mandatory_candidate_that_can_only_spill_is_a_named_conflict():
    result = optimise(parse_instance(base_instance(candidates=[
        candidate("law", 1, [10, 10, 10, 10], mandatory=True)])), EXACT)
    assert result.status == "infeasible"
    conflict = result.conflicts[0]
    assert conflict.code == "too_big_alone"
    assert {start["limit"] for start in conflict.params["starts"]} == {"beyond_horizon"}
    assert conflict.params["starts"][0] == {"start_year": 2027, "limit": "beyond_horizon",
                                            "year": 2029, "need": 10.0, "available": 0.0}


@pytest.mark.parametrize("value, message", [
    ("lots", "beyond_horizon_budget: expected a number ≥ 0 (what the costs after the last "
             "planning year may add up to) or null, got a string"),
    (True, "beyond_horizon_budget: expected a number ≥ 0 (what the costs after the last "
           "planning year may add up to) or null, got a boolean"),
    (-5, "beyond_horizon_budget: must not be negative (got -5); 0 or null: no cost may fall "
         "after the last planning year"),
    (float("nan"), "beyond_horizon_budget: not a finite number (got nan)"),
    (1e13, "beyond_horizon_budget: too large (at most 1e+12)"),
])
def test_a_bad_budget_beyond_the_horizon_is_refused_by_name(value, message):
    with pytest.raises(InstanceError) as error:
        parse_instance(base_instance(beyond_horizon_budget=value))
    assert error.value.errors == [message]


@pytest.mark.parametrize("value, expected", [(None, None), (0, 0.0), (250000.5, 250000.5)])
def test_a_budget_beyond_the_horizon_may_be_null_zero_or_an_amount(value, expected):
    assert parse_instance(base_instance(beyond_horizon_budget=value)).beyond_horizon_budget \
        == expected


def test_zero_beyond_the_horizon_means_the_same_as_none():
    data = base_instance(budget=[5, 5, 100], candidates=[candidate("late", 9, [10, 50, 50])])
    assert plan(optimise(parse_instance({**data, "beyond_horizon_budget": 0}), EXACT)) == \
        plan(optimise(parse_instance(data), EXACT)) == {}


@pytest.mark.parametrize("beyond_horizon", [True, False])
def test_a_what_if_from_the_stored_plan_reaches_the_cold_solves_optimum(beyond_horizon):
    instance = random_instance(20, seed=7, beyond_horizon=beyond_horizon)
    base = optimise(instance, EXACT)
    stored = plan(base)
    scores = np.array([c.score for c in instance.candidates])
    left_out = [instance.candidates[i].id for i in np.argsort(-scores)
                if instance.candidates[i].id not in stored][:2]
    taken = [item.id for item in base.selected
             if not instance.candidates[instance.index_of(item.id)].mandatory][:2]
    for candidate_id, forced in [(c, "in") for c in left_out] + [(c, "out") for c in taken]:
        # As the worker answers it: a fresh optimiser, seeded with the stored plan.
        warm = PortfolioOptimiser(instance, EXACT).what_if(
            candidate_id, forced, time_limit=60, previous=stored)
        cold = optimise(instance.with_forced(candidate_id, forced, "what-if"), EXACT)
        assert warm.result.status == cold.status
        if cold.objective is None:
            continue
        assert warm.result.status == "optimal" and warm.result.gap == 0
        assert warm.result.objective == pytest.approx(cold.objective)
        assert (candidate_id in plan(warm.result)) == (forced == "in")


def test_the_frontier_has_twenty_levels_and_never_goes_down():
    # No axis minimum: a share of a larger budget could ask more than the plan below spends.
    instance = replace(random_instance(60, seed=9), axis_bounds={})
    points = list(frontier_points(instance, time_limit=1))
    assert [p["factor"] for p in points] == list(BUDGET_FACTORS) and len(points) == 20
    assert 1.0 in BUDGET_FACTORS
    values = [p["value"] for p in points if p["value"] is not None]
    assert len(values) >= 15
    # Each level is warm-started from the plan below, which still fits: whatever the time limit
    # let the solver prove, a larger budget never shows a smaller value.
    assert all(later >= earlier - 1e-9 for earlier, later in zip(values, values[1:]))
    first_plan = next(i for i, p in enumerate(points) if p["value"] is not None)
    assert all(p["value"] is not None for p in points[first_plan:])
    assert [p["budget"] for p in points] == pytest.approx(
        [sum(instance.budget) * f for f in BUDGET_FACTORS], abs=0.01)
