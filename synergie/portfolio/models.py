"""A portfolio scenario: candidates (opportunities and single needs) rated on weighted
criteria, a budget per year, a capacity per skill pool per year, and the optimiser's answer.

The instance sent to the optimiser and its result are stored with the scenario, so any decision
taken on it can be replayed."""

import functools

from django.conf import settings
from django.core.validators import MaxValueValidator, MinValueValidator
from django.db import models
from django.urls import reverse
from django.utils.translation import gettext_lazy as _
from django.utils.translation import gettext_noop

from synergie.core.subjects import OpportunityOrNeed, one_subject_constraint
from synergie.core.validation import TypedInputModel
from synergie.needs.scope import readable_region_objects
from synergie.portfolio.engine.criteria import CRITERIA


class Axis(models.TextChoices):
    """The PMO's five strategic axes (white paper, "Optimiser l'utilisation … des ressources")."""

    CONTINUITY = "continuity", _("Continuity of service")
    NEW_SERVICE = "new_service", _("New service")
    IMPROVEMENT = "improvement", _("Improvement")
    POLICY = "policy", _("Policy-driven")
    REGULATORY = "regulatory", _("Regulatory")


class RunStatus(models.TextChoices):
    NOT_RUN = "not_run", _("Not optimised yet")
    QUEUED = "queued", _("Queued")
    RUNNING = "running", _("Optimising")
    DONE = "done", _("Optimised")
    FAILED = "failed", _("Failed")


class FrontierStatus(models.TextChoices):
    NOT_RUN = "not_run", _("Not computed yet")
    QUEUED = "queued", _("Queued")
    RUNNING = "running", _("Computing")
    DONE = "done", _("Computed")
    FAILED = "failed", _("Failed")


# A partial of a builtin rather than a function of this module: migrations then hold the weights
# themselves and never import this module, which may change after they have run.
default_weights = functools.partial(dict, dict.fromkeys(CRITERIA, 1))


class ScenarioQuerySet(models.QuerySet):
    def visible_to(self, user) -> "ScenarioQuerySet":
        """The scenarios `user` may read: all of them through a regional role; through an
        institution-scoped one, those with a candidate of its institution and none naming a need
        it may not read (see `needs.scope`)."""
        return readable_region_objects(
            self, user, ("portfolio.manage_scenario", "needs.view_all_need"),
            ScenarioCandidate.objects.filter(scenario=models.OuterRef("pk")),
            ["need", "opportunity__members__need"])


