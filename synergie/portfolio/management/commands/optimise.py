"""`synergie optimise --instance FILE.json [--json] [--time-limit S] [--gap G]`.

Chooses which candidates start in which year (format: docs/optimiser-instance.md) and prints the
plan, its value and its proven gap. Exit status: 0 with a plan (optimal or stopped by the time
limit), 1 when the instance is invalid, 2 when it is infeasible (the conflicts are printed),
3 when no plan was found in time.
"""

import json
import sys

from django.core.management.base import BaseCommand, CommandError

from synergie.portfolio.engine.instance import InstanceError, load_instance
from synergie.portfolio.engine.optimiser import PortfolioOptimiser, SolveOptions
from synergie.portfolio.engine.result import INFEASIBLE, NOT_SOLVED, format_result

EXIT_INVALID, EXIT_INFEASIBLE, EXIT_NOT_SOLVED = 1, 2, 3


class Command(BaseCommand):
    help = ("Optimise a portfolio instance (JSON, see docs/optimiser-instance.md): which "
            "candidates start in which year, the objective value and the proven gap.")

    def add_arguments(self, parser):
        parser.add_argument("--instance", required=True, metavar="FILE.json",
                            help="the instance file")
        parser.add_argument("--json", action="store_true", help="print one JSON object")
        parser.add_argument("--time-limit", type=float, default=60.0, metavar="S",
                            help="seconds the solver may use (default 60)")
        parser.add_argument("--gap", type=float, default=0.001, metavar="G",
                            help="stop once proven within this relative gap of the optimum "
                                 "(default 0.001, i.e. 0.1 %%)")

    def handle(self, *args, instance: str, json: bool, time_limit: float, gap: float,
               **options):
        if time_limit <= 0:
            raise CommandError("--time-limit must be positive")
        if not 0 <= gap < 1:
            raise CommandError("--gap must be between 0 and 1 (0.001 means 0.1 %)")
        try:
            loaded = load_instance(instance)
        except InstanceError as error:
            self._invalid(error, as_json=json)
        optimiser = PortfolioOptimiser(loaded, SolveOptions(time_limit=time_limit, gap=gap))
        result = optimiser.solve()
        if json:
            self.stdout.write(_dumps(result.as_dict()))
        else:
            self.stdout.write(format_result(result))
        if result.status == INFEASIBLE:
            sys.exit(EXIT_INFEASIBLE)
        if result.status == NOT_SOLVED:
            sys.exit(EXIT_NOT_SOLVED)

    def _invalid(self, error: InstanceError, as_json: bool):
        if as_json:
            self.stdout.write(_dumps({"status": "invalid", "errors": error.errors}))
        else:
            self.stderr.write("Invalid instance:")
            for message in error.errors:
                self.stderr.write(f"  {message}")
        sys.exit(EXIT_INVALID)


def _dumps(value) -> str:
    return json.dumps(value, ensure_ascii=False, indent=2)
