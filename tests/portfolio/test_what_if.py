"""What-if: one candidate forced in or out, re-solved from the previous plan."""

import numpy as np
import pytest

from synergie.portfolio.engine.instance import parse_instance
from synergie.portfolio.engine.optimiser import PortfolioOptimiser, SolveOptions
from tests.portfolio.engine_cases import base_instance, candidate, random_instance

EXACT = SolveOptions(time_limit=10, gap=0.0)


@pytest.fixture
def optimiser():
    # Budget 20 a year: "star" (score 9) beats "rival" (7), which it excludes; "side" fits too.
    return PortfolioOptimiser(parse_instance(base_instance(budget=[20, 20, 20], candidates=[
        candidate("star", 9, [20], start_years=[2027]),
        candidate("rival", 7, [15], start_years=[2027]),
        candidate("side", 2, [5], start_years=[2027]),
        candidate("law", 1, [5], mandatory=True, start_years=[2028]),
    ], exclusions=[["star", "rival"]])), EXACT)


def test_forcing_in_says_what_enters_and_what_drops(optimiser):
    base = optimiser.solve()
    assert {item.id for item in base.selected} == {"star", "law"}
    answer = optimiser.what_if("rival", "in")
    assert answer.entered == ["rival", "side"] and answer.dropped == ["star"]
    assert answer.value_change == 7 + 2 - 9
    assert answer.result.status == "optimal" and answer.result.objective == 10
    assert answer.as_dict()["result"]["objective"] == 10


def test_forcing_out_drops_it_and_refills(optimiser):
    optimiser.solve()
    answer = optimiser.what_if("star", "out")
    assert "star" in answer.dropped and set(answer.entered) == {"rival", "side"}


def test_a_what_if_leaves_the_scenario_unchanged(optimiser):
    before = optimiser.solve().objective
    optimiser.what_if("rival", "in")
    optimiser.what_if("law", "out")
    assert optimiser.solve().objective == before


def test_forcing_out_a_mandatory_item_is_a_conflict(optimiser):
    answer = optimiser.what_if("law", "out")
    assert answer.result.status == "infeasible"
    assert answer.result.conflicts[0].kind == "forced"
    assert "what-if" in answer.result.conflicts[0].message  # the reason given


def test_a_stored_plan_can_seed_the_what_if_without_solving_again(optimiser):
    answer = optimiser.what_if("rival", "in", previous={"star": 2027, "law": 2028})
    assert optimiser.last_result is None
    assert answer.dropped == ["star"] and answer.value_change == 0


def test_a_what_if_on_two_thousand_candidates_keeps_the_change_and_proves_its_gap():
    # How fast it answers depends on the machine: benchmarks/portfolio.py measures it. Here
    # the time limit is generous, so what is checked holds on any machine.
    instance = random_instance(2000, seed=3)
    optimiser = PortfolioOptimiser(instance, SolveOptions(time_limit=120, gap=0.01))
    base = optimiser.solve()
    assert base.status in ("optimal", "time_limit") and base.objective >= base.greedy_value
    chosen = {item.id for item in base.selected}
    scores = np.array([c.score for c in instance.candidates])
    best_left_out = next(instance.candidates[i].id for i in np.argsort(-scores)
                         if instance.candidates[i].id not in chosen)
    for candidate_id, forced in ((best_left_out, "in"), (base.selected[0].id, "out")):
        if forced == "out" and instance.candidates[instance.index_of(candidate_id)].mandatory:
            continue
        answer = optimiser.what_if(candidate_id, forced, time_limit=120)
        result = answer.result
        assert result.status in ("optimal", "time_limit") and result.gap is not None
        assert result.objective >= result.greedy_value
        assert (candidate_id in {item.id for item in result.selected}) == (forced == "in")
