from django import forms
from django.utils.translation import gettext_lazy as _

from synergie.algorithms import permissions, standard
from synergie.algorithms.labels import FIELDS
from synergie.algorithms.models import Feedback, RiskCategory
from synergie.core.forms import AccessibleErrorsMixin
from synergie.institutions.models import Institution

EDITED_FIELDS = [name for name in standard.FIELD_NAMES if name not in standard.NOT_EDITED]
CHOICES = {
    "status": standard.STATUSES,
    "publication_category": standard.PUBLICATION_CATEGORIES,
}


def describable_institutions(user):
    ids = permissions.describing_institution_ids(user)
    institutions = Institution.objects.filter(is_active=True)
    return institutions if ids is None else institutions.filter(pk__in=ids)


class AlgorithmForm(AccessibleErrorsMixin, forms.Form):
    """The standard's fields (those a person types), the EU AI Act risk category and, for a new
    entry, the institution."""

    institution = forms.ModelChoiceField(queryset=Institution.objects.none(),
                                         label=_("Institution"))
    risk_category = forms.ChoiceField(
        choices=RiskCategory.choices, label=_("EU AI Act risk category"),
        help_text=_("The category of the AI Act (Regulation (EU) 2024/1689) the system falls "
                    "in, or “not an AI system” for a rule-based algorithm."))

    def __init__(self, *args, user, algorithm=None, **kwargs):
        if algorithm is not None and "initial" not in kwargs:
            values = standard.view(algorithm.entry)
            values["theme"] = ", ".join(values["theme"])
            kwargs["initial"] = {**values, "risk_category": algorithm.risk_category}
        super().__init__(*args, **kwargs)
        if algorithm is None:
            self.fields["institution"].queryset = describable_institutions(user)
            self.fields["institution"].empty_label = None
        else:
            del self.fields["institution"]
        for name in EDITED_FIELDS:
            label, help_text, long = FIELDS[name]
            limit = standard.MAX_LENGTH.get(name)
            if limit and len(str(self.initial.get(name) or "")) > limit:
                limit = None  # an imported text already longer: kept as it came
            if name in CHOICES:
                current = self.initial.get(name, "")
                options = [("", "—")] + [(value, value) for value in CHOICES[name]]
                if current and current not in CHOICES[name]:
                    options.append((current, current))  # from an entry of the earlier shape
                field = forms.ChoiceField(choices=options, required=False)
            elif long:
                attrs = {"rows": 4}
                if algorithm is not None and standard.page_language(algorithm.entry):
                    # The entry's texts keep their language on a page in another (WCAG 3.1.2).
                    attrs["lang"] = standard.page_language(algorithm.entry)
                field = forms.CharField(required=False, max_length=limit,
                                        widget=forms.Textarea(attrs=attrs))
            else:
                field = forms.CharField(required=False, max_length=limit)
            field.label, field.help_text = label, help_text
            self.fields[name] = field
        self.fields["name"].required = True

    def clean_theme(self):
        return [part.strip() for part in self.cleaned_data["theme"].split(",") if part.strip()]

    def clean_start_date(self):
        return self._month("start_date")

    def clean_end_date(self):
        return self._month("end_date")

    def _month(self, name):
        value = self.cleaned_data[name].strip()
        if value and not standard.MONTH.match(value):
            raise forms.ValidationError(_("Write the month as YYYY-MM, e.g. 2023-01."))
        return value

    def values(self) -> dict:
        return {name: self.cleaned_data[name] for name in EDITED_FIELDS}


class FeedbackForm(AccessibleErrorsMixin, forms.ModelForm):
    # A field people do not see: robots fill it in (a honeypot).
    website = forms.CharField(required=False, label=_("Leave this field empty"))

    class Meta:
        model = Feedback
        fields = ["name", "email", "message"]
        widgets = {"message": forms.Textarea(attrs={"rows": 4})}
        help_texts = {
            "name": _("Optional; shown with your message."),
            "email": _("Optional; never shown, used only to answer you."),
        }

    def is_robot(self) -> bool:
        return bool(self.data.get("website"))


class TransitionForm(AccessibleErrorsMixin, forms.Form):
    comment = forms.CharField(required=False, label=_("Comment"),
                              widget=forms.Textarea(attrs={"rows": 2}))
