from django import forms
from django.contrib.auth import get_user_model
from django.utils.translation import gettext_lazy as _

from synergie.core.forms import AccessibleErrorsMixin
from synergie.delivery.models import (
    Deliverable,
    Milestone,
    Project,
    ProjectStatus,
    Rag,
    Risk,
)
from synergie.institutions.models import Institution
from synergie.needs.forms import DateInput
from synergie.portfolio.models import Axis

MONTH_FORMATS = ["%Y-%m"]


class MonthInput(forms.DateInput):
    input_type = "month"

    def __init__(self, attrs=None):
        super().__init__(attrs=attrs, format="%Y-%m")


def month_field(label):
    return forms.DateField(label=label, input_formats=MONTH_FORMATS, widget=MonthInput(),
                           help_text=_("Year and month, e.g. 2027-03."))


def _people():
    return get_user_model().objects.filter(is_active=True).order_by("last_name", "first_name",
                                                                     "pk")


class ProjectForm(AccessibleErrorsMixin, forms.ModelForm):
    class Meta:
        model = Project
        fields = ["title", "owner", "axis", "status", "progress"]

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["owner"].queryset = _people()


class StatusReportForm(AccessibleErrorsMixin, forms.Form):
    rag = forms.ChoiceField(label=_("RAG status"), choices=Rag.choices, widget=forms.RadioSelect)
    comment = forms.CharField(label=_("Comment"), widget=forms.Textarea(attrs={"rows": 3}),
                              help_text=_("What the status rests on; kept, dated, in the "
                                          "project's status history."))


class MilestoneForm(AccessibleErrorsMixin, forms.ModelForm):
    class Meta:
        model = Milestone
        fields = ["title", "planned_date", "actual_date"]
        widgets = {"planned_date": DateInput(), "actual_date": DateInput()}


class DeliverableForm(AccessibleErrorsMixin, forms.ModelForm):
    class Meta:
        model = Deliverable
        fields = ["title", "due_date", "delivered"]
        widgets = {"due_date": DateInput()}


class RiskForm(AccessibleErrorsMixin, forms.ModelForm):
    class Meta:
        model = Risk
        fields = ["kind", "title", "severity", "owner", "status"]

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["owner"].queryset = _people()


PART_FORMS = {"milestone": MilestoneForm, "deliverable": DeliverableForm, "risk": RiskForm}


class BudgetForm(AccessibleErrorsMixin, forms.Form):
    year = forms.IntegerField(label=_("Year"), min_value=2000, max_value=2100)
    planned = forms.DecimalField(label=_("Planned (EUR)"), min_value=0, max_digits=12,
                                 decimal_places=2)
    spent = forms.DecimalField(label=_("Spent (EUR)"), min_value=0, max_digits=12,
                               decimal_places=2)


class PoolMonthsForm(AccessibleErrorsMixin, forms.Form):
    """A skill pool, a range of months and the FTE for each of them."""

    pool = forms.CharField(label=_("Skill pool"), max_length=100,
                           help_text=_("The same names as in the portfolio scenarios."),
                           widget=forms.TextInput(attrs={"list": "pool-names"}))
    first_month = month_field(_("First month"))
    last_month = month_field(_("Last month"))
    fte = forms.DecimalField(label=_("FTE per month"), min_value=0, max_value=999,
                             max_digits=6, decimal_places=2)

    def clean(self):
        data = super().clean()
        first, last = data.get("first_month"), data.get("last_month")
        if first and last and last < first:
            self.add_error("last_month", _("The last month cannot be before the first."))
        return data


class AllocationForm(PoolMonthsForm):
    fte = forms.DecimalField(label=_("FTE per month"), min_value=0, max_value=999,
                             max_digits=6, decimal_places=2,
                             help_text=_("0 takes the pool's people off these months."))


class ImportForm(AccessibleErrorsMixin, forms.Form):
    file = forms.FileField(label=_("CSV file"),
                           help_text=_("The columns of the export, in the same order, UTF-8."))


class ProjectFilterForm(AccessibleErrorsMixin, forms.Form):
    axis = forms.ChoiceField(label=_("Strategic axis"), required=False,
                             choices=[("", _("All axes")), *Axis.choices])
    institution = forms.ModelChoiceField(label=_("Institution"), required=False,
                                         queryset=Institution.objects.none(),
                                         empty_label=_("All institutions"))
    status = forms.ChoiceField(label=_("Status"), required=False,
                               choices=[("", _("All statuses")), *ProjectStatus.choices])

    def __init__(self, *args, institutions, **kwargs):
        super().__init__(*args, **kwargs)
        # Only the institutions the reader may see named in the projects they may see.
        self.fields["institution"].queryset = Institution.objects.filter(
            pk__in=[institution.pk for institution in institutions]).order_by("name_fr")

    def filter(self, projects):
        if not self.is_valid():
            return projects
        data = self.cleaned_data
        if data["axis"]:
            projects = projects.filter(axis=data["axis"])
        if data["institution"]:
            projects = projects.filter(institutions=data["institution"])
        if data["status"]:
            projects = projects.filter(status=data["status"])
        return projects
