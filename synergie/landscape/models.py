"""The regional application landscape: what each institution runs, for which capability, until
when. Contracts that end are the moments to pool."""

from decimal import Decimal

from django.core.validators import MinValueValidator
from django.db import models
from django.utils.translation import gettext_lazy as _
from django.utils.translation import gettext_noop

from synergie.core.validation import TypedInputModel


class Hosting(models.TextChoices):
    ON_PREMISES = "on_premises", _("On premises")
    PRIVATE_CLOUD = "private_cloud", _("Private cloud")
    PUBLIC_CLOUD = "public_cloud", _("Public cloud")
    SAAS = "saas", _("Software as a service")
    REGIONAL = "regional", _("Regional shared service")


class Application(TypedInputModel, models.Model):
    institution = models.ForeignKey("institutions.Institution", on_delete=models.PROTECT,
                                    related_name="applications",
                                    verbose_name=_("institution"))
    name = models.CharField(_("name"), max_length=200)
    product = models.CharField(_("product"), max_length=200)
    vendor = models.CharField(_("vendor"), max_length=200, blank=True)
    capabilities = models.ManyToManyField("reference.Capability", blank=True,
                                          related_name="applications",
                                          verbose_name=_("capabilities"))
    contract_end = models.DateField(_("contract end"), null=True, blank=True)
    yearly_cost = models.DecimalField(_("yearly cost (EUR)"), max_digits=12, decimal_places=2,
                                      null=True, blank=True,
                                      validators=[MinValueValidator(Decimal("0"))])
    users = models.PositiveIntegerField(_("users"), null=True, blank=True)
    hosting = models.CharField(_("hosting"), max_length=15, choices=Hosting.choices, blank=True)
    notes = models.TextField(_("notes"), blank=True)
    updated_at = models.DateTimeField(_("updated"), auto_now=True)

    class Meta:
        ordering = ["institution", "name", "pk"]
        verbose_name = _("application")
        verbose_name_plural = _("applications")
        permissions = [
            ("record_application", gettext_noop("Record the applications of one's institution")),
            ("view_landscape", gettext_noop("Read the regional application landscape")),
        ]

    def __str__(self) -> str:
        return f"{self.name} ({self.product})"
