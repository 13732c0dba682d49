"""The synergy map: the region's open needs grouped into clusters of similar needs, largest
pooling potential first.

The clusters are computed in the background (`recompute_clusters`, run by the worker a minute
after needs change, by the maintenance and by `synergie map recompute`) from the
nearest-neighbour graph of the needs' embeddings (engine/graph_clustering.py) and stored: one
row per clustered need, and one per cluster with its totals and its rank by pooling potential.
The page reads a page of clusters by rank and only their needs the reader may read: a need
filed since the last computation waits for the next one."""

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
from synergie.matching.engine.graph_clustering import centre, cluster_texts, map_char_rows
from synergie.matching.engine.matcher import MatcherConfig
from synergie.matching.models import (
    DocumentKind,
    IndexChange,
    IndexedDocument,
    NeedCluster,
    SynergyCluster,
    SynergyMapRun,
)
from synergie.needs.models import Need, NeedStatus

MAP_STATUSES = (NeedStatus.SUBMITTED, NeedStatus.IN_ANALYSIS, NeedStatus.GROUPED)
CLUSTERS_PER_PAGE = 20
# The map shows a group's first needs: one of hundreds (150 communes all renewing their payroll)
# would fill the page and cost its rendering; the whole group has a page of its own.
NEEDS_SHOWN = 10
# The page of one group lists its needs up to this many.
GROUP_NEEDS_SHOWN = 1_000
# The needs without a twin are listed up to this many (with their number): beyond, the inbox
# is the place to browse them.
ALONE_SHOWN = 100
# The recompute stores this many of them (by id) for the page: enough for a full list and a
# count up to ALONE_COUNTED (a reader who may read only part of them sees a floor). The page
# looks them up by primary key: 2,000 ids took 26-30 ms at 100,000 needs.
ALONE_STORED = 1_200
_READ_CHUNK = 2_000
_WRITE_BATCH = 5_000
_RUNS_KEPT = 20


