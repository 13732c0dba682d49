"""Projects the regional PMO runs once the steering committee approved them.

A project is born from one approved decision. It keeps what the PMO follows: an owner, the member
institutions, milestones (planned and actual dates), deliverables, a RAG status with its dated
history, risks and issues, budget planned and spent per year, and the people it takes per skill
pool and month. The skill pools are free names, the same as a portfolio scenario's capacity."""

from decimal import Decimal

from django.conf import settings
from django.core.validators import MaxValueValidator, MinValueValidator
from django.db import models
from django.db.models import Exists, OuterRef
from django.urls import reverse
from django.utils.translation import gettext_lazy as _
from django.utils.translation import gettext_noop

from synergie.accounts.backends import institutions_with_any_perm
from synergie.core.validation import TypedInputModel
from synergie.portfolio.models import Axis

# Who reads projects: the PMO and the regional readers everywhere; a member of an institution
# (a contributor, or a reader scoped to it) only the projects the institution is a member of.
READING_PERMISSIONS = ("delivery.manage_project", "needs.view_all_need",
                       "needs.view_shared_need", "needs.file_need")


class ProjectStatus(models.TextChoices):
    IN_DELIVERY = "in_delivery", _("In delivery")
    ON_HOLD = "on_hold", _("On hold")
    DELIVERED = "delivered", _("Delivered")
    STOPPED = "stopped", _("Stopped")


class Rag(models.TextChoices):
    GREEN = "green", _("Green: on track")
    AMBER = "amber", _("Amber: at risk")
    RED = "red", _("Red: off track")


class ProjectQuerySet(models.QuerySet):
    def visible_to(self, user) -> "ProjectQuerySet":
        if not user.is_authenticated:
            return self.none()
        scope = institutions_with_any_perm(user, READING_PERMISSIONS)
        if scope is None:
            return self
        return self.filter(Exists(Project.institutions.through.objects.filter(
            project=OuterRef("pk"), institution_id__in=scope)))


class Project(TypedInputModel, models.Model):
    decision = models.OneToOneField("decisions.Decision", on_delete=models.PROTECT,
                                    related_name="project", verbose_name=_("decision"))
    title = models.CharField(_("title"), max_length=200)
    owner = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, null=True,
                              blank=True, related_name="+", verbose_name=_("owner"))
    institutions = models.ManyToManyField("institutions.Institution", blank=True,
                                          related_name="projects",
                                          verbose_name=_("member institutions"))
    axis = models.CharField(_("strategic axis"), max_length=20, choices=Axis.choices,
                            blank=True)
    status = models.CharField(_("status"), max_length=20, choices=ProjectStatus.choices,
                              default=ProjectStatus.IN_DELIVERY)
    rag = models.CharField(_("RAG status"), max_length=5, choices=Rag.choices,
                           default=Rag.GREEN)
    progress = models.PositiveSmallIntegerField(
        _("progress (%)"), default=0, validators=[MaxValueValidator(100)])
    created_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT,
                                   related_name="+", verbose_name=_("created by"))
    created_at = models.DateTimeField(_("created"), auto_now_add=True)

    objects = ProjectQuerySet.as_manager()

    class Meta:
        ordering = ["title", "pk"]
        verbose_name = _("project")
        verbose_name_plural = _("projects")
        permissions = [("manage_project", gettext_noop("Run the regional projects (PMO)"))]

    def __str__(self) -> str:
        return self.title

    def get_absolute_url(self) -> str:
        return reverse("delivery:detail", args=[self.pk])

    def next_milestone(self):
        """The first milestone not reached yet, by planned date."""
        return next((m for m in self.milestones.all() if m.actual_date is None), None)

    def span(self):
        """(first, last) planned or actual dates of its milestones; None without milestones."""
        dates = [d for m in self.milestones.all() for d in (m.planned_date, m.actual_date) if d]
        return (min(dates), max(dates)) if dates else None


class Milestone(TypedInputModel, models.Model):
    project = models.ForeignKey(Project, on_delete=models.CASCADE, related_name="milestones")
    title = models.CharField(_("title"), max_length=200)
    planned_date = models.DateField(_("planned date"))
    actual_date = models.DateField(_("actual date"), null=True, blank=True)

    class Meta:
        ordering = ["planned_date", "pk"]
        verbose_name = _("milestone")
        verbose_name_plural = _("milestones")

    def __str__(self) -> str:
        return self.title

    @property
    def days_late(self) -> int:
        """Days reached after the planned date (negative: early); 0 while not reached."""
        return (self.actual_date - self.planned_date).days if self.actual_date else 0


class Deliverable(TypedInputModel, models.Model):
    project = models.ForeignKey(Project, on_delete=models.CASCADE, related_name="deliverables")
    title = models.CharField(_("title"), max_length=200)
    due_date = models.DateField(_("due date"), null=True, blank=True)
    delivered = models.BooleanField(_("delivered"), default=False)

    class Meta:
        ordering = ["due_date", "pk"]
        verbose_name = _("deliverable")
        verbose_name_plural = _("deliverables")

    def __str__(self) -> str:
        return self.title


