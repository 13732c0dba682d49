from django import forms
from django.utils.translation import gettext_lazy as _

from synergie.core.forms import AccessibleErrorsMixin
from synergie.portfolio.engine.criteria import CRITERIA
from synergie.portfolio.models import Axis, ScenarioCandidate

CRITERION_LABELS = {
    "strategic_value": _("Strategic value"),
    "regional_gain": _("Regional gain"),
    "legal_obligation": _("Legal obligation"),
    "inclusion": _("Inclusion"),
    "sustainability": _("Sustainability"),
    "risk": _("Low risk"),
    "urgency": _("Urgency"),
}
RATING_CHOICES = [(value, str(value)) for value in range(6)]


def parse_numbers(text: str, field_label) -> list[float]:
    """ "100000; 120000" → [100000.0, 120000.0], with a message naming the bad value."""
    values = []
    for part in [p.strip() for p in text.replace(";", " ").split()] if text else []:
        try:
            number = float(part.replace(",", "."))
        except ValueError:
            raise forms.ValidationError(
                _("“%(value)s” is not a number.") % {"value": part}) from None
        if number < 0:
            raise forms.ValidationError(_("Amounts cannot be negative."))
        values.append(number)
    return values


class ScenarioForm(AccessibleErrorsMixin, forms.Form):
    title = forms.CharField(label=_("Title"), max_length=200)
    first_year = forms.IntegerField(label=_("First year"), min_value=2000, max_value=2100)
    years = forms.IntegerField(label=_("Number of years"), min_value=1, max_value=10, initial=5)
    budget = forms.CharField(
        label=_("Budget per year (EUR)"),
        help_text=_("One amount per year, separated by spaces, e.g. 2000000 2500000 2500000."))
    capacity = forms.CharField(
        label=_("Capacity per skill pool (FTE per year)"), widget=forms.Textarea(attrs={"rows": 4}),
        help_text=_("One pool per line: its name, a colon, then one figure per year, e.g. "
                    "“Project managers: 4 4 5 5 5”."), required=False)

    def clean_budget(self):
        return parse_numbers(self.cleaned_data["budget"], self.fields["budget"].label)

    def clean_capacity(self):
        pools = {}
        for number, line in enumerate((self.cleaned_data["capacity"] or "").splitlines(), 1):
            if not line.strip():
                continue
            if ":" not in line:
                raise forms.ValidationError(
                    _("Line %(line)d: write the pool's name, a colon, then the figures.")
                    % {"line": number})
            name, figures = line.split(":", 1)
            try:
                pools[name.strip()] = parse_numbers(figures, name)
            except forms.ValidationError as error:
                raise forms.ValidationError(
                    _("Line %(line)d: %(error)s") % {"line": number,
                                                      "error": " ".join(error.messages)}
                ) from None
        return pools

    def clean(self):
        data = super().clean()
        years = data.get("years")
        if years and data.get("budget") is not None and len(data["budget"]) != years:
            self.add_error("budget", _("Give one amount for each of the %(years)d years.")
                           % {"years": years})
        for pool, values in (data.get("capacity") or {}).items():
            if years and len(values) != years:
                self.add_error("capacity", _("“%(pool)s”: give one figure for each of the "
                                             "%(years)d years.") % {"pool": pool, "years": years})
        return data


class WeightsForm(AccessibleErrorsMixin, forms.Form):
    def __init__(self, *args, weights, **kwargs):
        super().__init__(*args, **kwargs)
        for criterion in CRITERIA:
            self.fields[criterion] = forms.DecimalField(
                label=CRITERION_LABELS[criterion], min_value=0, max_value=100, decimal_places=2,
                initial=weights.get(criterion, 0))


class CandidateForm(AccessibleErrorsMixin, forms.ModelForm):
    class Meta:
        model = ScenarioCandidate
        fields = ["axis", "mandatory", "forced", "forced_reason"]

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        for criterion in CRITERIA:
            self.fields[f"rating_{criterion}"] = forms.TypedChoiceField(
                label=CRITERION_LABELS[criterion], choices=RATING_CHOICES, coerce=int,
                initial=self.instance.ratings.get(criterion, 0))
        self.fields["axis"].choices = Axis.choices

    def clean(self):
        data = super().clean()
        if data.get("forced") and not (data.get("forced_reason") or "").strip():
            self.add_error("forced_reason", _("Say why the item is forced in or out."))
        return data

    def ratings(self) -> dict[str, int]:
        return {criterion: self.cleaned_data[f"rating_{criterion}"] for criterion in CRITERIA}
