"""`synergie worker`: run the background tasks (indexing, optimisation, the efficient
frontier, what-if questions, maintenance) from the database queue.

django-tasks-db's worker loop over every queue, a second loop for the quick queue alone (so a
need's indexing never waits behind a long task), a heartbeat that lets another worker recover
the tasks of a worker that died, and the periodic maintenance (core/worker.py). Run one or more beside the web
processes (docs/operations.md)."""

from django.conf import settings
from django.core.management.base import BaseCommand
from django_tasks_db.management.commands.db_worker import valid_interval

from synergie.core.worker import (
    Caretaker, QuickLane, beat, new_worker_id, recover_interrupted_tasks, task_loop,
)


class Command(BaseCommand):
    help = "Run the background tasks queued in the database, until stopped."

    def add_arguments(self, parser):
        parser.add_argument("--interval", type=valid_interval, default=1,
                            help="Seconds to wait when the queue is empty (default 1).")
        parser.add_argument("--batch", action="store_true",
                            help="Run every task waiting, then stop.")

    def handle(self, *args, interval: float, batch: bool, **options):
        worker_id = new_worker_id()
        caretaker = Caretaker(worker_id)
        # Alive before claiming anything, and the tasks of a worker that died before this one
        # started are recovered at once rather than at the first beat.
        beat(worker_id, caretaker.started_at)
        recover_interrupted_tasks()
        caretaker.start()
        # In batch mode one loop runs every task waiting, in order, then stops.
        lane = None if batch else QuickLane(worker_id, min(interval, QuickLane.POLL_SECONDS))
        if lane:
            lane.start()
        worker = task_loop(worker_id, list(settings.TASK_QUEUES), interval=interval,
                           batch=batch)
        worker.configure_signals()
        self.stdout.write(f"Synergie worker {worker_id} started.")
        self.stdout.flush()
        try:
            worker.run()
        finally:
            if lane:
                lane.stop()
            caretaker.stop()
