"""The algorithm register: what institutions say about the algorithms and AI systems they use,
in the fields of the Dutch algorithm-register standard v1.0.0, with the EU AI Act's risk
category; its published versions; citizens' feedback, moderated before it is shown."""

from datetime import timedelta

from django.conf import settings
from django.db import models
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext_lazy as _
from django.utils.translation import gettext_noop

from synergie.algorithms import standard
from synergie.kernel.text import fold

STALE_AFTER = timedelta(days=365)


class AlgorithmStatus(models.TextChoices):
    DRAFT = "draft", _("Draft")
    IN_REVIEW = "in_review", _("In review")
    PUBLISHED = "published", _("Published")
    ARCHIVED = "archived", _("Archived")


class RiskCategory(models.TextChoices):
    """The EU AI Act's categories (Regulation (EU) 2024/1689), and "not an AI system"."""

    UNASSESSED = "unassessed", _("Not assessed yet")
    UNACCEPTABLE = "unacceptable", _("Unacceptable risk (prohibited practice)")
    HIGH = "high", _("High risk")
    LIMITED = "limited", _("Limited risk (transparency obligations)")
    MINIMAL = "minimal", _("Minimal risk")
    NOT_AI = "not_ai", _("Not an AI system")


class AlgorithmQuerySet(models.QuerySet):
    def published(self):
        return self.filter(status=AlgorithmStatus.PUBLISHED)


class Algorithm(models.Model):
    institution = models.ForeignKey("institutions.Institution", on_delete=models.PROTECT,
                                    related_name="algorithms", verbose_name=_("institution"))
    # The entry as described or imported, in the standard's JSON: the source of truth. The
    # columns below are read from it (`refresh_columns`) for lists, filters and search.
    entry = models.JSONField(_("entry in the standard's format"), default=dict)
    name = models.CharField(_("name"), max_length=300)
    description_short = models.TextField(_("short description"), blank=True)
    organization = models.CharField(_("organisation"), max_length=300, blank=True)
    theme = models.CharField(_("themes"), max_length=500, blank=True)
    usage_status = models.CharField(_("stage of use"), max_length=100, blank=True)
    publication_category = models.CharField(_("publication category"), max_length=100,
                                            blank=True)
    source_key = models.CharField(_("identifier in the source register"), max_length=200,
                                  blank=True, db_index=True)
    search_text = models.TextField(blank=True, editable=False)
    risk_category = models.CharField(_("EU AI Act risk category"), max_length=20,
                                     choices=RiskCategory.choices,
                                     default=RiskCategory.UNASSESSED)
    status = models.CharField(_("status"), max_length=20, choices=AlgorithmStatus.choices,
                              default=AlgorithmStatus.DRAFT, db_index=True)
    position = models.PositiveIntegerField(default=0, help_text="Order of the export.")
    created_at = models.DateTimeField(auto_now_add=True)
    updated_at = models.DateTimeField(auto_now=True)
    published_at = models.DateTimeField(_("published on"), null=True, blank=True)
    last_reviewed_at = models.DateTimeField(_("last reviewed on"), null=True, blank=True)
    version = models.PositiveIntegerField(_("published version"), default=0)

    objects = AlgorithmQuerySet.as_manager()

    class Meta:
        ordering = ["name", "pk"]
        verbose_name = _("algorithm")
        verbose_name_plural = _("algorithms")
        permissions = [
            ("describe_algorithm", gettext_noop("Describe the algorithms of an institution")),
            ("review_algorithm", gettext_noop("Review and publish algorithm register entries")),
        ]

    def __str__(self) -> str:
        return self.name

    def get_absolute_url(self) -> str:
        return reverse("algorithms:detail", args=[self.pk])

    def refresh_columns(self) -> None:
        values = standard.view(self.entry)
        self.name = values["name"][:300]
        self.description_short = values["description_short"]
        self.organization = values["organization"][:300]
        self.theme = ", ".join(values["theme"])[:500]
        self.usage_status = values["status"][:100]
        self.publication_category = values["publication_category"][:100]
        self.source_key = standard.source_key(self.entry)[:200]
        self.search_text = fold(" ".join([self.name, self.description_short,
                                          self.organization, self.theme,
                                          values["search_terms"]]))

    @property
    def fields(self) -> dict:
        return standard.view(self.entry)

    @property
    def page_language(self) -> str:
        return standard.page_language(self.entry)

    @property
    def is_stale(self) -> bool:
        return (self.status == AlgorithmStatus.PUBLISHED and self.last_reviewed_at is not None
                and timezone.now() - self.last_reviewed_at > STALE_AFTER)


class AlgorithmVersion(models.Model):
    """One publication: what changed since the previous one, field by field."""

    algorithm = models.ForeignKey(Algorithm, on_delete=models.CASCADE, related_name="versions")
    number = models.PositiveIntegerField()
    published_at = models.DateTimeField(default=timezone.now)
    published_by = models.ForeignKey(settings.AUTH_USER_MODEL, null=True, blank=True,
                                     on_delete=models.SET_NULL, related_name="+")
    published_by_name = models.CharField(max_length=300, blank=True)
    # {field: {"before": .., "after": ..}}; field: a v1.0.0 field name or "risk_category".
    changes = models.JSONField(default=dict)
    entry = models.JSONField(default=dict)
    risk_category = models.CharField(max_length=20, blank=True)

    class Meta:
        ordering = ["-number"]
        constraints = [models.UniqueConstraint(fields=["algorithm", "number"],
                                               name="algorithm_version_unique")]

    def __str__(self) -> str:
        return f"{self.algorithm} v{self.number}"

    def changed_fields(self) -> list[tuple[str, dict]]:
        """(readable label, {"before", "after"} as text) per changed field, in the standard's
        order."""
        from synergie.algorithms.labels import label_of

        def text(name, value):
            if isinstance(value, list):
                return ", ".join(value)
            if name == "risk_category" and value:
                return str(RiskCategory(value).label)
            return value or ""

        order = {name: index for index, name in enumerate(standard.FIELD_NAMES)}
        return [(_("EU AI Act risk category") if name == "risk_category" else label_of(name),
                 {"before": text(name, change.get("before")),
                  "after": text(name, change.get("after"))})
                for name, change in sorted(self.changes.items(),
                                           key=lambda item: order.get(item[0], -1))]


class FeedbackStatus(models.TextChoices):
    PENDING = "pending", _("Waiting for moderation")
    PUBLISHED = "published", _("Published")
    REJECTED = "rejected", _("Rejected")


class Feedback(models.Model):
    algorithm = models.ForeignKey(Algorithm, on_delete=models.CASCADE, related_name="feedback")
    name = models.CharField(_("your name"), max_length=200, blank=True)
    email = models.EmailField(_("your email address"), blank=True)
    message = models.TextField(_("your message"), max_length=3000)
    status = models.CharField(max_length=20, choices=FeedbackStatus.choices,
                              default=FeedbackStatus.PENDING, db_index=True)
    created_at = models.DateTimeField(default=timezone.now)
    moderated_at = models.DateTimeField(null=True, blank=True)
    moderated_by = models.ForeignKey(settings.AUTH_USER_MODEL, null=True, blank=True,
                                     on_delete=models.SET_NULL, related_name="+")
    # A hash of the sender's address, to limit how often one sender writes (never shown).
    sender = models.CharField(max_length=64, blank=True, db_index=True)

    class Meta:
        ordering = ["-created_at", "-pk"]

    def __str__(self) -> str:
        return f"{self.algorithm}: {self.message[:40]}"
