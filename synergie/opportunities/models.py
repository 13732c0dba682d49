"""A pooling opportunity: needs of several institutions that one shared solution could meet."""

from django.conf import settings
from django.db import models
from django.urls import reverse
from django.utils.translation import gettext_lazy as _
from django.utils.translation import gettext_noop

from synergie.core.validation import TypedInputModel
from synergie.needs.scope import readable_region_objects

# Who reads pooling opportunities (and what hangs on them: business cases, the synergy map).
READ_PERMISSIONS = ("needs.view_all_need", "opportunities.manage_opportunity")


class OpportunityStatus(models.TextChoices):
    PROPOSED = "proposed", _("Proposed")
    BUSINESS_CASE = "business_case", _("Business case in preparation")
    READY = "ready", _("Ready for the steering committee")
    ABANDONED = "abandoned", _("Abandoned")


class OpportunityQuerySet(models.QuerySet):
    def visible_to(self, user) -> "OpportunityQuerySet":
        """The opportunities `user` may read: all of them through a regional role; through an
        institution-scoped one, those holding a need of its institution and none it may not
        read (see `needs.scope`)."""
        return readable_region_objects(
            self, user, READ_PERMISSIONS,
            OpportunityNeed.objects.filter(opportunity=models.OuterRef("pk")), ["need"])


class Opportunity(TypedInputModel, models.Model):
    title = models.CharField(_("title"), max_length=200)
    notes = models.TextField(_("notes"), blank=True)
    status = models.CharField(
        _("status"), max_length=20, choices=OpportunityStatus.choices,
        default=OpportunityStatus.PROPOSED,
    )
    lead_analyst = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="led_opportunities",
        verbose_name=_("lead analyst"),
    )
    needs = models.ManyToManyField(
        "needs.Need", through="OpportunityNeed", related_name="opportunities",
        verbose_name=_("needs"),
    )
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+",
        verbose_name=_("created by"),
    )
    created_at = models.DateTimeField(_("created"), auto_now_add=True)
    updated_at = models.DateTimeField(_("last change"), auto_now=True)
    # Optimistic locking (audit.versions): goes up with each save that changes the edit form's
    # values, which carry the version they were loaded from.
    version = models.PositiveIntegerField(_("version"), default=1, editable=False)

    objects = OpportunityQuerySet.as_manager()

    class Meta:
        ordering = ["-updated_at", "-pk"]
        verbose_name = _("pooling opportunity")
        verbose_name_plural = _("pooling opportunities")
        permissions = [
            ("manage_opportunity", gettext_noop("Create and change pooling opportunities"))
        ]

    def __str__(self) -> str:
        return self.title

    def get_absolute_url(self) -> str:
        return reverse("opportunities:detail", args=[self.pk])


class OpportunityNeed(models.Model):
    """A need belongs to at most one opportunity at a time."""

    opportunity = models.ForeignKey(Opportunity, on_delete=models.CASCADE, related_name="members")
    need = models.OneToOneField("needs.Need", on_delete=models.PROTECT, related_name="membership")
    added_at = models.DateTimeField(_("added"), auto_now_add=True)

    class Meta:
        verbose_name = _("member need")
        verbose_name_plural = _("member needs")
