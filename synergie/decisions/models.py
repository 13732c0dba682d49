"""The steering committee's meetings, their agenda and the decisions it records, with the
motivation the public reads."""

from django.conf import settings
from django.db import models
from django.urls import reverse
from django.utils.translation import gettext_lazy as _
from django.utils.translation import gettext_noop

from synergie.core.subjects import OpportunityOrNeed, one_subject_constraint
from synergie.core.validation import TypedInputModel
from synergie.needs.scope import readable_region_objects


class MeetingQuerySet(models.QuerySet):
    def visible_to(self, user) -> "MeetingQuerySet":
        """The meetings `user` may read (their agendas name needs): all of them through a
        regional role; through an institution-scoped one, those with an item of its institution
        and none naming a need it may not read (see `needs.scope`)."""
        return readable_region_objects(
            self, user, ("decisions.manage_meeting", "needs.view_all_need"),
            AgendaItem.objects.filter(meeting=models.OuterRef("pk")),
            ["need", "opportunity__members__need"])


class Meeting(TypedInputModel, models.Model):
    title = models.CharField(_("title"), max_length=200)
    date = models.DateField(_("date"))
    scenario = models.ForeignKey("portfolio.Scenario", on_delete=models.SET_NULL, null=True,
                                 blank=True, related_name="meetings",
                                 verbose_name=_("portfolio scenario on the agenda"))
    created_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT,
                                   related_name="+", verbose_name=_("created by"))
    created_at = models.DateTimeField(_("created"), auto_now_add=True)

    objects = MeetingQuerySet.as_manager()

    class Meta:
        ordering = ["-date", "-pk"]
        verbose_name = _("steering committee meeting")
        verbose_name_plural = _("steering committee meetings")
        permissions = [("manage_meeting", gettext_noop("Prepare steering committee meetings"))]

    def __str__(self) -> str:
        return f"{self.title} ({self.date:%Y-%m-%d})"

    def get_absolute_url(self) -> str:
        return reverse("decisions:meeting", args=[self.pk])


class AgendaItem(OpportunityOrNeed, models.Model):
    """One point of the agenda: a pooling opportunity or a single need."""

    meeting = models.ForeignKey(Meeting, on_delete=models.CASCADE, related_name="items",
                                verbose_name=_("meeting"))
    opportunity = models.ForeignKey("opportunities.Opportunity", on_delete=models.PROTECT,
                                    null=True, blank=True, related_name="agenda_items",
                                    verbose_name=_("pooling opportunity"))
    need = models.ForeignKey("needs.Need", on_delete=models.PROTECT, null=True, blank=True,
                             related_name="agenda_items", verbose_name=_("need"))
    position = models.PositiveSmallIntegerField(_("position"), default=0)

    class Meta:
        ordering = ["meeting", "position", "pk"]
        verbose_name = _("agenda item")
        verbose_name_plural = _("agenda items")
        constraints = [one_subject_constraint("agenda_item_is_one_thing")]

    one_subject_message = _("An agenda item is either an opportunity or a need.")

    def clean(self) -> None:
        self.check_one_subject()


class Outcome(models.TextChoices):
    APPROVE = "approve", _("Approved")
    APPROVE_WITH_CONDITIONS = "approve_with_conditions", _("Approved with conditions")
    DEFER = "defer", _("Deferred")
    REJECT = "reject", _("Rejected")


class Decision(TypedInputModel, models.Model):
    item = models.OneToOneField(AgendaItem, on_delete=models.PROTECT, related_name="decision",
                                verbose_name=_("agenda item"))
    outcome = models.CharField(_("decision"), max_length=30, choices=Outcome.choices)
    motivation = models.TextField(_("motivation"))
    conditions = models.TextField(_("conditions"), blank=True)
    language = models.CharField(_("language of the motivation"), max_length=2,
                                choices=settings.LANGUAGES)
    decided_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT,
                                   related_name="+", verbose_name=_("recorded by"))
    decided_at = models.DateTimeField(_("recorded"), auto_now_add=True)

    class Meta:
        ordering = ["-decided_at", "-pk"]
        verbose_name = _("decision")
        verbose_name_plural = _("decisions")

    def __str__(self) -> str:
        return f"{self.get_outcome_display()}: {self.item.subject}"

    @property
    def date(self):
        """The day the committee decided: its meeting's date, not the day it was typed in
        (`decided_at`, kept with the audit entry)."""
        return self.item.meeting.date

    def get_absolute_url(self) -> str:
        return reverse("decisions:detail", args=[self.pk])
