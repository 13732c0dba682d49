"""Infeasible instances are reported with their cause: which constraints, which items."""

import json

import pytest

from synergie.portfolio.engine.instance import parse_instance
from synergie.portfolio.engine.optimiser import SolveOptions, optimise
from synergie.portfolio.engine.result import CONFLICT_CODES
from tests.portfolio.conflict_cases import CONFLICT_CASES
from tests.portfolio.engine_cases import base_instance, candidate

OPTIONS = SolveOptions(time_limit=10, gap=0.0, diagnosis_time=10)


def conflicts_of(data: dict):
    result = optimise(parse_instance(data), OPTIONS)
    assert result.status == "infeasible"
    assert result.objective is None and result.selected == []
    assert result.conflicts
    for conflict in result.conflicts:
        assert conflict.message.endswith(".") and conflict.constraints
        assert conflict.as_dict().keys() == {"kind", "constraints", "items", "message", "code",
                                             "params"}
    return result.conflicts


def only(conflicts, kind: str):
    matching = [conflict for conflict in conflicts if conflict.kind == kind]
    assert matching, f"no {kind} conflict in {[c.kind for c in conflicts]}"
    return matching[0]


def test_mandatory_items_alone_exceeding_a_years_budget():
    conflict = only(conflicts_of(base_instance(budget=[100, 500, 500], candidates=[
        candidate("A", 1, [70], mandatory=True, start_years=[2027]),
        candidate("B", 1, [50], mandatory=True, start_years=[2027]),
        candidate("C", 1, [10]),
    ])), "budget")
    assert "budget 2027" in conflict.constraints
    assert conflict.items == ["A", "B"]
    assert "2027" in conflict.message and "A (70)" in conflict.message


def test_mandatory_items_alone_exceeding_a_pools_capacity():
    conflict = only(conflicts_of(base_instance(candidates=[
        candidate("A", 1, demand={"dev": [0, 6]}, mandatory=True, start_years=[2027]),
        candidate("B", 1, demand={"dev": [6]}, mandatory=True, start_years=[2028]),
    ])), "capacity")
    assert "capacity dev 2028" in conflict.constraints
    assert set(conflict.items) == {"A", "B"} and "FTE" in conflict.message


def test_a_mandatory_item_too_big_for_any_start_year():
    conflict = only(conflicts_of(base_instance(candidates=[
        candidate("huge", 1, [20], demand={"dev": [12]}, mandatory=True),
    ])), "capacity")
    assert conflict.items == ["huge"]
    assert "does not fit on its own in any allowed start year" in conflict.message
    assert {"capacity dev 2027", "capacity dev 2029"} <= set(conflict.constraints)


def test_a_mandatory_item_depending_on_a_forced_out_item():
    conflict = only(conflicts_of(base_instance(candidates=[
        candidate("portal", 5, [10], mandatory=True),
        candidate("platform", 1, [10], forced="out", reason="too expensive"),
    ], dependencies=[{"candidate": "portal", "needs": "platform"}])), "dependency")
    assert conflict.items == ["portal", "platform"]
    assert "forced out platform" in conflict.constraints
    assert "too expensive" in conflict.message


def test_a_required_chain_that_cannot_start_early_enough():
    conflict = only(conflicts_of(base_instance(candidates=[
        candidate("law", 5, [10], mandatory=True, start_years=[2027]),
        candidate("base", 1, [10], start_years=[2028, 2029]),
    ], dependencies=[{"candidate": "law", "needs": "base"}])), "dependency")
    assert set(conflict.items) == {"law", "base"}
    assert "2028 at the earliest" in conflict.message


def test_two_mandatory_items_that_exclude_each_other():
    conflict = only(conflicts_of(base_instance(candidates=[
        candidate("A", 1, [10], mandatory=True), candidate("B", 1, [10], forced="in",
                                                           reason="council vote"),
    ], exclusions=[["A", "B"]])), "exclusion")
    assert conflict.items == ["A", "B"]
    assert "exclusion A / B" in conflict.constraints


def test_a_mandatory_item_forced_out():
    conflict = only(conflicts_of(base_instance(candidates=[
        candidate("A", 1, [10], mandatory=True, forced="out", reason="no longer wanted"),
    ])), "forced")
    assert conflict.constraints == ["mandatory A", "forced out A"]


def test_an_axis_minimum_out_of_reach():
    conflict = only(conflicts_of(base_instance(candidates=[
        candidate("A", 1, [10], axis="regulatory"), candidate("B", 1, [50], axis="policy"),
    ], axis_bounds={"regulatory": {"min": 0.1}})), "axis_min")
    assert conflict.constraints == ["axis regulatory min"] and conflict.items == ["A"]
    assert "10.0%" in conflict.message


def test_required_items_above_an_axis_maximum():
    conflict = only(conflicts_of(base_instance(candidates=[
        candidate("A", 1, [100], axis="policy", mandatory=True),
    ], axis_bounds={"policy": {"max": 0.2}})), "axis_max")
    assert conflict.items == ["A"]


