"""The mixed-integer model, solved by HiGHS through highspy.

Variables: x[c, s] ∈ {0, 1}, candidate c starts in year s (one column per allowed start).

Rows (all built in bulk from numpy arrays):
- one start per candidate:      Σ_s x[c, s] ≤ 1   (= 1 when mandatory or forced in)
- budget, each year t:          Σ cost[c, t - s] · x[c, s] ≤ budget[t]
- capacity, each pool p, year t: Σ demand[c, p, t - s] · x[c, s] ≤ capacity[p, t]
- after the horizon (T years):  Σ Σ_{k ≥ T - s} cost[c, k] · x[c, s] ≤ beyond-horizon budget;
  with the default budget of 0 the row is empty: every start whose costs spill has upper bound 0
- axis share, one ranged row per bounded axis k (aggregated, no auxiliary variable):
      min_k · B ≤ Σ_{c on axis k} horizon_cost[c, s] · x[c, s] ≤ max_k · B,   B = Σ_t budget[t]
- a needs b with lag L, one row per allowed start s of a (cumulative form, the tight one):
      Σ_{s' ≤ s} x[a, s'] ≤ Σ_{s' ≤ s - L} x[b, s']
  which also implies "a selected ⇒ b selected".
- a excludes b:                  Σ_s x[a, s] + Σ_s x[b, s] ≤ 1
Forced-out candidates get upper bound 0 on their columns. Objective: maximise Σ score · x.
Budget, capacity and axis rows are divided by their limit (or the total budget), so euros and
FTE meet HiGHS on one scale.
"""

from __future__ import annotations

import time
from dataclasses import dataclass

import highspy
import numpy as np

from .compiled import NOT_SELECTED, CompiledInstance, with_tolerance

INFINITY = highspy.kHighsInf
PRESOLVE_ENUMERATION = 1 << 16  # bit of HiGHS's presolve rule "Enumeration"
RESTRICTED_EXTRA_COLUMNS = 500
MIN_MIP_SECONDS = 0.05  # less than this left: no further solver run (it would overrun)
NEIGHBOURS = 200  # columns outside the LP solution offered to the LP's neighbourhood MIP
FULL_SEARCH_MIN_SECONDS = 2.0  # below this, a full branch-and-cut run is not worth starting


class QuietHighs(highspy.Highs):
    """highspy.Highs that never writes to stdout (its banner would corrupt `--json` output)."""

    def enableCallbacks(self):  # noqa: N802 (highspy's name)
        # The constructor calls this before anything is logged: the earliest point to go quiet.
        self.setOptionValue("output_flag", False)
        # HiGHS 1.16's enumeration presolve rule can loop forever, past any time limit, in the
        # presolve of a sub-MIP (reproduced on a 2,000-candidate what-if); without it the same
        # model solves in about a second.
        self.setOptionValue("presolve_rule_off", PRESOLVE_ENUMERATION)
        super().enableCallbacks()


@dataclass(frozen=True)
class MilpOutcome:
    status: str  # "optimal", "time_limit", "infeasible" or "not_solved"
    start_of: np.ndarray | None  # start index per candidate (-1: not selected), if any solution
    value: float | None
    bound: float | None  # proven upper bound on the best value (None if unknown)
    seconds: float


def _joined(parts: list[np.ndarray], dtype) -> np.ndarray:
    return np.concatenate(parts).astype(dtype) if parts else np.zeros(0, dtype)


