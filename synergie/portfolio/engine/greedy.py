"""The greedy baseline most portfolio tools use: rank by score, take while it fits.

It respects every constraint it can check one candidate at a time: budget per year, capacity
per pool and year, axis maxima, exclusions, dependencies (a candidate is only taken once what it
needs is in, early enough), forced-out items. Required items (mandatory, forced in, and what they
need) are placed first, then each axis minimum is filled with that axis's best candidates, then
everything else by score. By default each candidate takes the earliest allowed start year that
fits ("as soon as possible", like the tools it stands for).

Its plan is the MILP's warm start, so the optimiser never returns less than this baseline.
`greedy_plan(..., order=by_density(compiled), start_policy="lightest")` is a stronger variant
(value per use of the scarce resources, start where the load stays lowest) for comparison.
"""

from __future__ import annotations

from collections.abc import Callable, Sequence
from dataclasses import dataclass

import numpy as np

from .compiled import (
    NOT_SELECTED,
    CompiledInstance,
    latest_starts,
    plan_violations,
    required_closure,
    with_tolerance,
)
from .instance import AXES

EARLIEST, LIGHTEST = "earliest", "lightest"


@dataclass(frozen=True)
class GreedyPlan:
    start_of: np.ndarray | None  # start-year index per candidate, -1 if not selected
    value: float
    failure: str = ""  # why no feasible plan was found (start_of is None)


class _Packer:
    """Adds candidates one at a time while every incrementally checkable constraint holds."""

    def __init__(self, compiled: CompiledInstance, preferred_start: np.ndarray | None):
        self.compiled = compiled
        self.latest_start = latest_starts(compiled, required_closure(compiled))
        self.resource_use, limit = compiled.resource_matrix()
        self.limit = with_tolerance(limit)
        self.used = np.zeros(len(limit))
        self.start_of = np.full(compiled.n_candidates, NOT_SELECTED, dtype=np.int64)
        self.preferred_start = preferred_start
        self.excludes: list[list[int]] = [[] for _ in range(compiled.n_candidates)]
        for a, b in zip(compiled.excl_first.tolist(), compiled.excl_second.tolist()):
            self.excludes[a].append(b)
            self.excludes[b].append(a)
        self.needs: list[list[tuple[int, int]]] = [[] for _ in range(compiled.n_candidates)]
        for a, b, lag in zip(compiled.dep_candidate.tolist(), compiled.dep_needs.tolist(),
                             compiled.dep_lag.tolist()):
            self.needs[a].append((b, lag))

    def peak_load(self, first: int, last: int) -> np.ndarray:
        """Highest share of any limit used once each column of a candidate is added."""
        load = self.used + self.resource_use[first:last]
        with np.errstate(divide="ignore", invalid="ignore"):
            return np.nan_to_num(load / self.limit, nan=0.0, posinf=0.0).max(axis=1, initial=0)

    def try_add(self, c: int, start_policy: str = EARLIEST) -> str:
        """'added', 'waiting' (what it needs is not in yet: worth retrying) or 'rejected'."""
        compiled, start_of = self.compiled, self.start_of
        if start_of[c] != NOT_SELECTED:
            return "added"
        if compiled.forced_out[c] or any(start_of[o] != NOT_SELECTED for o in self.excludes[c]):
            return "rejected"
        if any(start_of[b] == NOT_SELECTED for b, _ in self.needs[c]):
            return "waiting"
        first, last = int(compiled.first_col[c]), int(compiled.first_col[c + 1])
        starts = compiled.col_start[first:last]
        earliest_allowed = max((int(start_of[b]) + lag for b, lag in self.needs[c]), default=0)
        fits = np.all(self.used + self.resource_use[first:last] <= self.limit, axis=1)
        fits &= (starts >= earliest_allowed) & (starts <= self.latest_start[c])
        if not fits.any():
            return "rejected"
        if start_policy == LIGHTEST:
            choice = int(np.argmin(np.where(fits, self.peak_load(first, last), np.inf)))
        else:
            choice = int(np.argmax(fits))  # the earliest start that fits
        if self.preferred_start is not None and self.preferred_start[c] != NOT_SELECTED:
            preferred = np.flatnonzero(fits & (starts == self.preferred_start[c]))
            choice = int(preferred[0]) if len(preferred) else choice
        self.used += self.resource_use[first + choice]
        start_of[c] = starts[choice]
        return "added"

    def add_in_order(self, order: Sequence[int], start_policy: str = EARLIEST,
                     until: Callable[[], bool] = lambda: False) -> None:
        """One pass in `order`, then retry candidates that waited for a prerequisite until a
        pass adds nothing."""
        pending = list(order)
        while pending and not until():
            waiting = []
            added_any = False
            for c in pending:
                if until():
                    return
                outcome = self.try_add(c, start_policy)
                added_any |= outcome == "added"
                if outcome == "waiting":
                    waiting.append(c)
            if not added_any:
                return
            pending = waiting

    def axis_spend(self) -> np.ndarray:
        # The resource matrix ends with one column per axis (spend inside the horizon).
        return self.used[-len(AXES):]


