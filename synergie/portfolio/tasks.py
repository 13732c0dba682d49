"""Optimisation and the efficient frontier run in the background: the pages show their progress
and, once done, the answer stored with the scenario.

Each solve runs in a child process with a hard deadline: a solver that hangs (HiGHS 1.16 once
looped in a sub-MIP presolve, ignoring its time limit) must not take the worker with it."""

import json
import subprocess
import sys
import tempfile
import threading

from django_tasks import task

from synergie.portfolio.actions import record_frontier, record_run
from synergie.portfolio.engine.frontier import BUDGET_FACTORS, SECONDS_PER_LEVEL
from synergie.portfolio.engine.instance import InstanceError, parse_instance
from synergie.portfolio.models import FrontierStatus, RunStatus, Scenario

TIME_LIMIT_S = 60
# Beyond the solver's own limit: start-up, the greedy baseline, a diagnosis when infeasible.
HARD_DEADLINE_S = TIME_LIMIT_S + 90
FRONTIER_DEADLINE_S = len(BUDGET_FACTORS) * SECONDS_PER_LEVEL + 90


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


@task()
def compute_frontier(scenario_id: int) -> str:
    """Each budget level's best value, stored as it comes so the page shows the progress."""
    scenario = Scenario.objects.get(pk=scenario_id)
    try:
        parse_instance(scenario.instance)
    except InstanceError as error:
        record_frontier(scenario_id, status=FrontierStatus.FAILED,
                        message="; ".join(error.errors))
        return "invalid"
    points: list[dict] = []
    record_frontier(scenario_id, status=FrontierStatus.RUNNING, points=points)
    with tempfile.NamedTemporaryFile("w", suffix=".json") as instance_file:
        json.dump(scenario.instance, instance_file)
        instance_file.flush()
        child = subprocess.Popen(
            [sys.executable, "-m", "synergie.portfolio.engine.frontier", instance_file.name,
             "--time-limit", str(SECONDS_PER_LEVEL)],
            stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True,
        )
        deadline = threading.Timer(FRONTIER_DEADLINE_S, child.kill)
        deadline.start()
        try:
            for line in child.stdout:
                points.append(json.loads(line))
                record_frontier(scenario_id, status=FrontierStatus.RUNNING, points=points)
            errors = child.stderr.read()
            child.wait()
        finally:
            deadline.cancel()
    if len(points) < len(BUDGET_FACTORS):
        record_frontier(scenario_id, status=FrontierStatus.FAILED, points=points,
                        message=errors[-300:] or f"no answer within {FRONTIER_DEADLINE_S} s")
        return "failed"
    record_frontier(scenario_id, status=FrontierStatus.DONE, points=points)
    return "done"


def on_task_abandoned(sender, *, task_path: str, args: list, kwargs: dict, **_) -> None:
    """A solve whose worker died at every attempt (core/worker.py) leaves the page saying
    "failed" instead of "running" for ever."""
    if not args:
        return
    if task_path == optimise_scenario.module_path:
        record_run(args[0], status=RunStatus.FAILED, message="interrupted")
    elif task_path == compute_frontier.module_path:
        record_frontier(args[0], status=FrontierStatus.FAILED, message="interrupted")
