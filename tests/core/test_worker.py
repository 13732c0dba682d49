"""Background work that cannot be lost (issue 9, point 16): tasks are queued in the change's own
transaction, a task whose worker died runs again, and the periodic maintenance prunes and
repairs the index."""

import os
import time
from datetime import date, timedelta
from decimal import Decimal

import pytest
from django.contrib.sessions.models import Session
from django.core.management import call_command
from django.db import OperationalError, transaction
from django.utils import timezone
from django_tasks_db.models import DBTaskResult

from synergie.core.maintenance import run_maintenance
from synergie.core.models import WorkerHeartbeat
from synergie.core.worker import QuickLane, beat, recover_interrupted_tasks
from synergie.matching.models import DocumentKind, IndexChange, IndexedDocument
from synergie.matching.tasks import index_need
from synergie.needs.actions import CostLine, do_create_need
from synergie.needs.models import Need
from synergie.reference.models import BusinessDomain
from tests.factories import NeedFactory
from tests.task_queues import DATABASE_QUEUE



@pytest.fixture
def database_queue(db, settings):
    settings.TASKS = DATABASE_QUEUE


def index_tasks(need_id: int):
    return DBTaskResult.objects.filter(task_path=index_need.module_path,
                                       args_kwargs__args=[need_id])


def test_a_need_and_its_indexing_are_committed_together(database_queue, institution,
                                                        contributor):
    """Queued after the commit, a kill between the two writes left a need never indexed."""
    with transaction.atomic():
        need = do_create_need(
            institution=institution, title="Logiciel de paie", description="Paie de 300 agents",
            language="fr", domain=BusinessDomain.objects.get(code="hr"),
            desired_start=date(2027, 1, 1), confidentiality="regional",
            costs=[CostLine(2027, Decimal("1000"), Decimal("0"))], acting_user=contributor)
        # Still inside the transaction that wrote the need: its task is already a row of it.
        assert index_tasks(need.pk).count() == 1
        with pytest.raises(RuntimeError), transaction.atomic():
            rolled_back = do_create_need(
                institution=institution, title="Jamais", description="", language="fr",
                domain=BusinessDomain.objects.get(code="hr"), desired_start=date(2027, 1, 1),
                confidentiality="regional", costs=[], acting_user=contributor)
            raise RuntimeError
    assert not index_tasks(rolled_back.pk).exists()


def running_task(worker_id: str, minutes_ago: float, attempts: int = 1) -> DBTaskResult:
    result = index_need.using(backend="default").enqueue(123456).db_result
    DBTaskResult.objects.filter(pk=result.pk).update(
        status="RUNNING", started_at=timezone.now() - timedelta(minutes=minutes_ago),
        worker_ids=[f"{worker_id}-{n}" for n in range(attempts - 1)] + [worker_id])
    return result


def test_a_task_whose_worker_died_runs_again_and_a_live_ones_is_left(database_queue, settings):
    settings.SYNERGIE_WORKER_STALE_SECONDS = 60
    beat("alive", timezone.now())
    dead = running_task("killed", minutes_ago=5)
    busy = running_task("alive", minutes_ago=5)
    just_claimed = running_task("killed-too", minutes_ago=0.1)

    assert recover_interrupted_tasks() == {"requeued": 1, "abandoned": 0}

    assert DBTaskResult.objects.get(pk=dead.pk).status == "READY"
    assert DBTaskResult.objects.get(pk=busy.pk).status == "RUNNING"
    assert DBTaskResult.objects.get(pk=just_claimed.pk).status == "RUNNING"


def test_a_task_interrupted_at_every_attempt_is_failed_and_its_scenario_says_so(
        database_queue, settings, steerco):
    from synergie.portfolio.models import RunStatus, Scenario
    from synergie.portfolio.tasks import optimise_scenario

    settings.SYNERGIE_TASK_MAX_ATTEMPTS = 2
    scenario = Scenario.objects.create(title="S", first_year=2027, budget=[1], created_by=steerco,
                                       run_status=RunStatus.RUNNING)
    result = optimise_scenario.enqueue(scenario.pk).db_result
    DBTaskResult.objects.filter(pk=result.pk).update(
        status="RUNNING", started_at=timezone.now() - timedelta(hours=1), worker_ids=["a", "b"])

    assert recover_interrupted_tasks() == {"requeued": 0, "abandoned": 1}

    result.refresh_from_db()
    assert result.status == "FAILED" and "worker" in result.traceback
    scenario.refresh_from_db()
    assert scenario.run_status == RunStatus.FAILED


