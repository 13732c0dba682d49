"""Projects the regional PMO runs once the steering committee approved them."""

from django.conf import settings
from django.db import models
from django.urls import reverse
from django.utils.translation import gettext_lazy as _
from django.utils.translation import gettext_noop

from synergie.core.validation import TypedInputModel


class Project(TypedInputModel, models.Model):
    decision = models.OneToOneField("decisions.Decision", on_delete=models.PROTECT,
                                    related_name="project", verbose_name=_("decision"))
    title = models.CharField(_("title"), max_length=200)
    created_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT,
                                   related_name="+", verbose_name=_("created by"))
    created_at = models.DateTimeField(_("created"), auto_now_add=True)

    class Meta:
        ordering = ["title", "pk"]
        verbose_name = _("project")
        verbose_name_plural = _("projects")
        permissions = [("manage_project", gettext_noop("Run the regional projects (PMO)"))]

    def __str__(self) -> str:
        return self.title

    def get_absolute_url(self) -> str:
        return reverse("delivery:detail", args=[self.pk])
