from django import forms
from django.db.models import Q
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from synergie.core.forms import AccessibleErrorsMixin
from synergie.data_office.models import Verdict
from synergie.datasets.models import Dataset, DatasetStatus
from synergie.kernel.text import search_terms

MAX_OFFERED = 20
SEARCH_PARAMETER = "dataset_search"


class DependencyForm(AccessibleErrorsMixin, forms.Form):
    dataset = forms.ModelChoiceField(label=gettext_lazy("Dataset of the catalogue"),
                                     queryset=Dataset.objects.none(), required=False)
    description = forms.CharField(
        label=gettext_lazy("Or: data not in the catalogue"), required=False, max_length=4000,
        widget=forms.Textarea(attrs={"rows": 2}),
        help_text=gettext_lazy("What the data is and who holds it."))
    purpose = forms.CharField(label=gettext_lazy("Why the need depends on it"),
                              max_length=4000, widget=forms.Textarea(attrs={"rows": 2}))

    def __init__(self, *args, search: str = "", **kwargs):
        super().__init__(*args, **kwargs)
        field = self.fields["dataset"]
        active = Dataset.objects.filter(status=DatasetStatus.ACTIVE)
        field.queryset = active  # what the server accepts
        # A catalogue may hold 100,000 datasets: list only those the search box found.
        wanted = Q(pk__in=[])
        terms = search_terms(search)
        if terms:
            found = active
            for term in terms:
                found = found.filter(Q(title_fr__icontains=term) | Q(title_nl__icontains=term)
                                     | Q(title_en__icontains=term)
                                     | Q(identifier__icontains=term))
            wanted = Q(pk__in=found.order_by("pk").values("pk")[:MAX_OFFERED])
        chosen = self.data.get("dataset") if self.is_bound else None
        if chosen and str(chosen).isdigit() and len(str(chosen)) < 19:
            wanted |= Q(pk=int(chosen))
        field.widget.choices = [("", _("— none: describe the data below —"))] + [
            (dataset.pk, dataset.title) for dataset in active.filter(wanted)]
        field.help_text = (_("Find the dataset with the search box above, then choose it "
                             "here.") if not terms else
                           _("Datasets whose title holds “%(words)s” (at most %(max)d).") % {
                               "words": search, "max": MAX_OFFERED})

    def clean(self):
        data = super().clean()
        if not data.get("dataset") and not (data.get("description") or "").strip():
            self.add_error("description", _("Choose a dataset of the catalogue or describe "
                                            "the data that is not in it."))
        return data


class VerdictForm(AccessibleErrorsMixin, forms.Form):
    verdict = forms.ChoiceField(label=gettext_lazy("Feasibility verdict"),
                                choices=Verdict.choices, widget=forms.RadioSelect)
    reason = forms.CharField(label=gettext_lazy("Reason"), max_length=4000,
                             widget=forms.Textarea(attrs={"rows": 3}))
