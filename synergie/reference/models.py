"""Shared vocabularies: business domains and the EU Common Procurement Vocabulary (CPV)."""

from django.core.validators import RegexValidator
from django.db import models
from django.utils.translation import gettext_lazy as _
from django.utils.translation import gettext_noop

from synergie.core.i18n import TranslatedNameMixin, pick_translation


class BusinessDomain(TranslatedNameMixin, models.Model):
    code = models.SlugField(_("code"), max_length=40, unique=True)
    name_fr = models.CharField(_("name (French)"), max_length=120)
    name_nl = models.CharField(_("name (Dutch)"), max_length=120)
    name_en = models.CharField(_("name (English)"), max_length=120)
    position = models.PositiveSmallIntegerField(_("position"), default=0)

    class Meta:
        ordering = ["position", "code"]
        verbose_name = _("business domain")
        verbose_name_plural = _("business domains")


class CpvCode(models.Model):
    """One code of CPV 2008 with its official labels (EU Publications Office, CC BY 4.0)."""

    code = models.CharField(
        _("code"),
        max_length=8,
        primary_key=True,
        validators=[RegexValidator(r"^\d{8}$", _("A CPV code has 8 digits."))],
    )
    label_fr = models.CharField(_("label (French)"), max_length=400)
    label_nl = models.CharField(_("label (Dutch)"), max_length=400)
    label_en = models.CharField(_("label (English)"), max_length=400)

    class Meta:
        ordering = ["code"]
        verbose_name = _("CPV code")
        verbose_name_plural = _("CPV codes")

    @property
    def label(self) -> str:
        return pick_translation({"fr": self.label_fr, "nl": self.label_nl, "en": self.label_en})

    def __str__(self) -> str:
        return f"{self.code} {self.label}"


class Capability(TranslatedNameMixin, models.Model):
    """One business capability of the region's shared capability map (what an institution does
    or needs done, not the software doing it). The architecture board keeps the map; solutions
    of the catalogue and applications of the landscape point at it, so that the same capability
    run by different products shows where to pool."""

    code = models.SlugField(_("code"), max_length=60, unique=True)
    name_fr = models.CharField(_("name (French)"), max_length=160)
    name_nl = models.CharField(_("name (Dutch)"), max_length=160)
    name_en = models.CharField(_("name (English)"), max_length=160)
    domain = models.ForeignKey(BusinessDomain, on_delete=models.PROTECT, null=True, blank=True,
                               related_name="capabilities", verbose_name=_("business domain"))
    position = models.PositiveSmallIntegerField(_("position"), default=0)

    class Meta:
        ordering = ["position", "code"]
        verbose_name = _("capability")
        verbose_name_plural = _("capabilities")
        permissions = [("keep_capability_map", gettext_noop("Keep the regional capability map"))]