@dataclass
class Cluster:
    key: int = 0
    needs: list[Need] = field(default_factory=list)  # those shown: the first NEEDS_SHOWN
    institutions: int = 0
    total_cost: Decimal = Decimal("0")
    size: int = 0  # every need of it the reader may read
    need_ids: list[int] = field(default_factory=list, repr=False)  # ... by id

    @property
    def more(self) -> int:
        """Needs of it not shown (the whole group is on a page of its own)."""
        return self.size - len(self.needs)

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
    ids, institutions, languages = [], [], []
    # The open needs' vectors go straight into one array sized by a count first (grown if
    # needs opened since): no list of 100,000 small arrays stacked at the end.
    matrix = None
    expected = IndexedDocument.objects.filter(model=model_name, kind=DocumentKind.NEED,
                                              object_id__in=open_needs).count()
    rows = (IndexedDocument.objects.filter(model=model_name, kind=DocumentKind.NEED).order_by()
            .annotate(is_open=ExpressionWrapper(
                Q(kind=DocumentKind.NEED, object_id__in=open_needs), output_field=BooleanField()))
            .values_list("object_id", "institution_id", "language", "vector", "is_open"))
    for object_id, institution_id, language, vector, is_open in rows.iterator(
            chunk_size=_READ_CHUNK):
        vector = vector_from_bytes(vector)
        if language not in sums:
            sums[language] = np.zeros(len(vector), dtype=np.float64)
            counts[language] = 0
        sums[language] += vector
        counts[language] += 1
        if is_open:
            if matrix is None:
                matrix = np.empty((max(expected, 1), len(vector)), dtype=np.float32)
            elif len(ids) == len(matrix):
                matrix = np.resize(matrix, (2 * len(matrix), matrix.shape[1]))
            matrix[len(ids)] = vector
            ids.append(object_id)
            institutions.append(institution_id)
            languages.append(language)
    # Texts in a second pass, only the open needs' (the char n-grams are theirs alone).
    text_of = {}
    for start in range(0, len(ids), _READ_CHUNK):
        text_of.update(IndexedDocument.objects.filter(
            kind=DocumentKind.NEED, object_id__in=ids[start:start + _READ_CHUNK],
        ).values_list("object_id", "text"))
    texts = [text_of.get(object_id, "") for object_id in ids]
    means = {language: sums[language] / counts[language] for language in sums}
    matrix = matrix[:len(ids)] if matrix is not None else np.zeros((0, 0), dtype=np.float32)
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
    (needs, clusters, clustered needs, seconds, and the seconds of each step)."""
    started = time.monotonic()
    steps = {}
    computed_at = timezone.now()
    last_change = IndexChange.objects.aggregate(latest=Max("id"))["latest"] or 0
    model_name = _model_name()
    ids, institutions, languages, texts, vectors, means, counts = _read_documents(model_name)
    steps["read_s"] = time.monotonic() - started
    labels = np.arange(len(ids))
    if len(ids) >= 2:
        centred = _index_centred(vectors, languages, means, counts, model_name)
        del vectors
        at = time.monotonic()
        char_rows = map_char_rows(texts)
        del texts
        steps["chargrams_s"] = time.monotonic() - at
        at = time.monotonic()
        labels = cluster_texts(centred, languages, char_rows, threshold, timings=steps)
        steps["cluster_s"] = time.monotonic() - at
        del centred, char_rows
    # Only clusters of at least two institutions are stored; a cluster's key is its first need.
    groups: dict[int, list[int]] = {}
    for position, label in enumerate(labels.tolist()):
        groups.setdefault(label, []).append(position)
    members = {}
    for group in groups.values():
        if len(group) >= 2 and len({institutions[p] for p in group}) >= 2:
            members[min(ids[p] for p in group)] = [ids[p] for p in group]
    at = time.monotonic()
    with transaction.atomic():
        NeedCluster.objects.all().delete()
        SynergyCluster.objects.all().delete()
        # A need deleted since it was read would break the foreign key: keep those that exist,
        # and total what they weigh now.
        clustered = [need for group in members.values() for need in group]
        current = {}
        for start in range(0, len(clustered), _WRITE_BATCH):
            current.update((pk, rest) for pk, *rest in Need.objects.filter(
                pk__in=clustered[start:start + _WRITE_BATCH],
            ).values_list("pk", "institution_id", "total_cost", "language"))
        clusters = []
        for group in members.values():
            found = [current[need] for need in group if need in current]
            if len({institution for institution, _, _ in found}) < 2:
                continue
            clusters.append(SynergyCluster(
                key=min(need for need in group if need in current), rank=0, size=len(found),
                institutions=len({institution for institution, _, _ in found}),
                total_cost=sum((cost for _, cost, _ in found), Decimal("0")),
                languages=",".join(sorted({language for _, _, language in found}))))
        clusters.sort(key=lambda c: (-c.institutions, -c.total_cost, c.key))
        for rank, cluster in enumerate(clusters):
            cluster.rank = rank
        key_of = {}
        for key, group in members.items():
            alive = [need for need in group if need in current]
            if alive:
                key_of.update((need, min(alive)) for need in alive)
        kept = {cluster.key for cluster in clusters}
        rows = [NeedCluster(need_id=need, cluster=key) for need, key in key_of.items()
                if key in kept]
        SynergyCluster.objects.bulk_create(clusters, batch_size=_WRITE_BATCH)
        NeedCluster.objects.bulk_create(rows, batch_size=_WRITE_BATCH)
        # The first needs without a twin, for the page: found once here, where a scan of
        # every open need costs nothing a reader waits for.
        unclustered = Need.objects.filter(status__in=MAP_STATUSES, synergy_cluster__isnull=True)
        alone_ids = list(unclustered.order_by("pk").values_list("pk", flat=True)[:ALONE_STORED])
        alone_total = (len(alone_ids) if len(alone_ids) < ALONE_STORED
                       else unclustered.order_by().count())
        seconds = time.monotonic() - started
        SynergyMapRun.objects.create(computed_at=computed_at, needs=len(ids),
                                     clusters=len(clusters), seconds=round(seconds, 3),
                                     last_index_change=last_change, alone_ids=alone_ids,
                                     alone_total=alone_total)
        old = SynergyMapRun.objects.order_by("-computed_at").values_list("pk", flat=True)
        SynergyMapRun.objects.filter(pk__in=list(old[_RUNS_KEPT:])).delete()
    steps["write_s"] = time.monotonic() - at
    return {"needs": len(ids), "clusters": len(clusters), "clustered_needs": len(rows),
            "seconds": round(time.monotonic() - started, 3),
            **{name: round(value, 2) for name, value in steps.items()}}


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
    # alone_count is a floor: there are at least that many (ALONE_COUNTED).
    alone_at_least: bool = False


# The needs without a twin are counted up to this many: beyond, the page says "at least".
ALONE_COUNTED = 1_000
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


def _members(open_needs, keys) -> dict[int, Cluster]:
    """The clusters of these keys over `open_needs`: their institutions, money at stake and
    size over every need of them the reader may read, and those needs' ids (in id order; the
    needs themselves are read by `_with_needs` for the clusters shown). Through the cluster
    index, over the page's clusters only."""
    found: dict[int, Cluster] = {}
    if not keys:
        return found
    # The page's need ids from the cluster index first, then those needs by primary key:
    # joined in one query, PostgreSQL walked every need in id order (0.4 s at 100,000).
    clustered = dict(NeedCluster.objects.filter(cluster__in=list(keys))
                     .values_list("need_id", "cluster"))
    members: dict[int, list[tuple]] = {}
    for row in (open_needs.filter(pk__in=list(clustered)).order_by("pk")
                .values_list("pk", "institution_id", "total_cost")):
        members.setdefault(clustered[row[0]], []).append(row)
    for key, rows in members.items():
        found[key] = Cluster(
            key=key, institutions=len({row[1] for row in rows}),
            total_cost=sum((row[2] or Decimal("0") for row in rows), Decimal("0")),
            size=len(rows), need_ids=[row[0] for row in rows])
    return found


