"""What-if questions are solved by the worker, not in the web request (issue 9, point 17): the
page shows that the answer is on its way, then the answer; asked again, it is read, not solved
again, until the scenario is optimised anew."""

import pytest
from django.urls import reverse
from django_tasks_db.management.commands.db_worker import Worker
from django_tasks_db.models import DBTaskResult

from synergie.portfolio.actions import record_run
from synergie.portfolio.models import RunStatus
from synergie.portfolio.whatif import answer_what_if

from tests.factories import user_with_role
from tests.task_queues import DATABASE_QUEUE


@pytest.fixture
def database_queue(settings):
    settings.TASKS = DATABASE_QUEUE


def run_worker() -> None:
    """What `synergie worker` does with each task waiting (its loop also recycles database
    connections, which would end the test's transaction)."""
    worker = Worker(queue_names=["default"], interval=0, batch=True, backend_name="default",
                    startup_delay=False, max_tasks=None, worker_id="test",
                    excluded_queue_names=[])
    for result in DBTaskResult.objects.ready():
        result.claim("test")
        worker.run_task(result)


def questions():
    return DBTaskResult.objects.filter(task_path=answer_what_if.module_path)


def test_a_what_if_is_answered_by_the_worker_then_read_from_its_stored_answer(
        client, database_queue, small_scenario, monkeypatch):
    # Any reader of the portfolio may ask (here a PMO member, not the secretariat).
    client.force_login(user_with_role("pmo", username="reader"))
    guichet = small_scenario.candidates.get(need__title="Guichet en ligne").key
    url = reverse("portfolio:what_if", args=[small_scenario.pk])

    def no_solving_here(*args, **kwargs):
        raise AssertionError("the web request ran the solver")

    with monkeypatch.context() as patch:
        patch.setattr("synergie.portfolio.engine.optimiser.PortfolioOptimiser.what_if",
                      no_solving_here)
        response = client.post(url, {"candidate": guichet, "forced": "out"})
        assert response.status_code == 302
        waiting = client.get(response["Location"])
    assert "working out the answer" in waiting.content.decode()
    assert questions().get().status == "READY"

    run_worker()

    with monkeypatch.context() as patch:
        patch.setattr("synergie.portfolio.engine.optimiser.PortfolioOptimiser.what_if",
                      no_solving_here)
        answer = client.get(response["Location"])
        assert answer.status_code == 200
        assert "Drops out" in answer.content.decode()
        assert answer.context["answer"]["forced"] == "out"
        # Asked again: the stored answer, no second solve.
        again = client.post(url, {"candidate": guichet, "forced": "out"})
        assert again.context["answer"] == answer.context["answer"]
    assert questions().count() == 1

    # Optimised anew: the old answer no longer holds, the page offers to ask again.
    record_run(small_scenario.pk, status=RunStatus.DONE,
               result={**small_scenario.result, "value": -1})
    fresh = client.get(response["Location"]).content.decode()
    assert "has not been asked on the scenario" in fresh and "Drops out" not in fresh


def test_opening_the_what_if_address_writes_nothing(client, database_queue, small_scenario):
    client.force_login(user_with_role("pmo", username="reader"))
    guichet = small_scenario.candidates.get(need__title="Guichet en ligne").key
    url = reverse("portfolio:what_if", args=[small_scenario.pk])
    assert client.get(url, {"candidate": guichet, "forced": "in"}).status_code == 200
    assert client.get(url).status_code == 302  # no question: back to the scenario
    assert not questions().exists()
