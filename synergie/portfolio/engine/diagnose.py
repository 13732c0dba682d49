"""Why no plan exists: the constraints that conflict, named.

Two stages. `obvious_conflicts` checks the common causes directly, before any solve: a mandatory
item forced out; a required item (mandatory, forced in, or needed by one) depending on a
forced-out item or on one that cannot start early enough; two required items excluding each
other; required items alone exceeding a year's budget, a pool's capacity or the budget after the
horizon; axis shares that
cannot be met. When the solver proves infeasibility and none of these applies,
`explain_infeasibility` finds a small set of constraint groups that conflict by relaxing groups
one at a time (a deletion filter: a group whose removal leaves the model infeasible is not part
of the explanation), then narrows small groups to their members the same way.
"""

from __future__ import annotations

import time
from collections import deque
from dataclasses import dataclass

import numpy as np

from .compiled import (
    ABSOLUTE_TOLERANCE,
    RELATIVE_TOLERANCE,
    CompiledInstance,
    allowed_start_bounds,
    relaxed_copy,
    required_closure,
    with_tolerance,
)
from .instance import AXES
from .milp import PortfolioModel
from .result import (
    AXIS_MAX_EXCEEDED,
    AXIS_MIN_UNREACHABLE,
    AXIS_SHARES_ABOVE_TOTAL,
    BEYOND_HORIZON_EXCEEDED,
    BUDGET_EXCEEDED,
    CAPACITY_EXCEEDED,
    COMBINATION,
    MANDATORY_FORCED_OUT,
    NEEDS_FORCED_OUT,
    REQUIRED_EXCLUDE_EACH_OTHER,
    STARTS_TOO_LATE,
    TOO_BIG_ALONE,
    Conflict,
)

REFINE_AT_MOST = 40  # members; larger groups are reported whole (each check is a MIP solve)


def _why_required(compiled: CompiledInstance) -> dict[int, list[int]]:
    """For each required candidate, a chain from a mandatory / forced-in root to it."""
    chain: dict[int, list[int]] = {int(c): [int(c)] for c in np.flatnonzero(compiled.required)}
    queue = deque(chain)
    needs: dict[int, list[int]] = {}
    for a, b in zip(compiled.dep_candidate.tolist(), compiled.dep_needs.tolist()):
        needs.setdefault(a, []).append(b)
    while queue:
        a = queue.popleft()
        for b in needs.get(a, []):
            if b not in chain:
                chain[b] = chain[a] + [b]
                queue.append(b)
    return chain


def _root_name(compiled: CompiledInstance, c: int) -> str:
    return f"{'mandatory' if compiled.mandatory[c] else 'forced in'} {compiled.ids[c]}"


def _describe_required(compiled: CompiledInstance, chain: list[int]) -> str:
    ids = compiled.ids
    root = chain[0]
    text = f"{ids[root]} is {'mandatory' if compiled.mandatory[root] else 'forced in'}"
    if len(chain) > 1:
        text += " and needs " + ", which needs ".join(ids[c] for c in chain[1:])
    return text


def _requirement(compiled: CompiledInstance, chain: list[int]) -> dict:
    """Why the last item of `chain` is required, as parameters: the root is mandatory or
    forced in, and each item needs the next."""
    return {"root": "mandatory" if compiled.mandatory[chain[0]] else "forced_in",
            "chain": [compiled.ids[c] for c in chain]}


def _money(value: float) -> str:
    return f"{value:,.2f}".rstrip("0").rstrip(".")


def _amount(value: float) -> float:
    """An amount (EUR or FTE) as a parameter: rounded as the message rounds it."""
    return round(float(value), 2)