class Scenario(TypedInputModel, models.Model):
    title = models.CharField(_("title"), max_length=200)
    notes = models.TextField(_("notes"), blank=True)
    first_year = models.PositiveSmallIntegerField(_("first year"))
    years = models.PositiveSmallIntegerField(
        _("number of years"), default=5, validators=[MinValueValidator(1), MaxValueValidator(10)])
    budget = models.JSONField(_("budget per year (EUR)"), default=list)
    # What the chosen candidates may cost, together, after the last year; None: nothing may
    # fall after it (docs/optimiser-instance.md, "The horizon").
    beyond_horizon_budget = models.FloatField(
        _("budget for costs after the last year (EUR)"), null=True, blank=True,
        validators=[MinValueValidator(0)])
    # {"pool name": [FTE per year]}
    capacity = models.JSONField(_("capacity per skill pool and year (FTE)"), default=dict,
                                blank=True)
    weights = models.JSONField(_("criteria weights"), default=default_weights)
    # {"axis": {"min": 0.1, "max": 0.5}}, shares of the total budget
    axis_bounds = models.JSONField(_("budget shares per axis"), default=dict, blank=True)
    run_status = models.CharField(_("optimisation"), max_length=10, choices=RunStatus.choices,
                                  default=RunStatus.NOT_RUN)
    run_message = models.CharField(_("optimisation progress"), max_length=300, blank=True)
    instance = models.JSONField(_("optimiser input"), null=True, blank=True)
    result = models.JSONField(_("optimiser result"), null=True, blank=True)
    solved_at = models.DateTimeField(_("optimised"), null=True, blank=True)
    # Computed in the background from `instance` (see tasks.compute_frontier); the page only
    # reads it. [{"factor", "budget", "value", "status", "selected"}], value None: no plan fits.
    frontier_status = models.CharField(_("efficient frontier"), max_length=10,
                                       choices=FrontierStatus.choices,
                                       default=FrontierStatus.NOT_RUN)
    frontier_message = models.CharField(_("efficient frontier progress"), max_length=300,
                                        blank=True)
    frontier = models.JSONField(_("efficient frontier points"), null=True, blank=True)
    frontier_computed_at = models.DateTimeField(_("efficient frontier computed"), null=True,
                                                blank=True)
    created_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT,
                                   related_name="+", verbose_name=_("created by"))
    created_at = models.DateTimeField(_("created"), auto_now_add=True)
    # Optimistic locking (audit.versions): goes up with each save that changes the edit form's
    # values, which carry the version they were loaded from.
    version = models.PositiveIntegerField(_("version"), default=1, editable=False)

    objects = ScenarioQuerySet.as_manager()

    class Meta:
        ordering = ["-created_at", "-pk"]
        verbose_name = _("portfolio scenario")
        verbose_name_plural = _("portfolio scenarios")
        permissions = [("manage_scenario", gettext_noop("Build and optimise portfolio scenarios"))]

    def __str__(self) -> str:
        return self.title

    def get_absolute_url(self) -> str:
        return reverse("portfolio:detail", args=[self.pk])

    @property
    def year_list(self) -> list[int]:
        return [self.first_year + k for k in range(self.years)]

    @property
    def frontier_is_stale(self) -> bool:
        """Optimised again since the frontier was computed: it may describe the old inputs."""
        return bool(self.frontier_computed_at and self.solved_at
                    and self.solved_at > self.frontier_computed_at)


class ScenarioCandidate(TypedInputModel, OpportunityOrNeed, models.Model):
    scenario = models.ForeignKey(Scenario, on_delete=models.CASCADE, related_name="candidates")
    opportunity = models.ForeignKey("opportunities.Opportunity", on_delete=models.CASCADE,
                                    null=True, blank=True, related_name="+",
                                    verbose_name=_("pooling opportunity"))
    need = models.ForeignKey("needs.Need", on_delete=models.CASCADE, null=True, blank=True,
                             related_name="+", verbose_name=_("need"))
    ratings = models.JSONField(_("ratings (0 to 5 per criterion)"), default=dict)
    axis = models.CharField(_("strategic axis"), max_length=20, choices=Axis.choices,
                            default=Axis.IMPROVEMENT)
    # {"pool name": [FTE in each year from the start]}
    demand = models.JSONField(_("demand per skill pool (FTE per year from the start)"),
                              default=dict, blank=True)
    mandatory = models.BooleanField(_("mandatory (legal deadline)"), default=False)
    forced = models.CharField(_("forced"), max_length=3, blank=True,
                              choices=[("in", _("forced in")), ("out", _("forced out"))])
    forced_reason = models.CharField(_("reason for forcing"), max_length=300, blank=True)
    depends_on = models.ManyToManyField("self", symmetrical=False, blank=True,
                                        related_name="needed_by",
                                        verbose_name=_("depends on"))
    excludes = models.ManyToManyField("self", symmetrical=True, blank=True,
                                      verbose_name=_("cannot go with"))

    class Meta:
        verbose_name = _("scenario candidate")
        verbose_name_plural = _("scenario candidates")
        ordering = ["pk"]
        constraints = [one_subject_constraint("candidate_is_one_thing")]

    def __str__(self) -> str:
        return str(self.subject)

    def clean(self) -> None:
        self.check_one_subject()

    @property
    def key(self) -> str:
        if self.opportunity_id:
            return f"opportunity-{self.opportunity_id}"
        return f"need-{self.need_id}"
