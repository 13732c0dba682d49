"""The periodic maintenance, queued by every `synergie worker` (core/worker.py) and run as a
task like any other, so it shows in the task list with its report.

Here: finished tasks and expired sessions are pruned. The apps above do their own part through
the `maintenance_due` signal (the matching index prunes its change log and repairs drift)."""

import logging
from datetime import timedelta

from django.conf import settings
from django.contrib.sessions.models import Session
from django.utils import timezone
from django_tasks import task
from django_tasks_db.models import DBTaskResult

from synergie.core.signals import maintenance_due
from synergie.core.worker import recover_interrupted_tasks

logger = logging.getLogger("synergie.maintenance")


@task()
def run_maintenance() -> dict[str, int]:
    now = timezone.now()
    report = recover_interrupted_tasks()
    report["tasks_pruned"] = DBTaskResult.objects.finished().filter(
        finished_at__lt=now - timedelta(days=settings.SYNERGIE_TASK_RESULT_DAYS)).delete()[0]
    report["sessions_pruned"] = Session.objects.filter(expire_date__lt=now).delete()[0]
    for _receiver, answer in maintenance_due.send(sender=run_maintenance):
        report.update(answer or {})
    logger.info("maintenance done", extra={"report": report})
    return report
