"""The catalogue of regional solutions (white paper: Solutions Numériques Régionales).

A solution is what the orchestrator runs for several institutions: its descriptions in the three
languages, the capabilities it serves, the four label criteria, its service agreement with the
institutions (SLA), the supplier's contracts and operational levels (OLA), the compliance
documents institutions read before joining, and who adopted it when."""

from decimal import Decimal

from django.conf import settings
from django.core.exceptions import ValidationError
from django.core.validators import MaxValueValidator, MinValueValidator
from django.db import models
from django.urls import reverse
from django.utils.translation import gettext_lazy as _
from django.utils.translation import gettext_noop

from synergie.core.i18n import pick_translation
from synergie.core.validation import TypedInputModel

PERCENT = [MinValueValidator(Decimal("0")), MaxValueValidator(Decimal("100"))]
NOT_NEGATIVE = [MinValueValidator(Decimal("0"))]


class LabelStatus(models.TextChoices):
    CANDIDATE = "candidate", _("Candidate")
    LABELLED = "labelled", _("Labelled regional solution")
    WITHDRAWN = "withdrawn", _("Label withdrawn")


class SupportHours(models.TextChoices):
    BUSINESS = "business", _("Business hours (Monday–Friday 8:00–18:00, without public holidays)")
    CALENDAR = "calendar", _("Around the clock (calendar hours)")


class PriceModel(models.TextChoices):
    FREE = "free", _("Free of charge")
    FLAT = "flat", _("Flat fee per institution and year")
    PER_USER = "per_user", _("Per user and year")
    PER_USE = "per_use", _("Per use")


class Solution(TypedInputModel, models.Model):
    name_fr = models.CharField(_("name (French)"), max_length=200)
    name_nl = models.CharField(_("name (Dutch)"), max_length=200, blank=True)
    name_en = models.CharField(_("name (English)"), max_length=200, blank=True)
    summary_fr = models.CharField(_("summary (French)"), max_length=300, blank=True)
    summary_nl = models.CharField(_("summary (Dutch)"), max_length=300, blank=True)
    summary_en = models.CharField(_("summary (English)"), max_length=300, blank=True)
    description_fr = models.TextField(_("description (French)"), blank=True)
    description_nl = models.TextField(_("description (Dutch)"), blank=True)
    description_en = models.TextField(_("description (English)"), blank=True)
    domain = models.ForeignKey("reference.BusinessDomain", on_delete=models.PROTECT, null=True,
                               blank=True, related_name="+", verbose_name=_("business domain"))
    capabilities = models.ManyToManyField("reference.Capability", blank=True,
                                          related_name="solutions",
                                          verbose_name=_("capabilities"))
    cpv_codes = models.ManyToManyField("reference.CpvCode", blank=True, related_name="+",
                                       verbose_name=_("CPV codes"))

    # The four criteria of the label (DESIGN.md, from the white paper).
    meets_business_need = models.BooleanField(_("answers a real business need"), default=False)
    has_fitting_product = models.BooleanField(_("supported by a fitting technical product"),
                                              default=False)
    has_public_contract = models.BooleanField(_("usable through a public contract"),
                                              default=False)
    has_regional_gain = models.BooleanField(
        _("proven regional gain and an activatable service agreement"), default=False)
    label_status = models.CharField(_("label status"), max_length=12, choices=LabelStatus.choices,
                                    default=LabelStatus.CANDIDATE)

    # What publiccode.yml describes (catalogue.publiccode); `publiccode` keeps the whole document
    # as last imported, so that an export writes back the keys the catalogue does not model.
    code_url = models.URLField(_("source code repository"), max_length=500, blank=True)
    landing_url = models.URLField(_("website"), max_length=500, blank=True)
    software_version = models.CharField(_("version"), max_length=60, blank=True)
    release_date = models.DateField(_("release date"), null=True, blank=True)
    licence = models.CharField(_("licence (SPDX)"), max_length=200, blank=True)
    development_status = models.CharField(_("development status"), max_length=20, blank=True)
    software_type = models.CharField(_("software type"), max_length=40, blank=True)
    platforms = models.JSONField(_("platforms"), default=list, blank=True)
    publiccode = models.JSONField(_("publiccode.yml as imported"), null=True, blank=True)

    # The service agreement with the institutions (SLA); targets per priority in ServiceTarget.
    availability_target = models.DecimalField(
        _("availability target (%)"), max_digits=6, decimal_places=3, null=True, blank=True,
        validators=PERCENT)
    support_hours = models.CharField(_("support hours"), max_length=10,
                                     choices=SupportHours.choices, default=SupportHours.BUSINESS)
    price_model = models.CharField(_("price model"), max_length=10, choices=PriceModel.choices,
                                   default=PriceModel.FLAT)
    price_per_institution = models.DecimalField(
        _("price per institution and year (EUR)"), max_digits=12, decimal_places=2, null=True,
        blank=True, validators=NOT_NEGATIVE)
    implementation_support = models.TextField(_("implementation support"), blank=True)
    change_support = models.TextField(_("change support"), blank=True)

    created_at = models.DateTimeField(_("created"), auto_now_add=True)
    updated_at = models.DateTimeField(_("updated"), auto_now=True)

    class Meta:
        ordering = ["name_fr", "pk"]
        verbose_name = _("regional solution")
        verbose_name_plural = _("regional solutions")
        permissions = [
            ("manage_catalogue", gettext_noop("Run the catalogue, its suppliers and contracts")),
            ("join_solution", gettext_noop("Ask for one's institution to join a solution")),
        ]
        constraints = [
            models.UniqueConstraint(fields=["code_url"], condition=~models.Q(code_url=""),
                                    name="one_solution_per_repository"),
        ]

    def __str__(self) -> str:
        return self.name

    def get_absolute_url(self) -> str:
        return reverse("catalogue:detail", args=[self.pk])

    @property
    def name(self) -> str:
        return pick_translation({"fr": self.name_fr, "nl": self.name_nl, "en": self.name_en})

    @property
    def summary(self) -> str:
        return pick_translation({"fr": self.summary_fr, "nl": self.summary_nl,
                                 "en": self.summary_en})

    @property
    def description(self) -> str:
        return pick_translation({"fr": self.description_fr, "nl": self.description_nl,
                                 "en": self.description_en})

    @property
    def criteria_met(self) -> int:
        return sum([self.meets_business_need, self.has_fitting_product,
                    self.has_public_contract, self.has_regional_gain])

    @property
    def is_regional_label(self) -> bool:
        return self.label_status == LabelStatus.LABELLED

    def clean(self) -> None:
        if self.label_status == LabelStatus.LABELLED and self.criteria_met < 4:
            raise ValidationError({"label_status": _(
                "A solution is labelled only when it meets the four criteria.")})


