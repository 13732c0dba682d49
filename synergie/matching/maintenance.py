"""The matching index's part of the periodic maintenance (core/maintenance.py) and of
/healthz: the change log is pruned, and the index is compared with the database and repaired.

Drift happens when an indexing task was given up, when needs were changed outside the actions
(a restore, a manual SQL fix) or when the model changed; the repair is `synergie reindex`'s,
which embeds only what differs. The report counts what was found: needs missing from the index,
needs whose indexed text is stale, documents of needs that should not be there."""

import time
from datetime import timedelta

from django.conf import settings
from django.db.models import Exists, Min, OuterRef
from django.utils import timezone
from django_tasks_db.models import DBTaskResult

from synergie.matching import segments
from synergie.matching.adapters import NOT_INDEXED_STATUSES, embedder, reindex
from synergie.matching.models import DocumentKind, IndexChange, IndexedDocument, IndexState
from synergie.matching.service import LATE_COMMIT_WINDOW
from synergie.needs.models import Need


def prune_index_changes() -> int:
    """Changes older than SYNERGIE_INDEX_CHANGE_DAYS (never those of the late-commit window):
    a process that has not synced since reloads the whole index (service.MatchingIndex.sync)."""
    keep = max(timedelta(days=settings.SYNERGIE_INDEX_CHANGE_DAYS), 2 * LATE_COMMIT_WINDOW)
    return IndexChange.objects.filter(created_at__lt=timezone.now() - keep).delete()[0]


# Every need is compared with its document once a day; in between, only the needs changed
# since the last repair (with a margin for transactions that committed late) and those the
# index lacks: reading a million needs every quarter of an hour would keep the worker busy.
FULL_REPAIR_EVERY = timedelta(days=1)
LATE_CHANGE_MARGIN = timedelta(hours=1)


def repair_index() -> dict[str, int]:
    started = timezone.now()
    state = IndexState.objects.first() or IndexState.objects.create(epoch="")
    full = (state.repaired_at is None or state.fully_repaired_at is None
            or state.fully_repaired_at < started - FULL_REPAIR_EVERY)
    counts = reindex(changed_since=None if full else state.repaired_at - LATE_CHANGE_MARGIN)
    IndexState.objects.filter(pk=state.pk).update(
        repaired_at=started, **({"fully_repaired_at": started} if full else {}))
    return {"index_missing": counts["added"], "index_stale": counts["updated"],
            "index_orphaned": counts["removed"], "index_in_step": counts["unchanged"],
            "index_full_repair": int(full)}


def segment_is_due(newest: segments.StoredSegment | None) -> bool:
    """Whether this host needs a new segment: none yet, enough changes since its newest that
    a starting process would replay many (a tenth of SYNERGIE_INDEX_DELTA_MAX), or the newest
    old enough that the change log may soon be pruned past it. Not at every change: a segment
    of a million needs takes a quarter of an hour to build."""
    if newest is None:
        return True
    changes = segments.changes_since(newest.covers)
    age_days = (time.time() - newest.built_at) / 86400
    return bool(changes) and (changes > settings.SYNERGIE_INDEX_DELTA_MAX / 10
                              or age_days > settings.SYNERGIE_INDEX_CHANGE_DAYS / 2)


def refresh_segment() -> int:
    """A new segment of this host (the worker's) when one is due (segment_is_due), so its
    processes start from a small delta and the log can be pruned behind it. 1 when built."""
    newest = segments.newest_segment(embedder().name, segments.database_identity())
    if not segment_is_due(newest):
        return 0
    if settings.SYNERGIE_INDEX_BUILD_IN_BACKGROUND:
        # Beside the worker, not in its queue: a need saved meanwhile is indexed at once
        # instead of waiting minutes behind the build.
        segments.build_in_background()
        return 1
    with segments.host_lock(blocking=False) as locked:
        if not locked:
            return 0  # a build is running on this host
        segments.build_segment()
    return 1


def on_maintenance(sender, **kwargs) -> dict[str, int]:
    # Repaired first, then a segment of the result, then the log pruned behind it.
    report = repair_index()
    report["index_segments_built"] = refresh_segment()
    report["index_changes_pruned"] = prune_index_changes()
    return report


def index_lag() -> dict:
    """How far the index is behind: needs waiting for their indexing and for how long, and
    needs the index lacks (whatever the reason)."""
    from synergie.matching.tasks import index_need

    pending = DBTaskResult.objects.filter(task_path=index_need.module_path,
                                          status__in=["READY", "RUNNING"])
    oldest = pending.aggregate(oldest=Min("enqueued_at"))["oldest"]
    indexed = IndexedDocument.objects.filter(kind=DocumentKind.NEED, object_id=OuterRef("pk"))
    missing = Need.objects.exclude(status__in=NOT_INDEXED_STATUSES).exclude(
        Exists(indexed)).count()
    waited = (timezone.now() - oldest).total_seconds() if oldest else 0.0
    return {"ok": waited <= settings.SYNERGIE_HEALTH_MAX_INDEX_LAG_SECONDS,
            "pending": pending.count(), "oldest_pending_seconds": round(waited, 1),
            "needs_not_indexed": missing}


def on_health_check(sender, **kwargs) -> dict:
    return {"index": index_lag()}
