"""The one filterset for regional solutions: the catalogue page, public or signed in (and,
later, the API)."""

import django_filters
from django import forms
from django.db.models import Q
from django.utils.translation import gettext_lazy as _

from synergie.catalogue.models import LabelStatus, Solution
from synergie.reference.models import BusinessDomain, Capability

SEARCHED_FIELDS = ("name_fr", "name_nl", "name_en", "summary_fr", "summary_nl", "summary_en",
                   "description_fr", "description_nl", "description_en")


class SolutionFilterSet(django_filters.FilterSet):
    q = django_filters.CharFilter(
        label=_("Search"), method="filter_text",
        widget=forms.TextInput(attrs={"type": "search"}),
        help_text=_("Words of the name or description, in any of the three languages."))
    domain = django_filters.ModelChoiceFilter(
        queryset=BusinessDomain.objects.all(), label=_("Business domain"),
        empty_label=_("All domains"))
    capability = django_filters.ModelChoiceFilter(
        field_name="capabilities", queryset=Capability.objects.all(), label=_("Capability"),
        empty_label=_("All capabilities"))
    label_status = django_filters.ChoiceFilter(
        choices=LabelStatus.choices, label=_("Label"), empty_label=_("Any label status"))

    class Meta:
        model = Solution
        fields = ["q", "domain", "capability", "label_status"]

    def filter_text(self, queryset, name, value):
        for term in value.split()[:10]:
            condition = Q()
            for field in SEARCHED_FIELDS:
                condition |= Q(**{f"{field}__icontains": term})
            queryset = queryset.filter(condition)
        return queryset.distinct()
