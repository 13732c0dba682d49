"""The synergy map: the region's open needs grouped into clusters of similar needs, largest
pooling potential first."""

from dataclasses import dataclass, field
from decimal import Decimal

from synergie.matching.engine.clustering import DEFAULT_THRESHOLD, cluster, pair_similarity
from synergie.matching.models import DocumentKind
from synergie.matching.service import matching_index
from synergie.needs.models import Need, NeedStatus

MAP_STATUSES = (NeedStatus.SUBMITTED, NeedStatus.IN_ANALYSIS, NeedStatus.GROUPED)


@dataclass
class Cluster:
    needs: list[Need] = field(default_factory=list)

    @property
    def institutions(self) -> int:
        return len({need.institution_id for need in self.needs})

    @property
    def total_cost(self) -> Decimal:
        return sum((need.total_cost for need in self.needs), Decimal("0"))

    @property
    def languages(self) -> list[str]:
        return sorted({need.language for need in self.needs})

    @property
    def potential(self) -> tuple:
        """More institutions first, then more money at stake."""
        return (self.institutions, self.total_cost)


def synergy_clusters(needs_queryset, threshold: float = DEFAULT_THRESHOLD) -> tuple[list, list]:
    """(clusters of at least two institutions sorted by potential, needs left alone)."""
    needs = list(needs_queryset.filter(status__in=MAP_STATUSES)
                 .select_related("institution", "domain").order_by("pk"))
    keys = [(DocumentKind.NEED, need.pk) for need in needs]
    vectors, chars, languages, indexed = matching_index.vectors_for(keys)
    by_pk = {need.pk: need for need in needs}
    indexed_needs = [by_pk[key[1]] for key in indexed]
    indexed_keys = set(indexed)
    alone = [need for need in needs if (DocumentKind.NEED, need.pk) not in indexed_keys]
    if len(indexed_needs) < 2:
        return [], alone + indexed_needs
    labels = cluster(pair_similarity(vectors, chars, languages), threshold)
    groups: dict[int, Cluster] = {}
    for need, label in zip(indexed_needs, labels):
        groups.setdefault(int(label), Cluster()).needs.append(need)
    clusters = [group for group in groups.values() if group.institutions >= 2]
    in_clusters = {need.pk for group in clusters for need in group.needs}
    alone += [need for need in indexed_needs if need.pk not in in_clusters]
    clusters.sort(key=lambda group: group.potential, reverse=True)
    return clusters, alone
