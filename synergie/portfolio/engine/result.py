"""What the optimiser returns: the plan, its value and proof of quality, resource use, conflicts."""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any

import numpy as np

from .compiled import NOT_SELECTED, CompiledInstance, selected_columns
from .instance import AXES

OPTIMAL = "optimal"  # proven within the requested relative gap
TIME_LIMIT = "time_limit"  # stopped by the time limit with a feasible plan; `gap` says how good
INFEASIBLE = "infeasible"  # no plan meets every constraint; `conflicts` says which conflict
NOT_SOLVED = "not_solved"  # no plan found in time, and infeasibility not proven either


# What a conflict says, one code per kind of sentence; `Conflict.params` holds its values.
MANDATORY_FORCED_OUT = "mandatory_forced_out"  # candidate, reason
NEEDS_FORCED_OUT = "needs_forced_out"  # requirement, candidate (the forced-out one), reason
STARTS_TOO_LATE = "starts_too_late"  # requirement, candidate, needs, lag, earliest, latest
REQUIRED_EXCLUDE_EACH_OTHER = "required_exclude_each_other"  # first, second, candidates
TOO_BIG_ALONE = "too_big_alone"  # requirement, candidate, starts
BUDGET_EXCEEDED = "budget_exceeded"  # year, need, available, items
CAPACITY_EXCEEDED = "capacity_exceeded"  # pool, year, need, available, items
AXIS_SHARES_ABOVE_TOTAL = "axis_shares_above_total"  # shares
AXIS_MIN_UNREACHABLE = "axis_min_unreachable"  # axis, min_share, min_amount, reachable,
#                                                candidate_count
AXIS_MAX_EXCEEDED = "axis_max_exceeded"  # axis, max_share, max_amount, spend, candidates
BEYOND_HORIZON_EXCEEDED = "beyond_horizon_exceeded"  # year (the last), need, available, items
COMBINATION = "combination"  # constraints, outcome
CONFLICT_CODES = (MANDATORY_FORCED_OUT, NEEDS_FORCED_OUT, STARTS_TOO_LATE,
                  REQUIRED_EXCLUDE_EACH_OTHER, TOO_BIG_ALONE, BUDGET_EXCEEDED, CAPACITY_EXCEEDED,
                  BEYOND_HORIZON_EXCEEDED,
                  AXIS_SHARES_ABOVE_TOTAL, AXIS_MIN_UNREACHABLE, AXIS_MAX_EXCEEDED, COMBINATION)


@dataclass(frozen=True)
class Conflict:
    """Constraints that cannot all hold together, in a form a program and a person can read.

    `message` says it in English (the command line); `code` and `params` (plain JSON values:
    candidate ids, years, amounts, axis codes, pool names, reasons as written) let a page say
    it in the reader's language, with the candidates' titles. docs/optimiser-instance.md lists
    the codes and their parameters."""

    kind: str  # budget, capacity, axis_min, axis_max, axis_shares, dependency, exclusion,
    #            forced, combination
    constraints: list[str]  # names such as "budget 2027", "mandatory A", "dependency A needs B"
    items: list[str]  # candidate ids involved
    message: str  # one plain English sentence (or two)
    code: str  # one of CONFLICT_CODES
    params: dict[str, Any]

    def as_dict(self) -> dict[str, Any]:
        return {"kind": self.kind, "constraints": self.constraints, "items": self.items,
                "message": self.message, "code": self.code, "params": self.params}


@dataclass(frozen=True)
class SelectedCandidate:
    id: str
    start_year: int
    score: float
    axis: str | None
    title: str = ""

    def as_dict(self) -> dict[str, Any]:
        return {"id": self.id, "start_year": self.start_year, "score": self.score,
                "axis": self.axis, "title": self.title}


@dataclass
class PortfolioResult:
    status: str
    source: str | None  # "milp", "greedy" (solver found nothing better in time) or None
    message: str
    objective: float | None
    bound: float | None  # proven upper bound on the best possible value
    gap: float | None  # (bound - objective) / objective: how far from optimal at worst
    requested_gap: float
    selected: list[SelectedCandidate]
    years: list[int]
    spend: list[float]
    budget: list[float]
    capacity_use: dict[str, list[float]]
    capacity: dict[str, list[float]]
    axis_spend: dict[str, float]
    beyond_horizon_spend: float  # the plan's costs after the last planning year
    beyond_horizon_budget: float | None  # as declared; None: nothing may fall after it
    greedy_value: float | None
    greedy_note: str
    build_seconds: float
    solve_seconds: float
    conflicts: list[Conflict] = field(default_factory=list)
    start_of: np.ndarray | None = None  # start index per candidate, for warm starts

    def as_dict(self) -> dict[str, Any]:
        return {
            "status": self.status, "source": self.source, "message": self.message,
            "objective": self.objective, "bound": self.bound, "gap": self.gap,
            "requested_gap": self.requested_gap,
            "selected": [item.as_dict() for item in self.selected],
            "years": self.years, "spend": self.spend, "budget": self.budget,
            "capacity_use": self.capacity_use, "capacity": self.capacity,
            "axis_spend": self.axis_spend,
            "beyond_horizon_spend": self.beyond_horizon_spend,
            "beyond_horizon_budget": self.beyond_horizon_budget,
            "greedy_value": self.greedy_value,
            "greedy_note": self.greedy_note, "build_seconds": round(self.build_seconds, 4),
            "solve_seconds": round(self.solve_seconds, 4),
            "conflicts": [conflict.as_dict() for conflict in self.conflicts],
        }