class _Rows:
    """Accumulates rows in compressed-row form."""

    def __init__(self) -> None:
        self.lower: list[np.ndarray] = []
        self.upper: list[np.ndarray] = []
        self.lengths: list[np.ndarray] = []
        self.index: list[np.ndarray] = []
        self.value: list[np.ndarray] = []
        self.count = 0

    def add(self, lower, upper, lengths, index, value) -> range:
        lower = np.atleast_1d(np.asarray(lower, dtype=float))
        self.lower.append(lower)
        self.upper.append(np.atleast_1d(np.asarray(upper, dtype=float)))
        self.lengths.append(np.atleast_1d(np.asarray(lengths, dtype=np.int64)))
        self.index.append(np.asarray(index, dtype=np.int32))
        self.value.append(np.asarray(value, dtype=float))
        self.count += len(lower)
        return range(self.count - len(lower), self.count)

    def add_dense_rows(self, lower, upper, matrix: np.ndarray) -> range:
        """Rows given as a dense (rows × columns) matrix, only its non-zeros kept."""
        row, col = np.nonzero(matrix)
        lengths = np.bincount(row, minlength=matrix.shape[0])
        return self.add(lower, upper, lengths, col, matrix[row, col])

    def arrays(self):
        lengths = np.concatenate(self.lengths) if self.lengths else np.zeros(0, np.int64)
        starts = np.zeros(len(lengths), dtype=np.int32)
        np.cumsum(lengths[:-1], out=starts[1:])
        return (_joined(self.lower, float), _joined(self.upper, float), starts,
                _joined(self.index, np.int32), _joined(self.value, float))