@pytest.mark.django_db(transaction=True)
def test_the_worker_command_runs_what_is_queued_and_says_it_is_alive(database_queue, settings,
                                                                     monkeypatch):
    need = NeedFactory()
    index_need.enqueue(need.pk)
    seen = []
    monkeypatch.setattr("synergie.core.management.commands.worker.recover_interrupted_tasks",
                        lambda: seen.append(WorkerHeartbeat.objects.count()))

    call_command("worker", "--batch", stdout=open("/dev/null", "w"))

    assert seen == [1]  # alive before it claimed anything
    assert index_tasks(need.pk).get().status == "SUCCESSFUL"
    assert IndexedDocument.objects.filter(kind=DocumentKind.NEED, object_id=need.pk).exists()
    assert not WorkerHeartbeat.objects.exists()  # a stopped worker leaves no heartbeat


@pytest.mark.django_db(transaction=True)
def test_the_quick_lane_indexes_a_need_while_long_tasks_wait(database_queue):
    """The worker's main loop may run the maintenance or an optimisation for minutes; a need
    saved meanwhile is indexed by the lane, which takes the quick queue only."""
    from synergie.matching.tasks import recompute_synergy_map

    need = NeedFactory()
    long_task = recompute_synergy_map.enqueue().db_result
    index_need.enqueue(need.pk)
    lane = QuickLane("worker-lane", interval=0.05)
    lane.start()
    try:
        for _ in range(600):
            try:
                if index_tasks(need.pk).get().status == "SUCCESSFUL":
                    break
            except OperationalError:
                # The tests' SQLite shares one in-memory cache between threads, where a table
                # the lane is writing is locked to this reader instead of waited for: ask again.
                pass
            time.sleep(0.05)
    finally:
        lane.stop()

    assert index_tasks(need.pk).get().status == "SUCCESSFUL"
    assert IndexedDocument.objects.filter(kind=DocumentKind.NEED, object_id=need.pk).exists()
    assert DBTaskResult.objects.get(pk=long_task.pk).status == "READY"  # left to the main loop
    assert not lane.is_alive()


def test_the_repair_between_full_ones_reads_only_changed_and_missing_needs(db):
    """A million needs are not read every quarter of an hour: between the daily full repairs,
    a need changed long ago is not compared again, one the index lacks still is."""
    from synergie.matching.maintenance import repair_index
    from synergie.matching.models import IndexState

    old, missing = NeedFactory(), NeedFactory()
    assert repair_index()["index_full_repair"] == 1
    Need.objects.filter(pk=old.pk).update(updated_at=timezone.now() - timedelta(days=3))
    IndexedDocument.objects.filter(object_id=old.pk).update(text_hash="edited by hand")
    IndexedDocument.objects.filter(object_id=missing.pk).delete()

    between = repair_index()

    assert between["index_full_repair"] == 0
    assert (between["index_missing"], between["index_stale"]) == (1, 0)
    IndexState.objects.update(fully_repaired_at=timezone.now() - timedelta(days=2))
    full = repair_index()
    assert (full["index_full_repair"], full["index_stale"]) == (1, 1)
    assert IndexedDocument.objects.get(object_id=old.pk).text_hash != "edited by hand"


