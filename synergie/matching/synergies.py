"""The synergy map: the region's open needs grouped into clusters of similar needs, largest
pooling potential first.

The clusters are computed in the background (`recompute_clusters`, run by the worker a minute
after needs change, by the maintenance and by `synergie map recompute`) from the
nearest-neighbour graph of the needs' embeddings (engine/graph_clustering.py) and stored, one
row per clustered need. The page only reads them, aggregated in SQL over the needs the reader
may read: a need filed since the last computation waits for the next one."""

import time
from dataclasses import dataclass, field
from decimal import Decimal

import numpy as np
from django.db import transaction
from django.db.models import BooleanField, Count, ExpressionWrapper, Max, Q, Sum
from django.utils import timezone

from synergie.matching.adapters import vector_from_bytes
from synergie.matching.engine.background import background_means
from synergie.matching.engine.clustering import DEFAULT_THRESHOLD
from synergie.matching.engine.embedders import MODELS
from synergie.matching.engine.graph_clustering import centre, char_tfidf_rows, cluster_texts
from synergie.matching.engine.matcher import MatcherConfig
from synergie.matching.models import (
    DocumentKind,
    IndexChange,
    IndexedDocument,
    NeedCluster,
    SynergyMapRun,
)
from synergie.needs.models import Need, NeedStatus

MAP_STATUSES = (NeedStatus.SUBMITTED, NeedStatus.IN_ANALYSIS, NeedStatus.GROUPED)
CLUSTERS_PER_PAGE = 20
# The needs without a twin are listed up to this many (with their number): beyond, the inbox
# is the place to browse them.
ALONE_SHOWN = 100
_READ_CHUNK = 2_000
_WRITE_BATCH = 5_000
_RUNS_KEPT = 20


@dataclass
class Cluster:
    key: int = 0
    needs: list[Need] = field(default_factory=list)
    institutions: int = 0
    total_cost: Decimal = Decimal("0")

    @property
    def languages(self) -> list[str]:
        return sorted({need.language for need in self.needs})

    @property
    def potential(self) -> tuple:
        """More institutions first, then more money at stake."""
        return (self.institutions, self.total_cost)


def _model_name() -> str:
    from synergie.matching.adapters import embedding_model_key

    return MODELS[embedding_model_key()].name


def _read_documents(model_name: str):
    """(need ids, institution ids, languages, texts, vectors of the open needs) and the
    per-language mean of every indexed text of the model, streamed: the centring is the
    index's (over all its texts), only the open needs are kept."""
    open_needs = Need.objects.filter(status__in=MAP_STATUSES).values("pk")
    sums: dict[str, np.ndarray] = {}
    counts: dict[str, int] = {}
    ids, institutions, languages, texts, vectors = [], [], [], [], []
    rows = (IndexedDocument.objects.filter(model=model_name).order_by()
            .annotate(is_open=ExpressionWrapper(
                Q(kind=DocumentKind.NEED, object_id__in=open_needs), output_field=BooleanField()))
            .values_list("object_id", "institution_id", "language", "vector", "is_open"))
    for object_id, institution_id, language, vector, is_open in rows.iterator(
            chunk_size=_READ_CHUNK):
        vector = vector_from_bytes(vector)
        sums[language] = sums.get(language, 0) + vector.astype(np.float64)
        counts[language] = counts.get(language, 0) + 1
        if is_open:
            ids.append(object_id)
            institutions.append(institution_id)
            languages.append(language)
            vectors.append(vector)
    # Texts in a second pass, only the open needs' (the char n-grams are theirs alone).
    text_of = {}
    for start in range(0, len(ids), _READ_CHUNK):
        text_of.update(IndexedDocument.objects.filter(
            kind=DocumentKind.NEED, object_id__in=ids[start:start + _READ_CHUNK],
        ).values_list("object_id", "text"))
    texts = [text_of.get(object_id, "") for object_id in ids]
    means = {language: sums[language] / counts[language] for language in sums}
    matrix = np.vstack(vectors) if vectors else np.zeros((0, 0), dtype=np.float32)
    return ids, institutions, languages, texts, matrix, means, counts


def _index_centred(vectors, languages, means, counts, model_name) -> np.ndarray:
    """Centred as the index centres: each language's mean over the whole index, shrunk
    towards the model's background mean (EmbeddingSet.mean)."""
    weight = MatcherConfig().prior_weight
    priors = background_means(model_name) or {}
    shrunk = {}
    for language, mean in means.items():
        prior = priors.get(language)
        if prior is None and priors:
            prior = np.mean(list(priors.values()), axis=0)
        if prior is None:
            shrunk[language] = mean
        else:
            shrunk[language] = ((mean * counts[language] + weight * prior)
                                / (counts[language] + weight))
    return centre(vectors, languages, shrunk)


