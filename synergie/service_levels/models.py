"""Incidents read from the service desk's exports, and the service levels they add up to.

An export names a service (ServiceNow's `business_service`); the analyst maps each service to a
catalogue solution once, and the solution's agreement (catalogue.ServiceTarget) says within how
many hours each priority must be resolved. An incident keeps both counts of the hours it took,
calendar and business, so that changing the mapping or the agreement needs no re-import."""

from django.conf import settings
from django.db import models
from django.urls import reverse
from django.utils.translation import gettext_lazy as _

from synergie.catalogue.models import Priority


class Service(models.Model):
    name = models.CharField(_("service in the export"), max_length=200, unique=True)
    solution = models.ForeignKey("catalogue.Solution", on_delete=models.SET_NULL, null=True,
                                 blank=True, related_name="desk_services",
                                 verbose_name=_("solution"))

    class Meta:
        ordering = ["name"]
        verbose_name = _("service desk service")
        verbose_name_plural = _("service desk services")

    def __str__(self) -> str:
        return self.name


class Incident(models.Model):
    number = models.CharField(_("number"), max_length=40, unique=True)
    service = models.ForeignKey(Service, on_delete=models.PROTECT, related_name="incidents",
                                verbose_name=_("service"))
    priority = models.CharField(_("priority"), max_length=1, choices=Priority.choices)
    state = models.CharField(_("state"), max_length=40, blank=True)
    assignment_group = models.CharField(_("assignment group"), max_length=200, blank=True)
    short_description = models.TextField(_("short description"), blank=True)
    opened_at = models.DateTimeField(_("opened"))
    resolved_at = models.DateTimeField(_("resolved"), null=True, blank=True)
    closed_at = models.DateTimeField(_("closed"), null=True, blank=True)
    # Hours from opening to resolution (closure when the export gives no resolution); empty
    # while the incident is open, or when it was cancelled: then no month counts it.
    calendar_hours = models.FloatField(_("calendar hours"), null=True, blank=True)
    business_hours = models.FloatField(_("business hours"), null=True, blank=True)
    month = models.DateField(_("month of resolution"), null=True, blank=True)

    class Meta:
        ordering = ["number"]
        verbose_name = _("incident")
        verbose_name_plural = _("incidents")
        indexes = [models.Index(fields=["service", "month", "priority"],
                                name="incident_service_month")]

    def __str__(self) -> str:
        return self.number


class ImportStatus(models.TextChoices):
    QUEUED = "queued", _("Waiting for a worker")
    RUNNING = "running", _("Importing")
    DONE = "done", _("Imported")
    FAILED = "failed", _("Failed")


class IncidentImport(models.Model):
    """One export read: from the page (a background task) or from `synergie sla import`."""

    file_name = models.CharField(_("file"), max_length=255)
    status = models.CharField(_("status"), max_length=10, choices=ImportStatus.choices,
                              default=ImportStatus.QUEUED)
    lines_read = models.PositiveIntegerField(_("lines read"), default=0)
    imported = models.PositiveIntegerField(_("new incidents"), default=0)
    updated = models.PositiveIntegerField(_("incidents updated"), default=0)
    rejected_count = models.PositiveIntegerField(_("lines refused"), default=0)
    # The first refused lines, as {"line", "code", "params"}: written out in the reader's
    # language (presentation.describe_error).
    rejected = models.JSONField(_("refused lines"), default=list, blank=True)
    failure = models.JSONField(_("why the file could not be read"), default=dict, blank=True)
    created_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.SET_NULL,
                                   null=True, blank=True, related_name="+",
                                   verbose_name=_("imported by"))
    created_at = models.DateTimeField(_("started"), auto_now_add=True)
    finished_at = models.DateTimeField(_("finished"), null=True, blank=True)

    class Meta:
        ordering = ["-created_at", "-pk"]
        verbose_name = _("incident import")
        verbose_name_plural = _("incident imports")

    def __str__(self) -> str:
        return self.file_name

    def get_absolute_url(self) -> str:
        return reverse("service_levels:import_detail", args=[self.pk])

    @property
    def in_progress(self) -> bool:
        return self.status in (ImportStatus.QUEUED, ImportStatus.RUNNING)


class UploadChunk(models.Model):
    """An uploaded export, kept in the database in pieces until its import has read it: the
    worker may run on another machine than the web process, and neither holds the file whole."""

    upload = models.ForeignKey(IncidentImport, on_delete=models.CASCADE, related_name="chunks")
    position = models.PositiveIntegerField()
    data = models.BinaryField()

    class Meta:
        ordering = ["upload", "position"]
        constraints = [models.UniqueConstraint(fields=["upload", "position"],
                                               name="one_chunk_per_position")]
