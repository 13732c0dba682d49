"""What-if questions ("raise X: what drops out?") answered by the worker, not in the request.

A question is a task whose arguments are its key: the scenario, the candidate, in or out, the
reader's language (a conflict's reason is written in it) and a digest of the scenario's
optimised inputs and plan. The answer is the task's stored result (django-tasks-db), so asking
again reads it instead of solving again, until the scenario is optimised anew (another digest,
another question); the maintenance prunes answers older than SYNERGIE_TASK_RESULT_DAYS, and a
question asked after that is solved again. Nothing of the scenario itself changes."""

import hashlib
import json

from django.utils import translation
from django.utils.translation import gettext as _
from django_tasks import task
from django_tasks_db.models import DBTaskResult

from synergie.portfolio.engine.instance import parse_instance
from synergie.portfolio.engine.optimiser import (
    WHAT_IF_TIME_LIMIT,
    PortfolioOptimiser,
    SolveOptions,
)
from synergie.portfolio.models import Scenario

WHAT_IF_SECONDS = WHAT_IF_TIME_LIMIT


def inputs_digest(scenario: Scenario) -> str:
    payload = json.dumps([scenario.instance, scenario.result], sort_keys=True, default=str)
    return hashlib.sha256(payload.encode()).hexdigest()[:32]


def question(scenario: Scenario, candidate_id: str, forced: str, language: str) -> list:
    return [scenario.pk, candidate_id, "out" if forced == "out" else "in", language,
            inputs_digest(scenario)]


def asked(arguments: list) -> DBTaskResult | None:
    """The latest asking of this very question still worth reading (waiting, running or
    answered; a failed one is asked again)."""
    return (DBTaskResult.objects
            .filter(task_path=answer_what_if.module_path,
                    args_kwargs={"args": arguments, "kwargs": {}})
            .exclude(status="FAILED").order_by("-enqueued_at").first())


@task()
def answer_what_if(scenario_id: int, candidate_id: str, forced: str, language: str,
                   digest: str) -> dict:
    scenario = Scenario.objects.get(pk=scenario_id)
    if inputs_digest(scenario) != digest:
        return {"stale": True}  # optimised again since: the page asks the new question
    instance = parse_instance(scenario.instance)
    optimiser = PortfolioOptimiser(instance, SolveOptions(time_limit=WHAT_IF_SECONDS))
    # Warm-started from the stored plan: no need to solve the scenario again first.
    previous = {item["id"]: item["start_year"] for item in scenario.result["selected"]}
    with translation.override(language):
        # The reason a forced-out mandatory item is reported with: the question itself.
        answer = optimiser.what_if(candidate_id, forced, time_limit=WHAT_IF_SECONDS,
                                   previous=previous, reason=_("what-if question"))
    return answer.as_dict()
