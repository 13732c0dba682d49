"""The optimiser: checks, greedy baseline, warm-started MILP, fallback, diagnosis, what-if.

    optimiser = PortfolioOptimiser(instance, SolveOptions(time_limit=60, gap=0.001))
    result = optimiser.solve()
    answer = optimiser.what_if("OPP-12", "in")   # raise OPP-12's priority: what drops out?
"""

from __future__ import annotations

import time
from collections.abc import Mapping
from dataclasses import dataclass, field, replace
from typing import Any

import numpy as np

from .compiled import (
    NOT_SELECTED,
    CompiledInstance,
    compile_instance,
    plan_violations,
    with_budget_factor,
)
from .diagnose import explain_infeasibility, obvious_conflicts
from .greedy import LIGHTEST, GreedyPlan, by_density, greedy_plan
from .instance import Instance
from .milp import PortfolioModel
from .result import (
    INFEASIBLE,
    NOT_SOLVED,
    OPTIMAL,
    TIME_LIMIT,
    PortfolioResult,
    plan_result,
    relative_gap,
)

# Seconds for a what-if re-solve: the question is asked at the committee's table. Warm-started
# from the scenario's plan (repaired around the change), so even when the LP bound comes late
# the answer is a plan as good as the scenario's, with what entered and what dropped.
WHAT_IF_TIME_LIMIT = 1.0


@dataclass(frozen=True)
class SolveOptions:
    time_limit: float = 60.0  # seconds for the whole solve (greedy, model, solver)
    gap: float = 1e-3  # stop once the plan is proven within this relative distance of optimal
    diagnosis_time: float = 30.0  # seconds to look for conflicting constraints when infeasible


@dataclass
class WhatIfResult:
    candidate: str
    forced: str  # "in" or "out"
    result: PortfolioResult
    entered: list[str]  # selected now, not before
    dropped: list[str]  # selected before, not now
    moved: list[tuple[str, int, int]] = field(default_factory=list)  # id, year before, after
    value_change: float | None = None
    seconds: float = 0.0

    def as_dict(self) -> dict[str, Any]:
        return {"candidate": self.candidate, "forced": self.forced,
                "entered": self.entered, "dropped": self.dropped,
                "moved": [{"id": i, "from": a, "to": b} for i, a, b in self.moved],
                "value_change": self.value_change, "seconds": round(self.seconds, 4),
                "result": self.result.as_dict()}


