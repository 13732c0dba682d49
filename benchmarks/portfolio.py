"""Portfolio optimiser benchmark: random but realistic instances, MILP against the greedy baseline.

Each instance has N candidates × 5 start years (2027–2031) × 10 skill pools, and every cost counts:
candidates are built like real projects, a lognormal build cost over 1–3 years then a run cost
for 1–3 years, so a late start leaves costs after 2031; the instance declares a budget for those
(`beyond_horizon_budget`, as tight as the yearly ones), against which they count. FTE demand in
2–4 pools during the build and a little afterwards, a weighted-criteria score loosely correlated
with size, one of the five strategic axes. About 2 % are mandatory (regulatory, legal deadline:
start in the first two or three years), 1 % forced in or out, 8 % need another candidate (a third
of them a year earlier; never a chain that cannot start in time), 1 % come in pairs of mutually
exclusive alternatives; some can only start later. Budgets and capacities, level over the years,
are a tenth (an eighth for people) of what starting everything would need. Axis shares:
continuity ≥ 15 %, regulatory ≥ 8 %, new service ≤ 35 %, policy ≤ 20 % of the total budget.

Printed per instance: build time (JSON parsing, arrays, MILP rows), solve time (greedy + HiGHS),
proven gap, value against the greedy "rank by score, take while it fits" baseline (and against
the best greedy variant: by score per use of the scarce resources), and the time of two what-if
re-solves (the best-scoring unselected candidate forced in, then the lowest-scoring selected one
forced out), warm-started, on the optimiser that solved the scenario.

Then (`whatif_from_plan`) the same two questions as the worker answers them at --whatif-size
candidates: a fresh optimiser from the stored instance, warm-started from the scenario's stored
plan, timed as the re-solve alone and with parsing and building, against a cold solve; and
(`frontier`) the efficient frontier, 20 budget levels, at --frontier-size candidates, timed as
the worker runs it (the child process). `floors` are the targets, `machine` the cores and the
load average (the machine is shared: read the figures against it).

    python benchmarks/portfolio.py [--sizes 500,1000,2000,5000,10000] [--time-limit 60]
        [--whatif-size 2000] [--frontier-size 2000] [--json]
"""

from __future__ import annotations

import argparse
import json
import os
import subprocess
import sys
import tempfile
import time

import numpy as np
from _common import ROOT  # (importing it puts the project on sys.path)

from synergie.portfolio.engine.greedy import LIGHTEST, by_density, greedy_plan
from synergie.portfolio.engine.instance import parse_instance
from synergie.portfolio.engine.frontier import SECONDS_PER_LEVEL
from synergie.portfolio.engine.optimiser import (
    WHAT_IF_TIME_LIMIT,
    PortfolioOptimiser,
    SolveOptions,
)

# Issue 10, part 4: what the figures must meet (seconds; gap as a fraction).
FLOORS = {"solve_10000": {"candidates": 10000, "gap": 0.001, "seconds": 10},
          "whatif_2000": {"candidates": 2000, "seconds": 1},
          "frontier_2000": {"candidates": 2000, "levels": 20, "seconds": 20}}

YEARS = list(range(2027, 2032))
POOLS = ["developers", "data", "infrastructure", "security", "project_management", "ux_design",
         "business_analysis", "legal", "procurement", "change_management"]
POOL_WEIGHT = np.array([4, 2, 2, 1, 3, 1.5, 2, 0.5, 0.5, 1])  # how often a project needs it
POOL_INTENSITY = np.array([1.0, 0.6, 0.5, 0.3, 0.5, 0.4, 0.5, 0.15, 0.15, 0.3])  # how much
# Budget and capacity as a share of what starting everything would need (about a third of the
# candidates fit: the cheaper ones are more numerous).
BUDGET_TIGHTNESS, CAPACITY_TIGHTNESS = 0.1, 0.12
AXES = ["continuity", "new_service", "improvement", "policy", "regulatory"]
AXIS_WEIGHT = [0.30, 0.20, 0.25, 0.10, 0.15]
FTE_COST = 110_000  # euros per FTE-year, to turn build cost into demand


