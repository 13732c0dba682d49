"""The task settings tests switch between: the database queue a worker runs, or every task run
at once when enqueued. Both know the queues of settings.TASK_QUEUES."""

QUEUES = ["default", "quick"]
DATABASE_QUEUE = {"default": {"BACKEND": "django_tasks_db.DatabaseBackend", "QUEUES": QUEUES}}
RUN_AT_ONCE = {"default": {"BACKEND": "django_tasks.backends.immediate.ImmediateBackend",
                           "QUEUES": QUEUES}}
