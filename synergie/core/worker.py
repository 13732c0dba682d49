"""The background worker's care of itself: a heartbeat, the recovery of tasks whose worker
died, and the periodic maintenance.

django-tasks-db marks a task RUNNING when a worker claims it and never looks at it again: a
worker killed mid-task (kill -9, a crash, a reboot) leaves it RUNNING forever, and whatever
waits on it (a need's indexing, a scenario's optimisation) with it. Each `synergie worker`
touches its `WorkerHeartbeat` row every few seconds; a RUNNING task whose worker has been silent
longer than SYNERGIE_WORKER_STALE_SECONDS is put back in the queue, up to
SYNERGIE_TASK_MAX_ATTEMPTS attempts, then failed (every task of Synergie can run again)."""

import logging
import os
import socket
import threading
from datetime import timedelta

from django.conf import settings
from django.db import DatabaseError, close_old_connections, connection, transaction
from django.utils import timezone
from django.utils.crypto import get_random_string
from django_tasks_db.management.commands.db_worker import Worker
from django_tasks_db.models import DBTaskResult

from synergie.core.models import WorkerHeartbeat
from synergie.core.signals import task_abandoned
from synergie.core.tasks import QUICK_QUEUE

logger = logging.getLogger("synergie.worker")

LOST_WORKER = "synergie.core.worker.WorkerLost"
# A worker silent this long is gone for good: its row is forgotten.
FORGET_AFTER = timedelta(days=1)


class WorkerLost(Exception):
    """The exception a task given up after its workers died is recorded with."""


def new_worker_id() -> str:
    return f"{socket.gethostname()[:40]}-{os.getpid()}-{get_random_string(8)}"


def beat(worker_id: str, started_at) -> None:
    now = timezone.now()
    WorkerHeartbeat.objects.update_or_create(
        worker_id=worker_id,
        defaults={"hostname": socket.gethostname()[:255], "pid": os.getpid(), "seen_at": now},
        create_defaults={"hostname": socket.gethostname()[:255], "pid": os.getpid(),
                         "seen_at": now, "started_at": started_at},
    )


def recover_interrupted_tasks() -> dict[str, int]:
    """Requeue (or, after too many attempts, fail) the RUNNING tasks whose worker is silent."""
    now = timezone.now()
    silent_since = now - timedelta(seconds=settings.SYNERGIE_WORKER_STALE_SECONDS)
    alive = set(WorkerHeartbeat.objects.filter(seen_at__gte=silent_since)
                .values_list("worker_id", flat=True))
    counts = {"requeued": 0, "abandoned": 0}
    for candidate in DBTaskResult.objects.running().filter(started_at__lt=silent_since):
        if candidate.worker_ids and candidate.worker_ids[-1] in alive:
            continue
        with transaction.atomic():
            result = (DBTaskResult.objects.select_for_update()
                      .filter(pk=candidate.pk, status=candidate.status).first())
            if result is None or result.worker_ids != candidate.worker_ids:
                continue  # finished or claimed again meanwhile
            attempts = len(result.worker_ids)
            if attempts < settings.SYNERGIE_TASK_MAX_ATTEMPTS:
                result.status = "READY"
                result.save(update_fields=["status"])
                counts["requeued"] += 1
                logger.warning("task requeued after its worker stopped", extra={
                    "task_id": str(result.pk), "task": result.task_path, "attempts": attempts})
                continue
            result.status = "FAILED"
            result.finished_at = now
            result.exception_class_path = LOST_WORKER
            result.traceback = (f"{LOST_WORKER}: the worker running this task stopped, "
                                f"{attempts} times out of {attempts}.")
            result.save(update_fields=["status", "finished_at", "exception_class_path",
                                       "traceback"])
            counts["abandoned"] += 1
            logger.error("task given up: its worker stopped at every attempt", extra={
                "task_id": str(result.pk), "task": result.task_path, "attempts": attempts})
            args = result.args_kwargs or {}
            task_abandoned.send(sender=WorkerLost, task_path=result.task_path,
                                args=args.get("args", []), kwargs=args.get("kwargs", {}))
    WorkerHeartbeat.objects.filter(seen_at__lt=now - FORGET_AFTER).delete()
    return counts


def schedule_maintenance() -> bool:
    """Queue the maintenance task when none is waiting or running and the last one finished
    more than SYNERGIE_MAINTENANCE_INTERVAL_SECONDS ago. Two workers may both queue it: it
    is harmless to run twice."""
    from synergie.core.maintenance import run_maintenance

    runs = DBTaskResult.objects.filter(task_path=run_maintenance.module_path)
    if runs.filter(status__in=["READY", "RUNNING"]).exists():
        return False
    last = runs.filter(finished_at__isnull=False).order_by("-finished_at").first()
    interval = timedelta(seconds=settings.SYNERGIE_MAINTENANCE_INTERVAL_SECONDS)
    if last and last.finished_at > timezone.now() - interval:
        return False
    run_maintenance.enqueue()
    return True


class Caretaker(threading.Thread):
    """Beside the task loop, in its own thread (a task may run for minutes): the heartbeat,
    the recovery of interrupted tasks and the maintenance schedule."""

    def __init__(self, worker_id: str):
        super().__init__(name="synergie-caretaker", daemon=True)
        self.worker_id = worker_id
        self.started_at = timezone.now()
        self.stopping = threading.Event()

    def tick(self) -> None:
        beat(self.worker_id, self.started_at)
        recover_interrupted_tasks()
        schedule_maintenance()

    def run(self) -> None:
        try:
            while not self.stopping.wait(settings.SYNERGIE_WORKER_HEARTBEAT_SECONDS):
                try:
                    close_old_connections()
                    self.tick()
                except DatabaseError:
                    # A busy or restarting database: the next beat tries again.
                    logger.warning("worker heartbeat failed", exc_info=True)
        finally:
            connection.close()

    def stop(self) -> None:
        self.stopping.set()
        self.join(timeout=10)
        try:
            WorkerHeartbeat.objects.filter(worker_id=self.worker_id).delete()
        except DatabaseError:
            logger.warning("could not remove the worker's heartbeat", exc_info=True)


def task_loop(worker_id: str, queues: list[str], *, interval: float = 1,
              batch: bool = False) -> Worker:
    return Worker(queue_names=queues, interval=interval, batch=batch, backend_name="default",
                  startup_delay=False, max_tasks=None, worker_id=worker_id,
                  excluded_queue_names=[])


class QuickLane(threading.Thread):
    """A second task loop in the worker, for the quick queue only: a need saved while the main
    loop runs the maintenance, the synergy map or an optimisation for minutes is still indexed
    within a second or two. (The main loop takes quick tasks too when it is free.)"""

    # Looks for a quick task four times a second: a need's indexing is waited on by a person,
    # and the look-up is one indexed query.
    POLL_SECONDS = 0.25

    def __init__(self, worker_id: str, interval: float = POLL_SECONDS):
        super().__init__(name="synergie-quick-lane", daemon=True)
        self.loop = task_loop(worker_id, [QUICK_QUEUE], interval=interval)

    def run(self) -> None:
        try:
            self.loop.run()
        except DatabaseError:
            logger.exception("the quick lane stopped; the main loop still runs its tasks")
        finally:
            connection.close()

    def stop(self) -> None:
        # A task it is running finishes first (up to a while); one cut short is recovered
        # like any task of a stopped worker.
        self.loop.running = False
        self.join(timeout=30)