def test_maintenance_prunes_and_repairs_the_index_with_numbers(settings, django_user_model):
    settings.SYNERGIE_TASK_RESULT_DAYS = 7
    settings.SYNERGIE_INDEX_CHANGE_DAYS = 1
    settings.SYNERGIE_INDEX_DELTA_MAX = 20  # a new segment once more than 2 changes wait
    long_ago = timezone.now() - timedelta(days=30)
    indexed, forgotten = NeedFactory(), NeedFactory()
    run_maintenance.call()  # brings the index in step
    IndexedDocument.objects.filter(object_id=forgotten.pk).delete()
    IndexedDocument.objects.filter(object_id=indexed.pk).update(text_hash="stale")
    IndexedDocument.objects.create(kind=DocumentKind.NEED, object_id=999999, language="fr",
                                   text="orphan", text_hash="x", model="x", vector=b"")
    old_change = IndexChange.objects.create(kind=DocumentKind.NEED, object_id=1)
    IndexChange.objects.filter(pk=old_change.pk).update(created_at=long_ago)
    finished = index_need.using(backend="default")
    with override_database_queue(settings):
        old_task = finished.enqueue(1).db_result
        recent_task = finished.enqueue(2).db_result
    DBTaskResult.objects.filter(pk=old_task.pk).update(status="SUCCESSFUL", finished_at=long_ago)
    DBTaskResult.objects.filter(pk=recent_task.pk).update(status="SUCCESSFUL",
                                                          finished_at=timezone.now())
    Session.objects.create(session_key="expired", session_data="", expire_date=long_ago)
    Session.objects.create(session_key="current", session_data="",
                           expire_date=timezone.now() + timedelta(days=1))

    report = run_maintenance.call()

    assert report["index_missing"] == 1
    assert report["index_stale"] == 1
    assert report["index_orphaned"] == 1
    assert report["index_changes_pruned"] == 1
    assert report["index_segments_built"] == 1  # the repair changed the index
    assert run_maintenance.call()["index_segments_built"] == 0  # nothing changed since
    assert report["tasks_pruned"] == 1
    assert report["sessions_pruned"] == 1
    assert set(IndexedDocument.objects.values_list("object_id", flat=True)) == {
        indexed.pk, forgotten.pk}
    assert DBTaskResult.objects.filter(pk=recent_task.pk).exists()
    assert list(Session.objects.values_list("session_key", flat=True)) == ["current"]


class override_database_queue:
    def __init__(self, settings):
        self.settings = settings

    def __enter__(self):
        self.saved = self.settings.TASKS
        self.settings.TASKS = DATABASE_QUEUE

    def __exit__(self, *exc):
        self.settings.TASKS = self.saved


def test_an_index_whose_changes_were_pruned_reloads_instead_of_missing_a_removal(db):
    from synergie.matching.adapters import index_need as index_now
    from synergie.matching.service import matching_index

    kept, removed = NeedFactory(), NeedFactory()
    index_now(kept.pk), index_now(removed.pk)
    matching_index.sync()
    assert len(matching_index) == 2
    removed.status = "withdrawn"
    removed.save()
    index_now(removed.pk)
    # The maintenance pruned the change log, removal included, before this process synced.
    IndexChange.objects.all().delete()
    IndexChange.objects.create(kind=DocumentKind.NEED, object_id=kept.pk)
    IndexChange.objects.create(kind=DocumentKind.NEED, object_id=kept.pk)

    matching_index.sync()

    assert len(matching_index) == 1
    assert ("need", kept.pk) in matching_index and ("need", removed.pk) not in matching_index


def test_the_maintenance_builds_a_segment_when_one_is_due_not_at_every_change(db, settings):
    """A segment of a million needs takes a quarter of an hour: a few changes wait in the
    processes' deltas until a tenth of SYNERGIE_INDEX_DELTA_MAX, or until the segment is half
    as old as the change log is kept."""
    from synergie.matching import segments
    from synergie.matching.adapters import index_need as index_now
    from synergie.matching.maintenance import refresh_segment

    settings.SYNERGIE_INDEX_BUILD_IN_BACKGROUND = False
    settings.SYNERGIE_INDEX_DELTA_MAX = 50
    settings.SYNERGIE_INDEX_CHANGE_DAYS = 1
    index_now(NeedFactory().pk)
    assert refresh_segment() == 1  # none yet
    for _ in range(3):
        index_now(NeedFactory().pk)
    assert refresh_segment() == 0  # 3 changes, a fresh segment
    newest = segments.newest_segment(segments.embedder().name, segments.database_identity())
    aged = time.time() - 13 * 3600
    os.utime(newest.path / "synergie.json", (aged, aged))
    assert refresh_segment() == 1  # over half a day old: the log may soon be pruned past it
    for _ in range(6):
        index_now(NeedFactory().pk)
    assert refresh_segment() == 1  # more than 5 changes wait
    assert refresh_segment() == 0
