from django import forms
from django.utils.translation import gettext_lazy as _

from synergie.accounts.models import User
from synergie.audit.conflicts import VersionField
from synergie.core.forms import AccessibleErrorsMixin
from synergie.needs.models import Need
from synergie.opportunities.models import Opportunity


def analysts():
    """Users who may lead an opportunity: those holding the permission through a role."""
    return User.objects.filter(
        is_active=True,
        memberships__role__permissions__codename="manage_opportunity",
        memberships__role__permissions__content_type__app_label="opportunities",
    ).distinct().order_by("last_name", "first_name")


class OpportunityForm(AccessibleErrorsMixin, forms.ModelForm):
    version = VersionField()

    class Meta:
        model = Opportunity
        fields = ["title", "lead_analyst", "status", "notes"]
        widgets = {"title": forms.TextInput(attrs={"size": 60}),
                   "notes": forms.Textarea(attrs={"rows": 4})}

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        if "version" in self.fields:
            self.fields["version"].initial = self.instance.version
        self.fields["lead_analyst"].queryset = analysts()
        self.fields["lead_analyst"].empty_label = None


class NewOpportunityForm(OpportunityForm):
    needs = forms.ModelMultipleChoiceField(
        queryset=Need.objects.none(), widget=forms.CheckboxSelectMultiple,
        label=_("Member needs"),
        error_messages={"required": _("Choose at least one need."),
                        "invalid_choice": _("The need %(value)s does not exist.")},
    )
    version = None  # a new opportunity has no earlier version to compare with

    class Meta(OpportunityForm.Meta):
        fields = ["title", "lead_analyst", "notes"]


class NeedSelectionForm(AccessibleErrorsMixin, forms.Form):
    needs = forms.ModelMultipleChoiceField(
        queryset=Need.objects.none(), widget=forms.CheckboxSelectMultiple,
        label=_("Needs to add"), error_messages={"required": _("Choose at least one need.")},
    )