class Priority(models.TextChoices):
    """The priorities of a ServiceNow incident, by their number ("1 - Critical" … "4 - Low")."""

    CRITICAL = "1", _("1 – Critical")
    HIGH = "2", _("2 – High")
    MODERATE = "3", _("3 – Moderate")
    LOW = "4", _("4 – Low")


class ServiceTarget(models.Model):
    """What the agreement promises for one priority: a first response and a resolution within
    so many hours (support hours or calendar hours, as the solution's agreement says)."""

    solution = models.ForeignKey(Solution, on_delete=models.CASCADE, related_name="targets",
                                 verbose_name=_("solution"))
    priority = models.CharField(_("priority"), max_length=1, choices=Priority.choices)
    response_hours = models.DecimalField(_("response within (hours)"), max_digits=7,
                                         decimal_places=2, validators=NOT_NEGATIVE)
    resolution_hours = models.DecimalField(_("resolution within (hours)"), max_digits=7,
                                           decimal_places=2, validators=NOT_NEGATIVE)
    compliance_goal = models.DecimalField(
        _("share of incidents resolved in time (%)"), max_digits=5, decimal_places=2,
        default=Decimal("95"), validators=PERCENT)

    class Meta:
        ordering = ["solution", "priority"]
        verbose_name = _("service target")
        verbose_name_plural = _("service targets")
        constraints = [models.UniqueConstraint(fields=["solution", "priority"],
                                               name="one_target_per_priority")]

    def __str__(self) -> str:
        return f"{self.solution} {self.get_priority_display()}"