def greedy_plan(compiled: CompiledInstance, order: Sequence[int] | None = None,
                preferred_start: np.ndarray | None = None,
                start_policy: str = EARLIEST) -> GreedyPlan:
    """The greedy plan. `order` (default: score, best first) and `preferred_start` (a start
    index per candidate to try first) let a what-if repair a previous plan instead."""
    order = list(np.argsort(-compiled.score, kind="stable") if order is None else order)
    required = np.flatnonzero(required_closure(compiled))
    packer = _place_required(compiled, required, preferred_start)
    if packer is None:
        # The preferred start years strand a required item: place them afresh.
        packer = _place_required(compiled, required, None)
    if packer is None:
        missing = ", ".join(compiled.ids[c] for c in required[:10])
        return GreedyPlan(None, 0.0, f"the greedy pass could not place every required item "
                                     f"({missing}{'…' if len(required) > 10 else ''})")
    packer.preferred_start = preferred_start

    for k in range(len(AXES)):
        if compiled.axis_min[k] > 0:
            minimum = compiled.axis_min[k] * (1 - 1e-9)
            packer.add_in_order([c for c in order if compiled.axis[c] == k], start_policy,
                                until=lambda k=k, minimum=minimum:
                                packer.axis_spend()[k] >= minimum)
    packer.add_in_order(order, start_policy)

    start_of = packer.start_of
    violations = plan_violations(compiled, start_of)
    if violations:
        return GreedyPlan(None, 0.0, "the greedy plan breaks: " + "; ".join(violations[:5]))
    return GreedyPlan(start_of, float(compiled.score[start_of != NOT_SELECTED].sum()))


def _place_required(compiled: CompiledInstance, required: np.ndarray,
                    preferred_start: np.ndarray | None) -> _Packer | None:
    """A packer holding every required item, or None if the greedy placement strands one.

    Most constrained first (fewest allowed start years, then the largest share of any limit),
    each where the load stays lowest, so required items do not crowd into the same year."""
    packer = _Packer(compiled, preferred_start)
    heaviest = packer.peak_load(0, compiled.n_columns)
    starts = np.diff(compiled.first_col)
    key = {int(c): (int(starts[c]), -float(heaviest[compiled.columns_of(int(c))].min()))
           for c in required}
    packer.add_in_order(sorted(key, key=key.__getitem__), LIGHTEST)
    if (packer.start_of[required] == NOT_SELECTED).any():
        return None
    return packer


def by_density(compiled: CompiledInstance) -> list[int]:
    """Candidates by score per share of the limits their cheapest start uses, best first."""
    use, limit = compiled.resource_matrix()
    with np.errstate(divide="ignore", invalid="ignore"):
        # A use of a limit of 0 (the budget after the horizon, by default) is not free: the
        # column can never be taken, so its share is infinite.
        share = np.nan_to_num(use / limit, nan=0.0, posinf=np.inf).sum(axis=1)
    if not compiled.n_columns:
        return []
    cheapest = np.minimum.reduceat(share, compiled.first_col[:-1])
    density = compiled.score / np.maximum(cheapest, 1e-12)
    return list(np.argsort(-density, kind="stable"))
