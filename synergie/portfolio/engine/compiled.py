"""An instance turned into numpy arrays, shared by the greedy baseline, the MILP and the checks.

A *column* is one (candidate, start year) choice; the columns of a candidate are contiguous
(``first_col[c]:first_col[c + 1]``), in increasing start year. Years and pools are indices here.
Costs that fall after the last planning year are kept apart (`col_beyond_cost`): they count
against the instance's budget for commitments beyond the horizon, which is 0 unless declared,
so by default a start whose costs spill past the horizon is not allowed. Demand after the last
year is dropped (no capacity is declared for those years).
"""

from __future__ import annotations

from dataclasses import dataclass, replace
from functools import cached_property

import numpy as np

from .instance import AXES, Instance

# Limits are met to one part in a million: what HiGHS guarantees on rows scaled to a right-hand
# side of 1 (its feasibility tolerance), and enough to absorb floating-point noise in sums.
RELATIVE_TOLERANCE = 1e-6
ABSOLUTE_TOLERANCE = 1e-9

NOT_SELECTED = -1


@dataclass(frozen=True)
class CompiledInstance:
    instance: Instance
    years: tuple[int, ...]
    pools: tuple[str, ...]
    ids: tuple[str, ...]
    score: np.ndarray  # (n,)
    axis: np.ndarray  # (n,) index into AXES, -1 for none
    mandatory: np.ndarray  # (n,) bool
    forced_in: np.ndarray  # (n,) bool
    forced_out: np.ndarray  # (n,) bool
    first_col: np.ndarray  # (n + 1,)
    col_candidate: np.ndarray  # (m,)
    col_start: np.ndarray  # (m,) year index
    col_cost: np.ndarray  # (m, years)
    col_demand: np.ndarray  # (m, pools, years)
    col_horizon_cost: np.ndarray  # (m,) cost inside the horizon
    col_beyond_cost: np.ndarray  # (m,) cost after the last planning year
    beyond_budget: float  # what the plan may cost after the horizon: 0 unless declared
    budget: np.ndarray  # (years,), inf when relaxed
    capacity: np.ndarray  # (pools, years), inf when relaxed
    axis_basis: float  # total planning budget: the base of the axis shares
    axis_min: np.ndarray  # (axes,) money
    axis_max: np.ndarray  # (axes,) money, inf when unbounded
    dep_candidate: np.ndarray  # (d,) the candidate that needs ...
    dep_needs: np.ndarray  # (d,) ... this one
    dep_lag: np.ndarray  # (d,)
    excl_first: np.ndarray  # (e,)
    excl_second: np.ndarray  # (e,)

    @property
    def n_candidates(self) -> int:
        return len(self.ids)

    @property
    def n_columns(self) -> int:
        return len(self.col_candidate)

    def columns_of(self, candidate: int) -> range:
        return range(int(self.first_col[candidate]), int(self.first_col[candidate + 1]))

    @property
    def required(self) -> np.ndarray:
        """Candidates that must be selected: mandatory or forced in."""
        return self.mandatory | self.forced_in

    @cached_property  # (written to the instance's __dict__: fine on a frozen dataclass)
    def col_allowed(self) -> np.ndarray:
        """Columns whose costs after the horizon fit the budget for them on their own (by
        default: columns with no cost after the horizon)."""
        return self.col_beyond_cost <= with_tolerance(np.array(self.beyond_budget))

    def resource_matrix(self) -> tuple[np.ndarray, np.ndarray]:
        """(use per column, limit) of every packing constraint: budget per year, capacity per
        pool-year, the budget after the horizon, axis maximum (last).
        Infinite limits are kept so indices stay stable."""
        axis_use = np.zeros((self.n_columns, len(AXES)))
        on_axis = self.axis[self.col_candidate] >= 0
        axis_use[np.flatnonzero(on_axis), self.axis[self.col_candidate][on_axis]] = (
            self.col_horizon_cost[on_axis])
        use = np.hstack([self.col_cost, self.col_demand.reshape(self.n_columns, -1)
                         if self.n_columns else np.zeros((0, self.capacity.size)),
                         self.col_beyond_cost[:, None], axis_use])
        limit = np.concatenate([self.budget, self.capacity.reshape(-1), [self.beyond_budget],
                                self.axis_max])
        return use, limit