def obvious_conflicts(compiled: CompiledInstance) -> list[Conflict]:
    ids, years = compiled.ids, compiled.years
    conflicts: list[Conflict] = []
    reason = {i: c.reason for i, c in enumerate(compiled.instance.candidates)}
    for c in np.flatnonzero(compiled.mandatory & compiled.forced_out).tolist():
        conflicts.append(Conflict(
            "forced", [f"mandatory {ids[c]}", f"forced out {ids[c]}"], [ids[c]],
            f"{ids[c]} is mandatory but forced out (reason given: {reason[c]!r}).",
            MANDATORY_FORCED_OUT, {"candidate": ids[c], "reason": reason[c]}))

    chains = _why_required(compiled)
    required = required_closure(compiled)
    start_bounds = list(zip(*(bounds.tolist() for bounds in allowed_start_bounds(compiled))))
    for a, b, lag in zip(compiled.dep_candidate.tolist(), compiled.dep_needs.tolist(),
                         compiled.dep_lag.tolist()):
        if not required[a]:
            continue
        chain = chains[a]
        names = [_root_name(compiled, chain[0])] + [
            f"dependency {ids[x]} needs {ids[y]}" for x, y in zip(chain, chain[1:])]
        names.append(f"dependency {ids[a]} needs {ids[b]}")
        if compiled.forced_out[b] and not compiled.mandatory[b]:
            conflicts.append(Conflict(
                "dependency", names + [f"forced out {ids[b]}"], [ids[x] for x in chain] + [ids[b]],
                f"{_describe_required(compiled, chain + [b])}, but {ids[b]} is forced out "
                f"(reason given: {reason[b]!r}).",
                NEEDS_FORCED_OUT, {"requirement": _requirement(compiled, chain + [b]),
                                   "candidate": ids[b], "reason": reason[b]}))
        elif start_bounds[b][0] + lag > start_bounds[a][1]:
            conflicts.append(Conflict(
                "dependency", names + [f"start years {ids[a]}", f"start years {ids[b]}"],
                [ids[x] for x in chain] + [ids[b]],
                f"{_describe_required(compiled, chain + [b])}; {ids[b]} must start at least "
                f"{lag} year(s) before {ids[a]}, but {ids[b]} can start {years[start_bounds[b][0]]}"
                f" at the earliest and {ids[a]} {years[start_bounds[a][1]]} at the latest.",
                STARTS_TOO_LATE, {"requirement": _requirement(compiled, chain + [b]),
                                  "candidate": ids[a], "needs": ids[b], "lag": lag,
                                  "earliest": years[start_bounds[b][0]],
                                  "latest": years[start_bounds[a][1]]}))

    for a, b in zip(compiled.excl_first.tolist(), compiled.excl_second.tolist()):
        if required[a] and required[b]:
            roots = [_root_name(compiled, chains[a][0]), _root_name(compiled, chains[b][0])]
            conflicts.append(Conflict(
                "exclusion", [*dict.fromkeys(roots), f"exclusion {ids[a]} / {ids[b]}"],
                [ids[a], ids[b]],
                f"{_describe_required(compiled, chains[a])}; "
                f"{_describe_required(compiled, chains[b])}; but {ids[a]} and {ids[b]} exclude "
                f"each other.",
                REQUIRED_EXCLUDE_EACH_OTHER, {"first": _requirement(compiled, chains[a]),
                                              "second": _requirement(compiled, chains[b]),
                                              "candidates": [ids[a], ids[b]]}))

    too_big = _too_big_alone(compiled, required, chains)
    conflicts += too_big
    if not too_big:  # otherwise the yearly sums only repeat it
        conflicts += _resource_conflicts(compiled, required, chains)
    conflicts += _axis_conflicts(compiled, required)
    return conflicts


def _limit_name(compiled: CompiledInstance, resource: int) -> tuple[str, str, str, dict]:
    """(kind, constraint name, what, the limit as parameters) of a column of
    `resource_matrix`."""
    years, n_years, n_pools = compiled.years, len(compiled.years), len(compiled.pools)
    if resource < n_years:
        year = years[resource]
        return "budget", f"budget {year}", f"budget in {year}", {"limit": "budget", "year": year}
    if resource < n_years * (1 + n_pools):
        pool, t = divmod(resource - n_years, n_years)
        name = compiled.pools[pool]
        return ("capacity", f"capacity {name} {years[t]}", f"{name} capacity in {years[t]}",
                {"limit": "capacity", "pool": name, "year": years[t]})
    if resource == n_years * (1 + n_pools):
        last = years[-1]
        return ("budget", f"after {last}", f"the budget for costs after {last}",
                {"limit": "beyond_horizon", "year": last})
    axis = AXES[resource - n_years * (1 + n_pools) - 1]
    return ("axis_max", f"axis {axis} max", f"the {axis} axis maximum",
            {"limit": "axis_max", "axis": axis})