def generate(n: int, seed: int) -> dict:
    rng = np.random.default_rng(seed)
    n_years = len(YEARS)
    size = rng.lognormal(np.log(300_000), 0.8, n)
    size_rank = size.argsort().argsort() / max(n - 1, 1)
    candidates = []
    for i in range(n):
        duration = int(rng.choice([1, 2, 3], p=[0.3, 0.45, 0.25]))
        build_shares = rng.dirichlet(np.full(duration, 3.0))
        run_cost = size[i] * rng.uniform(0.08, 0.2)
        # Every cost counts: a run phase of 1–3 years after the build, so a late start spills
        # past the horizon and is charged to the budget declared for that.
        run_years = int(rng.integers(1, 4))
        cost = [round(size[i] * s, -2) for s in build_shares]
        cost += [round(run_cost, -2)] * run_years
        pools = rng.choice(len(POOLS), size=int(rng.integers(2, 5)), replace=False,
                           p=POOL_WEIGHT / POOL_WEIGHT.sum())
        # A third of a project's build cost is internal staff time, split between its pools
        # by each pool's typical intensity (a little legal advice, a lot of development).
        pool_shares = rng.dirichlet(np.full(len(pools), 2.0)) * POOL_INTENSITY[pools]
        pool_shares /= pool_shares.sum()
        demand = {}
        for pool, share in zip(pools, pool_shares):
            build = [round(size[i] * s / FTE_COST * share / 3, 2) for s in build_shares]
            run = [round(run_cost / FTE_COST * share * 0.2, 2)] * run_years
            demand[POOLS[pool]] = build + run
        axis = str(rng.choice(AXES, p=AXIS_WEIGHT))
        candidate = {"id": f"C{i:05d}", "score": round(float(
            10 + 70 * rng.beta(2, 3) + 15 * size_rank[i]), 1), "cost": cost, "demand": demand,
            "axis": axis}
        draw = rng.random()
        if draw < 0.02:
            candidate.update(axis="regulatory", mandatory=True,
                             start_years=YEARS[:int(rng.integers(2, 4))])
        elif draw < 0.025:
            candidate.update(forced="in", reason="political commitment")
        elif draw < 0.03:
            candidate.update(forced="out", reason="covered by a federal programme")
        elif draw < 0.22:
            candidate["start_years"] = YEARS[int(rng.integers(1, 4)):]
        candidates.append(candidate)

    dependencies = []
    # The earliest year each candidate can start, given what it needs (and what that needs).
    earliest = [c.get("start_years", YEARS)[0] for c in candidates]
    for i in range(1, n):
        if rng.random() < 0.08:
            needed = int(rng.integers(0, i))
            lag = 1 if rng.random() < 1 / 3 else 0
            if (candidates[needed].get("forced") == "out"
                    or earliest[needed] + lag > candidates[i].get("start_years", YEARS)[-1]):
                continue  # keep the instance feasible: the need must be able to come first
            earliest[i] = max(earliest[i], earliest[needed] + lag)
            dependencies.append({"candidate": candidates[i]["id"],
                                 "needs": candidates[needed]["id"], "lag": lag})
    optional = [c["id"] for c in candidates if not c.get("mandatory") and not c.get("forced")]
    chosen = rng.choice(len(optional), size=2 * (n // 200), replace=False)
    exclusions = [[optional[a], optional[b]] for a, b in zip(chosen[::2], chosen[1::2])]

    # What starting everything would need per year (each candidate at an average start year).
    need = np.zeros(n_years)
    need_beyond = 0.0
    pool_need = np.zeros((len(POOLS), n_years))
    for candidate in candidates:
        starts = [YEARS.index(y) for y in candidate.get("start_years", YEARS)]
        for start in starts:
            inside = candidate["cost"][:n_years - start]
            need[start:start + len(inside)] += np.array(inside) / len(starts)
            need_beyond += sum(candidate["cost"][n_years - start:]) / len(starts)
            for pool, fte in candidate["demand"].items():
                fte = fte[:n_years - start]
                pool_need[POOLS.index(pool), start:start + len(fte)] += (
                    np.array(fte) / len(starts))
    return {
        "name": f"benchmark {n} candidates (seed {seed})",
        "years": YEARS,
        # Level from year to year, as budgets and teams are (what starting everything would need
        # grows over the years only because early starts pile up).
        "budget": [round(float(need.mean() * BUDGET_TIGHTNESS), -3)] * n_years,
        # Even a small pool has one person (a pool below 1 FTE could not host a mandatory item).
        "capacity": {pool: [round(max(float(pool_need[p].mean() * CAPACITY_TIGHTNESS), 1.0), 1)]
                     * n_years for p, pool in enumerate(POOLS)},
        "candidates": candidates,
        "dependencies": dependencies,
        "exclusions": exclusions,
        "axis_bounds": {"continuity": {"min": 0.15}, "regulatory": {"min": 0.08},
                        "new_service": {"max": 0.35}, "policy": {"max": 0.2}},
        # What the plan may leave to the years after 2031, as tight as the yearly budgets.
        "beyond_horizon_budget": round(need_beyond * BUDGET_TIGHTNESS, -3),
    }


def run(n: int, time_limit: float, gap: float, log) -> dict:
    data = generate(n, seed=n)
    started = time.perf_counter()
    instance = parse_instance(json.loads(json.dumps(data)))
    optimiser = PortfolioOptimiser(instance, SolveOptions(time_limit=time_limit, gap=gap))
    optimiser.model  # noqa: B018 (build the MILP now, to time it apart from the solve)
    build_s = time.perf_counter() - started
    cpu_started = time.process_time()  # this process's share of the shared cores
    result = optimiser.solve()
    solve_cpu_s = time.process_time() - cpu_started
    chosen = {item.id for item in result.selected}
    by_score = sorted(instance.candidates, key=lambda c: -c.score)
    forced_in = next(c.id for c in by_score if c.id not in chosen and c.forced is None)
    forced_out = next(c.id for c in reversed(by_score)
                      if c.id in chosen and c.forced is None and not c.mandatory)
    # A fairer baseline too: by score per share of the scarce resources, each start where the
    # load stays lowest (the best of the greedy variants we tried).
    density = greedy_plan(optimiser.compiled, order=by_density(optimiser.compiled),
                          start_policy=LIGHTEST)
    best_greedy = max(result.greedy_value or 0.0, density.value)
    what_in = optimiser.what_if(forced_in, "in")
    what_out = optimiser.what_if(forced_out, "out")
    row = {
        "candidates": n, "years": len(YEARS), "pools": len(POOLS),
        "selected": len(result.selected), "status": result.status, "source": result.source,
        "build_s": round(build_s, 3), "solve_s": round(result.solve_seconds, 3),
        "solve_cpu_s": round(solve_cpu_s, 3),
        "beyond_horizon_spend": result.beyond_horizon_spend,
        "beyond_horizon_budget": result.beyond_horizon_budget,
        "gap": result.gap, "value": result.objective, "greedy_value": result.greedy_value,
        "gain_over_greedy": (None if not result.greedy_value or result.objective is None
                             else round(result.objective / result.greedy_value - 1, 5)),
        "best_greedy_value": best_greedy,
        "gain_over_best_greedy": (None if not best_greedy or result.objective is None
                                  else round(result.objective / best_greedy - 1, 5)),
        "whatif_s": round(max(what_in.seconds, what_out.seconds), 3),
        "whatif_in_s": round(what_in.seconds, 3), "whatif_in_gap": what_in.result.gap,
        "whatif_out_s": round(what_out.seconds, 3), "whatif_out_gap": what_out.result.gap,
    }
    gap_text = "n/a" if result.gap is None else f"{result.gap:.4%}"
    gain = "n/a" if row["gain_over_greedy"] is None else f"{row['gain_over_greedy']:+.2%}"
    log(f"{n:>6} candidates: build {build_s:6.2f} s, solve {result.solve_seconds:6.2f} s "
        f"(CPU {solve_cpu_s:.2f} s) "
        f"({result.status}), gap {gap_text}, value {result.objective:,.1f} vs greedy "
        f"{result.greedy_value:,.1f} ({gain}), best greedy {best_greedy:,.1f} "
        f"({row['gain_over_best_greedy']:+.2%}), {len(result.selected)} selected; what-if in "
        f"{what_in.seconds:.2f} s (gap {_pct(what_in.result.gap)}, {len(what_in.dropped)} "
        f"dropped), out {what_out.seconds:.2f} s (gap {_pct(what_out.result.gap)})")
    return row


def _pct(value: float | None) -> str:
    return "n/a" if value is None else f"{value:.3%}"


def what_if_from_plan(n: int, time_limit: float, gap: float, log) -> dict:
    """What-if questions as the worker answers them: a fresh optimiser built from the stored
    instance, warm-started from the scenario's stored plan (no solve of the scenario first),
    against a cold solve of the same changed instance."""
    data = generate(n, seed=n)
    instance = parse_instance(json.loads(json.dumps(data)))
    scenario = PortfolioOptimiser(instance, SolveOptions(time_limit=time_limit, gap=gap)).solve()
    stored = {item.id: item.start_year for item in scenario.selected}
    by_score = sorted(instance.candidates, key=lambda c: -c.score)
    questions = [(next(c.id for c in by_score if c.id not in stored and c.forced is None), "in"),
                 (next(c.id for c in reversed(by_score) if c.id in stored and c.forced is None
                       and not c.mandatory), "out")]
    answers = []
    for candidate_id, forced in questions:
        started = time.perf_counter()
        fresh = PortfolioOptimiser(parse_instance(json.loads(json.dumps(data))),
                                   SolveOptions(time_limit=WHAT_IF_TIME_LIMIT, gap=gap))
        answer = fresh.what_if(candidate_id, forced, previous=stored)
        total = time.perf_counter() - started
        cold = PortfolioOptimiser(instance.with_forced(candidate_id, forced, "what-if"),
                                  SolveOptions(time_limit=time_limit, gap=gap)).solve()
        warm_value = answer.result.objective
        answers.append({
            "candidate": candidate_id, "forced": forced, "resolve_s": round(answer.seconds, 3),
            "with_build_s": round(total, 3), "gap": answer.result.gap,
            "status": answer.result.status, "value": warm_value, "cold_value": cold.objective,
            "cold_s": round(cold.solve_seconds, 3), "cold_gap": cold.gap,
            "below_cold": (None if warm_value is None or not cold.objective
                           else round(1 - warm_value / cold.objective, 6)),
        })
        log(f"what-if {forced} at {n}: re-solve {answer.seconds:.2f} s (with parsing and "
            f"building {total:.2f} s), gap {_pct(answer.result.gap)}, value {warm_value} vs cold "
            f"{cold.objective} ({cold.solve_seconds:.1f} s)")
    return {"candidates": n, "resolve_s": max(a["resolve_s"] for a in answers),
            "with_build_s": max(a["with_build_s"] for a in answers), "questions": answers}


def frontier_in_worker(n: int, log) -> dict:
    """The efficient frontier as the worker computes it: the child process, every level."""
    data = generate(n, seed=n)
    with tempfile.NamedTemporaryFile("w", suffix=".json") as instance_file:
        json.dump(data, instance_file)
        instance_file.flush()
        started = time.perf_counter()
        run = subprocess.run(
            [sys.executable, "-m", "synergie.portfolio.engine.frontier", instance_file.name,
             "--time-limit", str(SECONDS_PER_LEVEL)],
            capture_output=True, text=True, cwd=ROOT, check=True)
        seconds = time.perf_counter() - started
    points = [json.loads(line) for line in run.stdout.splitlines()]
    values = [p["value"] for p in points if p["value"] is not None]
    monotone = all(b >= a - 1e-9 for a, b in zip(values, values[1:]))
    log(f"frontier at {n}: {len(points)} levels in {seconds:.2f} s (child process), "
        f"{'monotone' if monotone else 'NOT monotone'}, statuses "
        f"{sorted({p['status'] for p in points})}")
    return {"candidates": n, "levels": len(points), "seconds": round(seconds, 3),
            "seconds_per_level_limit": SECONDS_PER_LEVEL, "monotone": monotone,
            "points": points}


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--sizes", default="500,1000,2000,5000,10000",
                        help="comma-separated candidate counts (default 500,1000,2000,5000,10000)")
    parser.add_argument("--time-limit", type=float, default=60.0,
                        help="seconds per solve (default 60)")
    parser.add_argument("--gap", type=float, default=0.001,
                        help="relative gap at which a solve stops (default 0.001)")
    parser.add_argument("--whatif-size", type=int, default=2000,
                        help="candidates of the what-if from a stored plan (0: skip)")
    parser.add_argument("--frontier-size", type=int, default=2000,
                        help="candidates of the efficient frontier in the worker (0: skip)")
    parser.add_argument("--json", action="store_true", help="print one JSON object")
    args = parser.parse_args()
    sizes = [int(size) for size in args.sizes.split(",") if size.strip()]
    log = (lambda text: print(text, file=sys.stderr)) if args.json else print
    # Two shared cores: the load says how much of them the figures had.
    load_before = os.getloadavg()
    rows = [run(n, args.time_limit, args.gap, log) for n in sizes]
    report = {"time_limit": args.time_limit, "instances": rows}
    if args.whatif_size:
        report["whatif_from_plan"] = what_if_from_plan(args.whatif_size, args.time_limit,
                                                       args.gap, log)
    if args.frontier_size:
        report["frontier"] = frontier_in_worker(args.frontier_size, log)
    report["floors"] = FLOORS
    report["machine"] = {"cpu_count": os.cpu_count(),
                         "load_average_before": [round(x, 2) for x in load_before],
                         "load_average_after": [round(x, 2) for x in os.getloadavg()]}
    log(f"load average before {load_before[0]:.2f}, after {os.getloadavg()[0]:.2f} "
        f"({os.cpu_count()} cores)")
    if args.json:
        print(json.dumps(report, indent=2))


if __name__ == "__main__":
    main()