def compile_instance(instance: Instance) -> CompiledInstance:
    years = instance.years
    n_years = len(years)
    pools = tuple(instance.capacity)
    candidates = instance.candidates
    n = len(candidates)
    index = {candidate.id: position for position, candidate in enumerate(candidates)}
    year_index = {year: position for position, year in enumerate(years)}

    starts_per_candidate = [[year_index[y] for y in (c.start_years or years)] for c in candidates]
    counts = np.array([len(starts) for starts in starts_per_candidate], dtype=np.int64)
    first_col = np.zeros(n + 1, dtype=np.int64)
    np.cumsum(counts, out=first_col[1:])
    col_candidate = np.repeat(np.arange(n), counts)
    col_start = np.array([s for starts in starts_per_candidate for s in starts], dtype=np.int64)

    # Profiles relative to the start, truncated to the horizon length (no start is earlier than
    # the first year, so nothing beyond n_years entries can land inside the horizon).
    cost_profile = np.zeros((n, n_years))
    demand_profile = np.zeros((n, len(pools), n_years))
    pool_index = {pool: position for position, pool in enumerate(pools)}
    for c, candidate in enumerate(candidates):
        cost = candidate.cost[:n_years]
        cost_profile[c, :len(cost)] = cost
        for pool, fte in candidate.demand.items():
            fte = fte[:n_years]
            demand_profile[c, pool_index[pool], :len(fte)] = fte

    # col_cost[col, t] = profile[candidate, t - start] for t >= start.
    offset = np.arange(n_years)[None, :] - col_start[:, None]
    inside = offset >= 0
    clipped = np.where(inside, offset, 0)
    col_cost = np.where(inside, cost_profile[col_candidate[:, None], clipped], 0.0)
    col_demand = np.where(inside[:, None, :],
                          demand_profile[col_candidate[:, None, None],
                                         np.arange(len(pools))[None, :, None],
                                         clipped[:, None, :]], 0.0)

    # Cost after the last year, per column: the tail of the profile from the first year past
    # the horizon, summed exactly (not total minus horizon cost, whose rounding would leave
    # crumbs that break a limit of 0).
    tails = [np.concatenate([np.cumsum(np.asarray(c.cost[::-1], dtype=float))[::-1], [0.0]])
             for c in candidates]
    col_beyond_cost = np.array(
        [tails[c][min(n_years - s, len(tails[c]) - 1)]
         for c, s in zip(col_candidate.tolist(), col_start.tolist())], dtype=float)

    axis_basis = float(sum(instance.budget))
    axis_min = np.zeros(len(AXES))
    axis_max = np.full(len(AXES), np.inf)
    for axis, bound in instance.axis_bounds.items():
        axis_min[AXES.index(axis)] = bound.min_share * axis_basis
        if bound.max_share < 1:
            axis_max[AXES.index(axis)] = bound.max_share * axis_basis

    def ids_to_indices(pairs: list[tuple[str, str]]) -> tuple[np.ndarray, np.ndarray]:
        first = np.array([index[a] for a, _ in pairs], dtype=np.int64)
        second = np.array([index[b] for _, b in pairs], dtype=np.int64)
        return first, second

    dep_candidate, dep_needs = ids_to_indices([(d.candidate, d.needs)
                                              for d in instance.dependencies])
    excl_first, excl_second = ids_to_indices(list(instance.exclusions))
    return CompiledInstance(
        instance=instance, years=years, pools=pools, ids=tuple(c.id for c in candidates),
        score=np.array([c.score for c in candidates], dtype=float),
        axis=np.array([AXES.index(c.axis) if c.axis else -1 for c in candidates], dtype=np.int64),
        mandatory=np.array([c.mandatory for c in candidates], dtype=bool),
        forced_in=np.array([c.forced == "in" for c in candidates], dtype=bool),
        forced_out=np.array([c.forced == "out" for c in candidates], dtype=bool),
        first_col=first_col, col_candidate=col_candidate, col_start=col_start,
        col_cost=col_cost, col_demand=col_demand, col_horizon_cost=col_cost.sum(axis=1),
        col_beyond_cost=col_beyond_cost,
        beyond_budget=(0.0 if instance.beyond_horizon_budget is None
                       else float(instance.beyond_horizon_budget)),
        budget=np.array(instance.budget, dtype=float),
        capacity=np.array([instance.capacity[pool] for pool in pools],
                          dtype=float).reshape(len(pools), n_years),
        axis_basis=axis_basis, axis_min=axis_min, axis_max=axis_max,
        dep_candidate=dep_candidate, dep_needs=dep_needs,
        dep_lag=np.array([d.lag for d in instance.dependencies], dtype=np.int64),
        excl_first=excl_first, excl_second=excl_second,
    )


