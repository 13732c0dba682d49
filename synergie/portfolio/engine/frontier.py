"""The efficient frontier: the best value the optimiser reaches with the whole budget scaled by
each factor, every other constraint unchanged.

Run as a child process by the background task, one JSON line per budget level as it is solved
(so the page can show progress), and the solver's hangs stay out of the worker:

    python -m synergie.portfolio.engine.frontier INSTANCE.json [--time-limit S]
"""

from __future__ import annotations

import argparse
import json
import sys
from collections.abc import Iterator
from dataclasses import replace

from .instance import Instance, load_instance
from .optimiser import SolveOptions, optimise

BUDGET_FACTORS = (0.25, 0.5, 0.75, 1.0, 1.25, 1.5, 2.0)
SECONDS_PER_LEVEL = 5.0
# Only the value matters here: when a budget level is too small for the mandatory items, say so
# quickly rather than look for the conflicting constraints.
DIAGNOSIS_SECONDS = 0.5


def frontier_points(instance: Instance, factors=BUDGET_FACTORS,
                    time_limit: float = SECONDS_PER_LEVEL) -> Iterator[dict]:
    """For each factor: the total budget, the best value found (None when no plan fits) and the
    solver's status."""
    options = SolveOptions(time_limit=time_limit, diagnosis_time=DIAGNOSIS_SECONDS)
    for factor in factors:
        scaled = replace(instance, budget=tuple(b * factor for b in instance.budget))
        result = optimise(scaled, options)
        yield {"factor": factor, "budget": round(sum(scaled.budget), 2),
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
