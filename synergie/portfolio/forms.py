import math

from django import forms
from django.utils.translation import gettext_lazy as _

from synergie.core.forms import AccessibleErrorsMixin
from synergie.portfolio.engine.criteria import CRITERIA
from synergie.portfolio.engine.instance import MAX_MAGNITUDE
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


def parse_numbers(text: str, field_label) -> list[float]:
    """ "100000; 120000" → [100000.0, 120000.0], with a message naming the bad value."""
    values = []
    for part in [p.strip() for p in text.replace(";", " ").split()] if text else []:
        try:
            number = float(part.replace(",", "."))
        except ValueError:
            raise forms.ValidationError(
                _("“%(value)s” is not a number.") % {"value": part}) from None
        # float() reads "nan", "inf" and "1e400" (infinite) too: none is an amount.
        if not math.isfinite(number):
            raise forms.ValidationError(
                _("“%(value)s” is not a number.") % {"value": part})
        if number > MAX_MAGNITUDE:
            raise forms.ValidationError(
                _("“%(value)s” is too large.") % {"value": part})
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
    beyond_horizon_budget = forms.FloatField(
        label=_("Budget for costs after the last year (EUR)"), required=False, min_value=0,
        max_value=MAX_MAGNITUDE,
        help_text=_("What the chosen candidates may still cost, together, after the last "
                    "planning year. Left empty, every cost must fall within the planning years: "
                    "a candidate cannot start so late that its costs run past them."))
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
            name = name.strip()
            if not name:
                raise forms.ValidationError(
                    _("Line %(line)d: give the pool's name before the colon.") % {"line": number})
            if name in pools:
                raise forms.ValidationError(
                    _("Line %(line)d: the pool “%(pool)s” is already given above.")
                    % {"line": number, "pool": name})
            try:
                pools[name] = parse_numbers(figures, name)
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
    """The weight of each criterion: the first row of the scenario page's grid, each input named
    by its column's header and the row's."""

    def __init__(self, *args, weights, **kwargs):
        super().__init__(*args, **kwargs)
        for criterion in CRITERIA:
            self.fields[criterion] = forms.DecimalField(
                label=CRITERION_LABELS[criterion], min_value=0, max_value=100, decimal_places=2,
                initial=f"{float(weights.get(criterion, 0)):g}",
                widget=forms.NumberInput(attrs={
                    "aria-labelledby": f"k-{criterion} weights-row", "step": "any"}))


class RatingsForm(AccessibleErrorsMixin, forms.Form):
    """One candidate's rating (0 to 5) on each criterion: a row of the scenario page's grid."""

    def __init__(self, *args, candidate: ScenarioCandidate, **kwargs):
        super().__init__(*args, **kwargs)
        for criterion in CRITERIA:
            self.fields[criterion] = forms.IntegerField(
                label=CRITERION_LABELS[criterion], min_value=0, max_value=5,
                initial=candidate.ratings.get(criterion, 0),
                widget=forms.NumberInput(attrs={
                    "aria-labelledby": f"k-{criterion} t{candidate.pk}"}))

    def ratings(self) -> dict[str, int]:
        return {criterion: self.cleaned_data[criterion] for criterion in CRITERIA}


class CandidateForm(AccessibleErrorsMixin, forms.ModelForm):
    """What the grid does not show: axis, forcing and the people the candidate needs."""

    class Meta:
        model = ScenarioCandidate
        fields = ["axis", "mandatory", "forced", "forced_reason"]

    demand_text = forms.CharField(
        label=_("People needed (FTE per year from the start, per pool)"), required=False,
        help_text=_("e.g. “Chefs de projet: 1 0.5; Architectes: 0.5”"))

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["demand_text"].initial = describe_demand(self.instance.demand)
        self.fields["axis"].choices = Axis.choices

    def clean_demand_text(self):
        demand = {}
        for part in (self.cleaned_data["demand_text"] or "").split(";"):
            if not part.strip():
                continue
            if ":" not in part:
                raise forms.ValidationError(_("Write the pool's name, a colon, then the figures."))
            name, figures = part.split(":", 1)
            name = name.strip()
            if not name:
                raise forms.ValidationError(_("Give the pool's name before the colon."))
            if name in demand:
                raise forms.ValidationError(
                    _("The pool “%(pool)s” is given twice.") % {"pool": name})
            demand[name] = parse_numbers(figures, name)
        return demand

    def clean(self):
        data = super().clean()
        if data.get("forced") and not (data.get("forced_reason") or "").strip():
            self.add_error("forced_reason", _("Say why the item is forced in or out."))
        return data