def with_tolerance(limit: np.ndarray) -> np.ndarray:
    return limit + RELATIVE_TOLERANCE * np.abs(np.where(np.isfinite(limit), limit, 0)) \
        + ABSOLUTE_TOLERANCE


def selected_columns(compiled: CompiledInstance, start_of: np.ndarray) -> np.ndarray:
    """Column indices of a plan given as a start-year index per candidate (-1: not selected)."""
    chosen = np.flatnonzero(start_of != NOT_SELECTED)
    columns = []
    for c in chosen:
        cols = compiled.columns_of(int(c))
        match = [col for col in cols if compiled.col_start[col] == start_of[c]]
        if not match:
            raise ValueError(f"{compiled.ids[c]}: start year index {start_of[c]} not allowed")
        columns.append(match[0])
    return np.array(columns, dtype=np.int64)


def plan_violations(compiled: CompiledInstance, start_of: np.ndarray) -> list[str]:
    """Every constraint a plan breaks, in words (empty: the plan is feasible)."""
    ids, years = compiled.ids, compiled.years
    violations: list[str] = []
    try:
        columns = selected_columns(compiled, start_of)
    except ValueError as error:
        return [str(error)]
    selected = start_of != NOT_SELECTED
    spend = compiled.col_cost[columns].sum(axis=0)
    for t in np.flatnonzero(spend > with_tolerance(compiled.budget)):
        violations.append(f"budget {years[t]}: {spend[t]:g} > {compiled.budget[t]:g}")
    beyond = float(compiled.col_beyond_cost[columns].sum())
    if beyond > with_tolerance(np.array(compiled.beyond_budget)):
        violations.append(f"after {years[-1]}: {beyond:g} > {compiled.beyond_budget:g}")
    use = compiled.col_demand[columns].sum(axis=0)
    for p, t in zip(*np.nonzero(use > with_tolerance(compiled.capacity))):
        violations.append(f"capacity {compiled.pools[p]} {years[t]}: {use[p, t]:g} > "
                          f"{compiled.capacity[p, t]:g}")
    axis_spend = np.zeros(len(AXES))
    np.add.at(axis_spend, compiled.axis[compiled.col_candidate[columns]],
              np.where(compiled.axis[compiled.col_candidate[columns]] >= 0,
                       compiled.col_horizon_cost[columns], 0.0))
    # Axis rows are scaled by the total budget, so their slack is relative to it.
    axis_slack = RELATIVE_TOLERANCE * compiled.axis_basis + ABSOLUTE_TOLERANCE
    for k, axis in enumerate(AXES):
        if axis_spend[k] > compiled.axis_max[k] + axis_slack:
            violations.append(f"axis {axis} max: {axis_spend[k]:g} > {compiled.axis_max[k]:g}")
        if axis_spend[k] < compiled.axis_min[k] - axis_slack:
            violations.append(f"axis {axis} min: {axis_spend[k]:g} < {compiled.axis_min[k]:g}")
    for c in np.flatnonzero(compiled.required & ~selected):
        violations.append(f"{ids[c]} is mandatory or forced in but not selected")
    for c in np.flatnonzero(compiled.forced_out & selected):
        violations.append(f"{ids[c]} is forced out but selected")
    for a, b, lag in zip(compiled.dep_candidate, compiled.dep_needs, compiled.dep_lag):
        if selected[a] and (not selected[b] or start_of[b] + lag > start_of[a]):
            violations.append(f"{ids[a]} needs {ids[b]} (lag {lag})")
    for a, b in zip(compiled.excl_first, compiled.excl_second):
        if selected[a] and selected[b]:
            violations.append(f"{ids[a]} and {ids[b]} exclude each other")
    return violations


