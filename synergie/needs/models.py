"""A multi-year digital need filed by an institution ("besoin numérique pluriannuel")."""

from decimal import Decimal

from django.conf import settings
from django.core.exceptions import ValidationError
from django.core.validators import MaxValueValidator, MinValueValidator
from django.db import models
from django.urls import reverse
from django.utils.translation import gettext_lazy as _
from django.utils.translation import gettext_noop

from synergie.accounts.backends import RoleHoldings, role_holdings
from synergie.kernel.text import fold
from synergie.core.validation import TypedInputModel

MAX_HORIZON_YEARS = 5
FIRST_BUDGET_YEAR = 2000
LAST_BUDGET_YEAR = 2100


class NeedStatus(models.TextChoices):
    DRAFT = "draft", _("Draft")
    SUBMITTED = "submitted", _("Submitted")
    IN_ANALYSIS = "in_analysis", _("In analysis")
    GROUPED = "grouped", _("Grouped")
    APPROVED = "approved", _("Decided: approved")
    REJECTED = "rejected", _("Decided: rejected")
    DEFERRED = "deferred", _("Decided: deferred")
    IN_DELIVERY = "in_delivery", _("In delivery")
    DELIVERED = "delivered", _("Delivered")
    WITHDRAWN = "withdrawn", _("Withdrawn")


DECIDED_STATUSES = (NeedStatus.APPROVED, NeedStatus.REJECTED, NeedStatus.DEFERRED)


class Confidentiality(models.TextChoices):
    INSTITUTION = "institution", _("Institution only")
    REGIONAL = "regional", _("Regional (all institutions of the region)")
    PUBLIC = "public", _("Public")


class Language(models.TextChoices):
    FRENCH = "fr", _("French")
    DUTCH = "nl", _("Dutch")
    ENGLISH = "en", _("English")


# Needs the public may read: published by their institution, and past the draft stage.
PUBLIC_Q = models.Q(confidentiality=Confidentiality.PUBLIC) & ~models.Q(status=NeedStatus.DRAFT)


def readable_q(holdings: RoleHoldings) -> models.Q | None:
    """The needs readable with these role permissions (None: every need): the one rule, which
    every list, page, form choice, search, map and export of needs starts from, and which each
    need's "who can read it" applies to every role. Drafts stay inside their institution.

    A role's scope bounds what "view all" means: a regional role reads every submitted need;
    an institution-scoped one reads its institutions' submitted needs, whatever their
    confidentiality, and the regional ones of the others, never another institution's
    institution-only need. "View shared" is by definition about other institutions' regional
    needs, so its scope does not narrow it (contributors hold it in their institution)."""
    if "needs.file_need" in holdings.regional:
        return None
    own = holdings.institutions_with("needs.file_need")
    submitted = ~models.Q(status=NeedStatus.DRAFT)
    if "needs.view_all_need" in holdings.regional:
        return submitted | models.Q(institution_id__in=own) if own else submitted
    readers = holdings.institutions_with("needs.view_all_need")
    visible = PUBLIC_Q
    if own:
        visible |= models.Q(institution_id__in=own)
    if readers:
        visible |= models.Q(institution_id__in=readers) & submitted
    if readers or holdings.anywhere("needs.view_shared_need"):
        visible |= models.Q(confidentiality=Confidentiality.REGIONAL) & submitted
    return visible


class NeedQuerySet(models.QuerySet):
    def visible_to(self, user) -> "NeedQuerySet":
        """Every need `user` may read (`readable_q` over the user's roles)."""
        if not user.is_authenticated or not user.is_active:
            return self.filter(PUBLIC_Q)
        if user.is_superuser:
            return self
        readable = readable_q(role_holdings(user))
        return self if readable is None else self.filter(readable)


