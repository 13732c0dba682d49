"""Infeasible instances are reported with their cause: which constraints, which items."""

from synergie.portfolio.engine.instance import parse_instance
from synergie.portfolio.engine.optimiser import SolveOptions, optimise
from tests.portfolio.engine_cases import base_instance, candidate

OPTIONS = SolveOptions(time_limit=10, gap=0.0, diagnosis_time=10)


def conflicts_of(data: dict):
    result = optimise(parse_instance(data), OPTIONS)
    assert result.status == "infeasible"
    assert result.objective is None and result.selected == []
    assert result.conflicts
    for conflict in result.conflicts:
        assert conflict.message.endswith(".") and conflict.constraints
        assert conflict.as_dict().keys() == {"kind", "constraints", "items", "message"}
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
