"""One small infeasible instance per conflict code the diagnosis can produce, shared by the
engine tests and the page tests (which give the candidates real needs)."""

from synergie.portfolio.engine import result as codes
from tests.portfolio.engine_cases import base_instance, candidate

CONFLICT_CASES: dict[str, dict] = {
    codes.MANDATORY_FORCED_OUT: base_instance(candidates=[
        candidate("A", 1, [10], mandatory=True, forced="out", reason="plus nécessaire"),
        candidate("B", 1, [10]),
    ]),
    codes.NEEDS_FORCED_OUT: base_instance(candidates=[
        candidate("A", 5, [10], mandatory=True),
        candidate("B", 1, [10]),
        candidate("C", 1, [10], forced="out", reason="trop cher"),
    ], dependencies=[{"candidate": "A", "needs": "B"}, {"candidate": "B", "needs": "C"}]),
    codes.STARTS_TOO_LATE: base_instance(candidates=[
        candidate("A", 5, [10], mandatory=True, start_years=[2027]),
        candidate("B", 1, [10], start_years=[2028, 2029]),
    ], dependencies=[{"candidate": "A", "needs": "B"}]),
    codes.REQUIRED_EXCLUDE_EACH_OTHER: base_instance(candidates=[
        candidate("A", 1, [10], mandatory=True),
        candidate("B", 1, [10], forced="in", reason="vote du conseil"),
    ], exclusions=[["A", "B"]]),
    codes.TOO_BIG_ALONE: base_instance(candidates=[
        candidate("A", 1, [20], demand={"dev": [12]}, mandatory=True),
        candidate("B", 1, [10]),
    ]),
    codes.BUDGET_EXCEEDED: base_instance(budget=[100000, 500000, 500000], candidates=[
        candidate("A", 1, [70000.5], mandatory=True, start_years=[2027]),
        candidate("B", 1, [50000], mandatory=True, start_years=[2027]),
        candidate("C", 1, [10]),
    ]),
    codes.CAPACITY_EXCEEDED: base_instance(candidates=[
        candidate("A", 1, demand={"dev": [0, 6.5]}, mandatory=True, start_years=[2027]),
        candidate("B", 1, demand={"dev": [6]}, mandatory=True, start_years=[2028]),
    ]),
    # From their earliest start, 12 and 8 of their costs fall after 2029: 20 > 15.
    codes.BEYOND_HORIZON_EXCEEDED: base_instance(beyond_horizon_budget=15, candidates=[
        candidate("A", 1, [10, 10, 10, 12], mandatory=True),
        candidate("B", 1, [10, 10, 10, 8], mandatory=True),
    ]),
    codes.AXIS_SHARES_ABOVE_TOTAL: base_instance(candidates=[
        candidate("A", 1, [10], axis="regulatory"),
    ], axis_bounds={"regulatory": {"min": 0.6}, "continuity": {"min": 0.5}}),
    codes.AXIS_MIN_UNREACHABLE: base_instance(candidates=[
        candidate("A", 1, [10], axis="regulatory"), candidate("B", 1, [50], axis="policy"),
    ], axis_bounds={"regulatory": {"min": 0.1}}),
    codes.AXIS_MAX_EXCEEDED: base_instance(candidates=[
        candidate("A", 1, [100], axis="policy", mandatory=True),
        candidate("B", 1, [10], axis="regulatory"),
    ], axis_bounds={"policy": {"max": 0.2}}),
    # Each mandatory item fits in either year, but three cannot share two years' budgets.
    codes.COMBINATION: base_instance(years=[2027, 2028], budget=[10, 10], capacity={},
                                     candidates=[
        candidate("A", 1, [10], mandatory=True), candidate("B", 1, [10], mandatory=True),
        candidate("C", 1, [10], mandatory=True), candidate("D", 9, [1]),
    ]),
}


def with_ids(data: dict, ids: dict[str, str]) -> dict:
    """The instance with its candidates renamed (`ids`: old id -> new id)."""
    return {
        **data,
        "candidates": [{**item, "id": ids[item["id"]]} for item in data["candidates"]],
        "dependencies": [{"candidate": ids[d["candidate"]], "needs": ids[d["needs"]]}
                         for d in data.get("dependencies", [])],
        "exclusions": [[ids[a], ids[b]] for a, b in data.get("exclusions", [])],
    }