class Supplier(TypedInputModel, models.Model):
    name = models.CharField(_("name"), max_length=200, unique=True)
    company_number = models.CharField(_("company number"), max_length=20, blank=True)
    contact = models.CharField(_("contact"), max_length=200, blank=True)

    class Meta:
        ordering = ["name"]
        verbose_name = _("supplier")
        verbose_name_plural = _("suppliers")

    def __str__(self) -> str:
        return self.name


class Contract(TypedInputModel, models.Model):
    """A public contract through which institutions use the solution, with what the supplier
    owes the orchestrator (OLA)."""

    solution = models.ForeignKey(Solution, on_delete=models.CASCADE, related_name="contracts",
                                 verbose_name=_("solution"))
    supplier = models.ForeignKey(Supplier, on_delete=models.PROTECT, related_name="contracts",
                                 verbose_name=_("supplier"))
    framework_reference = models.CharField(_("framework contract reference"), max_length=100)
    start_date = models.DateField(_("start"))
    end_date = models.DateField(_("end"))
    ceiling = models.DecimalField(_("ceiling (EUR)"), max_digits=14, decimal_places=2,
                                  validators=NOT_NEGATIVE)
    consumed = models.DecimalField(_("consumed (EUR)"), max_digits=14, decimal_places=2,
                                   default=Decimal("0"), validators=NOT_NEGATIVE)
    ola_availability = models.DecimalField(_("availability owed by the supplier (%)"),
                                           max_digits=6, decimal_places=3, null=True, blank=True,
                                           validators=PERCENT)
    ola_response_hours = models.DecimalField(
        _("supplier's response within (hours)"), max_digits=7, decimal_places=2, null=True,
        blank=True, validators=NOT_NEGATIVE)
    ola_resolution_hours = models.DecimalField(
        _("supplier's resolution within (hours)"), max_digits=7, decimal_places=2, null=True,
        blank=True, validators=NOT_NEGATIVE)

    class Meta:
        ordering = ["solution", "-end_date"]
        verbose_name = _("contract")
        verbose_name_plural = _("contracts")
        constraints = [models.CheckConstraint(condition=models.Q(end_date__gte=models.F(
            "start_date")), name="contract_ends_after_start")]

    def __str__(self) -> str:
        return f"{self.framework_reference} ({self.supplier})"

    @property
    def consumed_share(self) -> float | None:
        return float(self.consumed / self.ceiling) if self.ceiling else None

    def clean(self) -> None:
        if self.start_date and self.end_date and self.end_date < self.start_date:
            raise ValidationError({"end_date": _("The end cannot be before the start.")})


class Referent(TypedInputModel, models.Model):
    """Whom to ask about the solution in one institution (or at the orchestrator when the
    institution is empty)."""

    solution = models.ForeignKey(Solution, on_delete=models.CASCADE, related_name="referents",
                                 verbose_name=_("solution"))
    institution = models.ForeignKey("institutions.Institution", on_delete=models.CASCADE,
                                    null=True, blank=True, related_name="+",
                                    verbose_name=_("institution"))
    name = models.CharField(_("name"), max_length=200)
    email = models.EmailField(_("e-mail"), blank=True)

    class Meta:
        ordering = ["solution", "institution", "name"]
        verbose_name = _("referent")
        verbose_name_plural = _("referents")

    def __str__(self) -> str:
        return self.name


class DocumentationLink(TypedInputModel, models.Model):
    solution = models.ForeignKey(Solution, on_delete=models.CASCADE, related_name="links",
                                 verbose_name=_("solution"))
    title = models.CharField(_("title"), max_length=200)
    url = models.URLField(_("address"), max_length=500)
    language = models.CharField(_("language"), max_length=2, choices=settings.LANGUAGES,
                                blank=True)

    class Meta:
        ordering = ["solution", "title"]
        verbose_name = _("documentation link")
        verbose_name_plural = _("documentation links")

    def __str__(self) -> str:
        return self.title


class ComplianceKind(models.TextChoices):
    DPIA = "dpia", _("Data-protection impact assessment")
    PROCESSING_AGREEMENT = "processing", _("Processing agreement")
    SECURITY_TEST = "security", _("Security test report")
    OTHER = "other", _("Other compliance document")