def relative_gap(value: float | None, bound: float | None) -> float | None:
    if value is None or bound is None:
        return None
    difference = max(bound - value, 0.0)
    if difference <= 1e-9 * max(1.0, abs(bound)):
        return 0.0
    return difference / abs(value) if value else float("inf")


def plan_result(compiled: CompiledInstance, start_of: np.ndarray | None, **fields) -> \
        PortfolioResult:
    """A result whose plan figures (selection, spend, capacity and axis use) come from
    `start_of`; an empty plan when it is None."""
    years = list(compiled.years)
    if start_of is None:
        start_of_plan = np.full(compiled.n_candidates, NOT_SELECTED, dtype=np.int64)
    else:
        start_of_plan = start_of
    columns = selected_columns(compiled, start_of_plan)
    spend = compiled.col_cost[columns].sum(axis=0)
    use = compiled.col_demand[columns].sum(axis=0)
    axis_spend = {axis: 0.0 for axis in AXES}
    for col in columns:
        k = compiled.axis[compiled.col_candidate[col]]
        if k >= 0:
            axis_spend[AXES[k]] += float(compiled.col_horizon_cost[col])
    instance = compiled.instance
    selected = []
    for c in np.flatnonzero(start_of_plan != NOT_SELECTED):
        candidate = instance.candidates[c]
        selected.append(SelectedCandidate(candidate.id, years[start_of_plan[c]], candidate.score,
                                          candidate.axis, candidate.title))
    selected.sort(key=lambda item: (item.start_year, -item.score, item.id))
    return PortfolioResult(
        selected=selected, years=years, spend=[round(float(x), 6) for x in spend],
        budget=list(instance.budget),
        capacity_use={pool: [round(float(x), 6) for x in use[p]]
                      for p, pool in enumerate(compiled.pools)},
        capacity={pool: list(instance.capacity[pool]) for pool in compiled.pools},
        axis_spend=axis_spend,
        beyond_horizon_spend=round(float(compiled.col_beyond_cost[columns].sum()), 6),
        beyond_horizon_budget=instance.beyond_horizon_budget, start_of=start_of, **fields,
    )


def format_result(result: PortfolioResult) -> str:
    """The result as text for a terminal."""
    lines = [f"Status: {result.status}" + (f" ({result.message})" if result.message else "")]
    for conflict in result.conflicts:
        lines.append(f"  Conflict [{conflict.kind}]: {conflict.message}")
        lines.append(f"    constraints: {', '.join(conflict.constraints)}")
    if result.objective is None:
        return "\n".join(lines)
    gap = "unknown" if result.gap is None else f"{result.gap:.4%}"
    lines.append(f"Objective value: {result.objective:g} (proven gap {gap}; bound "
                 f"{'unknown' if result.bound is None else f'{result.bound:g}'})")
    greedy = "none found" if result.greedy_value is None else f"{result.greedy_value:g}"
    lines.append(f"Greedy baseline: {greedy}; solve time {result.solve_seconds:.2f} s")
    lines.append(f"Selected: {len(result.selected)} candidate(s)")
    for item in result.selected:
        title = f"  {item.title}" if item.title else ""
        lines.append(f"  {item.start_year}  {item.id}  score {item.score:g}"
                     f"  [{item.axis or '-'}]{title}")
    lines.append("Spend per year (budget):")
    for year, spent, budget in zip(result.years, result.spend, result.budget):
        lines.append(f"  {year}: {spent:,.2f} / {budget:,.2f}")
    if result.beyond_horizon_budget is not None:
        lines.append(f"  after {result.years[-1]}: {result.beyond_horizon_spend:,.2f} / "
                     f"{result.beyond_horizon_budget:,.2f}")
    if result.capacity:
        lines.append("Capacity use per pool (FTE used / available, by year):")
        for pool, used in result.capacity_use.items():
            cells = ", ".join(f"{u:g}/{a:g}" for u, a in zip(used, result.capacity[pool]))
            lines.append(f"  {pool}: {cells}")
    return "\n".join(lines)
