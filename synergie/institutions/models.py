from django.db import models
from django.utils.translation import gettext_lazy as _

from synergie.core.i18n import TranslatedNameMixin


class InstitutionKind(models.TextChoices):
    MUNICIPALITY = "municipality", _("Municipality")
    SOCIAL_WELFARE_CENTRE = "social_welfare_centre", _("Social welfare centre (CPAS/OCMW)")
    POLICE_ZONE = "police_zone", _("Police zone")
    REGIONAL_BODY = "regional_body", _("Regional body")
    OTHER = "other", _("Other")


class Institution(TranslatedNameMixin, models.Model):
    """A public institution that files needs: a local authority or a regional body."""

    code = models.CharField(
        _("code"),
        max_length=40,
        unique=True,
        help_text=_("A stable identifier, e.g. COM-21001 or the enterprise number of the body."),
    )
    kind = models.CharField(_("kind"), max_length=32, choices=InstitutionKind.choices)
    name_fr = models.CharField(_("name (French)"), max_length=200)
    name_nl = models.CharField(_("name (Dutch)"), max_length=200)
    name_en = models.CharField(_("name (English)"), max_length=200, blank=True)
    population = models.PositiveIntegerField(_("population"), null=True, blank=True)
    enterprise_number = models.CharField(
        _("enterprise number (KBO/BCE)"), max_length=12, blank=True
    )
    is_active = models.BooleanField(_("active"), default=True)

    class Meta:
        ordering = ["kind", "name_fr"]
        verbose_name = _("institution")
        verbose_name_plural = _("institutions")
