"""The region's data catalogue (white paper: the regional Datastore, the Bureau de la Donnée).

A dataset is described the DCAT-AP way: titles and descriptions in FR/NL/EN, its publisher, the EU
data themes, licence, access rights, contact point, update frequency, high-value-dataset category,
and its distributions. Datasets come from harvested DCAT-AP catalogues (HarvestSource) or are
described by hand; a harvested dataset that disappears from its source is withdrawn, never deleted
(the data office's verdicts point at it)."""

from django.db import models
from django.urls import reverse
from django.utils.translation import gettext_lazy as _
from django.utils.translation import gettext_noop

from synergie.core.i18n import pick_translation
from synergie.core.validation import TypedInputModel

EU_THEME = "http://publications.europa.eu/resource/authority/data-theme/"
EU_FREQUENCY = "http://publications.europa.eu/resource/authority/frequency/"
EU_ACCESS_RIGHT = "http://publications.europa.eu/resource/authority/access-right/"
HVD_CATEGORY = "http://data.europa.eu/bna/"


class Theme(models.TextChoices):
    """The EU Vocabularies' data themes (DCAT-AP's mandatory vocabulary for dcat:theme)."""
    AGRI = "AGRI", _("Agriculture, fisheries, forestry and food")
    ECON = "ECON", _("Economy and finance")
    EDUC = "EDUC", _("Education, culture and sport")
    ENER = "ENER", _("Energy")
    ENVI = "ENVI", _("Environment")
    GOVE = "GOVE", _("Government and public sector")
    HEAL = "HEAL", _("Health")
    INTR = "INTR", _("International issues")
    JUST = "JUST", _("Justice, legal system and public safety")
    REGI = "REGI", _("Regions and cities")
    SOCI = "SOCI", _("Population and society")
    TECH = "TECH", _("Science and technology")
    TRAN = "TRAN", _("Transport")
    OP_DATPRO = "OP_DATPRO", _("Provisional data")


class Frequency(models.TextChoices):
    """The most used codes of the EU Vocabularies' frequency table."""
    CONT = "CONT", _("Continuous")
    DAILY = "DAILY", _("Daily")
    WEEKLY = "WEEKLY", _("Weekly")
    MONTHLY = "MONTHLY", _("Monthly")
    QUARTERLY = "QUARTERLY", _("Quarterly")
    ANNUAL = "ANNUAL", _("Annual")
    BIENNIAL = "BIENNIAL", _("Every two years")
    IRREG = "IRREG", _("Irregular")
    NEVER = "NEVER", _("Never")
    UNKNOWN = "UNKNOWN", _("Unknown")
    OTHER = "OTHER", _("Other")


class AccessRights(models.TextChoices):
    PUBLIC = "PUBLIC", _("Public")
    RESTRICTED = "RESTRICTED", _("Restricted")
    NON_PUBLIC = "NON_PUBLIC", _("Not public")


class HvdCategory(models.TextChoices):
    """The six categories of high-value datasets (Implementing Regulation (EU) 2023/138)."""
    GEOSPATIAL = "c_ac64a52d", _("Geospatial")
    EARTH = "c_dd313021", _("Earth observation and environment")
    METEO = "c_164e0bf5", _("Meteorological")
    STATISTICS = "c_e1da4e07", _("Statistics")
    COMPANIES = "c_a9135398", _("Companies and company ownership")
    MOBILITY = "c_b79e35eb", _("Mobility")


class DatasetStatus(models.TextChoices):
    ACTIVE = "active", _("Active")
    WITHDRAWN = "withdrawn", _("Withdrawn")


class HarvestSource(models.Model):
    """A DCAT-AP catalogue the region harvests, by its URL or file path."""
    location = models.CharField(_("URL or file"), max_length=1000, unique=True)
    name = models.CharField(_("name"), max_length=200, blank=True)
    last_harvested_at = models.DateTimeField(_("last harvested"), null=True, blank=True)
    last_report = models.JSONField(_("last report"), default=dict, blank=True)
    created_at = models.DateTimeField(_("created"), auto_now_add=True)

    class Meta:
        ordering = ["location"]
        verbose_name = _("harvest source")
        verbose_name_plural = _("harvest sources")

    def __str__(self) -> str:
        return self.name or self.location


