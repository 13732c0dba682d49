"""Background work of the matching index: saving a need stays fast, the embedding happens here;
and the synergy map's clusters, computed again a while after needs change."""

from datetime import timedelta

from django.conf import settings
from django.utils import timezone
from django_tasks import task
from django_tasks_db.backend import DatabaseBackend
from django_tasks_db.models import DBTaskResult

from synergie.core.tasks import QUICK_QUEUE, enqueue_durably
from synergie.matching import adapters

CHANGED_INDEX = ("added", "updated", "removed")
# How long after a change the map is computed again (SYNERGIE_MAP_DEBOUNCE_SECONDS overrides).
MAP_DEBOUNCE_SECONDS = 60


@task(queue_name=QUICK_QUEUE)
def index_need(need_id: int) -> str:
    result = adapters.index_need(need_id)
    if result in CHANGED_INDEX:
        schedule_map_recompute()
    return result


@task(queue_name=QUICK_QUEUE)
def index_related_document(kind: str, object_id: int) -> str:
    from synergie.matching.related import index_related

    return index_related(kind, object_id)


def schedule_related_indexing(kind: str, object_id: int) -> None:
    """Queue a catalogue solution's or an application's (re)indexing with the transaction that
    changed it (see schedule_need_indexing)."""
    enqueue_durably(index_related_document, kind, object_id)


@task()
def recompute_synergy_map() -> dict:
    from synergie.matching.synergies import recompute_clusters

    return recompute_clusters()


def schedule_need_indexing(need_id: int) -> None:
    """Queue the need's (re)indexing in the transaction that changed it: both are committed
    together, or neither (core/tasks.py)."""
    enqueue_durably(index_need, need_id)


def schedule_map_recompute(delay: float | None = None) -> bool:
    """Queue the synergy map's computation MAP_DEBOUNCE_SECONDS from now, unless one
    is already waiting: the changes of that while (a whole import) share one computation, and
    the map is computed at most once per while however fast needs change. One already running
    does not count: it may have read the needs before this change.

    Only with the database queue: with a backend that runs tasks at once (tests, `immediate`)
    each saved need would cluster the whole region; there, `synergie map recompute` (or
    synergies.recompute_clusters) computes the map."""
    if not isinstance(recompute_synergy_map.get_backend(), DatabaseBackend):
        return False
    if DBTaskResult.objects.filter(task_path=recompute_synergy_map.module_path,
                                   status="READY").exists():
        return False
    if delay is None:
        delay = getattr(settings, "SYNERGIE_MAP_DEBOUNCE_SECONDS", MAP_DEBOUNCE_SECONDS)
    recompute_synergy_map.using(run_after=timezone.now() + timedelta(seconds=delay)).enqueue()
    return True


def on_need_changed(sender, *, need_id: int, **kwargs) -> None:
    """A need's text, readers or status changed (needs.signals): index it again, and the map
    follows (a status change may take a need off the map without touching the index)."""
    schedule_need_indexing(need_id)
    schedule_map_recompute()


def on_maintenance(sender, **kwargs) -> dict[str, int]:
    """The periodic maintenance catches what no change announced (a restore, a manual fix, a
    queued computation given up): a stale map is computed again at once."""
    from synergie.matching.synergies import is_stale

    return {"synergy_map_scheduled": int(is_stale() and schedule_map_recompute(delay=0))}