def _with_needs(clusters: list[Cluster], shown: int | None = None) -> list[Cluster]:
    """The clusters with their first `shown` (NEEDS_SHOWN) needs read, in one query."""
    shown = NEEDS_SHOWN if shown is None else shown
    wanted = [pk for cluster in clusters for pk in cluster.need_ids[:shown]]
    needs = {need.pk: need for need in Need.objects.filter(pk__in=wanted)
             .select_related("institution")}
    for cluster in clusters:
        cluster.needs = [needs[pk] for pk in cluster.need_ids[:shown] if pk in needs]
    return clusters


def _alone(open_needs, partial: list[Need], partial_count: int,
           run: SynergyMapRun | None) -> tuple[list[Need], int, bool]:
    """The first needs without a twin (those of no stored cluster, after the ones of the
    clusters the reader sees with one institution) and their number, counted up to
    ALONE_COUNTED: among the ids the last computation stored, those the reader may read (a
    look-up of at most ALONE_STORED ids), never a scan of every open need."""
    if run is None or run.alone_ids is None:
        return _alone_unstored(open_needs, partial, partial_count)
    readable = list(open_needs.filter(pk__in=run.alone_ids).order_by("pk")
                    .values_list("pk", flat=True))
    counted = len(readable)
    # Beyond the stored ids there were more needs without a twin: the count is a floor.
    at_least = counted > ALONE_COUNTED or run.alone_total > len(run.alone_ids)
    alone = partial[:ALONE_SHOWN]
    if readable and len(alone) < ALONE_SHOWN:
        alone += list(open_needs.filter(pk__in=readable[:ALONE_SHOWN - len(alone)])
                      .select_related("institution").order_by("pk"))
    return alone, partial_count + min(counted, ALONE_COUNTED), at_least


def _alone_unstored(open_needs, partial: list[Need], partial_count: int) -> tuple[
        list[Need], int, bool]:
    """The needs without a twin before any computation (or of one made before they were
    stored): two queries that stop early."""
    unclustered = open_needs.filter(synergy_cluster__isnull=True)
    counted = unclustered.order_by()[:ALONE_COUNTED + 1].count()
    alone = partial[:ALONE_SHOWN]
    if counted and len(alone) < ALONE_SHOWN:
        alone += list(unclustered.select_related("institution")
                      .order_by("pk")[:ALONE_SHOWN - len(alone)])
    return alone, partial_count + min(counted, ALONE_COUNTED), counted > ALONE_COUNTED


