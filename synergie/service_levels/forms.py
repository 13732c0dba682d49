from django import forms
from django.utils.translation import gettext_lazy as _

from synergie.catalogue.models import Solution


class UploadForm(forms.Form):
    export = forms.FileField(label=_("Incident export (CSV)"), help_text=_(
        "A ServiceNow incident list exported as CSV, with the columns number, opened_at, "
        "resolved_at, closed_at, priority, state, business_service, assignment_group and "
        "short_description. Incidents already imported are updated by their number."))


class MappingForm(forms.Form):
    solution = forms.ModelChoiceField(Solution.objects.all(), required=False,
                                      label=_("Solution"), empty_label=_("(no solution)"))
