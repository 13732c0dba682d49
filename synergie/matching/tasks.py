"""Background work of the matching index: saving a need stays fast, the embedding happens here."""

from django.db import transaction
from django_tasks import task

from synergie.matching import adapters


@task()
def index_need(need_id: int) -> str:
    return adapters.index_need(need_id)


def schedule_need_indexing(need_id: int) -> None:
    """Once the transaction that changed the need commits, queue its (re)indexing."""
    transaction.on_commit(lambda: index_need.enqueue(need_id))