class PortfolioOptimiser:
    """One instance, its MILP built once and kept for what-if re-solves."""

    def __init__(self, instance: Instance, options: SolveOptions | None = None):
        self.options = options or SolveOptions()
        started = time.perf_counter()
        self.compiled = compile_instance(instance)
        self._model: PortfolioModel | None = None
        self.build_seconds = time.perf_counter() - started
        self.last_result: PortfolioResult | None = None

    @property
    def model(self) -> PortfolioModel:
        if self._model is None:
            started = time.perf_counter()
            self._model = PortfolioModel(self.compiled)
            self.build_seconds += time.perf_counter() - started
        return self._model

    def solve(self) -> PortfolioResult:
        started = time.perf_counter()
        # The baseline only: the LP's neighbourhood finds far better plans sooner than the
        # stronger greedy variants (by density), which cost as much again.
        greedy = greedy_plan(self.compiled)
        result = self._solve(self.compiled, greedy, self.options.time_limit, started)
        self.last_result = result
        return result

    def what_if(self, candidate_id: str, forced: str, time_limit: float = WHAT_IF_TIME_LIMIT,
                reason: str = "what-if",
                previous: Mapping[str, int] | None = None) -> WhatIfResult:
        """Re-solve with one candidate forced in or out, warm-started from the previous plan:
        `previous` (candidate id -> start year, e.g. a stored result), else the last `solve`
        (run first if there was none). `time_limit` counts from the re-solve's start."""
        if forced not in ("in", "out"):
            raise ValueError('forced must be "in" or "out"')
        c = self.compiled.instance.index_of(candidate_id)
        if previous is not None:
            base_start = _plan_from_mapping(self.compiled, previous)
        else:
            base_start = (self.last_result or self.solve()).start_of
        base_value = (None if base_start is None
                      else float(self.compiled.score[base_start != NOT_SELECTED].sum()))
        started = time.perf_counter()
        changed = replace(
            self.compiled,
            instance=self.compiled.instance.with_forced(candidate_id, forced, reason),
            forced_in=_with(self.compiled.forced_in, c, forced == "in"),
            forced_out=_with(self.compiled.forced_out, c, forced == "out"),
        )
        greedy = greedy_plan(changed)
        warm_start = greedy
        if base_start is None:
            warm_start = _best(greedy, _density_greedy(changed))
        else:
            warm_start = _best(warm_start, _repaired(changed, base_start))
        model = self.model
        original = self.compiled.instance.candidates[c].forced
        model.set_forced(c, forced)
        try:
            # No full branch-and-cut: its rounds can overrun a few-second limit.
            result = self._solve(changed, greedy, time_limit, started, warm_start=warm_start,
                                 full_search=False, diagnosis_time=time_limit)
        finally:
            model.set_forced(c, original)
        before = _starts(self.compiled, base_start)
        after = _starts(self.compiled, result.start_of)
        return WhatIfResult(
            candidate=candidate_id, forced=forced, result=result,
            entered=sorted(set(after) - set(before)), dropped=sorted(set(before) - set(after)),
            moved=sorted((i, before[i], after[i]) for i in set(before) & set(after)
                         if before[i] != after[i]),
            value_change=(None if result.objective is None or base_value is None
                          else result.objective - base_value),
            seconds=time.perf_counter() - started,
        )

    def solve_with_budget_factor(self, factor: float,
                                 warm_start: np.ndarray | None = None) -> PortfolioResult:
        """The best plan with every amount of money times `factor` (a point of the efficient
        frontier), on the model already built, warm-started from `warm_start` (e.g. the plan of
        the next smaller budget level, which still fits) when it meets every constraint."""
        started = time.perf_counter()
        compiled = with_budget_factor(self.compiled, factor)
        if warm_start is None:
            start = greedy = greedy_plan(compiled)
        else:
            # Repaired: a larger budget asks more of each axis minimum (a share of it), and
            # leaves room for more. It stands in for the greedy baseline, which a frontier
            # point does not show: one greedy pass less per level.
            start = greedy = _repaired(compiled, warm_start)
            if not plan_violations(compiled, warm_start):
                start = _best(start, GreedyPlan(
                    warm_start, float(compiled.score[warm_start != NOT_SELECTED].sum())))
        model = self.model
        model.scale_budget(factor)
        try:
            return self._solve(compiled, greedy, self.options.time_limit, started,
                               warm_start=start)
        finally:
            model.scale_budget(1.0)

    def _solve(self, compiled: CompiledInstance, greedy: GreedyPlan, time_limit: float,
               started: float, warm_start: GreedyPlan | None = None,
               full_search: bool = True, diagnosis_time: float | None = None) \
            -> PortfolioResult:
        options = self.options
        common = dict(requested_gap=options.gap, greedy_value=greedy.value
                      if greedy.start_of is not None else None, greedy_note=greedy.failure)
        conflicts = obvious_conflicts(compiled)
        if conflicts:
            return plan_result(
                compiled, None, status=INFEASIBLE, source=None, objective=None, bound=None,
                gap=None, message="the constraints conflict", conflicts=conflicts,
                build_seconds=self.build_seconds,
                solve_seconds=time.perf_counter() - started, **common)

        start = (warm_start or greedy).start_of
        model = self.model
        remaining = time_limit - (time.perf_counter() - started)
        outcome = model.solve(remaining, options.gap, warm_start=start,
                              full_search=full_search,
                              round_lp=lambda values: _lp_rounded(compiled, values).start_of)
        solve_seconds = time.perf_counter() - started

        if outcome.status == "infeasible":
            budget = options.diagnosis_time if diagnosis_time is None else max(
                0.5, min(options.diagnosis_time, diagnosis_time - solve_seconds))
            conflicts = explain_infeasibility(compiled, budget)
            message = ("the constraints conflict" if conflicts else
                       "the solver proved that no plan meets every constraint, but the "
                       "conflicting constraints could not be isolated in time")
            return plan_result(
                compiled, None, status=INFEASIBLE, source=None, objective=None, bound=None,
                gap=None, message=message, conflicts=conflicts,
                build_seconds=self.build_seconds, solve_seconds=solve_seconds, **common)

        baseline = (None if start is None
                    else float(compiled.score[start != NOT_SELECTED].sum()))
        milp_usable = (outcome.start_of is not None
                       and not plan_violations(compiled, outcome.start_of)
                       and (baseline is None or outcome.value >= baseline - 1e-9))
        if milp_usable:
            status = OPTIMAL if outcome.status == "optimal" else TIME_LIMIT
            gap = relative_gap(outcome.value, outcome.bound)
            return plan_result(
                compiled, outcome.start_of, status=status, source="milp", message="",
                objective=outcome.value, bound=outcome.bound, gap=gap,
                build_seconds=self.build_seconds, solve_seconds=solve_seconds, **common)

        fallback = start if start is not None else None
        if fallback is not None:
            value = float(compiled.score[fallback != NOT_SELECTED].sum())
            gap = relative_gap(value, outcome.bound)
            status = OPTIMAL if gap is not None and gap <= options.gap else TIME_LIMIT
            return plan_result(
                compiled, fallback, status=status, source="greedy",
                message="the solver found nothing better than the greedy plan within the time "
                        "limit; the greedy plan is returned",
                objective=value, bound=outcome.bound, gap=gap,
                build_seconds=self.build_seconds, solve_seconds=solve_seconds, **common)

        return plan_result(
            compiled, None, status=NOT_SOLVED, source=None, objective=None, bound=outcome.bound,
            gap=None, message="no plan was found within the time limit and infeasibility was "
                              "not proven; allow more time",
            build_seconds=self.build_seconds, solve_seconds=solve_seconds, **common)


