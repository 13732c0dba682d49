"""What the public portal and its Atom feed read of the register."""

from dataclasses import dataclass
from datetime import datetime

from django.db.models import F, Max

from synergie.algorithms.models import Algorithm


@dataclass(frozen=True)
class PublishedEntry:
    title: str
    url: str
    date: datetime
    summary: str
    institution: str


def recent_published(limit: int = 10) -> list[PublishedEntry]:
    """The published entries, the most recently published (last version) first."""
    algorithms = (Algorithm.objects.published().select_related("institution")
                  .annotate(last_published=Max("versions__published_at"))
                  .order_by(F("last_published").desc(nulls_last=True), "-pk")[:limit])
    return [PublishedEntry(title=algorithm.name, url=algorithm.get_absolute_url(),
                           date=algorithm.last_published or algorithm.published_at
                           or algorithm.updated_at,
                           summary=algorithm.description_short,
                           institution=str(algorithm.institution))
            for algorithm in algorithms]