def relaxed_copy(compiled: CompiledInstance, *, budget_years=(), capacity_cells=(),
                 axis_min=(), axis_max=(), dependencies=(), exclusions=(), mandatory=(),
                 forced=(), beyond_horizon=()) -> CompiledInstance:
    """A copy without the given constraints (indices into the respective arrays), used to find
    which constraints conflict. The axis shares keep their base (the original total budget)."""
    budget = compiled.budget.copy()
    budget[list(budget_years)] = np.inf
    capacity = compiled.capacity.copy()
    for p, t in capacity_cells:
        capacity[p, t] = np.inf
    minimum, maximum = compiled.axis_min.copy(), compiled.axis_max.copy()
    minimum[list(axis_min)] = 0.0
    maximum[list(axis_max)] = np.inf
    keep_dep = np.setdiff1d(np.arange(len(compiled.dep_lag)), list(dependencies))
    keep_excl = np.setdiff1d(np.arange(len(compiled.excl_first)), list(exclusions))
    is_mandatory = compiled.mandatory.copy()
    is_mandatory[list(mandatory)] = False
    forced_in, forced_out = compiled.forced_in.copy(), compiled.forced_out.copy()
    forced_in[list(forced)] = False
    forced_out[list(forced)] = False
    return replace(
        compiled, budget=budget, capacity=capacity, axis_min=minimum, axis_max=maximum,
        beyond_budget=np.inf if len(beyond_horizon) else compiled.beyond_budget,
        dep_candidate=compiled.dep_candidate[keep_dep], dep_needs=compiled.dep_needs[keep_dep],
        dep_lag=compiled.dep_lag[keep_dep], excl_first=compiled.excl_first[keep_excl],
        excl_second=compiled.excl_second[keep_excl], mandatory=is_mandatory,
        forced_in=forced_in, forced_out=forced_out,
    )


def with_budget_factor(compiled: CompiledInstance, factor: float) -> CompiledInstance:
    """A copy with every amount of money times `factor`: the yearly budgets, the budget after
    the horizon, and the axis bounds (shares of the total budget, which scales too)."""
    instance = compiled.instance
    beyond = instance.beyond_horizon_budget
    return replace(
        compiled,
        instance=replace(instance, budget=tuple(b * factor for b in instance.budget),
                         beyond_horizon_budget=None if beyond is None else beyond * factor),
        budget=compiled.budget * factor, beyond_budget=compiled.beyond_budget * factor,
        axis_basis=compiled.axis_basis * factor, axis_min=compiled.axis_min * factor,
        axis_max=compiled.axis_max * factor)


def required_closure(compiled: CompiledInstance) -> np.ndarray:
    """Candidates that must be selected: mandatory, forced in, and everything those need
    (transitively, through dependencies)."""
    required = compiled.required.copy()
    changed = True
    while changed:
        implied = compiled.dep_needs[required[compiled.dep_candidate]]
        changed = bool((~required[implied]).any())
        required[implied] = True
    return required


def latest_starts(compiled: CompiledInstance, required: np.ndarray) -> np.ndarray:
    """Latest start-year index each candidate may take (years beyond the horizon count as
    len(years)): its own last allowed start, and for what a required item needs, early enough
    for that item (start of need + lag ≤ start of item), propagated along chains."""
    last = allowed_start_bounds(compiled)[1]
    active = required[compiled.dep_candidate]
    dependents, needs = compiled.dep_candidate[active], compiled.dep_needs[active]
    lags = compiled.dep_lag[active]
    for _ in range(compiled.n_candidates + 1):  # a fixpoint; cycles with a lag empty the window
        bound = last.copy()
        np.minimum.at(bound, needs, last[dependents] - lags)
        if np.array_equal(bound, last):
            break
        last = bound
    return last


def allowed_start_bounds(compiled: CompiledInstance) -> tuple[np.ndarray, np.ndarray]:
    """(earliest, latest) start-year index each candidate may take given its costs after the
    horizon; over all its declared starts when none fits (the conflict is then reported as "does
    not fit on its own"); -1 for a candidate without any start."""
    n, first_col = compiled.n_candidates, compiled.first_col
    earliest, latest = np.full(n, -1, dtype=np.int64), np.full(n, -1, dtype=np.int64)
    has_columns = first_col[1:] > first_col[:-1]
    earliest[has_columns] = compiled.col_start[first_col[:-1][has_columns]]
    latest[has_columns] = compiled.col_start[first_col[1:][has_columns] - 1]
    allowed = np.flatnonzero(compiled.col_allowed)
    if len(allowed):
        owner = compiled.col_candidate[allowed]
        some = np.zeros(n, dtype=bool)
        some[owner] = True
        low = np.full(n, np.iinfo(np.int64).max)
        high = np.full(n, -1, dtype=np.int64)
        np.minimum.at(low, owner, compiled.col_start[allowed])
        np.maximum.at(high, owner, compiled.col_start[allowed])
        earliest[some], latest[some] = low[some], high[some]
    return earliest, latest
