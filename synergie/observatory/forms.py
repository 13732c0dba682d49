from django import forms
from django.utils.translation import gettext_lazy as _

from synergie.institutions.models import Institution

FIRST, LAST = 2000, 2100


class FilterForm(forms.Form):
    year_from = forms.IntegerField(label=_("From year"), required=False, min_value=FIRST,
                                   max_value=LAST)
    year_to = forms.IntegerField(label=_("To year"), required=False, min_value=FIRST,
                                 max_value=LAST)
    institution = forms.ModelChoiceField(label=_("Institution"), required=False,
                                         queryset=Institution.objects.all(),
                                         empty_label=_("All institutions"))

    def __init__(self, *args, staff: bool, **kwargs):
        super().__init__(*args, **kwargs)
        if not staff:
            del self.fields["institution"]

    def clean(self):
        cleaned = super().clean()
        first, last = cleaned.get("year_from"), cleaned.get("year_to")
        if first and last and first > last:
            self.add_error("year_to", _("The last year cannot be before the first."))
        return cleaned
