"""The data a need depends on, and the Bureau de la Donnée's feasibility verdict on each.

A dependency names a dataset of the regional catalogue or, when the data is not catalogued,
describes it in words. The data office answers with a verdict and its reason; a new verdict
replaces the old one on the row, and the audit trail keeps every earlier one."""

from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _
from django.utils.translation import gettext_noop

from synergie.core.validation import TypedInputModel


class Verdict(models.TextChoices):
    AVAILABLE = "available", _("Available")
    CONDITIONS = "conditions", _("Available with conditions")
    MISSING = "missing", _("Missing")
    PERSONAL = "personal", _("Personal data: legal basis needed")


class NeedDataDependency(TypedInputModel, models.Model):
    need = models.ForeignKey("needs.Need", on_delete=models.CASCADE,
                             related_name="data_dependency_rows", verbose_name=_("need"))
    dataset = models.ForeignKey("datasets.Dataset", on_delete=models.PROTECT, null=True,
                                blank=True, related_name="need_dependencies",
                                verbose_name=_("dataset of the catalogue"))
    description = models.TextField(
        _("data not in the catalogue"), blank=True,
        help_text=_("When the data is not in the catalogue: what it is and who holds it."))
    purpose = models.TextField(_("why the need depends on it"))
    created_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT,
                                   related_name="+", verbose_name=_("added by"))
    created_at = models.DateTimeField(_("added"), auto_now_add=True)
    verdict = models.CharField(_("feasibility verdict"), max_length=20,
                               choices=Verdict.choices, blank=True)
    verdict_reason = models.TextField(_("reason of the verdict"), blank=True)
    verdict_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT,
                                   null=True, blank=True, related_name="+",
                                   verbose_name=_("verdict by"))
    verdict_at = models.DateTimeField(_("verdict given"), null=True, blank=True)

    class Meta:
        ordering = ["created_at", "pk"]
        verbose_name = _("data dependency")
        verbose_name_plural = _("data dependencies")
        permissions = [
            ("give_verdict",
             gettext_noop("Give the feasibility verdict on the data needs depend on")),
        ]
        constraints = [
            models.CheckConstraint(
                condition=models.Q(dataset__isnull=False) | ~models.Q(description=""),
                name="data_dependency_names_its_data"),
        ]
        indexes = [models.Index(fields=["verdict", "created_at"])]

    def __str__(self) -> str:
        return str(self.dataset) if self.dataset_id else self.description[:120]

    @property
    def institution_id(self) -> int:
        return self.need.institution_id

    @property
    def is_waiting(self) -> bool:
        return not self.verdict
