"""Experiments of the innovation lab (white paper: Laboratoire de Transformation Digitale).

An uncertain item is tried small before the region invests: a hypothesis, a budget, success
criteria and dates, then go or no-go with its reason. Stopping is a valid, recorded result."""

from decimal import Decimal

from django.conf import settings
from django.core.exceptions import ValidationError
from django.core.validators import MinValueValidator
from django.db import models
from django.urls import reverse
from django.utils.translation import gettext_lazy as _
from django.utils.translation import gettext_noop

from synergie.core.subjects import OpportunityOrNeed, one_subject_constraint
from synergie.core.validation import TypedInputModel
from synergie.needs.scope import readable_region_objects


class ExperimentStatus(models.TextChoices):
    RUNNING = "running", _("Running")
    GO = "go", _("Go: continue to a project")
    NO_GO = "no_go", _("No-go: stopped")


class ExperimentQuerySet(models.QuerySet):
    def visible_to(self, user) -> "ExperimentQuerySet":
        """The experiments `user` may read: all of them through a regional role; through an
        institution-scoped one, those about its institution's needs and no need it may not read
        (see `needs.scope`)."""
        return readable_region_objects(
            self, user, ("innovation.manage_experiment", "needs.view_all_need"),
            Experiment.objects.filter(pk=models.OuterRef("pk")),
            ["need", "opportunity__members__need"])


class Experiment(TypedInputModel, OpportunityOrNeed, models.Model):
    opportunity = models.ForeignKey("opportunities.Opportunity", on_delete=models.PROTECT,
                                    null=True, blank=True, related_name="experiments",
                                    verbose_name=_("pooling opportunity"))
    need = models.ForeignKey("needs.Need", on_delete=models.PROTECT, null=True, blank=True,
                             related_name="experiments", verbose_name=_("need"))
    title = models.CharField(_("title"), max_length=200)
    hypothesis = models.TextField(_("hypothesis"))
    success_criteria = models.TextField(_("success criteria"))
    budget = models.DecimalField(_("budget (EUR)"), max_digits=12, decimal_places=2,
                                 validators=[MinValueValidator(Decimal("0"))])
    # Stated when the experiment is set up, not derived from the subject's needs: one
    # experiment often tests one part of a larger opportunity, and a no-go only keeps that part
    # from being committed. Empty on experiments recorded before the field existed.
    rollout_cost_at_stake = models.DecimalField(
        _("roll-out cost at stake (EUR)"), max_digits=12, decimal_places=2, null=True,
        validators=[MinValueValidator(Decimal("0"))],
        help_text=_("What rolling out the tested solution would cost after a go. A no-go keeps "
                    "exactly this amount from being committed: state only the part this "
                    "experiment decides, not the whole opportunity."))
    start_date = models.DateField(_("start"))
    end_date = models.DateField(_("end"))
    status = models.CharField(_("status"), max_length=10, choices=ExperimentStatus.choices,
                              default=ExperimentStatus.RUNNING)
    outcome_reason = models.TextField(_("reason of the go / no-go"), blank=True)
    concluded_at = models.DateTimeField(_("concluded"), null=True, blank=True)
    created_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT,
                                   related_name="+", verbose_name=_("created by"))
    created_at = models.DateTimeField(_("created"), auto_now_add=True)

    objects = ExperimentQuerySet.as_manager()

    class Meta:
        ordering = ["-created_at", "-pk"]
        verbose_name = _("experiment")
        verbose_name_plural = _("experiments")
        permissions = [("manage_experiment", gettext_noop("Run experiments of the innovation lab"))]
        constraints = [
            one_subject_constraint("experiment_is_about_one_thing"),
            models.CheckConstraint(condition=models.Q(end_date__gte=models.F("start_date")),
                                   name="experiment_ends_after_start"),
        ]

    def __str__(self) -> str:
        return self.title

    def get_absolute_url(self) -> str:
        return reverse("innovation:detail", args=[self.pk])

    one_subject_message = _("An experiment is about either an opportunity or a need.")

    def clean(self) -> None:
        self.check_one_subject()
        if self.start_date and self.end_date and self.end_date < self.start_date:
            raise ValidationError({"end_date": _("The end cannot be before the start.")})