def optimise(instance: Instance, options: SolveOptions | None = None) -> PortfolioResult:
    return PortfolioOptimiser(instance, options).solve()


def _with(mask: np.ndarray, index: int, value: bool) -> np.ndarray:
    copy = mask.copy()
    copy[index] = value
    return copy


def _plan_from_mapping(compiled: CompiledInstance, plan: Mapping[str, int]) -> np.ndarray:
    """A start index per candidate from {id: start year}; unknown ids and start years a
    candidate does not allow are left out (the plan only seeds the re-solve)."""
    start_of = np.full(compiled.n_candidates, NOT_SELECTED, dtype=np.int64)
    index = {candidate_id: i for i, candidate_id in enumerate(compiled.ids)}
    for candidate_id, year in plan.items():
        c = index.get(candidate_id)
        if c is None or year not in compiled.years:
            continue
        t = compiled.years.index(year)
        if t in compiled.col_start[compiled.columns_of(c).start:compiled.columns_of(c).stop]:
            start_of[c] = t
    return start_of


def _starts(compiled: CompiledInstance, start_of: np.ndarray | None) -> dict[str, int]:
    if start_of is None:
        return {}
    return {compiled.ids[c]: compiled.years[start_of[c]]
            for c in np.flatnonzero(start_of != NOT_SELECTED)}


def _repaired(compiled: CompiledInstance, previous: np.ndarray) -> GreedyPlan:
    """A previous plan made to fit `compiled`: keep its items (best first, same start years) as
    long as they still fit next to the change, then fill up by density."""
    kept = set(np.flatnonzero(previous != NOT_SELECTED).tolist())
    density = by_density(compiled)
    order = [c for c in density if c in kept] + [c for c in density if c not in kept]
    return greedy_plan(compiled, order=order, preferred_start=previous, start_policy=LIGHTEST)


def _lp_rounded(compiled: CompiledInstance, column_value: np.ndarray) -> GreedyPlan:
    """The LP solution made a plan: the candidates it takes, most wholly taken first, each at
    its LP start year while it fits, then the others by density. One greedy pass, no solver:
    close to the LP's value when few of its candidates are fractional."""
    strength = np.zeros(compiled.n_candidates)
    preferred = np.full(compiled.n_candidates, NOT_SELECTED, dtype=np.int64)
    used = np.flatnonzero(column_value > 1e-6)
    for col in used[np.argsort(column_value[used], kind="stable")]:  # strongest last: it wins
        c = compiled.col_candidate[col]
        strength[c] = max(strength[c], column_value[col])
        preferred[c] = compiled.col_start[col]
    taken = [int(c) for c in np.argsort(-strength, kind="stable") if strength[c] > 0]
    chosen = set(taken)
    order = taken + [c for c in by_density(compiled) if c not in chosen]
    return greedy_plan(compiled, order=order, preferred_start=preferred, start_policy=LIGHTEST)


def _density_greedy(compiled: CompiledInstance) -> GreedyPlan:
    return greedy_plan(compiled, order=by_density(compiled), start_policy=LIGHTEST)


def _best(*plans: GreedyPlan) -> GreedyPlan:
    feasible = [plan for plan in plans if plan.start_of is not None]
    return max(feasible, key=lambda plan: plan.value) if feasible else plans[0]