def describe_demand(demand: dict) -> str:
    """{"Chefs de projet": [1, 0.5]} → "Chefs de projet: 1 0.5" (the form's own notation)."""
    return "; ".join(f"{pool}: {' '.join(f'{v:g}' for v in values)}"
                     for pool, values in (demand or {}).items())


class AxisBoundsForm(AccessibleErrorsMixin, forms.Form):
    """Minimum and maximum share of the total budget per strategic axis, in percent: a table,
    one row per axis."""

    def __init__(self, *args, bounds: dict, **kwargs):
        super().__init__(*args, **kwargs)
        for axis, label in Axis.choices:
            current = bounds.get(axis, {})
            for end, default in (("min", 0), ("max", 100)):
                name = f"{axis}_{end}"
                self.fields[name] = forms.DecimalField(
                    label=(_("%(axis)s: at least (%% of the budget)") if end == "min"
                           else _("%(axis)s: at most (%% of the budget)")) % {"axis": label},
                    min_value=0, max_value=100, decimal_places=1, required=False,
                    initial=round(100 * current.get(end, default / 100), 1),
                    widget=forms.NumberInput(attrs={
                        "aria-labelledby": f"axis-{axis} axis-{end}", "step": "any"}))

    def rows(self) -> list[tuple[str, str, forms.BoundField, forms.BoundField]]:
        return [(axis, label, self[f"{axis}_min"], self[f"{axis}_max"])
                for axis, label in Axis.choices]

    def clean(self):
        data = super().clean()
        for axis, label in Axis.choices:
            low, high = data.get(f"{axis}_min"), data.get(f"{axis}_max")
            if low is not None and high is not None and low > high:
                self.add_error(f"{axis}_min", _("The minimum is above the maximum."))
        return data

    def bounds(self) -> dict:
        """Only the axes that are bounded; an empty field means no bound."""
        bounds = {}
        for axis, _label in Axis.choices:
            low = float(self.cleaned_data.get(f"{axis}_min") or 0) / 100
            high = self.cleaned_data.get(f"{axis}_max")
            high = 1.0 if high is None else float(high) / 100
            if low > 0 or high < 1:
                bounds[axis] = {"min": low, "max": high}
        return bounds


class LinkForm(AccessibleErrorsMixin, forms.Form):
    """A dependency ("first needs second") or an exclusion between two candidates, added from
    the first candidate's page."""

    kind = forms.ChoiceField(label=_("Link"), choices=[
        ("depends", _("needs (the other starts the same year or earlier)")),
        ("excludes", _("cannot go with")),
    ])
    first = forms.ModelChoiceField(queryset=ScenarioCandidate.objects.none(),
                                   widget=forms.HiddenInput)
    second = forms.ModelChoiceField(queryset=ScenarioCandidate.objects.none(),
                                    label=_("Other candidate"))

    def __init__(self, *args, scenario, first: ScenarioCandidate | None = None, **kwargs):
        super().__init__(*args, **kwargs)
        candidates = scenario.candidates.select_related("opportunity", "need")
        self.fields["first"].queryset = candidates
        self.fields["second"].queryset = candidates.exclude(pk=first.pk) if first else candidates
        if first:
            self.fields["first"].initial = first.pk

    def clean(self):
        data = super().clean()
        if data.get("first") and data.get("first") == data.get("second"):
            raise forms.ValidationError(_("Choose two different candidates."))
        return data


SAATY_SCALE = [
    ("5", _("much more important")), ("3", _("more important")), ("1", _("as important")),
    ("0.3333333333", _("less important")), ("0.2", _("much less important")),
]


class PairwiseForm(AccessibleErrorsMixin, forms.Form):
    """For each pair of criteria: how much more the first matters than the second."""

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        for i, first in enumerate(CRITERIA):
            for second in CRITERIA[i + 1:]:
                self.fields[f"{first}__{second}"] = forms.ChoiceField(
                    label=_("%(first)s, compared with %(second)s, is")
                    % {"first": CRITERION_LABELS[first], "second": CRITERION_LABELS[second]},
                    choices=SAATY_SCALE, initial="1")

    def preferences(self) -> dict[tuple[str, str], float]:
        return {tuple(name.split("__")): float(value)
                for name, value in self.cleaned_data.items()}
