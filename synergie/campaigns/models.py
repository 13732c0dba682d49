"""The yearly needs campaign: the orchestrator asks every institution for its multi-year plan;
each answers by importing it, by filing needs one by one, or by saying it has nothing to declare.
"""

from django.conf import settings
from django.core.exceptions import ValidationError
from django.core.validators import MaxValueValidator, MinValueValidator
from django.db import models
from django.urls import reverse
from django.utils.translation import gettext_lazy as _
from django.utils.translation import gettext_noop


class Campaign(models.Model):
    year = models.PositiveSmallIntegerField(
        _("budget year"), unique=True,
        validators=[MinValueValidator(2000), MaxValueValidator(2100)])
    deadline = models.DateField(_("deadline"))
    # ISO dates, in order: the days the orchestrator reminds the institutions that have not
    # answered yet.
    reminder_dates = models.JSONField(_("reminder dates"), default=list, blank=True)
    message = models.TextField(_("message to the institutions"), blank=True)
    opened_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT,
                                  related_name="+", verbose_name=_("opened by"))
    opened_at = models.DateTimeField(_("opened"), auto_now_add=True)

    class Meta:
        ordering = ["-year"]
        verbose_name = _("needs campaign")
        verbose_name_plural = _("needs campaigns")
        permissions = [
            ("run_campaign", gettext_noop("Open the yearly needs campaign and follow it")),
        ]

    def __str__(self) -> str:
        return str(_("Needs campaign %(year)s") % {"year": self.year})

    def get_absolute_url(self) -> str:
        return reverse("campaigns:detail", args=[self.pk])

    def clean(self) -> None:
        for value in self.reminder_dates or []:
            if self.deadline and str(value) > self.deadline.isoformat():
                raise ValidationError(
                    {"reminder_dates": _("A reminder comes before the deadline.")})


class AnswerKind(models.TextChoices):
    IMPORTED = "imported", _("Imported its plan")
    NOTHING = "nothing", _("Nothing to declare")


class CampaignAnswer(models.Model):
    """What an institution said to a campaign (filing needs one by one counts without a row)."""

    campaign = models.ForeignKey(Campaign, on_delete=models.CASCADE, related_name="answers",
                                 verbose_name=_("campaign"))
    institution = models.ForeignKey("institutions.Institution", on_delete=models.PROTECT,
                                    related_name="+", verbose_name=_("institution"))
    kind = models.CharField(_("answer"), max_length=20, choices=AnswerKind.choices)
    needs_count = models.PositiveIntegerField(_("needs imported"), default=0)
    answered_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT,
                                    related_name="+", verbose_name=_("answered by"))
    answered_at = models.DateTimeField(_("answered"), auto_now_add=True)

    class Meta:
        ordering = ["answered_at"]
        verbose_name = _("campaign answer")
        verbose_name_plural = _("campaign answers")

    def __str__(self) -> str:
        return f"{self.campaign} · {self.institution}"


class UploadStatus(models.TextChoices):
    WAITING = "waiting", _("Waiting for confirmation")
    IMPORTED = "imported", _("Imported")


class PlanUpload(models.Model):
    """An uploaded plan kept server-side between its preview and its confirmation: what is
    imported is what was previewed, never a second upload."""

    campaign = models.ForeignKey(Campaign, on_delete=models.CASCADE, related_name="uploads",
                                 verbose_name=_("campaign"))
    institution = models.ForeignKey("institutions.Institution", on_delete=models.PROTECT,
                                    related_name="+", verbose_name=_("institution"))
    uploaded_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT,
                                    related_name="+", verbose_name=_("uploaded by"))
    uploaded_at = models.DateTimeField(_("uploaded"), auto_now_add=True)
    filename = models.CharField(_("file name"), max_length=255)
    content = models.BinaryField(_("content"))
    status = models.CharField(_("status"), max_length=20, choices=UploadStatus.choices,
                              default=UploadStatus.WAITING)

    class Meta:
        ordering = ["-uploaded_at"]
        verbose_name = _("uploaded plan")
        verbose_name_plural = _("uploaded plans")

    def __str__(self) -> str:
        return self.filename