def _too_big_alone(compiled: CompiledInstance, required: np.ndarray,
                   chains: dict[int, list[int]]) -> list[Conflict]:
    """Required items that break a limit on their own, whatever their start year."""
    use, limit = compiled.resource_matrix()
    over = use > with_tolerance(limit)[None, :]
    conflicts = []
    for c in np.flatnonzero(required):
        cols = compiled.columns_of(int(c))
        if not over[cols.start:cols.stop].any(axis=1).all():
            continue
        kinds, names, reasons, starts = [], [], [], []
        for col in cols:
            r = int(np.flatnonzero(over[col])[0])
            kind, name, what, limit_params = _limit_name(compiled, r)
            kinds.append(kind)
            names.append(name)
            unit = " FTE" if kind == "capacity" else ""
            start_year = compiled.years[compiled.col_start[col]]
            reasons.append(f"starting {start_year} it needs "
                           f"{_money(float(use[col, r]))}{unit} of {what} "
                           f"(available: {_money(float(limit[r]))}{unit})")
            starts.append({"start_year": start_year, **limit_params,
                           "need": _amount(use[col, r]), "available": _amount(limit[r])})
        chain = chains[int(c)]
        conflicts.append(Conflict(
            max(set(kinds), key=kinds.count),
            [_root_name(compiled, chain[0])] + sorted(set(names)), [compiled.ids[x] for x in chain],
            f"{_describe_required(compiled, chain)}, but {compiled.ids[c]} does not fit on its "
            f"own in any allowed start year: " + "; ".join(reasons) + ".",
            TOO_BIG_ALONE, {"requirement": _requirement(compiled, chain),
                            "candidate": compiled.ids[c], "starts": starts}))
    return conflicts


def _minimum_per_candidate(compiled: CompiledInstance, values: np.ndarray) -> np.ndarray:
    """Least value over each candidate's columns (values: one row per column)."""
    return np.minimum.reduceat(values, compiled.first_col[:-1], axis=0)


def _resource_conflicts(compiled: CompiledInstance, required: np.ndarray,
                        chains: dict[int, list[int]]) -> list[Conflict]:
    ids, years = compiled.ids, compiled.years
    chosen = np.flatnonzero(required)
    if not len(chosen) or not compiled.n_columns:
        return []
    conflicts = []
    least_cost = _minimum_per_candidate(compiled, compiled.col_cost)[chosen]
    least_demand = _minimum_per_candidate(compiled, compiled.col_demand)[chosen]

    def conflict(kind: str, constraint: str, need: np.ndarray, limit: float, what: str,
                 unit: str, code: str, params: dict) -> Conflict:
        order = np.argsort(-need)
        involved = [int(chosen[i]) for i in order if need[i] > 0]
        listing = ", ".join(f"{ids[c]} ({_money(float(need[i]))}{unit})"
                            for i, c in zip(order, involved))
        roots = sorted({_root_name(compiled, chains[c][0]) for c in involved})
        return Conflict(
            kind, [constraint] + roots, [ids[c] for c in involved],
            f"Mandatory and forced-in items (with what they need) alone need at least "
            f"{_money(float(need.sum()))}{unit} of {what}, but only {_money(limit)}{unit} is "
            f"available: {listing}.",
            code, {**params, "need": _amount(need.sum()), "available": _amount(limit),
                   "items": [[ids[c], _amount(need[i])] for i, c in zip(order, involved)]})

    least_beyond = _minimum_per_candidate(compiled, compiled.col_beyond_cost)[chosen]
    if least_beyond.sum() > with_tolerance(np.array(compiled.beyond_budget)):
        last = years[-1]
        conflicts.append(conflict("budget", f"after {last}", least_beyond,
                                  float(compiled.beyond_budget),
                                  f"the budget for costs after {last}", "",
                                  BEYOND_HORIZON_EXCEEDED, {"year": last}))
    for t, year in enumerate(years):
        if least_cost[:, t].sum() > with_tolerance(compiled.budget[t]):
            conflicts.append(conflict("budget", f"budget {year}", least_cost[:, t],
                                      float(compiled.budget[t]), f"budget in {year}", "",
                                      BUDGET_EXCEEDED, {"year": year}))
        for p, pool in enumerate(compiled.pools):
            need = least_demand[:, p, t]
            if need.sum() > with_tolerance(compiled.capacity[p, t]):
                conflicts.append(conflict("capacity", f"capacity {pool} {year}", need,
                                          float(compiled.capacity[p, t]),
                                          f"{pool} capacity in {year}", " FTE",
                                          CAPACITY_EXCEEDED, {"pool": pool, "year": year}))
    return conflicts