class Need(TypedInputModel, models.Model):
    institution = models.ForeignKey(
        "institutions.Institution",
        on_delete=models.PROTECT,
        related_name="needs",
        verbose_name=_("institution"),
    )
    title = models.CharField(_("title"), max_length=200)
    description = models.TextField(_("description"), blank=True)
    language = models.CharField(
        _("language of the text"), max_length=2, choices=Language.choices, default=Language.FRENCH
    )
    domain = models.ForeignKey(
        "reference.BusinessDomain",
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="needs",
        verbose_name=_("business domain"),
    )
    cpv_code = models.ForeignKey(
        "reference.CpvCode",
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="needs",
        verbose_name=_("CPV code"),
    )
    desired_start = models.DateField(_("desired start"), null=True, blank=True)
    deadline = models.DateField(_("deadline"), null=True, blank=True)
    deadline_is_legal = models.BooleanField(_("the deadline is a legal obligation"), default=False)
    data_dependencies = models.TextField(_("data the need depends on"), blank=True)
    confidentiality = models.CharField(
        _("confidentiality"),
        max_length=20,
        choices=Confidentiality.choices,
        default=Confidentiality.REGIONAL,
    )
    status = models.CharField(
        _("status"), max_length=20, choices=NeedStatus.choices, default=NeedStatus.DRAFT
    )
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.PROTECT,
        related_name="filed_needs",
        verbose_name=_("filed by"),
    )
    created_at = models.DateTimeField(_("created"), auto_now_add=True)
    updated_at = models.DateTimeField(_("last change"), auto_now=True)
    # Optimistic locking (audit.versions): goes up with each save that changes the edit form's
    # values, which carry the version they were loaded from.
    version = models.PositiveIntegerField(_("version"), default=1, editable=False)
    submitted_at = models.DateTimeField(_("submitted"), null=True, blank=True)

    # Kept in step with the cost lines by `set_cost_summary`, so that the inbox filters and sorts
    # on columns instead of aggregating every need's lines on every page view.
    total_one_off = models.DecimalField(
        _("one-off cost"), max_digits=14, decimal_places=2, default=Decimal("0")
    )
    total_recurring = models.DecimalField(
        _("recurring cost"), max_digits=14, decimal_places=2, default=Decimal("0")
    )
    total_cost = models.DecimalField(
        _("total cost"), max_digits=14, decimal_places=2, default=Decimal("0"), db_index=True
    )
    first_year = models.PositiveSmallIntegerField(_("first year"), null=True, blank=True)
    last_year = models.PositiveSmallIntegerField(_("last year"), null=True, blank=True)
    # Title and description folded (lower case, no accents) for accent-insensitive search.
    search_text = models.TextField(editable=False, default="")

    objects = NeedQuerySet.as_manager()

    class Meta:
        ordering = ["-updated_at", "-pk"]
        verbose_name = _("need")
        verbose_name_plural = _("needs")
        permissions = [
            ("file_need", gettext_noop("File and edit the needs of one's institution")),
            ("view_shared_need",
             gettext_noop("Read the regional and public needs of other institutions")),
            ("view_all_need",
             gettext_noop("Read every submitted need of the region, confidential included")),
            ("analyse_need", gettext_noop("Analyse needs (purchasing office)")),
            ("decide_need", gettext_noop("Decide on needs (steering committee)")),
            ("deliver_need", gettext_noop("Deliver approved needs (PMO)")),
        ]
        # The inbox sorts a page of 25 out of the whole region: each sort it offers has an index
        # to read in order (the primary key breaks ties, as the ordering does), and the filters
        # people combine with the default sort have one that starts with the filter. The text
        # search's trigram index is PostgreSQL's own (migration 0004).
        indexes = [
            models.Index(fields=["status", "confidentiality"]),
            models.Index(fields=["institution", "status"]),
            models.Index(fields=["first_year", "last_year"]),
            models.Index(fields=["updated_at", "id"], name="need_by_last_change"),
            models.Index(fields=["submitted_at", "id"], name="need_by_submission"),
            models.Index(fields=["deadline", "id"], name="need_by_deadline"),
            models.Index(fields=["title", "id"], name="need_by_title"),
            models.Index(fields=["status", "updated_at"], name="need_status_by_change"),
            models.Index(fields=["institution", "updated_at"], name="need_institution_by_change"),
            models.Index(fields=["language", "updated_at"], name="need_language_by_change"),
        ]
        constraints = [
            models.CheckConstraint(
                condition=models.Q(deadline__isnull=True)
                | models.Q(desired_start__isnull=True)
                | models.Q(deadline__gte=models.F("desired_start")),
                name="need_deadline_after_start",
            ),
        ]

    def __str__(self) -> str:
        return self.title

    def get_absolute_url(self) -> str:
        return reverse("needs:detail", args=[self.pk])

    def clean(self) -> None:
        if self.deadline and self.desired_start and self.deadline < self.desired_start:
            raise ValidationError(
                {"deadline": _("The deadline cannot be before the desired start.")}
            )

    def missing_for_submission(self) -> dict[str, str]:
        """Fields a draft may leave empty but a submitted need must have, with the reason."""
        missing = {}
        if not self.description.strip():
            missing["description"] = _("Describe the need before submitting it.")
        if self.domain_id is None:
            missing["domain"] = _("Choose a business domain before submitting.")
        if self.desired_start is None:
            missing["desired_start"] = _("Give a desired start before submitting.")
        if self.total_cost <= 0:
            missing["costs"] = _("Estimate the cost of at least one year before submitting.")
        return missing

    def set_cost_summary(self, costs: list["NeedCost"]) -> None:
        self.total_one_off = sum((line.one_off for line in costs), Decimal("0"))
        self.total_recurring = sum((line.recurring for line in costs), Decimal("0"))
        self.total_cost = self.total_one_off + self.total_recurring
        years = [line.year for line in costs]
        self.first_year = min(years) if years else None
        self.last_year = max(years) if years else None

    def refresh_search_text(self) -> None:
        self.search_text = fold(f"{self.title}\n{self.description}")


class NeedCost(models.Model):
    """The estimate for one budget year: a one-off part and a recurring part, in EUR."""

    need = models.ForeignKey(
        Need, on_delete=models.CASCADE, related_name="costs", verbose_name=_("need")
    )
    year = models.PositiveSmallIntegerField(
        _("year"),
        validators=[MinValueValidator(FIRST_BUDGET_YEAR), MaxValueValidator(LAST_BUDGET_YEAR)],
    )
    one_off = models.DecimalField(
        _("one-off (EUR)"),
        max_digits=12,
        decimal_places=2,
        default=Decimal("0"),
        validators=[MinValueValidator(Decimal("0"))],
    )
    recurring = models.DecimalField(
        _("recurring (EUR)"),
        max_digits=12,
        decimal_places=2,
        default=Decimal("0"),
        validators=[MinValueValidator(Decimal("0"))],
    )

    class Meta:
        ordering = ["year"]
        verbose_name = _("yearly cost estimate")
        verbose_name_plural = _("yearly cost estimates")
        constraints = [
            models.UniqueConstraint(fields=["need", "year"], name="one_cost_line_per_year"),
            models.CheckConstraint(
                condition=models.Q(one_off__gte=0) & models.Q(recurring__gte=0),
                name="cost_not_negative",
            ),
        ]

    @property
    def total(self) -> Decimal:
        return self.one_off + self.recurring
