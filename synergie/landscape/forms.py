from django import forms
from django.utils.translation import gettext_lazy as _

from synergie.core.forms import AccessibleErrorsMixin
from synergie.institutions.models import Institution
from synergie.landscape import permissions
from synergie.landscape.models import Application
from synergie.needs.forms import DateInput
from synergie.reference.models import Capability


def recordable_institutions(user):
    """The institutions whose applications `user` records, for a choice list."""
    ids = permissions.recording_institution_ids(user)
    institutions = Institution.objects.filter(is_active=True)
    return institutions if ids is None else institutions.filter(pk__in=ids)


class ApplicationForm(AccessibleErrorsMixin, forms.ModelForm):
    class Meta:
        model = Application
        fields = ["institution", "name", "product", "vendor", "capabilities", "contract_end",
                  "yearly_cost", "users", "hosting", "notes"]
        widgets = {"contract_end": DateInput(), "notes": forms.Textarea(attrs={"rows": 3}),
                   "capabilities": forms.CheckboxSelectMultiple}
        help_texts = {
            "product": _("The software product, e.g. “Persée” or “SAP SuccessFactors”: the same "
                         "product in two institutions is written the same way."),
            "contract_end": _("When the current contract or licence ends: the moment to pool."),
        }

    def __init__(self, *args, user, **kwargs):
        super().__init__(*args, **kwargs)
        institutions = recordable_institutions(user)
        self.fields["institution"].queryset = institutions
        self.fields["institution"].empty_label = None
        self.fields["capabilities"].queryset = Capability.objects.order_by("position", "code")


class CapabilityForm(AccessibleErrorsMixin, forms.ModelForm):
    class Meta:
        model = Capability
        fields = ["code", "name_fr", "name_nl", "name_en", "domain"]


class ImportForm(AccessibleErrorsMixin, forms.Form):
    institution = forms.ModelChoiceField(queryset=Institution.objects.none(),
                                         label=_("Institution"), empty_label=None)
    file = forms.FileField(label=_("File (CSV or XLSX)"),
                           help_text=_("One application a line, with the template's headings."))

    def __init__(self, *args, user, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["institution"].queryset = recordable_institutions(user)