def _axis_conflicts(compiled: CompiledInstance, required: np.ndarray) -> list[Conflict]:
    ids, bounds = compiled.ids, compiled.instance.axis_bounds
    conflicts = []
    minima = [axis for axis in AXES if axis in bounds and bounds[axis].min_share > 0]
    if sum(bounds[axis].min_share for axis in minima) > 1 + 1e-9:
        conflicts.append(Conflict(
            "axis_shares", [f"axis {axis} min" for axis in minima], [],
            "The minimum axis shares add up to more than 100 % of the budget: " + ", ".join(
                f"{axis} {bounds[axis].min_share:.0%}" for axis in minima) + ".",
            AXIS_SHARES_ABOVE_TOTAL,
            {"shares": [[axis, bounds[axis].min_share] for axis in minima]}))
    if not compiled.n_columns:
        return conflicts
    axis_slack = RELATIVE_TOLERANCE * compiled.axis_basis + ABSOLUTE_TOLERANCE
    most = np.maximum.reduceat(compiled.col_horizon_cost, compiled.first_col[:-1])
    least = np.minimum.reduceat(compiled.col_horizon_cost, compiled.first_col[:-1])
    for k, axis in enumerate(AXES):
        on_axis = (compiled.axis == k) & ~compiled.forced_out
        reachable = float(most[on_axis].sum())
        if compiled.axis_min[k] > reachable + axis_slack:
            members = [ids[c] for c in np.flatnonzero(on_axis)]
            conflicts.append(Conflict(
                "axis_min", [f"axis {axis} min"], members,
                f"The {axis} axis must get at least {bounds[axis].min_share:.1%} of the total "
                f"budget ({_money(compiled.axis_min[k])}), but even selecting all its "
                f"{len(members)} candidate(s) spends at most {_money(reachable)} in the "
                f"planning years.",
                AXIS_MIN_UNREACHABLE, {"axis": axis, "min_share": bounds[axis].min_share,
                                       "min_amount": _amount(compiled.axis_min[k]),
                                       "reachable": _amount(reachable),
                                       "candidate_count": len(members)}))
        forced_spend = least[required & (compiled.axis == k)]
        if forced_spend.sum() > compiled.axis_max[k] + axis_slack:
            members = [ids[c] for c in np.flatnonzero(required & (compiled.axis == k))]
            conflicts.append(Conflict(
                "axis_max", [f"axis {axis} max"] + [f"mandatory or forced in {m}"
                                                    for m in members], members,
                f"The {axis} axis may get at most {bounds[axis].max_share:.1%} of the total "
                f"budget ({_money(compiled.axis_max[k])}), but its required items alone spend at "
                f"least {_money(float(forced_spend.sum()))}: {', '.join(members)}.",
                AXIS_MAX_EXCEEDED, {"axis": axis, "max_share": bounds[axis].max_share,
                                    "max_amount": _amount(compiled.axis_max[k]),
                                    "spend": _amount(forced_spend.sum()),
                                    "candidates": members}))
    return conflicts


@dataclass(frozen=True)
class _Member:
    """One relaxable constraint: `field` is a keyword of `relaxed_copy`, `key` its index;
    `spec` the constraint as parameters ({"type": "budget", "year": 2027}, ...)."""

    field: str
    key: object
    name: str
    spec: dict
    items: tuple[str, ...] = ()


@dataclass(frozen=True)
class _Group:
    """Constraints relaxed together first; `spec` names the group as parameters."""

    spec: dict
    members: list[_Member]


