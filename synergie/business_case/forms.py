from decimal import Decimal

from django import forms
from django.utils.translation import gettext_lazy as _

from synergie.business_case.models import BusinessCase, BusinessCaseMember
from synergie.core.forms import AccessibleErrorsMixin

# The inputs given per year of the horizon, shown as one row of a table each.
YEARLY_FIELDS = {
    "shared_one_off": _("Shared one-off cost"),
    "shared_recurring": _("Shared recurring cost"),
    "orchestrator_overhead": _("Orchestrator overhead"),
    "change_support_per_member": _("Change support per institution (by year since joining)"),
}


class BusinessCaseForm(AccessibleErrorsMixin, forms.ModelForm):
    class Meta:
        model = BusinessCase
        fields = ["first_year", "horizon", "discount_rate", "split_key", "onboarding_per_member",
                  "has_technical_product", "technical_product_note", "has_public_contract",
                  "public_contract_note"]
        widgets = {"technical_product_note": forms.Textarea(attrs={"rows": 2}),
                   "public_contract_note": forms.Textarea(attrs={"rows": 2})}
        help_texts = {
            "discount_rate": _("In percent per year, e.g. 3 for 3 %. Year 0 is not discounted."),
            "horizon": _("From 1 to 10 years."),
        }

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.years = list(range(self.instance.horizon))
        for name, label in YEARLY_FIELDS.items():
            values = list(getattr(self.instance, name) or [])
            for year in self.years:
                self.fields[f"{name}_{year}"] = forms.DecimalField(
                    label=f"{label}, {self.year_label(name, year)}", min_value=0,
                    max_digits=12, decimal_places=2, required=False,
                    initial=values[year] if year < len(values) else None,
                )

    def year_label(self, name: str, year: int) -> str:
        if name == "change_support_per_member":
            return str(_("year %(k)d after joining") % {"k": year})
        return str(self.instance.first_year + year)

    def yearly_rows(self):
        """For the template: (label, [bound fields of each year])."""
        return [(label, [self[f"{name}_{year}"] for year in self.years])
                for name, label in YEARLY_FIELDS.items()]

    def yearly_values(self) -> dict[str, list[float]]:
        return {
            name: [float(self.cleaned_data.get(f"{name}_{year}") or Decimal("0"))
                   for year in self.years]
            for name in YEARLY_FIELDS
        }


class MemberForm(AccessibleErrorsMixin, forms.ModelForm):
    class Meta:
        model = BusinessCaseMember
        fields = ["users", "declared_usage", "joins_in_year"]
