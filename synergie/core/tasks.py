"""Queueing background work so that it cannot be lost.

With the database queue (the default), a task is a row: inserting it inside the transaction
that made the change means both commit together or neither does. Queued after the commit
instead (`transaction.on_commit`), a process killed between the two writes leaves a change that
no task will ever index or compute. Only a backend that runs tasks at once (tests, `immediate`)
waits for the commit, so the task sees the committed data."""

from django.db import transaction
from django_tasks_db.backend import DatabaseBackend

# The queue of short tasks a person waits on (settings.TASK_QUEUES): every worker runs them in
# a lane of their own, beside the long tasks of the default queue (core/worker.py).
QUICK_QUEUE = "quick"


def enqueue_durably(task, *args, **kwargs) -> None:
    """Queue `task(*args, **kwargs)` as part of the current transaction."""
    if isinstance(task.get_backend(), DatabaseBackend):
        task.enqueue(*args, **kwargs)
    else:
        transaction.on_commit(lambda: task.enqueue(*args, **kwargs))
