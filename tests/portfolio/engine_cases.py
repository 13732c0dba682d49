"""Instances for the optimiser tests, and a brute-force solver that shares no code with it.

The brute force reads the raw instance (years, cost lists, start years) and enumerates every
plan with numpy, so it checks the engine's arrays, model and solver from the outside.
"""

import itertools
from dataclasses import replace

import numpy as np

from synergie.portfolio.engine.instance import AXES, Instance, parse_instance

TOLERANCE = 1e-6  # relative, like the engine's: limits met to one part in a million


def base_instance(**overrides) -> dict:
    """A one-pool, three-year instance whose fields tests override."""
    data = {
        "years": [2027, 2028, 2029],
        "budget": [100, 100, 100],
        "capacity": {"dev": [10, 10, 10]},
        "candidates": [],
    }
    data.update(overrides)
    return data


def candidate(cid: str, score: float, cost=(), **fields) -> dict:
    return {"id": cid, "score": score, "cost": list(cost), **fields}


def _options(instance: Instance, c) -> list[int | None]:
    year_index = {year: t for t, year in enumerate(instance.years)}
    return [None] + [year_index[y] for y in (c.start_years or instance.years)]


def _profile(values, start: int | None, n_years: int) -> np.ndarray:
    out = np.zeros(n_years)
    if start is None:
        return out
    for t in range(start, n_years):
        if t - start < len(values):
            out[t] = values[t - start]
    return out


def brute_force(instance: Instance) -> tuple[float | None, list[dict[str, int]]]:
    """(best value, every optimal plan as {id: start year}); (None, []) when infeasible."""
    n_years, pools = len(instance.years), list(instance.capacity)
    candidates = instance.candidates
    if not candidates:
        return 0.0, [{}]
    options = [_options(instance, c) for c in candidates]
    width = max(len(o) for o in options)
    cost = np.zeros((len(candidates), width, n_years))
    beyond = np.zeros((len(candidates), width))  # cost after the last planning year
    demand = np.zeros((len(candidates), width, len(pools), n_years))
    start = np.full((len(candidates), width), -2)  # -2: option does not exist
    for i, c in enumerate(candidates):
        for j, s in enumerate(options[i]):
            start[i, j] = -1 if s is None else s
            cost[i, j] = _profile(c.cost, s, n_years)
            beyond[i, j] = 0 if s is None else sum(c.cost[n_years - s:])
            for p, pool in enumerate(pools):
                demand[i, j, p] = _profile(c.demand.get(pool, ()), s, n_years)
    plans = np.array(list(itertools.product(*[range(len(o)) for o in options])))
    rows = np.arange(len(candidates))
    chosen_start = start[rows, plans]  # (plans, candidates)
    selected = chosen_start >= 0
    spend = cost[rows, plans].sum(axis=1)
    use = demand[rows, plans].sum(axis=1)
    budget = np.array(instance.budget)
    ok = np.all(spend <= budget * (1 + TOLERANCE) + 1e-9, axis=1)
    capacity = np.array([instance.capacity[p] for p in pools]).reshape(len(pools), n_years)
    ok &= np.all(use <= capacity * (1 + TOLERANCE) + 1e-9, axis=(1, 2))
    # Nothing may fall after the horizon unless the instance declares a budget for it.
    beyond_budget = instance.beyond_horizon_budget or 0.0
    ok &= beyond[rows, plans].sum(axis=1) <= beyond_budget * (1 + TOLERANCE) + 1e-9
    total_budget = float(budget.sum())
    horizon_cost = cost[rows, plans].sum(axis=2)  # (plans, candidates)
    for axis, bound in instance.axis_bounds.items():
        on_axis = np.array([c.axis == axis for c in candidates])
        axis_spend = (horizon_cost * on_axis).sum(axis=1)
        slack = TOLERANCE * total_budget + 1e-9
        ok &= axis_spend >= bound.min_share * total_budget - slack
        ok &= axis_spend <= bound.max_share * total_budget + slack
    index = {c.id: i for i, c in enumerate(candidates)}
    for i, c in enumerate(candidates):
        if c.mandatory or c.forced == "in":
            ok &= selected[:, i]
        if c.forced == "out":
            ok &= ~selected[:, i]
    for dependency in instance.dependencies:
        a, b = index[dependency.candidate], index[dependency.needs]
        ok &= ~selected[:, a] | (selected[:, b] & (chosen_start[:, b] + dependency.lag
                                                   <= chosen_start[:, a]))
    for first, second in instance.exclusions:
        ok &= ~(selected[:, index[first]] & selected[:, index[second]])
    if not ok.any():
        return None, []
    scores = np.array([c.score for c in candidates])
    value = (selected * scores).sum(axis=1)
    best = value[ok].max()
    optimal = np.flatnonzero(ok & (value >= best - 1e-9))
    return float(best), [
        {candidates[i].id: instance.years[chosen_start[k, i]] for i in range(len(candidates))
         if selected[k, i]} for k in optimal]