def recompute_clusters(threshold: float = DEFAULT_THRESHOLD) -> dict:
    """Cluster every open indexed need again and replace the stored clusters. Returns a report
    (needs, clusters, clustered needs, seconds)."""
    started = time.monotonic()
    computed_at = timezone.now()
    last_change = IndexChange.objects.aggregate(latest=Max("id"))["latest"] or 0
    model_name = _model_name()
    ids, institutions, languages, texts, vectors, means, counts = _read_documents(model_name)
    labels = np.arange(len(ids))
    if len(ids) >= 2:
        centred = _index_centred(vectors, languages, means, counts, model_name)
        del vectors
        labels = cluster_texts(centred, languages, char_tfidf_rows(texts), threshold)
    # Only clusters of at least two institutions are stored; a cluster's key is its first need.
    groups: dict[int, list[int]] = {}
    for position, label in enumerate(labels.tolist()):
        groups.setdefault(label, []).append(position)
    rows = []
    for members in groups.values():
        if len(members) < 2 or len({institutions[p] for p in members}) < 2:
            continue
        key = min(ids[p] for p in members)
        rows.extend(NeedCluster(need_id=ids[p], cluster=key) for p in members)
    seconds = time.monotonic() - started
    clusters = len({row.cluster for row in rows})
    with transaction.atomic():
        NeedCluster.objects.all().delete()
        # A need deleted since it was read would break the foreign key: keep those that exist.
        existing = set()
        for start in range(0, len(rows), _WRITE_BATCH):
            existing.update(Need.objects.filter(
                pk__in=[row.need_id for row in rows[start:start + _WRITE_BATCH]],
            ).values_list("pk", flat=True))
        rows = [row for row in rows if row.need_id in existing]
        NeedCluster.objects.bulk_create(rows, batch_size=_WRITE_BATCH)
        SynergyMapRun.objects.create(computed_at=computed_at, needs=len(ids), clusters=clusters,
                                     seconds=round(seconds, 3), last_index_change=last_change)
        old = SynergyMapRun.objects.order_by("-computed_at").values_list("pk", flat=True)
        SynergyMapRun.objects.filter(pk__in=list(old[_RUNS_KEPT:])).delete()
    return {"needs": len(ids), "clusters": clusters, "clustered_needs": len(rows),
            "seconds": round(time.monotonic() - started, 3)}


def last_run() -> SynergyMapRun | None:
    return SynergyMapRun.objects.order_by("-computed_at").first()


def is_stale(run: SynergyMapRun | None = None) -> bool:
    """Whether needs changed (text, readers, status) or the index moved since the clusters
    were computed."""
    run = run or last_run()
    if run is None:
        return Need.objects.filter(status__in=MAP_STATUSES).exists()
    latest = IndexChange.objects.aggregate(latest=Max("id"))["latest"] or 0
    return latest > run.last_index_change or Need.objects.filter(
        updated_at__gt=run.computed_at).exists()


@dataclass
class MapPage:
    clusters: list[Cluster]
    cluster_count: int
    alone: list[Need]
    alone_count: int
    computed: SynergyMapRun | None


# A reader who sees only part of a cluster may see it with one institution: its needs are
# listed among those without a twin, up to this many clusters' worth (the count stays exact).
_PARTIAL_LISTED = 500


def _cluster_summary(open_needs) -> list[tuple[int, int, Decimal, int]]:
    """Per stored cluster, over the given needs: (cluster, institutions, money at stake,
    size), best potential first. One grouped query over the clustered needs only."""
    return list(NeedCluster.objects.filter(need__in=open_needs).values("cluster")
                .annotate(institutions=Count("need__institution", distinct=True),
                          total=Sum("need__total_cost"), size=Count("need"))
                .order_by("-institutions", "-total", "cluster")
                .values_list("cluster", "institutions", "total", "size"))


def map_page(needs_queryset, page: int = 1, per_page: int = CLUSTERS_PER_PAGE) -> MapPage:
    """One page of the stored clusters restricted to `needs_queryset` (the needs the reader
    may read, filtered), and the needs of it that have no twin there. A few queries whatever
    the number of needs: the grouping is done by the database."""
    open_needs = needs_queryset.filter(status__in=MAP_STATUSES).order_by()
    summary = _cluster_summary(open_needs)
    qualifying = [row for row in summary if row[1] >= 2]
    partial = [row[0] for row in summary if row[1] < 2]
    first = (page - 1) * per_page
    shown = qualifying[first:first + per_page]
    members: dict[int, list[Need]] = {}
    if shown:
        # The page's needs by their clusters' index first, then only those the reader reads.
        clustered = dict(NeedCluster.objects.filter(cluster__in=[row[0] for row in shown])
                         .values_list("need_id", "cluster"))
        for need in (open_needs.filter(pk__in=list(clustered))
                     .select_related("institution", "domain").order_by("pk")):
            members.setdefault(clustered[need.pk], []).append(need)
    clusters = [Cluster(key=key, needs=members.get(key, []), institutions=institutions,
                        total_cost=total or Decimal("0"))
                for key, institutions, total, _ in shown]
    alone_count = open_needs.count() - sum(row[3] for row in qualifying)
    alone = []
    if alone_count:
        unclustered = Q(synergy_cluster__isnull=True)
        if partial:
            unclustered |= Q(synergy_cluster__cluster__in=partial[:_PARTIAL_LISTED])
        alone = list(open_needs.filter(unclustered).select_related("institution")
                     .order_by("pk")[:ALONE_SHOWN])
    return MapPage(clusters, len(qualifying), alone, alone_count, last_run())


def synergy_clusters(needs_queryset) -> tuple[list[Cluster], list[Need]]:
    """Every stored cluster over `needs_queryset` and the needs left alone (all of them: for
    scripts and tests, not for a page)."""
    open_needs = needs_queryset.filter(status__in=MAP_STATUSES).order_by()
    page = map_page(open_needs, page=1, per_page=10**9)
    alone = list(open_needs.exclude(pk__in=[n.pk for c in page.clusters for n in c.needs])
                 .select_related("institution").order_by("pk"))
    return page.clusters, alone
