from django import forms
from django.conf import settings
from django.utils.text import capfirst
from django.utils.translation import gettext_lazy as _

from synergie.core.forms import AccessibleErrorsMixin
from synergie.decisions.models import Decision, Meeting, Outcome
from synergie.needs.choices import offer_needs
from synergie.needs.forms import DateInput
from synergie.needs.models import Need, NeedStatus
from synergie.opportunities.models import Opportunity


class MeetingForm(AccessibleErrorsMixin, forms.ModelForm):
    class Meta:
        model = Meeting
        fields = ["title", "date"]
        widgets = {"date": DateInput()}


class AgendaItemForm(AccessibleErrorsMixin, forms.Form):
    opportunity = forms.ModelChoiceField(
        queryset=Opportunity.objects.none(), required=False, label=_("Pooling opportunity"),
        empty_label=_("Choose an opportunity"),
    )
    need = forms.ModelChoiceField(
        queryset=Need.objects.none(), required=False, label=_("Or a single need"),
        empty_label=_("Choose a need"),
    )

    def __init__(self, *args, user, need_search: str = "", **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["opportunity"].queryset = Opportunity.objects.visible_to(user).filter(
            agenda_items__isnull=True).order_by("title")
        # Needs in analysis are too many to list: the page's search box finds them.
        offer_needs(self.fields["need"], Need.objects.visible_to(user).filter(
            status=NeedStatus.IN_ANALYSIS, agenda_items__isnull=True), need_search,
            chosen=self.data.get("need") if self.is_bound else None)

    def clean(self):
        data = super().clean()
        if bool(data.get("opportunity")) == bool(data.get("need")):
            raise forms.ValidationError(_("Choose either an opportunity or a need."))
        return data


class DecisionForm(AccessibleErrorsMixin, forms.ModelForm):
    # Every outcome is a real choice: no empty "---------" radio, and none ticked in advance, so
    # the committee picks one on purpose.
    outcome = forms.ChoiceField(label=_("Decision"), choices=Outcome.choices,
                                widget=forms.RadioSelect())
    # No empty choice either: the page starts on the reader's language.
    language = forms.ChoiceField(
        label=capfirst(Decision._meta.get_field("language").verbose_name),
        choices=settings.LANGUAGES)

    class Meta:
        model = Decision
        fields = ["outcome", "motivation", "conditions", "language"]
        widgets = {"motivation": forms.Textarea(attrs={"rows": 4}),
                   "conditions": forms.Textarea(attrs={"rows": 2})}
        help_texts = {
            "motivation": _("Published with the decision, in the language you write it in."),
            "conditions": _("Required when the approval has conditions."),
        }


class ScenarioAgendaForm(AccessibleErrorsMixin, forms.Form):
    scenario = forms.ModelChoiceField(queryset=None, label=_("Optimised portfolio scenario"),
                                      empty_label=_("Choose a scenario"))

    def __init__(self, *args, user, **kwargs):
        from synergie.portfolio.models import Scenario

        super().__init__(*args, **kwargs)
        # Titles for the list; each scenario's stored input and result stay unread.
        self.fields["scenario"].queryset = Scenario.objects.visible_to(user).filter(
            result__isnull=False).only("pk", "title")


class DropAgendaItemForm(AccessibleErrorsMixin, forms.Form):
    reason = forms.CharField(label=_("Why (optional, kept in the meeting's history)"),
                             required=False, max_length=1000)
