"""The inputs of an opportunity's regional business case; the figures are computed from them
by the engine (synergie/business_case/engine) each time, never stored."""

from decimal import Decimal

from django.conf import settings
from django.core.exceptions import ValidationError
from django.core.validators import MaxValueValidator, MinValueValidator
from django.db import models
from django.utils.translation import gettext_lazy as _

from synergie.business_case.engine import MAX_HORIZON
from synergie.core.validation import FIRST_YEAR, LAST_YEAR, TypedInputModel
from synergie.opportunities.models import Opportunity


class SplitKey(models.TextChoices):
    EQUAL = "equal", _("Equal shares")
    POPULATION = "population", _("Population")
    USERS = "users", _("Users")
    DECLARED_USAGE = "declared_usage", _("Declared usage")


class BusinessCaseQuerySet(models.QuerySet):
    def visible_to(self, user) -> "BusinessCaseQuerySet":
        """A business case is read by whoever may read its opportunity."""
        return self.filter(opportunity__in=Opportunity.objects.visible_to(user))


class BusinessCase(TypedInputModel, models.Model):
    opportunity = models.OneToOneField("opportunities.Opportunity", on_delete=models.CASCADE,
                                       related_name="business_case",
                                       verbose_name=_("pooling opportunity"))
    first_year = models.PositiveSmallIntegerField(_("first year"))
    horizon = models.PositiveSmallIntegerField(
        _("horizon (years)"), default=5,
        validators=[MinValueValidator(1), MaxValueValidator(MAX_HORIZON)])
    discount_rate = models.DecimalField(
        _("discount rate (%)"), max_digits=5, decimal_places=2, default=Decimal("3.00"),
        validators=[MinValueValidator(0), MaxValueValidator(25)])
    split_key = models.CharField(_("cost split key"), max_length=20, choices=SplitKey.choices,
                                 default=SplitKey.POPULATION)
    # Amounts per year of the horizon, year 0 first (EUR).
    shared_one_off = models.JSONField(_("shared one-off cost per year"), default=list)
    shared_recurring = models.JSONField(_("shared recurring cost per year"), default=list)
    orchestrator_overhead = models.JSONField(_("orchestrator overhead per year"), default=list)
    onboarding_per_member = models.DecimalField(
        _("onboarding cost per institution"), max_digits=12, decimal_places=2,
        default=Decimal("0"), validators=[MinValueValidator(0)])
    # Per year since an institution joins: change support and training.
    change_support_per_member = models.JSONField(
        _("change support per institution, by year since joining"), default=list)
    has_technical_product = models.BooleanField(
        _("a fitting technical product exists"), default=False)
    technical_product_note = models.TextField(_("technical product"), blank=True)
    has_public_contract = models.BooleanField(
        _("usable through one or more public contracts"), default=False)
    public_contract_note = models.TextField(_("public contracts"), blank=True)
    updated_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT,
                                   related_name="+", verbose_name=_("last changed by"))
    # Optimistic locking (audit.versions): goes up with each save that changes the edit form's
    # values, which carry the version they were loaded from.
    version = models.PositiveIntegerField(_("version"), default=1, editable=False)
    updated_at = models.DateTimeField(_("last change"), auto_now=True)

    objects = BusinessCaseQuerySet.as_manager()

    class Meta:
        verbose_name = _("regional business case")
        verbose_name_plural = _("regional business cases")

    def __str__(self) -> str:
        return str(self.opportunity)

    def clean(self) -> None:
        # The forms take calendar years; this holds for the admin and commands too.
        if self.first_year is not None and not FIRST_YEAR <= self.first_year <= LAST_YEAR:
            raise ValidationError({"first_year": _(
                "Give a calendar year between %(first)d and %(last)d."
            ) % {"first": FIRST_YEAR, "last": LAST_YEAR}})


class BusinessCaseMember(TypedInputModel, models.Model):
    """A member institution's values for the split keys and when it joins."""

    business_case = models.ForeignKey(BusinessCase, on_delete=models.CASCADE,
                                      related_name="members")
    institution = models.ForeignKey("institutions.Institution", on_delete=models.PROTECT,
                                    related_name="+", verbose_name=_("institution"))
    users = models.PositiveIntegerField(_("users"), default=1)
    declared_usage = models.DecimalField(_("declared usage"), max_digits=12, decimal_places=2,
                                         default=Decimal("1"),
                                         validators=[MinValueValidator(0)])
    joins_in_year = models.PositiveSmallIntegerField(_("joins in year"), default=0)

    class Meta:
        verbose_name = _("business case member")
        verbose_name_plural = _("business case members")
        ordering = ["institution__name_fr"]
        constraints = [models.UniqueConstraint(fields=["business_case", "institution"],
                                               name="one_member_row_per_institution")]

    def clean(self) -> None:
        horizon = self.business_case.horizon if self.business_case_id else None
        if horizon is not None and self.joins_in_year is not None \
                and self.joins_in_year >= horizon:
            raise ValidationError({"joins_in_year": _(
                "An institution joins within the horizon, in one of its %(years)d years."
            ) % {"years": horizon}})
