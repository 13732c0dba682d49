"""/healthz: what a load balancer, a process manager or a monitoring probe asks.

JSON, HTTP 200 when every check holds and 503 otherwise: the database answers, a background
worker has beaten within SYNERGIE_WORKER_STALE_SECONDS (when tasks go through the database
queue), and the apps' own checks (the matching index's lag, matching/maintenance.py). Numbers
only: nothing about any need or person."""

from datetime import timedelta

from django.conf import settings
from django.db import DatabaseError, connection
from django.http import JsonResponse
from django.utils import timezone
from django.views.decorators.cache import never_cache
from django.views.decorators.http import require_safe
from django_tasks import task_backends
from django_tasks_db.backend import DatabaseBackend

from synergie.core.models import WorkerHeartbeat
from synergie.core.signals import health_check


def _database() -> dict:
    with connection.cursor() as cursor:
        cursor.execute("SELECT 1")
        cursor.fetchone()
    return {"ok": True, "vendor": connection.vendor}


def _worker() -> dict:
    if not isinstance(task_backends["default"], DatabaseBackend):
        return {"ok": True, "needed": False}
    last = WorkerHeartbeat.objects.order_by("-seen_at").values_list("seen_at", flat=True).first()
    silent = (timezone.now() - last).total_seconds() if last else None
    limit = timedelta(seconds=settings.SYNERGIE_WORKER_STALE_SECONDS).total_seconds()
    alive = WorkerHeartbeat.objects.filter(
        seen_at__gte=timezone.now() - timedelta(seconds=limit)).count()
    return {"ok": silent is not None and silent <= limit, "alive": alive,
            "last_heartbeat_seconds": None if silent is None else round(silent, 1)}


@never_cache
@require_safe
def healthz(request):
    try:
        checks = {"database": _database()}
    except DatabaseError as error:
        return JsonResponse({"ok": False, "database": {"ok": False, "error": type(error).__name__}},
                            status=503)
    try:
        checks["worker"] = _worker()
        for _receiver, answer in health_check.send(sender=healthz):
            checks.update(answer or {})
    except DatabaseError as error:
        checks["queries"] = {"ok": False, "error": type(error).__name__}
    ok = all(check["ok"] for check in checks.values())
    return JsonResponse({"ok": ok, **checks}, status=200 if ok else 503)