def _ranked_page(open_needs, page: int, per_page: int) -> MapPage:
    """A page of the stored clusters by rank, each with the needs of it the reader may read
    and their totals, kept while two institutions remain. A few more clusters than the page
    are read so that a page stays full when the reader cannot see some of them; a cluster
    seen with one institution moves its needs to those without a twin. Pages start at the
    stored rank page × per_page, so that a page costs the same whatever its number: for a
    reader who cannot read every cluster, the last clusters of one page may open the next."""
    start = (page - 1) * per_page
    window = list(SynergyCluster.objects.order_by("rank")
                  .values_list("key", flat=True)[start:start + per_page + max(per_page, 10)])
    members = _members(open_needs, window)
    clusters, seen_alone = [], []
    for key in window:
        cluster = members.get(key)
        if cluster is None:
            continue
        if cluster.institutions >= 2:
            if len(clusters) < per_page:
                clusters.append(cluster)
        else:
            seen_alone.append(cluster)
    _with_needs(clusters + seen_alone)
    partial = [need for cluster in seen_alone for need in cluster.needs]
    partial_count = sum(cluster.size for cluster in seen_alone)
    # Ranked by the totals of the whole cluster; shown by what this reader sees of it.
    clusters.sort(key=lambda cluster: cluster.potential, reverse=True)
    run = last_run()
    alone, alone_count, at_least = _alone(open_needs, partial, partial_count, run)
    return MapPage(clusters, SynergyCluster.objects.count(), alone, alone_count, run,
                   at_least)


def _grouped_page(open_needs, page: int, per_page: int) -> MapPage:
    """A page of the clusters regrouped over a filtered selection of needs (an institution, a
    domain, a cost range): the stored totals and ranks are the whole region's."""
    summary = _cluster_summary(open_needs)
    qualifying = [row for row in summary if row[1] >= 2]
    partial = [row[0] for row in summary if row[1] < 2]
    first = (page - 1) * per_page
    shown = qualifying[first:first + per_page]
    members = _members(open_needs, [row[0] for row in shown])
    clusters = _with_needs([members[key] for key, *_ in shown if key in members])
    alone_count = open_needs.count() - sum(row[3] for row in qualifying)
    alone = []
    if alone_count:
        unclustered = Q(synergy_cluster__isnull=True)
        if partial:
            unclustered |= Q(synergy_cluster__cluster__in=partial[:_PARTIAL_LISTED])
        alone = list(open_needs.filter(unclustered).select_related("institution")
                     .order_by("pk")[:ALONE_SHOWN])
    return MapPage(clusters, len(qualifying), alone, alone_count, last_run())


def map_page(needs_queryset, page: int = 1, per_page: int = CLUSTERS_PER_PAGE,
             filtered: bool = False) -> MapPage:
    """One page of the stored clusters restricted to `needs_queryset` (the needs the reader
    may read, `filtered` when a filter narrowed them), and needs of it without a twin. A few
    queries whatever the number of needs; without a filter, each reads only the page's
    clusters and needs."""
    open_needs = needs_queryset.filter(status__in=MAP_STATUSES).order_by()
    if filtered:
        return _grouped_page(open_needs, page, per_page)
    return _ranked_page(open_needs, page, per_page)


def group_page(needs_queryset, key: int) -> Cluster | None:
    """One stored cluster with its needs the reader may read (up to GROUP_NEEDS_SHOWN), or
    None when it does not exist or the reader sees it with fewer than two institutions."""
    open_needs = needs_queryset.filter(status__in=MAP_STATUSES).order_by()
    cluster = _members(open_needs, [key]).get(key)
    if cluster is None or cluster.institutions < 2:
        return None
    return _with_needs([cluster], shown=GROUP_NEEDS_SHOWN)[0]


def synergy_clusters(needs_queryset) -> tuple[list[Cluster], list[Need]]:
    """Every stored cluster over `needs_queryset` and the needs left alone (all of them: for
    scripts and tests, not for a page)."""
    open_needs = needs_queryset.filter(status__in=MAP_STATUSES).order_by()
    page = map_page(open_needs, page=1, per_page=10**9)
    alone = list(open_needs.exclude(pk__in=[n.pk for c in page.clusters for n in c.needs])
                 .select_related("institution").order_by("pk"))
    return page.clusters, alone