class StatusReport(TypedInputModel, models.Model):
    """One dated RAG status with the PMO's comment: the project's status history."""

    project = models.ForeignKey(Project, on_delete=models.CASCADE, related_name="reports")
    date = models.DateField(_("date"))
    rag = models.CharField(_("RAG status"), max_length=5, choices=Rag.choices)
    comment = models.TextField(_("comment"), blank=True)
    created_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT,
                                   related_name="+", verbose_name=_("reported by"))

    class Meta:
        ordering = ["-date", "-pk"]
        verbose_name = _("status report")
        verbose_name_plural = _("status reports")

    def __str__(self) -> str:
        return f"{self.project} {self.date:%Y-%m-%d} {self.rag}"


class RiskKind(models.TextChoices):
    RISK = "risk", _("Risk")
    ISSUE = "issue", _("Issue")


class Severity(models.IntegerChoices):
    LOW = 1, _("Low")
    MEDIUM = 2, _("Medium")
    HIGH = 3, _("High")


class RiskStatus(models.TextChoices):
    OPEN = "open", _("Open")
    MITIGATED = "mitigated", _("Mitigated")
    CLOSED = "closed", _("Closed")


class Risk(TypedInputModel, models.Model):
    """A risk (may happen) or an issue (happened), with who handles it."""

    project = models.ForeignKey(Project, on_delete=models.CASCADE, related_name="risks")
    kind = models.CharField(_("kind"), max_length=5, choices=RiskKind.choices,
                            default=RiskKind.RISK)
    title = models.CharField(_("title"), max_length=200)
    severity = models.PositiveSmallIntegerField(_("severity"), choices=Severity.choices,
                                                default=Severity.MEDIUM)
    owner = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, null=True,
                              blank=True, related_name="+", verbose_name=_("owner"))
    status = models.CharField(_("status"), max_length=9, choices=RiskStatus.choices,
                              default=RiskStatus.OPEN)

    class Meta:
        ordering = ["-severity", "pk"]
        verbose_name = _("risk or issue")
        verbose_name_plural = _("risks and issues")

    def __str__(self) -> str:
        return self.title


class BudgetYear(TypedInputModel, models.Model):
    project = models.ForeignKey(Project, on_delete=models.CASCADE, related_name="budget")
    year = models.PositiveSmallIntegerField(
        _("year"), validators=[MinValueValidator(2000), MaxValueValidator(2100)])
    planned = models.DecimalField(_("planned (EUR)"), max_digits=12, decimal_places=2,
                                  default=Decimal("0"), validators=[MinValueValidator(0)])
    spent = models.DecimalField(_("spent (EUR)"), max_digits=12, decimal_places=2,
                                default=Decimal("0"), validators=[MinValueValidator(0)])

    class Meta:
        ordering = ["year"]
        verbose_name = _("budget year")
        verbose_name_plural = _("budget years")
        constraints = [models.UniqueConstraint(fields=["project", "year"],
                                               name="one_budget_line_per_project_year")]

    def __str__(self) -> str:
        return f"{self.project} {self.year}"


FTE_FIELD = dict(max_digits=6, decimal_places=2,
                 validators=[MinValueValidator(Decimal("0.01")), MaxValueValidator(999)])


class Allocation(TypedInputModel, models.Model):
    """People a project takes from a skill pool in one month (FTE). `month` is its first day."""

    project = models.ForeignKey(Project, on_delete=models.CASCADE, related_name="allocations")
    pool = models.CharField(_("skill pool"), max_length=100)
    month = models.DateField(_("month"))
    fte = models.DecimalField(_("FTE"), **FTE_FIELD)

    class Meta:
        ordering = ["pool", "month"]
        verbose_name = _("allocation")
        verbose_name_plural = _("allocations")
        constraints = [
            models.UniqueConstraint(fields=["project", "pool", "month"],
                                    name="one_allocation_per_project_pool_month"),
            models.CheckConstraint(condition=models.Q(month__day=1),
                                   name="allocation_month_is_first_day"),
        ]

    def __str__(self) -> str:
        return f"{self.pool} {self.month:%Y-%m}"


class PoolCapacity(TypedInputModel, models.Model):
    """The people a skill pool has in one month (FTE), as the PMO enters it."""

    pool = models.CharField(_("skill pool"), max_length=100)
    month = models.DateField(_("month"))
    fte = models.DecimalField(_("FTE"), max_digits=6, decimal_places=2,
                              validators=[MinValueValidator(0), MaxValueValidator(999)])

    class Meta:
        ordering = ["pool", "month"]
        verbose_name = _("pool capacity")
        verbose_name_plural = _("pool capacities")
        constraints = [
            models.UniqueConstraint(fields=["pool", "month"], name="one_capacity_per_pool_month"),
            models.CheckConstraint(condition=models.Q(month__day=1),
                                   name="capacity_month_is_first_day"),
        ]

    def __str__(self) -> str:
        return f"{self.pool} {self.month:%Y-%m}"
