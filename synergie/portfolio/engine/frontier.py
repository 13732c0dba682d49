"""The efficient frontier: the best value the optimiser reaches with the whole budget scaled by
each factor, every other constraint unchanged.

One model serves every level: only the money rows' bounds change. Levels are solved from the
smallest budget up, each warm-started from the plan of the level below, which still fits a
larger budget; so the values never go down from one level to the next, even when a level stops
at its time limit.

Run as a child process by the background task, one JSON line per budget level as it is solved
(so the page can show progress), and the solver's hangs stay out of the worker:

    python -m synergie.portfolio.engine.frontier INSTANCE.json [--time-limit S]
"""

from __future__ import annotations

import argparse
import json
import sys
from collections.abc import Iterator

from .instance import Instance, load_instance
from .optimiser import PortfolioOptimiser, SolveOptions

# 20 levels, from a tenth of the budget to twice it, the scenario's own budget among them.
BUDGET_FACTORS = tuple(round(0.1 * k, 1) for k in range(1, 21))
# 20 levels within 20 s in the worker, start-up and the levels too small for a plan included.
SECONDS_PER_LEVEL = 0.8
# Only the value matters here: when a budget level is too small for the mandatory items, say so
# quickly rather than look for the conflicting constraints.
DIAGNOSIS_SECONDS = 0.5


def frontier_points(instance: Instance, factors=BUDGET_FACTORS,
                    time_limit: float = SECONDS_PER_LEVEL) -> Iterator[dict]:
    """For each factor (increasing): the total budget, the best value found (None when no plan
    fits) and the solver's status."""
    optimiser = PortfolioOptimiser(
        instance, SolveOptions(time_limit=time_limit, diagnosis_time=DIAGNOSIS_SECONDS))
    below = None  # the plan of the level below
    for factor in sorted(factors):
        result = optimiser.solve_with_budget_factor(factor, warm_start=below)
        if result.start_of is not None:
            below = result.start_of
        yield {"factor": factor, "budget": round(sum(instance.budget) * factor, 2),
               "value": None if result.objective is None else round(result.objective, 3),
               "status": result.status, "selected": len(result.selected)}


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("instance")
    parser.add_argument("--time-limit", type=float, default=SECONDS_PER_LEVEL)
    args = parser.parse_args(argv)
    for point in frontier_points(load_instance(args.instance), time_limit=args.time_limit):
        print(json.dumps(point), flush=True)
    return 0


if __name__ == "__main__":
    sys.exit(main())
