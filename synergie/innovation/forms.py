from django import forms
from django.utils.translation import gettext_lazy as _

from synergie.core.forms import AccessibleErrorsMixin
from synergie.innovation.models import Experiment
from synergie.needs.choices import offer_needs
from synergie.needs.forms import DateInput
from synergie.needs.models import Need, NeedStatus
from synergie.opportunities.models import Opportunity


class ExperimentForm(AccessibleErrorsMixin, forms.ModelForm):
    class Meta:
        model = Experiment
        fields = ["opportunity", "need", "title", "hypothesis", "success_criteria", "budget",
                  "rollout_cost_at_stake", "start_date", "end_date"]
        widgets = {"start_date": DateInput(), "end_date": DateInput(),
                   "hypothesis": forms.Textarea(attrs={"rows": 3}),
                   "success_criteria": forms.Textarea(attrs={"rows": 3})}
        help_texts = {
            "hypothesis": _("What the experiment must show, e.g. “citizens file a third of "
                            "their requests online within three months”."),
            "success_criteria": _("How go or no-go will be decided: measurable thresholds."),
            "budget": _("What the experiment itself may spend."),
        }

    def __init__(self, *args, user, need_search: str = "", **kwargs):
        super().__init__(*args, **kwargs)
        # Only what the user may read: a choice list prints the titles it offers.
        self.fields["opportunity"].queryset = Opportunity.objects.visible_to(user).order_by(
            "title")
        # Needs are too many to list: the page's search box finds them (needs.choices).
        offer_needs(self.fields["need"], Need.objects.visible_to(user).exclude(
            status__in=[NeedStatus.DRAFT, NeedStatus.WITHDRAWN]), need_search,
            chosen=self.data.get("need") if self.is_bound else self.initial.get("need"))

    def clean(self):
        data = super().clean()
        if bool(data.get("opportunity")) == bool(data.get("need")):
            raise forms.ValidationError(_("Choose either an opportunity or a need."))
        return data


class ConclusionForm(AccessibleErrorsMixin, forms.Form):
    decision = forms.ChoiceField(
        label=_("Decision"), widget=forms.RadioSelect,
        choices=[("go", _("Go: continue to a project")), ("no_go", _("No-go: stop here"))],
    )
    reason = forms.CharField(label=_("Reason"), widget=forms.Textarea(attrs={"rows": 3}))
