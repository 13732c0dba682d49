"""The matching index in the database: the one copy every web process and worker reads."""

from django.db import models
from django.utils.translation import gettext_lazy as _


class DocumentKind(models.TextChoices):
    NEED = "need", _("Need")
    # Shared solutions and applications join the index through the same table.
    SOLUTION = "solution", _("Shared solution")
    APPLICATION = "application", _("Application")


class IndexedDocument(models.Model):
    """One text of the index with its embedding, computed once by a background task."""

    kind = models.CharField(_("kind"), max_length=20, choices=DocumentKind.choices)
    object_id = models.PositiveBigIntegerField(_("object id"))
    institution = models.ForeignKey(
        "institutions.Institution", on_delete=models.CASCADE, null=True, blank=True,
        related_name="+", verbose_name=_("institution"),
    )
    language = models.CharField(_("language"), max_length=2)
    text = models.TextField(_("text"))
    text_hash = models.CharField(_("text hash"), max_length=64)
    model = models.CharField(_("embedding model"), max_length=80)
    vector = models.BinaryField(_("embedding"))
    # What the hubness correction subtracts from this text's cosine to a query in each other
    # language ({"fr": 0.01, ...}), computed with the vector so that loading the index does not
    # redo it. Empty when the model ships no reference texts.
    hubness = models.JSONField(_("hubness across languages"), null=True, blank=True)
    updated_at = models.DateTimeField(_("updated"), auto_now=True)

    class Meta:
        verbose_name = _("indexed document")
        verbose_name_plural = _("indexed documents")
        constraints = [
            models.UniqueConstraint(fields=["kind", "object_id"], name="one_document_per_object")
        ]

    @property
    def key(self) -> tuple[str, int]:
        return (self.kind, self.object_id)


class IndexChange(models.Model):
    """Append-only log of index changes. Each process remembers the last change it applied
    and replays the newer ones, so every process answers from the same index."""

    id = models.BigAutoField(primary_key=True)
    kind = models.CharField(max_length=20, choices=DocumentKind.choices)
    object_id = models.PositiveBigIntegerField()
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        verbose_name = _("index change")
        verbose_name_plural = _("index changes")
        # Every search asks for the changes of the late-commit window; the maintenance prunes
        # by age.
        indexes = [models.Index(fields=["created_at"], name="index_change_created")]


class IndexState(models.Model):
    """The database's index epoch: the host's index files (matching/segments.py) built from
    another epoch (before a restore) are never opened."""

    epoch = models.CharField(_("epoch"), max_length=32)
    # When the maintenance last compared the needs with their documents (matching/maintenance.py):
    # the changed needs at each run, every need now and then.
    repaired_at = models.DateTimeField(_("last repaired"), null=True, blank=True)
    fully_repaired_at = models.DateTimeField(_("last fully repaired"), null=True, blank=True)

    class Meta:
        verbose_name = _("index state")
        verbose_name_plural = _("index states")


class SynergyMapRun(models.Model):
    """One computation of the synergy map's clusters (synergies.recompute_clusters): the page
    says when the clusters it shows were computed."""

    computed_at = models.DateTimeField(_("computed"), db_index=True)
    needs = models.PositiveIntegerField(_("open needs clustered"))
    clusters = models.PositiveIntegerField(_("clusters"))
    seconds = models.FloatField(_("duration in seconds"))
    # The newest index change the computation had seen: a newer one makes the map stale.
    last_index_change = models.BigIntegerField(_("last index change"), default=0)
    # The first open needs of no cluster (by id, up to synergies.ALONE_STORED) and how many
    # there were: the page lists those the reader may read instead of looking for needs
    # without a cluster among every need (0.3 s at 100,000).
    # (None for a computation made before they were stored: the page then looks them up.)
    alone_ids = models.JSONField(_("needs without a twin"), null=True, default=None)
    alone_total = models.PositiveIntegerField(_("number of needs without a twin"), default=0)

    class Meta:
        verbose_name = _("synergy map computation")
        verbose_name_plural = _("synergy map computations")
        get_latest_by = "computed_at"


class SynergyCluster(models.Model):
    """A stored cluster of the synergy map with its totals at computation time, ranked by
    pooling potential: the page reads a page of these by rank instead of grouping every
    clustered need for each request."""

    key = models.BigIntegerField(_("cluster"), primary_key=True)
    rank = models.PositiveIntegerField(_("rank"), unique=True)
    size = models.PositiveIntegerField(_("needs"))
    institutions = models.PositiveIntegerField(_("institutions"))
    total_cost = models.DecimalField(_("total cost"), max_digits=16, decimal_places=2)
    languages = models.CharField(_("languages"), max_length=50, blank=True)

    class Meta:
        verbose_name = _("synergy cluster")
        verbose_name_plural = _("synergy clusters")


class NeedCluster(models.Model):
    """The cluster of an open need on the synergy map, for the needs whose cluster spans at
    least two institutions (a need without a row has no twin elsewhere)."""

    need = models.OneToOneField("needs.Need", on_delete=models.CASCADE, primary_key=True,
                                related_name="synergy_cluster", verbose_name=_("need"))
    cluster = models.BigIntegerField(_("cluster"), db_index=True)

    class Meta:
        verbose_name = _("need cluster")
        verbose_name_plural = _("need clusters")
