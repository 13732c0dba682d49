"""Background work of the matching index: saving a need stays fast, the embedding happens here."""

from django_tasks import task

from synergie.core.tasks import enqueue_durably
from synergie.matching import adapters


@task()
def index_need(need_id: int) -> str:
    return adapters.index_need(need_id)


def schedule_need_indexing(need_id: int) -> None:
    """Queue the need's (re)indexing in the transaction that changed it: both are committed
    together, or neither (core/tasks.py)."""
    enqueue_durably(index_need, need_id)


def on_need_changed(sender, *, need_id: int, **kwargs) -> None:
    """A need's text or readers changed (needs.signals): index it again."""
    schedule_need_indexing(need_id)