def plan_is_feasible(instance: Instance, plan: dict[str, int]) -> bool:
    """Whether {id: start year} meets every constraint, by the brute force's own rules: the
    same instance with each planned candidate forced in at its year, every other forced out."""
    fixed = replace(instance, candidates=tuple(
        replace(c, start_years=(plan[c.id],), forced="in") if c.id in plan
        else replace(c, forced="out") for c in instance.candidates))
    return brute_force(fixed)[0] is not None


def random_instance(n: int, seed: int, n_years: int = 5, n_pools: int = 10,
                    beyond_horizon: bool = True) -> Instance:
    """A realistic instance (the benchmark's shape, smaller code): lognormal project sizes, a
    build (1–3 years) then run (1–2 years) cost profile, 2–4 pools each, some mandatory items
    and dependencies, budgets and capacities a tenth of what starting everything would need.
    With `beyond_horizon`, a budget for the costs after the last year, a tenth of what starting
    everything would leave there; without, nothing may fall after it."""
    rng = np.random.default_rng(seed)
    years = list(range(2027, 2027 + n_years))
    pools = [f"pool{p}" for p in range(n_pools)]
    size = rng.lognormal(np.log(300_000), 0.8, n)
    candidates = []
    for i in range(n):
        duration = int(rng.integers(1, 4))
        build = list(np.round(size[i] * rng.dirichlet(np.full(duration, 3.0)), -2))
        cost = build + [round(size[i] * 0.15, -2)] * int(rng.integers(1, 3))
        chosen = rng.choice(n_pools, size=int(rng.integers(2, 5)), replace=False)
        demand = {pools[p]: [round(x / 330_000 * share, 2) for x in cost]
                  for p, share in zip(chosen, rng.dirichlet(np.ones(len(chosen))))}
        item = {"id": f"C{i:05d}", "score": round(float(10 + 80 * rng.beta(2, 3)), 1),
                "cost": cost, "demand": demand, "axis": AXES[int(rng.integers(0, 5))]}
        if rng.random() < 0.02:
            item.update(mandatory=True, start_years=years[:3], axis="regulatory")
        candidates.append(item)
    dependencies = []
    for i in range(1, n):
        if rng.random() < 0.05 and not candidates[i].get("mandatory"):
            dependencies.append({"candidate": candidates[i]["id"],
                                 "needs": candidates[int(rng.integers(0, i))]["id"]})
    need = np.zeros(n_years)
    need_beyond = 0.0
    pool_need = np.zeros((n_pools, n_years))
    for item in candidates:
        for start in range(n_years):
            inside = item["cost"][:n_years - start]
            need[start:start + len(inside)] += np.array(inside) / n_years
            need_beyond += sum(item["cost"][n_years - start:]) / n_years
            for pool, fte in item["demand"].items():
                inside = fte[:n_years - start]
                pool_need[pools.index(pool), start:start + len(inside)] += (
                    np.array(inside) / n_years)
    return parse_instance({
        "years": years, "budget": list(need * 0.1),
        "capacity": {pool: list(np.maximum(pool_need[p] * 0.12, 1.0))
                     for p, pool in enumerate(pools)},
        "candidates": candidates, "dependencies": dependencies,
        "axis_bounds": {"continuity": {"min": 0.1}, "new_service": {"max": 0.4}},
        **({"beyond_horizon_budget": round(need_beyond * 0.1, -2)} if beyond_horizon else {}),
    })
