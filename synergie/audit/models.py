"""The audit trail: who changed what, when, with the values before and after."""

from django.conf import settings
from django.contrib.contenttypes.models import ContentType
from django.db import models
from django.utils import timezone
from django.utils.translation import gettext
from django.utils.translation import gettext_lazy as _

from synergie.audit.events import render_event


class AuditAction(models.TextChoices):
    CREATED = "created", _("created")
    UPDATED = "updated", _("changed")
    STATUS_CHANGED = "status_changed", _("changed the status")
    DELETED = "deleted", _("deleted")


class AuditEntry(models.Model):
    """One change to one object. Entries are only ever added, never edited or removed."""

    timestamp = models.DateTimeField(_("when"), default=timezone.now, db_index=True)
    actor = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("who"),
    )
    # Kept as text as well, so the trail still says who it was after the account is deleted.
    actor_name = models.CharField(_("who (name)"), max_length=300)
    action = models.CharField(_("action"), max_length=30, choices=AuditAction.choices)
    content_type = models.ForeignKey(
        ContentType, on_delete=models.PROTECT, related_name="+", verbose_name=_("object type")
    )
    object_id = models.CharField(_("object id"), max_length=64)
    object_repr = models.CharField(_("object"), max_length=300)
    institution = models.ForeignKey(
        "institutions.Institution",
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("institution"),
    )
    # {"field": {"before": ..., "after": ...}}, values as stored (codes, ids, ISO dates).
    changes = models.JSONField(_("changes"), default=dict, blank=True)
    # What a person wrote, kept as written.
    comment = models.TextField(_("comment"), blank=True)
    # What the system says about the change: a code of `audit.events` and its parameters,
    # rendered in the reader's language (see `note`).
    event = models.CharField(_("event"), max_length=60, blank=True)
    event_params = models.JSONField(_("event parameters"), default=dict, blank=True)

    class Meta:
        ordering = ["-timestamp", "-pk"]
        verbose_name = _("audit entry")
        verbose_name_plural = _("audit entries")
        indexes = [models.Index(fields=["content_type", "object_id", "timestamp"])]

    @property
    def who(self) -> str:
        """The person who made the change, or Synergie itself in the reader's language (older
        entries written without a person were named "system")."""
        if self.actor_name and not (self.actor_id is None and self.actor_name == "system"):
            return self.actor_name
        return gettext("Synergie (automatic)")

    @property
    def note(self) -> str:
        return render_event(self.event, self.event_params)

    def __str__(self) -> str:
        return f"{self.timestamp:%Y-%m-%d %H:%M} {self.actor_name} {self.action} {self.object_repr}"
