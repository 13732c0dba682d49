from django import forms
from django.utils.translation import gettext_lazy as _

from synergie.catalogue.actions import EDITABLE_FIELDS
from synergie.catalogue.models import (
    AdoptionStage,
    ComplianceDocument,
    Contract,
    DocumentationLink,
    Priority,
    Referent,
    Solution,
)
from synergie.core.forms import AccessibleErrorsMixin
from synergie.institutions.models import Institution
from synergie.needs.forms import DateInput
from synergie.reference.models import Capability, CpvCode

TEXTAREA = forms.Textarea(attrs={"rows": 3})


class SolutionForm(AccessibleErrorsMixin, forms.ModelForm):
    capabilities = forms.ModelMultipleChoiceField(
        queryset=Capability.objects.all(), required=False, label=_("Capabilities"),
        widget=forms.CheckboxSelectMultiple)
    cpv = forms.CharField(
        label=_("CPV codes"), required=False, max_length=400,
        help_text=_("Eight-digit codes of the Common Procurement Vocabulary, separated by "
                    "spaces, e.g. 48000000 72000000."))

    class Meta:
        model = Solution
        fields = [name for name in EDITABLE_FIELDS if name != "platforms"]
        widgets = {"release_date": DateInput(),
                   **{f"description_{lang}": forms.Textarea(attrs={"rows": 4})
                      for lang in ("fr", "nl", "en")},
                   "implementation_support": TEXTAREA, "change_support": TEXTAREA}

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        if self.instance.pk and not self.is_bound:
            self.initial["capabilities"] = list(self.instance.capabilities.all())
            self.initial["cpv"] = " ".join(
                self.instance.cpv_codes.values_list("code", flat=True))

    def clean_cpv(self):
        codes = self.cleaned_data["cpv"].split()
        found = dict(CpvCode.objects.filter(code__in=codes).values_list("code", "code"))
        unknown = [code for code in codes if code not in found]
        if unknown:
            raise forms.ValidationError(
                _("Unknown CPV codes: %(codes)s.") % {"codes": ", ".join(unknown)})
        return list(CpvCode.objects.filter(code__in=codes))

    def changes(self) -> dict:
        """The edited model fields, as the action takes them."""
        return {name: self.cleaned_data[name] for name in self._meta.fields}


class ServiceTargetsForm(AccessibleErrorsMixin, forms.Form):
    """Response and resolution targets for the four priorities; a priority left empty has no
    target."""

    def __init__(self, *args, solution: Solution, **kwargs):
        super().__init__(*args, **kwargs)
        current = {target.priority: target for target in solution.targets.all()}
        for priority, label in Priority.choices:
            target = current.get(priority)
            for name, field_label in (("response_hours", _("response within (hours)")),
                                      ("resolution_hours", _("resolution within (hours)")),
                                      ("compliance_goal", _("in-time goal (%)"))):
                self.fields[f"{name}_{priority}"] = forms.DecimalField(
                    label=f"{label}: {field_label}", required=False, min_value=0,
                    max_value=100 if name == "compliance_goal" else 10_000,
                    max_digits=7, decimal_places=2,
                    initial=getattr(target, name) if target else None)

    def rows(self):
        return [(label, [self[f"{name}_{priority}"] for name in
                         ("response_hours", "resolution_hours", "compliance_goal")])
                for priority, label in Priority.choices]

    def clean(self):
        data = super().clean()
        self.targets = {}
        for priority, label in Priority.choices:
            response = data.get(f"response_hours_{priority}")
            resolution = data.get(f"resolution_hours_{priority}")
            goal = data.get(f"compliance_goal_{priority}")
            if response is None and resolution is None:
                continue
            if response is None or resolution is None:
                self.add_error(f"resolution_hours_{priority}" if resolution is None
                               else f"response_hours_{priority}",
                               _("Give both the response and the resolution target."))
                continue
            if resolution < response:
                self.add_error(f"resolution_hours_{priority}",
                               _("The resolution cannot come before the first response."))
                continue
            self.targets[priority] = {"response_hours": response, "resolution_hours": resolution,
                                      **({"compliance_goal": goal} if goal is not None else {})}
        return data


class ContractForm(AccessibleErrorsMixin, forms.ModelForm):
    class Meta:
        model = Contract
        fields = ["supplier", "framework_reference", "start_date", "end_date", "ceiling",
                  "consumed", "ola_availability", "ola_response_hours", "ola_resolution_hours"]
        widgets = {"start_date": DateInput(), "end_date": DateInput()}


class ReferentForm(AccessibleErrorsMixin, forms.ModelForm):
    class Meta:
        model = Referent
        fields = ["institution", "name", "email"]
        help_texts = {"institution": _("Empty: the orchestrator's referent.")}

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["institution"].queryset = Institution.objects.filter(is_active=True)


class DocumentationLinkForm(AccessibleErrorsMixin, forms.ModelForm):
    class Meta:
        model = DocumentationLink
        fields = ["title", "url", "language"]


class ComplianceDocumentForm(AccessibleErrorsMixin, forms.ModelForm):
    class Meta:
        model = ComplianceDocument
        fields = ["kind", "title", "url", "issued_on", "valid_until"]
        widgets = {"issued_on": DateInput(), "valid_until": DateInput()}


ITEM_FORMS = {"contract": ContractForm, "referent": ReferentForm, "link": DocumentationLinkForm,
              "document": ComplianceDocumentForm}


class AdoptionForm(AccessibleErrorsMixin, forms.Form):
    institution = forms.ModelChoiceField(queryset=Institution.objects.filter(is_active=True),
                                         label=_("Institution"))
    stage = forms.ChoiceField(choices=AdoptionStage.choices, label=_("Stage"))
    on = forms.DateField(label=_("Date"), widget=DateInput())
    reason = forms.CharField(label=_("Reason"), required=False, widget=TEXTAREA,
                             help_text=_("Required when the institution leaves."))


class JoinRequestForm(AccessibleErrorsMixin, forms.Form):
    institution = forms.ModelChoiceField(queryset=Institution.objects.none(),
                                         label=_("Institution"))
    message = forms.CharField(label=_("Message to the orchestrator"), required=False,
                              widget=TEXTAREA, max_length=2000,
                              help_text=_("For instance when you would like to start, and how "
                                          "many people would use it."))

    def __init__(self, *args, institution_ids, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["institution"].queryset = Institution.objects.filter(pk__in=institution_ids)
        if len(institution_ids) == 1:
            self.fields["institution"].initial = next(iter(institution_ids))


class HandleRequestForm(AccessibleErrorsMixin, forms.Form):
    decision = forms.ChoiceField(
        label=_("Decision"), widget=forms.RadioSelect,
        choices=[("accept", _("Accept: the institution starts onboarding")),
                 ("decline", _("Decline"))])
    answer = forms.CharField(label=_("Answer to the institution"), required=False,
                             widget=TEXTAREA, max_length=2000,
                             help_text=_("Required when you decline."))
