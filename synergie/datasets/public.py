"""What the public portal shows of the data catalogue (a port: the portal calls this, never the
models)."""

from datetime import date
from typing import NamedTuple

from django.db.models import F

from synergie.datasets.models import Dataset, DatasetStatus

SUMMARY_LENGTH = 240


class RecentDataset(NamedTuple):
    title: str
    url: str
    date: date | None
    summary: str


def _summary(text: str) -> str:
    text = " ".join(text.split())
    return text if len(text) <= SUMMARY_LENGTH else text[:SUMMARY_LENGTH - 1].rstrip() + "…"


def recent_datasets(limit: int = 10) -> list[RecentDataset]:
    """The active datasets most recently modified (at their source, else in Synergie), newest
    first, in the reader's language."""
    datasets = (Dataset.objects.filter(status=DatasetStatus.ACTIVE)
                .order_by(F("modified").desc(nulls_last=True), "-updated_at", "-pk")[:limit])
    return [RecentDataset(dataset.title, dataset.get_absolute_url(),
                          dataset.modified or dataset.updated_at.date(),
                          _summary(dataset.description))
            for dataset in datasets]