class PortfolioModel:
    """The MILP of one compiled instance, kept alive so what-if re-solves only change bounds."""

    def __init__(self, compiled: CompiledInstance, feasibility_only: bool = False):
        self.compiled = compiled
        self.highs = QuietHighs()
        self._lp_basis = None
        # A start whose costs after the horizon exceed the budget for them on their own is never
        # possible (by default: any start whose costs spill past the last year).
        self.col_allowed = compiled.col_allowed
        self.col_upper = np.where(compiled.forced_out[compiled.col_candidate] | ~self.col_allowed,
                                  0.0, 1.0)
        self._build(feasibility_only)

    def _build(self, feasibility_only: bool) -> None:
        compiled, highs = self.compiled, self.highs
        n, m = compiled.n_candidates, compiled.n_columns
        objective = np.zeros(m) if feasibility_only else compiled.score[compiled.col_candidate]
        highs.addCols(m, objective, np.zeros(m), self.col_upper, 0, np.zeros(0, np.int32),
                      np.zeros(0, np.int32), np.zeros(0))
        highs.changeObjectiveSense(highspy.ObjSense.kMaximize)
        if m:
            highs.changeColsIntegrality(m, np.arange(m, dtype=np.int32),
                                        np.full(m, highspy.HighsVarType.kInteger, dtype=np.uint8))

        rows = _Rows()
        self.money_rows = np.zeros(0, dtype=np.int32)
        self.money_lower, self.money_upper = np.zeros(0), np.zeros(0)
        counts = np.diff(compiled.first_col)
        self.start_rows = rows.add(np.where(compiled.required, 1.0, 0.0), np.ones(n), counts,
                                   np.arange(m), np.ones(m))
        self._add_packing_rows(rows)
        self._add_axis_rows(rows)
        self._add_dependency_rows(rows)
        first, second = compiled.excl_first, compiled.excl_second
        if len(first):
            pairs = [np.concatenate([compiled.columns_of(a), compiled.columns_of(b)])
                     for a, b in zip(first.tolist(), second.tolist())]
            rows.add(np.full(len(pairs), -INFINITY), np.ones(len(pairs)),
                     [len(p) for p in pairs], np.concatenate(pairs),
                     np.ones(sum(len(p) for p in pairs)))
        lower, upper_rows, starts, index, value = rows.arrays()
        highs.addRows(len(lower), lower, upper_rows, len(index), starts, index, value)

    def _add_packing_rows(self, rows: _Rows) -> None:
        # Each row is divided by its limit (so its right-hand side is 1): euros and FTE then
        # share one scale, which HiGHS's cuts and tolerances handle far better than 1e7 next
        # to 1e-2.
        compiled = self.compiled
        years = len(compiled.years)
        # (limit, use, is money): money rows scale with the budget on the efficient frontier.
        limits = [(compiled.budget[t], compiled.col_cost[:, t], True) for t in range(years)]
        limits += [(compiled.capacity[p, t], compiled.col_demand[:, p, t], False)
                   for p in range(len(compiled.pools)) for t in range(years)]
        if compiled.beyond_budget > 0:  # at 0, the column bounds already say it all
            limits.append((compiled.beyond_budget, compiled.col_beyond_cost, True))
        kept = [row for row in limits if np.isfinite(row[0]) and row[1].any()]
        if not kept:
            return
        scale = np.array([limit if limit > 0 else 1.0 for limit, _, _ in kept])
        upper = np.array([limit for limit, _, _ in kept]) / scale
        added = rows.add_dense_rows(np.full(len(kept), -INFINITY), upper,
                                    np.vstack([use for _, use, _ in kept]) / scale[:, None])
        money = np.array([is_money for _, _, is_money in kept])
        self.money_rows = np.array(added, dtype=np.int32)[money]
        self.money_lower = np.full(int(money.sum()), -INFINITY)
        self.money_upper = upper[money]

    def _add_axis_rows(self, rows: _Rows) -> None:
        compiled = self.compiled
        scale = compiled.axis_basis if compiled.axis_basis > 0 else 1.0
        col_axis = compiled.axis[compiled.col_candidate]
        for k in range(len(compiled.axis_min)):
            minimum, maximum = compiled.axis_min[k], compiled.axis_max[k]
            if minimum <= 0 and not np.isfinite(maximum):
                continue
            cols = np.flatnonzero((col_axis == k) & (compiled.col_horizon_cost > 0))
            lower = minimum / scale if minimum > 0 else -INFINITY
            upper = maximum / scale if np.isfinite(maximum) else INFINITY
            row = rows.add(lower, upper, len(cols), cols, compiled.col_horizon_cost[cols] / scale)
            # Shares of the total budget: amounts that scale with it too.
            self.money_rows = np.append(self.money_rows, np.int32(row.start))
            self.money_lower = np.append(self.money_lower, lower)
            self.money_upper = np.append(self.money_upper, upper)

    def scale_budget(self, factor: float) -> None:
        """Every amount of money (the yearly budgets, the budget after the horizon, the axis
        bounds, which are shares of the total budget) times `factor`, for the efficient
        frontier; `scale_budget(1)` restores them. Row i was divided by its limit, so its
        right-hand side is simply `factor`."""
        count = len(self.money_rows)
        if count:
            self.highs.changeRowsBounds(count, self.money_rows, self.money_lower * factor,
                                        self.money_upper * factor)
        compiled = self.compiled
        if compiled.beyond_budget > 0:  # which starts fit the budget after the horizon alone
            self.col_allowed = compiled.col_beyond_cost <= with_tolerance(
                np.array(compiled.beyond_budget * factor))
            self.col_upper = np.where(compiled.forced_out[compiled.col_candidate]
                                      | ~self.col_allowed, 0.0, 1.0)
            self._apply_column_bounds(self.col_upper)

    def _add_dependency_rows(self, rows: _Rows) -> None:
        compiled = self.compiled
        lengths, index, value = [], [], []
        for a, b, lag in zip(compiled.dep_candidate.tolist(), compiled.dep_needs.tolist(),
                             compiled.dep_lag.tolist()):
            cols_a = np.arange(compiled.first_col[a], compiled.first_col[a + 1])
            cols_b = np.arange(compiled.first_col[b], compiled.first_col[b + 1])
            for start in compiled.col_start[cols_a].tolist():
                early_a = cols_a[compiled.col_start[cols_a] <= start]
                early_b = cols_b[compiled.col_start[cols_b] <= start - lag]
                lengths.append(len(early_a) + len(early_b))
                index.extend((early_a.tolist(), early_b.tolist()))
                value.extend(([1.0] * len(early_a), [-1.0] * len(early_b)))
        if lengths:
            rows.add(np.full(len(lengths), -INFINITY), np.zeros(len(lengths)), lengths,
                     np.concatenate([np.asarray(i, dtype=np.int64) for i in index]),
                     np.concatenate([np.asarray(v, dtype=float) for v in value]))

    def set_forced(self, candidate: int, forced: str | None) -> None:
        """Force a candidate in ("in"), out ("out") or release it (None), keeping it mandatory
        if it is; a later `solve` uses the new bounds."""
        compiled = self.compiled
        cols = np.arange(compiled.first_col[candidate], compiled.first_col[candidate + 1])
        self.col_upper[cols] = 0.0 if forced == "out" else self.col_allowed[cols]
        self._apply_column_bounds(self.col_upper)
        must = forced == "in" or bool(compiled.mandatory[candidate])
        row = np.array([self.start_rows[candidate]], dtype=np.int32)
        self.highs.changeRowsBounds(1, row, np.array([1.0 if must else 0.0]), np.ones(1))

    def _apply_column_bounds(self, upper: np.ndarray, lower: np.ndarray | None = None) -> None:
        m = len(upper)
        self.highs.changeColsBounds(m, np.arange(m, dtype=np.int32),
                                    np.zeros(m) if lower is None else lower.astype(float),
                                    upper.astype(float))

    def solve(self, time_limit: float, gap: float, warm_start: np.ndarray | None = None,
              full_search: bool = True, round_lp=None) -> MilpOutcome:
        """Solve within `time_limit` seconds, stopping once proven within relative `gap`.

        1. The LP relaxation: its value bounds the optimum, and is usually within a few tenths
           of a percent of it (the formulation is tight).
        2. The LP's neighbourhood: what the LP takes whole stays in, what it leaves out stays
           out, and a tiny MIP settles the few fractional candidates and the closest others.
           Often within the gap already, in a fraction of a second.
        3. A restricted MIP over the columns the LP uses, those of the warm start, and the most
           promising others (by reduced cost): small, so HiGHS finds a near-optimal plan in a
           second or two where the full search spends its time on cuts.
        4. Only if that is not enough (and `full_search`, or no plan was found at all), the full
           MIP, warm-started from the best plan so far, for the remaining time.
        """
        started = time.perf_counter()
        deadline = started + time_limit
        best_plan, best_value = warm_start, self.plan_value(warm_start)

        # Nothing below works without the LP (its bound proves the gap, its solution guides
        # every MIP): it may take most of the time; it usually needs far less.
        relaxation = self.solve_relaxation(time_limit * 0.7)
        if relaxation == "infeasible":
            return MilpOutcome("infeasible", None, None, None, time.perf_counter() - started)
        bound = None
        if relaxation is not None:
            column_value, reduced_cost, bound = relaxation
            if round_lp is not None:  # the LP solution rounded by the caller: no solver run
                rounded = round_lp(column_value)
                if rounded is not None and self.plan_value(rounded) > best_value:
                    best_plan, best_value = rounded, self.plan_value(rounded)
            if _within(best_value, bound, gap):
                return self._outcome("optimal", best_plan, bound, started)
            remaining = deadline - time.perf_counter()
            if remaining < MIN_MIP_SECONDS and best_plan is not None:
                # Time is up: a solver run started now would only overrun the limit.
                return self._outcome("time_limit", best_plan, bound, started)
            rounded = self._solve_neighbourhood(column_value, reduced_cost, gap,
                                                max(remaining * 0.3, MIN_MIP_SECONDS))
            if rounded is not None and self.plan_value(rounded) > best_value:
                best_plan, best_value = rounded, self.plan_value(rounded)
            if _within(best_value, bound, gap):
                return self._outcome("optimal", best_plan, bound, started)
            remaining = deadline - time.perf_counter()
            if remaining < MIN_MIP_SECONDS and best_plan is not None:
                return self._outcome("time_limit", best_plan, bound, started)
            share = 0.3 if full_search and remaining > 2 * FULL_SEARCH_MIN_SECONDS else 1.0
            restricted, global_bound = self._solve_restricted(column_value, reduced_cost, gap,
                                                              remaining * share, best_plan)
            if restricted is not None and self.plan_value(restricted) > best_value:
                best_plan, best_value = restricted, self.plan_value(restricted)
            if global_bound is not None:
                bound = min(bound, global_bound)
            if _within(best_value, bound, gap):
                return self._outcome("optimal", best_plan, bound, started)

        remaining = deadline - time.perf_counter()
        short = relaxation is not None and remaining < FULL_SEARCH_MIN_SECONDS
        if remaining <= 0 or (best_plan is not None and (not full_search or short)):
            # A full branch-and-cut round can overrun a short limit by seconds: with a plan in
            # hand, stop here. Without one, the full search is the only way to find one or to
            # prove there is none.
            status = "time_limit" if best_plan is not None else "not_solved"
            return self._outcome(status, best_plan, bound, started)
        outcome = self.run_mip(remaining, gap, best_plan)
        if outcome.status == "infeasible":
            return MilpOutcome("infeasible", None, None, None, time.perf_counter() - started)
        plan, status = outcome.start_of, outcome.status
        if plan is None or (best_plan is not None and outcome.value < best_value):
            plan = best_plan
        if bound is None or (outcome.bound is not None and outcome.bound < bound):
            bound = outcome.bound
        if plan is not None and status != "optimal":
            status = "optimal" if _within(self.plan_value(plan), bound, gap) else "time_limit"
        if plan is None and status == "optimal":
            status = "not_solved"
        return self._outcome(status, plan, bound, started)

    def plan_value(self, start_of: np.ndarray | None) -> float:
        if start_of is None:
            return -np.inf
        return float(self.compiled.score[start_of != NOT_SELECTED].sum())

    def _outcome(self, status: str, plan: np.ndarray | None, bound: float | None,
                 started: float) -> MilpOutcome:
        value = None if plan is None else self.plan_value(plan)
        if status == "not_solved":
            plan, value = None, None
        return MilpOutcome(status, plan, value, bound, time.perf_counter() - started)

    def solve_relaxation(self, time_limit: float):
        """(column values, reduced costs, objective) of the LP relaxation, "infeasible", or
        None when it could not be solved in time."""
        highs = self.highs
        if not self.compiled.n_columns:
            return None
        highs.setOptionValue("solve_relaxation", True)
        # HiGHS measures an LP's time limit against the object's total run time (a MIP's against
        # its own run), so a re-solve must add what earlier solves used.
        highs.setOptionValue("time_limit", highs.getRunTime() + max(float(time_limit), 0.01))
        # Its presolve costs more than it saves on this LP (2.9 s against 4.8 s of CPU at
        # 10,000 candidates): the dense budget rows leave it little to remove.
        highs.setOptionValue("presolve", "off")
        if self._lp_basis is not None:
            # The last LP's optimal basis (a MIP run in between discards it): after a bound
            # change (a what-if, the next budget level) the dual simplex needs few iterations.
            highs.setBasis(self._lp_basis)
        try:
            highs.run()
        finally:
            highs.setOptionValue("solve_relaxation", False)
            highs.setOptionValue("presolve", "choose")
        status = highs.getModelStatus()
        if status == highspy.HighsModelStatus.kInfeasible:
            return "infeasible"
        if status != highspy.HighsModelStatus.kOptimal:
            return None
        self._lp_basis = highs.getBasis()
        solution = highs.getSolution()
        return (np.asarray(solution.col_value), np.asarray(solution.col_dual),
                float(highs.getInfo().objective_function_value))

    def _solve_neighbourhood(self, column_value: np.ndarray, reduced_cost: np.ndarray,
                             gap: float, time_limit: float) -> np.ndarray | None:
        """The best plan that keeps every column the LP takes whole and adds, among the
        candidates the LP leaves open (a fractional column) and the NEIGHBOURS closest to
        entering (by reduced cost), what fits: a MIP of a few hundred columns."""
        compiled = self.compiled
        whole = column_value > 1 - 1e-6
        fractional = (column_value > 1e-6) & ~whole
        taken = np.zeros(compiled.n_candidates, dtype=bool)
        taken[compiled.col_candidate[whole]] = True
        open_candidates = np.zeros(compiled.n_candidates, dtype=bool)
        open_candidates[compiled.col_candidate[fractional]] = True
        free = open_candidates[compiled.col_candidate] & ~whole
        outside = np.flatnonzero(~free & ~whole & ~taken[compiled.col_candidate]
                                 & (self.col_upper > 0))
        free[outside[np.argsort(-reduced_cost[outside], kind="stable")[:NEIGHBOURS]]] = True
        free &= self.col_upper > 0
        self._apply_column_bounds(np.where(free | whole, 1.0, 0.0), lower=whole.astype(float))
        try:
            outcome = self.run_mip(time_limit, gap, None)
        finally:
            self._apply_column_bounds(self.col_upper)
        return outcome.start_of

    def _solve_restricted(self, column_value: np.ndarray, reduced_cost: np.ndarray,
                          gap: float, time_limit: float,
                          warm_start: np.ndarray | None) -> tuple[np.ndarray | None,
                                                                  float | None]:
        """(best plan found, its bound when the restriction left out no possible column: then
        the restricted problem is the whole problem and its bound holds for it; else None)."""
        free = column_value > 1e-6
        if warm_start is not None:
            free |= self.columns_value(warm_start) > 0.5
        # Columns the LP leaves at zero but whose reduced cost says they almost made it: room
        # to swap. Half as many as the LP uses, at least RESTRICTED_EXTRA_COLUMNS.
        outside = np.flatnonzero(~free & (self.col_upper > 0))
        extra = max(RESTRICTED_EXTRA_COLUMNS, int(free.sum()) // 2)
        free[outside[np.argsort(-reduced_cost[outside], kind="stable")[:extra]]] = True
        free &= self.col_upper > 0
        whole = bool(free.sum() == (self.col_upper > 0).sum())
        self._apply_column_bounds(free.astype(float))
        try:
            # HiGHS stops once within `gap` of the restricted problem's own bound, which is at
            # most the LP bound: never later than a plan within `gap` of the LP bound.
            outcome = self.run_mip(time_limit, gap, warm_start)
        finally:
            self._apply_column_bounds(self.col_upper)
        return outcome.start_of, (outcome.bound if whole and outcome.status == "optimal"
                                  else None)

    def run_mip(self, time_limit: float, gap: float,
                warm_start: np.ndarray | None) -> MilpOutcome:
        """One HiGHS branch-and-cut run with the current bounds."""
        compiled, highs = self.compiled, self.highs
        highs.setOptionValue("time_limit", max(float(time_limit), 0.01))
        highs.setOptionValue("mip_rel_gap", float(gap))
        if warm_start is not None and compiled.n_columns:
            solution = highspy.HighsSolution()
            solution.col_value = self.columns_value(warm_start).tolist()
            solution.value_valid = True
            highs.setSolution(solution)
        started = time.perf_counter()
        highs.run()
        seconds = time.perf_counter() - started
        model_status = highs.getModelStatus()
        info = highs.getInfo()
        status = _STATUS.get(model_status, "not_solved")
        if status == "infeasible":
            return MilpOutcome("infeasible", None, None, None, seconds)
        start_of, value = None, None
        if info.primal_solution_status == highspy.SolutionStatus.kSolutionStatusFeasible:
            start_of = self.plan_from_columns(np.asarray(highs.getSolution().col_value))
            value = self.plan_value(start_of)
        if model_status == highspy.HighsModelStatus.kModelEmpty:
            start_of = np.full(compiled.n_candidates, NOT_SELECTED, dtype=np.int64)
            value, status = 0.0, "optimal"
        bound = float(info.mip_dual_bound) if np.isfinite(info.mip_dual_bound) else None
        if status == "optimal" and bound is None:
            bound = value
        if start_of is None and status != "optimal":
            status = "not_solved"
        return MilpOutcome(status, start_of, value, bound, seconds)

    def columns_value(self, start_of: np.ndarray) -> np.ndarray:
        compiled = self.compiled
        chosen = start_of[compiled.col_candidate]
        return (chosen == compiled.col_start).astype(float)

    def plan_from_columns(self, column_value: np.ndarray) -> np.ndarray:
        compiled = self.compiled
        start_of = np.full(compiled.n_candidates, NOT_SELECTED, dtype=np.int64)
        on = np.flatnonzero(column_value > 0.5)
        start_of[compiled.col_candidate[on]] = compiled.col_start[on]
        return start_of


def _within(value: float, bound: float | None, gap: float) -> bool:
    """Is a plan of this value proven within the relative gap of the optimum?"""
    if bound is None or not np.isfinite(value):
        return False
    return bound - value <= gap * abs(value) + 1e-9 * max(1.0, abs(bound))


_STATUS = {
    highspy.HighsModelStatus.kOptimal: "optimal",
    highspy.HighsModelStatus.kInfeasible: "infeasible",
    highspy.HighsModelStatus.kTimeLimit: "time_limit",
    highspy.HighsModelStatus.kInterrupt: "time_limit",
    highspy.HighsModelStatus.kIterationLimit: "time_limit",
    highspy.HighsModelStatus.kSolutionLimit: "time_limit",
    highspy.HighsModelStatus.kModelEmpty: "optimal",
}
