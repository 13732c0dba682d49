"""The one filterset for algorithm register entries: the public list, the reviewers' and
institutions' view of it, the CSV download (and, later, the API)."""

import django_filters
from django import forms
from django.utils.translation import gettext_lazy as _

from synergie.algorithms.models import Algorithm, AlgorithmStatus, RiskCategory
from synergie.institutions.models import Institution
from synergie.kernel.text import fold, search_terms


class AlgorithmFilterSet(django_filters.FilterSet):
    q = django_filters.CharFilter(
        label=_("Search"), method="filter_text",
        widget=forms.TextInput(attrs={"type": "search"}),
        help_text=_("Words of the name, description, organisation or themes."))
    institution = django_filters.ModelChoiceFilter(
        queryset=Institution.objects.filter(algorithms__isnull=False).distinct(),
        label=_("Institution"), empty_label=_("All institutions"))
    risk_category = django_filters.ChoiceFilter(
        choices=RiskCategory.choices, label=_("EU AI Act risk category"),
        empty_label=_("Any risk category"))
    status = django_filters.ChoiceFilter(
        choices=AlgorithmStatus.choices, label=_("Status"), empty_label=_("Any status"))

    class Meta:
        model = Algorithm
        fields = ["q", "institution", "risk_category", "status"]

    def __init__(self, *args, staff: bool = False, **kwargs):
        super().__init__(*args, **kwargs)
        if not staff:
            # The public reads published entries only: no status to choose.
            del self.filters["status"]

    def filter_text(self, queryset, name, value):
        for term in search_terms(value)[:10]:
            queryset = queryset.filter(search_text__contains=fold(term))
        return queryset