def _groups(compiled: CompiledInstance) -> dict[str, _Group]:
    ids, years = compiled.ids, compiled.years
    groups: dict[str, _Group] = {"budget": _Group({"group": "budget"}, [
        _Member("budget_years", t, f"budget {y}", {"type": "budget", "year": y})
        for t, y in enumerate(years) if np.isfinite(compiled.budget[t])])}
    if np.isfinite(compiled.beyond_budget) and compiled.col_beyond_cost.any():
        last = years[-1]
        groups["beyond horizon"] = _Group({"group": "beyond_horizon"}, [
            _Member("beyond_horizon", 0, f"after {last}", {"type": "beyond_horizon",
                                                           "year": last})])
    for p, pool in enumerate(compiled.pools):
        groups[f"capacity {pool}"] = _Group({"group": "capacity", "pool": pool}, [
            _Member("capacity_cells", (p, t), f"capacity {pool} {y}",
                    {"type": "capacity", "pool": pool, "year": y})
            for t, y in enumerate(years) if np.isfinite(compiled.capacity[p, t])])
    groups["axis bounds"] = _Group({"group": "axis_bounds"}, (
        [_Member("axis_min", k, f"axis {a} min", {"type": "axis_min", "axis": a})
         for k, a in enumerate(AXES) if compiled.axis_min[k] > 0]
        + [_Member("axis_max", k, f"axis {a} max", {"type": "axis_max", "axis": a})
           for k, a in enumerate(AXES) if np.isfinite(compiled.axis_max[k])]))
    groups["dependencies"] = _Group({"group": "dependencies"}, [
        _Member("dependencies", i, f"dependency {ids[a]} needs {ids[b]}",
                {"type": "dependency", "candidate": ids[a], "needs": ids[b]}, (ids[a], ids[b]))
        for i, (a, b) in enumerate(zip(compiled.dep_candidate, compiled.dep_needs))])
    groups["exclusions"] = _Group({"group": "exclusions"}, [
        _Member("exclusions", i, f"exclusion {ids[a]} / {ids[b]}",
                {"type": "exclusion", "first": ids[a], "second": ids[b]}, (ids[a], ids[b]))
        for i, (a, b) in enumerate(zip(compiled.excl_first, compiled.excl_second))])
    groups["mandatory"] = _Group({"group": "mandatory"}, [
        _Member("mandatory", c, f"mandatory {ids[c]}", {"type": "mandatory", "candidate": ids[c]},
                (ids[c],))
        for c in np.flatnonzero(compiled.mandatory)])
    groups["forced"] = _Group({"group": "forced"}, [
        _Member("forced", c, f"forced {'in' if compiled.forced_in[c] else 'out'} {ids[c]}",
                {"type": "forced_in" if compiled.forced_in[c] else "forced_out",
                 "candidate": ids[c]}, (ids[c],))
        for c in np.flatnonzero(compiled.forced_in | compiled.forced_out)])
    return {name: group for name, group in groups.items() if group.members}


def explain_infeasibility(compiled: CompiledInstance, time_budget: float = 30.0) -> \
        list[Conflict]:
    """A small set of constraints that cannot hold together, by relaxing and re-solving.

    Empty when infeasibility cannot be reproduced within `time_budget` seconds."""
    deadline = time.perf_counter() + time_budget
    inconclusive = False

    def infeasible_without(relaxed: list[_Member]) -> bool:
        """True only when proven infeasible with `relaxed` removed; unknown counts as no."""
        nonlocal inconclusive
        remaining = deadline - time.perf_counter()
        if remaining <= 0:
            inconclusive = True
            return False
        fields: dict[str, list] = {}
        for member in relaxed:
            fields.setdefault(member.field, []).append(member.key)
        model = PortfolioModel(relaxed_copy(compiled, **fields), feasibility_only=True)
        status = model.run_mip(min(remaining, 10.0), 1.0, None).status
        inconclusive |= status not in ("infeasible", "optimal", "time_limit")
        return status == "infeasible"

    groups = _groups(compiled)
    if not infeasible_without([]):
        return []
    kept_groups = list(groups)
    for name in list(groups):
        trial = [g for g in kept_groups if g != name]
        relaxed = [m for g in groups if g not in trial for m in groups[g].members]
        if infeasible_without(relaxed):
            kept_groups = trial
    dropped = [m for g in groups if g not in kept_groups for m in groups[g].members]
    names: list[str] = []
    specs: list[dict] = []
    items: set[str] = set()
    whole_groups: list[str] = []
    for name in kept_groups:
        members = groups[name].members
        if len(members) > REFINE_AT_MOST:
            whole_groups.append(name)
            names.append(f"all {name} ({len(members)} constraints)")
            specs.append({"type": "group", **groups[name].spec, "count": len(members)})
            continue
        needed = list(members)
        for member in members:
            trial = [m for m in needed if m is not member]
            if infeasible_without(dropped + [m for m in members if m not in trial]):
                needed = trial
        dropped += [m for m in members if m not in needed]
        names += [m.name for m in needed]
        specs += [m.spec for m in needed]
        items.update(item for m in needed for item in m.items)
    if inconclusive:
        outcome = "incomplete"
        ending = ("Some checks ran out of time, so the list may be longer than needed.")
    elif not whole_groups:
        outcome = "relax_any"
        ending = "Relaxing any one of them would allow a plan."
    else:
        outcome = "relax_any_or_group"
        ending = ("Relaxing any one of them (a whole group where a group is named) would allow "
                  "a plan.")
    message = ("These constraints cannot all be met together: " + "; ".join(names[:30])
               + ("…" if len(names) > 30 else "") + ". " + ending)
    return [Conflict("combination", names, sorted(items), message,
                     COMBINATION, {"constraints": specs, "outcome": outcome})]
