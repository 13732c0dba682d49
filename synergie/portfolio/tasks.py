"""Optimisation runs in the background: the page shows its progress and, once done, the answer
stored with the scenario.

The solve runs in a child process (`synergie optimise`) with a hard deadline: a solver that
hangs (HiGHS 1.16 once looped in a sub-MIP presolve, ignoring its time limit) must not take the
worker with it."""

import json
import subprocess
import sys
import tempfile

from django_tasks import task

from synergie.portfolio.actions import record_run
from synergie.portfolio.engine.instance import InstanceError, parse_instance
from synergie.portfolio.models import RunStatus, Scenario

TIME_LIMIT_S = 60
# Beyond the solver's own limit: start-up, the greedy baseline, a diagnosis when infeasible.
HARD_DEADLINE_S = TIME_LIMIT_S + 90


@task()
def optimise_scenario(scenario_id: int) -> str:
    scenario = Scenario.objects.get(pk=scenario_id)
    try:
        parse_instance(scenario.instance)
    except InstanceError as error:
        record_run(scenario_id, status=RunStatus.FAILED, message="; ".join(error.errors))
        return "invalid"
    record_run(scenario_id, status=RunStatus.RUNNING,
               message=f"{len(scenario.instance['candidates'])} candidates")
    with tempfile.NamedTemporaryFile("w", suffix=".json") as instance_file:
        json.dump(scenario.instance, instance_file)
        instance_file.flush()
        try:
            run = subprocess.run(
                [sys.executable, "-m", "synergie", "optimise", "--instance", instance_file.name,
                 "--json", "--time-limit", str(TIME_LIMIT_S)],
                capture_output=True, text=True, timeout=HARD_DEADLINE_S,
            )
        except subprocess.TimeoutExpired:
            record_run(scenario_id, status=RunStatus.FAILED,
                       message=f"no answer within {HARD_DEADLINE_S} s")
            return "timeout"
    try:
        result = json.loads(run.stdout)
    except json.JSONDecodeError:
        record_run(scenario_id, status=RunStatus.FAILED, message=run.stderr[-300:])
        return "failed"
    record_run(scenario_id, status=RunStatus.DONE, result=result)
    return result.get("status", "")
