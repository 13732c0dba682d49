"""`synergie worker`: run the background tasks (indexing, optimisation, the efficient
frontier, what-if questions, maintenance) from the database queue.

django-tasks-db's worker loop, plus a heartbeat that lets another worker recover the tasks of a
worker that died, and the periodic maintenance (core/worker.py). Run one or more beside the web
processes (docs/operations.md)."""

from django.core.management.base import BaseCommand
from django_tasks_db.management.commands.db_worker import Worker, valid_interval

from synergie.core.worker import Caretaker, beat, new_worker_id, recover_interrupted_tasks


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
        worker = Worker(queue_names=["default"], interval=interval, batch=batch,
                        backend_name="default", startup_delay=False, max_tasks=None,
                        worker_id=worker_id, excluded_queue_names=[])
        worker.configure_signals()
        self.stdout.write(f"Synergie worker {worker_id} started.")
        self.stdout.flush()
        try:
            worker.run()
        finally:
            caretaker.stop()
