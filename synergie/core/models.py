"""What the operations side needs in the database: which background workers are alive."""

from django.db import models
from django.utils.translation import gettext_lazy as _


class WorkerHeartbeat(models.Model):
    """One row per `synergie worker` process, touched every few seconds while it lives.

    A task claimed by a worker whose heartbeat stopped was interrupted (kill -9, a crash, a
    reboot): the worker that notices puts it back in the queue (core/worker.py)."""

    worker_id = models.CharField(_("worker"), max_length=64, primary_key=True)
    hostname = models.CharField(_("host"), max_length=255)
    pid = models.PositiveIntegerField(_("process id"))
    started_at = models.DateTimeField(_("started"))
    seen_at = models.DateTimeField(_("last seen"), db_index=True)

    class Meta:
        verbose_name = _("background worker")
        verbose_name_plural = _("background workers")

    def __str__(self) -> str:
        return f"{self.hostname}:{self.pid}"
