from datetime import date
from decimal import Decimal

from django import forms
from django.utils.translation import gettext
from django.utils.translation import gettext_lazy as _

from synergie.audit.conflicts import VersionField
from synergie.core.forms import AccessibleErrorsMixin
from synergie.core.validation import FIRST_YEAR, LAST_YEAR
from synergie.institutions.models import Institution
from synergie.needs.actions import EDITABLE_FIELDS, CostLine
from synergie.needs.models import (
    FIRST_BUDGET_YEAR,
    LAST_BUDGET_YEAR,
    MAX_HORIZON_YEARS,
    Need,
)
from synergie.needs.readers import roles_reading_every_submitted_need
from synergie.reference.models import CpvCode


# What the models accept (core.validation), offered by the browser's date picker too.
DATE_BOUNDS = {"min": f"{FIRST_YEAR}-01-01", "max": f"{LAST_YEAR}-12-31"}


class DateInput(forms.DateInput):
    input_type = "date"

    def __init__(self, attrs=None):
        super().__init__(attrs={**DATE_BOUNDS, **(attrs or {})}, format="%Y-%m-%d")


def confidentiality_help() -> str:
    """What each confidentiality means, naming the roles that read every need from the role
    data (an administrator may change them), not from what the code once granted."""
    roles = roles_reading_every_submitted_need()
    if roles:
        institution_only = gettext(
            "Institution only: the members of your institution and %(roles)s."
        ) % {"roles": ", ".join(roles)}
    else:
        institution_only = gettext("Institution only: the members of your institution.")
    return " ".join([
        gettext("Who may read this need once it is submitted."), institution_only,
        gettext("Regional: also the other institutions of the region. Public: everyone, "
                "without signing in."),
        gettext("Each need's page lists who can read it."),
    ])


class NeedForm(AccessibleErrorsMixin, forms.ModelForm):
    cpv_code = forms.ModelChoiceField(
        queryset=CpvCode.objects.all(),
        to_field_name="code",
        required=False,
        label=_("CPV code"),
        widget=forms.TextInput(attrs={"inputmode": "numeric", "pattern": r"\d{8}", "size": 10}),
        help_text=_("Optional: the 8 digits of the Common Procurement Vocabulary, e.g. 48450000."),
        error_messages={"invalid_choice": _("No CPV code %(value)s exists. Give 8 digits.")},
    )

    class Meta:
        model = Need
        fields = EDITABLE_FIELDS
        widgets = {
            "title": forms.TextInput(attrs={"size": 60}),
            "description": forms.Textarea(attrs={"rows": 8}),
            "data_dependencies": forms.Textarea(attrs={"rows": 3}),
            "desired_start": DateInput(),
            "deadline": DateInput(),
            "confidentiality": forms.RadioSelect(),
        }
        help_texts = {
            "title": _("A short name another institution would recognise."),
            "description": _(
                "The context, the problem, what you want and your constraints (users, volumes, "
                "sites, legal basis). Required to submit."
            ),
            "language": _("The language you write the title and description in."),
            "domain": _("Required to submit."),
            "desired_start": _("Required to submit."),
            "deadline": _("Leave empty when there is none."),
            "data_dependencies": _(
                "Registers, databases or data flows the need relies on, e.g. the National "
                "Register or Urbis."
            ),
            # Completed in __init__ with the roles that read every need, as they are stored.
            "confidentiality": _("Who may read this need once it is submitted."),
        }

    version = VersionField()

    def __init__(self, *args, institutions, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["version"].initial = self.instance.version
        self.fields["institution"].queryset = institutions
        self.fields["institution"].empty_label = None
        self.fields["domain"].empty_label = _("Choose a domain")
        self.fields["confidentiality"].help_text = confidentiality_help()
        if self.instance.pk and self.instance.cpv_code_id:
            self.initial["cpv_code"] = self.instance.cpv_code_id


class CostLineForm(AccessibleErrorsMixin, forms.Form):
    year = forms.IntegerField(
        label=_("Year"), min_value=FIRST_BUDGET_YEAR, max_value=LAST_BUDGET_YEAR, required=False
    )
    one_off = forms.DecimalField(
        label=_("One-off (EUR)"), min_value=0, max_digits=12, decimal_places=2, required=False
    )
    recurring = forms.DecimalField(
        label=_("Recurring (EUR)"), min_value=0, max_digits=12, decimal_places=2, required=False
    )

    def clean(self):
        data = super().clean()
        has_amount = data.get("one_off") is not None or data.get("recurring") is not None
        if has_amount and data.get("year") is None and "year" not in self.errors:
            self.add_error("year", _("Give the year of this estimate."))
        return data

    def cost_line(self) -> CostLine | None:
        data = self.cleaned_data
        if not data or data.get("year") is None:
            return None
        if data.get("one_off") is None and data.get("recurring") is None:
            return None  # a pre-filled year left blank
        return CostLine(
            year=data["year"],
            one_off=data.get("one_off") or Decimal("0"),
            recurring=data.get("recurring") or Decimal("0"),
        )


class BaseCostFormSet(forms.BaseFormSet):
    def clean(self):
        # The page always sends its five rows; fewer (a forged TOTAL_FORMS of -1 or 0) would
        # read as "no estimates" and silently delete the stored ones.
        if self.total_form_count() != MAX_HORIZON_YEARS:
            raise forms.ValidationError(
                _("The cost estimate did not arrive whole, so nothing was saved. Reload the page "
                  "and enter your changes again."), code="incomplete_formset")
        if any(self.errors):
            return
        years = [line.year for line in self.cost_lines()]
        if len(set(years)) != len(years):
            raise forms.ValidationError(_("Each year can appear only once."))
        if years and max(years) - min(years) + 1 > MAX_HORIZON_YEARS:
            raise forms.ValidationError(
                _("The horizon is at most %(years)d years.") % {"years": MAX_HORIZON_YEARS}
            )

    def cost_lines(self) -> list[CostLine]:
        return [line for form in self.forms if (line := form.cost_line()) is not None]


CostFormSet = forms.formset_factory(
    CostLineForm,
    formset=BaseCostFormSet,
    extra=0,
    min_num=MAX_HORIZON_YEARS,
    max_num=MAX_HORIZON_YEARS,
    validate_max=True,
)


def cost_initial(need: Need | None) -> list[dict]:
    """Five rows: the need's estimates, then the following years, ready to fill in."""
    rows = [
        {"year": c.year, "one_off": c.one_off, "recurring": c.recurring}
        for c in (need.costs.all() if need and need.pk else [])
    ]
    next_year = rows[-1]["year"] + 1 if rows else date.today().year + 1
    while len(rows) < MAX_HORIZON_YEARS:
        rows.append({"year": next_year})
        next_year += 1
    return rows


class TransitionForm(AccessibleErrorsMixin, forms.Form):
    comment = forms.CharField(
        label=_("Comment"),
        required=False,
        widget=forms.Textarea(attrs={"rows": 3}),
        max_length=4000,
    )


def institution_choices(institution_ids: set[int] | None):
    """Active institutions among `institution_ids` (None: all)."""
    queryset = Institution.objects.filter(is_active=True)
    if institution_ids is not None:
        queryset = queryset.filter(pk__in=institution_ids)
    return queryset