def test_minimum_shares_above_one_hundred_percent():
    conflict = only(conflicts_of(base_instance(candidates=[candidate("A", 1, [10])], axis_bounds={
        "regulatory": {"min": 0.6}, "continuity": {"min": 0.5}})), "axis_shares")
    assert set(conflict.constraints) == {"axis regulatory min", "axis continuity min"}


def test_a_conflict_no_single_check_sees_is_narrowed_by_relaxing_constraints():
    # Each mandatory item fits in either year, but three cannot share two years' budgets.
    conflicts = conflicts_of(base_instance(years=[2027, 2028], budget=[10, 10], capacity={},
                                           candidates=[
        candidate("A", 1, [10], mandatory=True), candidate("B", 1, [10], mandatory=True),
        candidate("C", 1, [10], mandatory=True), candidate("D", 9, [1]),
    ]))
    conflict = only(conflicts, "combination")
    assert set(conflict.constraints) == {"budget 2027", "budget 2028", "mandatory A",
                                         "mandatory B", "mandatory C"}
    assert conflict.items == ["A", "B", "C"]
    assert "Relaxing any one of them would allow a plan." in conflict.message


def test_what_a_forced_in_item_needs_counts_in_the_budget_check():
    # "app" is forced in and needs "platform": with the mandatory "legacy" that makes 25 in a
    # year of 20.
    conflicts = conflicts_of(base_instance(years=[2027], budget=[20], capacity={}, candidates=[
        candidate("app", 1, [5], forced="in", reason="promised"),
        candidate("platform", 1, [10]),
        candidate("legacy", 1, [10], mandatory=True),
    ], dependencies=[{"candidate": "app", "needs": "platform"}]))
    assert {conflict.kind for conflict in conflicts} == {"budget"}
    conflict = conflicts[0]
    assert set(conflict.items) == {"app", "platform", "legacy"}
    assert "forced in app" in conflict.constraints and "mandatory legacy" in conflict.constraints


# What each case's conflict says, as parameters a page can put in the reader's language.
EXPECTED_PARAMS = {
    "mandatory_forced_out": {"candidate": "A", "reason": "plus nécessaire"},
    "needs_forced_out": {"requirement": {"root": "mandatory", "chain": ["A", "B", "C"]},
                         "candidate": "C", "reason": "trop cher"},
    "starts_too_late": {"requirement": {"root": "mandatory", "chain": ["A", "B"]},
                        "candidate": "A", "needs": "B", "lag": 0, "earliest": 2028,
                        "latest": 2027},
    "required_exclude_each_other": {"first": {"root": "mandatory", "chain": ["A"]},
                                    "second": {"root": "forced_in", "chain": ["B"]},
                                    "candidates": ["A", "B"]},
    "too_big_alone": {"requirement": {"root": "mandatory", "chain": ["A"]}, "candidate": "A",
                      "starts": [{"start_year": year, "limit": "capacity", "pool": "dev",
                                  "year": year, "need": 12.0, "available": 10.0}
                                 for year in (2027, 2028, 2029)]},
    "budget_exceeded": {"year": 2027, "need": 120000.5, "available": 100000.0,
                        "items": [["A", 70000.5], ["B", 50000.0]]},
    "capacity_exceeded": {"pool": "dev", "year": 2028, "need": 12.5, "available": 10.0,
                          "items": [["A", 6.5], ["B", 6.0]]},
    "beyond_horizon_exceeded": {"year": 2029, "need": 20.0, "available": 15.0,
                                "items": [["A", 12.0], ["B", 8.0]]},
    "axis_shares_above_total": {"shares": [["continuity", 0.5], ["regulatory", 0.6]]},
    "axis_min_unreachable": {"axis": "regulatory", "min_share": 0.1, "min_amount": 30.0,
                             "reachable": 10.0, "candidate_count": 1},
    "axis_max_exceeded": {"axis": "policy", "max_share": 0.2, "max_amount": 60.0,
                          "spend": 100.0, "candidates": ["A"]},
    "combination": {"constraints": [{"type": "budget", "year": 2027},
                                    {"type": "budget", "year": 2028},
                                    {"type": "mandatory", "candidate": "A"},
                                    {"type": "mandatory", "candidate": "B"},
                                    {"type": "mandatory", "candidate": "C"}],
                    "outcome": "relax_any"},
}


def test_every_conflict_code_has_a_case():
    assert set(CONFLICT_CASES) == set(EXPECTED_PARAMS) == set(CONFLICT_CODES)


@pytest.mark.parametrize("code", CONFLICT_CODES)
def test_each_conflict_carries_its_code_and_plain_parameters(code):
    conflicts = conflicts_of(CONFLICT_CASES[code])
    conflict = next(c for c in conflicts if c.code == code)
    assert conflict.params == EXPECTED_PARAMS[code]
    # Plain JSON values: stored with the scenario and read back unchanged.
    stored = json.loads(json.dumps(conflict.as_dict()))
    assert stored["params"] == conflict.params and stored["code"] == code
    assert stored["message"] == conflict.message
