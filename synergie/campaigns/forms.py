from datetime import date

from django import forms
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from synergie.core.forms import AccessibleErrorsMixin
from synergie.needs.forms import DateInput


class CampaignForm(AccessibleErrorsMixin, forms.Form):
    year = forms.IntegerField(label=gettext_lazy("Budget year"), min_value=2000,
                              max_value=2100)
    deadline = forms.DateField(label=gettext_lazy("Deadline for the answers"),
                               widget=DateInput())
    reminder_dates = forms.CharField(
        label=gettext_lazy("Reminder dates"), required=False,
        help_text=gettext_lazy("Dates before the deadline, separated by commas, e.g. "
                               "2026-10-01, 2026-10-15."))
    message = forms.CharField(label=gettext_lazy("Message to the institutions"),
                              required=False, max_length=4000,
                              widget=forms.Textarea(attrs={"rows": 3}))

    def clean_reminder_dates(self) -> list[date]:
        dates = []
        for part in self.cleaned_data["reminder_dates"].replace(";", ",").split(","):
            part = part.strip()
            if not part:
                continue
            try:
                dates.append(date.fromisoformat(part))
            except ValueError:
                raise forms.ValidationError(
                    _("“%(value)s” is not a date: write it as 2026-10-01.") % {
                        "value": part}) from None
        return dates

    def clean(self):
        data = super().clean()
        deadline = data.get("deadline")
        if deadline and any(d > deadline for d in data.get("reminder_dates") or []):
            self.add_error("reminder_dates", _("A reminder comes before the deadline."))
        return data


class InstitutionChoiceMixin:
    def _set_institutions(self, institutions):
        self.fields["institution"].queryset = institutions
        if institutions.count() == 1:
            self.fields["institution"].initial = institutions.first()
            self.fields["institution"].empty_label = None


class UploadForm(AccessibleErrorsMixin, InstitutionChoiceMixin, forms.Form):
    institution = forms.ModelChoiceField(label=gettext_lazy("Institution"), queryset=None)
    file = forms.FileField(label=gettext_lazy("Plan (CSV or XLSX, at most 10 MB)"))

    def __init__(self, *args, institutions, **kwargs):
        super().__init__(*args, **kwargs)
        self._set_institutions(institutions)


class NothingForm(AccessibleErrorsMixin, InstitutionChoiceMixin, forms.Form):
    institution = forms.ModelChoiceField(label=gettext_lazy("Institution"), queryset=None)

    def __init__(self, *args, institutions, **kwargs):
        super().__init__(*args, **kwargs)
        self._set_institutions(institutions)
