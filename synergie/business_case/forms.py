"""The business case's inputs as a person types them: calendar years, plain amounts.

The engine counts years from 0; these forms show and take calendar years (the horizon's first
year is one, e.g. 2027) and hand the engine's indexes to the actions."""

from decimal import Decimal

from django import forms
from django.utils.translation import gettext_lazy as _
from django.utils.translation import ngettext

from synergie.audit.conflicts import VersionField
from synergie.business_case.models import BusinessCase, BusinessCaseMember
from synergie.core.forms import AccessibleErrorsMixin
from synergie.needs.models import FIRST_BUDGET_YEAR, LAST_BUDGET_YEAR

# The pooled scenario's inputs given per calendar year of the horizon, one table row each.
YEARLY_FIELDS = {
    "shared_one_off": _("Shared one-off cost"),
    "shared_recurring": _("Shared recurring cost"),
    "orchestrator_overhead": _("Orchestrator overhead"),
}
# Given per year since an institution joins, not per calendar year: a table of its own.
CHANGE_SUPPORT = "change_support_per_member"


def plain_number(value) -> str:
    """90000, 1.5, 0: a number as a person types it, without a trailing .0 or .00 and never in
    exponent form, so that what an input shows re-submits unchanged."""
    text = format(Decimal(str(value)).normalize(), "f")
    return "0" if text in ("-0", "") else text


def stored_amount(value: Decimal | None) -> int | float:
    """An amount for the JSON lists: whole euros stay whole (90000, not 90000.0)."""
    value = value or Decimal("0")
    return int(value) if value == value.to_integral_value() else float(value)


class AmountField(forms.DecimalField):
    def prepare_value(self, value):
        if isinstance(value, (Decimal, float, int)) and not isinstance(value, bool):
            return plain_number(value)
        return value


def since_joining_label(k: int) -> str:
    if k == 0:
        return str(_("In the joining year"))
    return ngettext("%(k)d year after joining", "%(k)d years after joining", k) % {"k": k}


class BusinessCaseForm(AccessibleErrorsMixin, forms.ModelForm):
    first_year = forms.IntegerField(
        label=_("First year"), min_value=FIRST_BUDGET_YEAR, max_value=LAST_BUDGET_YEAR,
        help_text=_("A calendar year, e.g. 2027: the columns below start there."))

    class Meta:
        model = BusinessCase
        fields = ["first_year", "horizon", "discount_rate", "split_key", "onboarding_per_member",
                  "has_technical_product", "technical_product_note", "has_public_contract",
                  "public_contract_note"]
        field_classes = {"discount_rate": AmountField, "onboarding_per_member": AmountField}
        widgets = {"technical_product_note": forms.Textarea(attrs={"rows": 2}),
                   "public_contract_note": forms.Textarea(attrs={"rows": 2})}
        labels = {"onboarding_per_member": _("Onboarding cost per institution (EUR)")}
        help_texts = {
            "discount_rate": _("In percent per year, e.g. 3 for 3 %. The first year is not "
                               "discounted."),
            "horizon": _("From 1 to 10 years."),
            "onboarding_per_member": _("Paid once by each institution, in the year it joins."),
        }

    version = VersionField()

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["version"].initial = self.instance.version
        self.years = [self.instance.first_year + t for t in range(self.instance.horizon)]
        for name, label in YEARLY_FIELDS.items():
            self._amount_fields(name, [f"{label}, {year}" for year in self.years])
        self._amount_fields(CHANGE_SUPPORT, [
            f"{_('Change support per institution')}, {since_joining_label(k)}"
            for k in range(len(self.years))])

    def _amount_fields(self, name: str, labels: list[str]) -> None:
        values = list(getattr(self.instance, name) or [])
        for index, label in enumerate(labels):
            self.fields[f"{name}_{index}"] = AmountField(
                label=label, min_value=0, max_digits=12, decimal_places=2, required=False,
                initial=values[index] if index < len(values) else None)

    def yearly_headings(self) -> list[str]:
        """Short, so that three columns of amounts fit a phone; the legend and each input's
        own label say the rest."""
        return [_("Shared, one-off"), _("Shared, recurring"), _("Orchestrator")]

    def yearly_rows(self):
        """For the template, one row per calendar year (a phone shows three inputs side by side,
        not ten): (year, [its bound field of each yearly input])."""
        return [(year, [self[f"{name}_{index}"] for name in YEARLY_FIELDS])
                for index, year in enumerate(self.years)]

    def change_support_fields(self):
        """For the template: (column heading, bound field), one per year since joining."""
        return [(since_joining_label(k), self[f"{CHANGE_SUPPORT}_{k}"])
                for k in range(len(self.years))]

    def yearly_values(self) -> dict[str, list[int | float]]:
        """One amount per year of the horizon being saved: a longer horizon adds years at
        zero, a shorter one drops the last years."""
        horizon = self.cleaned_data["horizon"]
        return {
            name: [stored_amount(self.cleaned_data.get(f"{name}_{index}"))
                   for index in range(horizon)]
            for name in [*YEARLY_FIELDS, CHANGE_SUPPORT]
        }


class MemberForm(AccessibleErrorsMixin, forms.ModelForm):
    """One member institution; `joins_in_year` is typed as a calendar year within the horizon
    and cleaned into the engine's index (0 for the first year)."""

    joins_in_year = forms.IntegerField(label=_("Joins in"))

    class Meta:
        model = BusinessCaseMember
        fields = ["users", "declared_usage"]
        field_classes = {"declared_usage": AmountField}

    def __init__(self, *args, first_year: int, horizon: int, **kwargs):
        super().__init__(*args, **kwargs)
        self.first_year, self.last_year = first_year, first_year + horizon - 1
        field = self.fields["joins_in_year"]
        field.initial = first_year + self.instance.joins_in_year
        field.widget.attrs.update(min=self.first_year, max=self.last_year)

    def clean_joins_in_year(self) -> int:
        year = self.cleaned_data["joins_in_year"]
        if not self.first_year <= year <= self.last_year:
            raise forms.ValidationError(
                _("Give a year between %(first)d and %(last)d, the years of the horizon."),
                params={"first": self.first_year, "last": self.last_year}, code="out_of_range")
        return year - self.first_year