class Dataset(TypedInputModel, models.Model):
    identifier = models.CharField(_("identifier (URI)"), max_length=500, unique=True)
    title_fr = models.CharField(_("title (French)"), max_length=500, blank=True)
    title_nl = models.CharField(_("title (Dutch)"), max_length=500, blank=True)
    title_en = models.CharField(_("title (English)"), max_length=500, blank=True)
    description_fr = models.TextField(_("description (French)"), blank=True)
    description_nl = models.TextField(_("description (Dutch)"), blank=True)
    description_en = models.TextField(_("description (English)"), blank=True)
    publisher = models.ForeignKey("institutions.Institution", on_delete=models.PROTECT,
                                  null=True, blank=True, related_name="datasets",
                                  verbose_name=_("publishing institution"))
    publisher_name = models.CharField(_("publisher's name"), max_length=300, blank=True)
    publisher_uri = models.CharField(_("publisher's URI"), max_length=500, blank=True)
    themes = models.JSONField(_("themes"), default=list, blank=True)
    keywords = models.JSONField(_("keywords"), default=list, blank=True)
    licence = models.CharField(_("licence (URI)"), max_length=500, blank=True)
    access_rights = models.CharField(_("access rights"), max_length=12,
                                     choices=AccessRights.choices, blank=True)
    contact_name = models.CharField(_("contact point"), max_length=300, blank=True)
    contact_email = models.CharField(_("contact e-mail"), max_length=300, blank=True)
    contact_url = models.CharField(_("contact page"), max_length=500, blank=True)
    update_frequency = models.CharField(_("update frequency"), max_length=12,
                                        choices=Frequency.choices, blank=True)
    hvd_category = models.CharField(_("high-value dataset category"), max_length=12,
                                    choices=HvdCategory.choices, blank=True)
    issued = models.DateField(_("issued"), null=True, blank=True)
    modified = models.DateField(_("modified"), null=True, blank=True)
    landing_page = models.CharField(_("landing page"), max_length=500, blank=True)
    status = models.CharField(_("status"), max_length=10, choices=DatasetStatus.choices,
                              default=DatasetStatus.ACTIVE, db_index=True)
    harvest_source = models.ForeignKey(HarvestSource, on_delete=models.SET_NULL, null=True,
                                       blank=True, related_name="datasets",
                                       verbose_name=_("harvest source"))
    last_seen_at = models.DateTimeField(_("last seen at the source"), null=True, blank=True)
    content_hash = models.CharField(max_length=64, blank=True, editable=False)
    created_at = models.DateTimeField(_("created"), auto_now_add=True)
    updated_at = models.DateTimeField(_("updated"), auto_now=True)

    class Meta:
        ordering = ["title_fr", "title_nl", "title_en", "pk"]
        verbose_name = _("dataset")
        verbose_name_plural = _("datasets")
        permissions = [
            ("manage_dataset", gettext_noop("Describe the region's datasets and harvest them")),
        ]

    def __str__(self) -> str:
        return self.title

    def get_absolute_url(self) -> str:
        return reverse("datasets:detail", args=[self.pk])

    @property
    def title(self) -> str:
        return pick_translation({"fr": self.title_fr, "nl": self.title_nl,
                                 "en": self.title_en}) or self.identifier

    @property
    def description(self) -> str:
        return pick_translation({"fr": self.description_fr, "nl": self.description_nl,
                                 "en": self.description_en})

    @property
    def publisher_label(self) -> str:
        if self.publisher_id:
            return str(self.publisher)
        return self.publisher_name or self.publisher_uri

    @property
    def theme_labels(self) -> list[str]:
        labels = dict(Theme.choices)
        return [str(labels[code]) for code in self.themes or [] if code in labels]

    @property
    def is_active(self) -> bool:
        return self.status == DatasetStatus.ACTIVE


class Distribution(models.Model):
    dataset = models.ForeignKey(Dataset, on_delete=models.CASCADE, related_name="distributions",
                                verbose_name=_("dataset"))
    uri = models.CharField(_("URI"), max_length=500, blank=True)
    title = models.CharField(_("title"), max_length=500, blank=True)
    access_url = models.CharField(_("access URL"), max_length=1000)
    download_url = models.CharField(_("download URL"), max_length=1000, blank=True)
    format = models.CharField(_("format (URI or name)"), max_length=300, blank=True)
    media_type = models.CharField(_("media type"), max_length=200, blank=True)
    licence = models.CharField(_("licence (URI)"), max_length=500, blank=True)

    class Meta:
        ordering = ["dataset", "pk"]
        verbose_name = _("distribution")
        verbose_name_plural = _("distributions")

    def __str__(self) -> str:
        return self.title or self.access_url