class ComplianceDocument(TypedInputModel, models.Model):
    """What an institution's data-protection officer or security officer reads before joining.
    Readable by people of an institution and by the orchestrator, never by the public."""

    solution = models.ForeignKey(Solution, on_delete=models.CASCADE,
                                 related_name="compliance_documents", verbose_name=_("solution"))
    kind = models.CharField(_("kind"), max_length=12, choices=ComplianceKind.choices)
    title = models.CharField(_("title"), max_length=200)
    url = models.URLField(_("address"), max_length=500)
    issued_on = models.DateField(_("issued on"))
    valid_until = models.DateField(_("valid until"), null=True, blank=True)

    class Meta:
        ordering = ["solution", "kind", "-issued_on"]
        verbose_name = _("compliance document")
        verbose_name_plural = _("compliance documents")

    def __str__(self) -> str:
        return self.title


class AdoptionStage(models.TextChoices):
    INTERESTED = "interested", _("Interested")
    ONBOARDING = "onboarding", _("Onboarding")
    LIVE = "live", _("Live")
    LEAVING = "leaving", _("Leaving")
    LEFT = "left", _("Left")


class Adoption(models.Model):
    """Where one institution stands with one solution; every change is an AdoptionStep."""

    solution = models.ForeignKey(Solution, on_delete=models.CASCADE, related_name="adoptions",
                                 verbose_name=_("solution"))
    institution = models.ForeignKey("institutions.Institution", on_delete=models.PROTECT,
                                    related_name="adoptions", verbose_name=_("institution"))
    stage = models.CharField(_("stage"), max_length=12, choices=AdoptionStage.choices)
    since = models.DateField(_("since"))

    class Meta:
        ordering = ["solution", "institution"]
        verbose_name = _("adoption")
        verbose_name_plural = _("adoptions")
        constraints = [models.UniqueConstraint(fields=["solution", "institution"],
                                               name="one_adoption_per_institution")]

    def __str__(self) -> str:
        return f"{self.institution} – {self.solution}: {self.get_stage_display()}"


class AdoptionStep(models.Model):
    adoption = models.ForeignKey(Adoption, on_delete=models.CASCADE, related_name="steps",
                                 verbose_name=_("adoption"))
    stage = models.CharField(_("stage"), max_length=12, choices=AdoptionStage.choices)
    on = models.DateField(_("date"))
    reason = models.TextField(_("reason"), blank=True)
    recorded_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT,
                                    related_name="+", verbose_name=_("recorded by"))
    recorded_at = models.DateTimeField(_("recorded"), auto_now_add=True)

    class Meta:
        ordering = ["adoption", "on", "pk"]
        verbose_name = _("adoption step")
        verbose_name_plural = _("adoption steps")


class JoinRequestStatus(models.TextChoices):
    PENDING = "pending", _("Waiting for the orchestrator")
    ACCEPTED = "accepted", _("Accepted")
    DECLINED = "declined", _("Declined")


class JoinRequest(TypedInputModel, models.Model):
    """An institution asks to join a solution; the orchestrator accepts (the institution starts
    onboarding) or declines, with an answer."""

    solution = models.ForeignKey(Solution, on_delete=models.CASCADE,
                                 related_name="join_requests", verbose_name=_("solution"))
    institution = models.ForeignKey("institutions.Institution", on_delete=models.PROTECT,
                                    related_name="+", verbose_name=_("institution"))
    message = models.TextField(_("message"), blank=True)
    status = models.CharField(_("status"), max_length=10, choices=JoinRequestStatus.choices,
                              default=JoinRequestStatus.PENDING)
    answer = models.TextField(_("answer"), blank=True)
    requested_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT,
                                     related_name="+", verbose_name=_("requested by"))
    requested_at = models.DateTimeField(_("requested"), auto_now_add=True)
    handled_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT,
                                   null=True, blank=True, related_name="+",
                                   verbose_name=_("handled by"))
    handled_at = models.DateTimeField(_("handled"), null=True, blank=True)

    class Meta:
        ordering = ["-requested_at", "-pk"]
        verbose_name = _("request to join")
        verbose_name_plural = _("requests to join")
        constraints = [models.UniqueConstraint(
            fields=["solution", "institution"], condition=models.Q(status="pending"),
            name="one_pending_request_per_institution")]

    def __str__(self) -> str:
        return f"{self.institution} → {self.solution}"
