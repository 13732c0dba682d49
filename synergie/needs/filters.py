"""The one filterset for needs: it serves the regional inbox, my institution's list and the
public portal (and, later, the API). What a user may see is decided before, by
`permissions.visible_needs`; this only narrows it down."""

import django_filters
from django import forms
from django.db.models import Q
from django.utils.translation import gettext_lazy as _

from synergie.kernel.text import search_terms
from synergie.institutions.models import Institution, InstitutionKind
from synergie.needs.models import (
    FIRST_BUDGET_YEAR,
    LAST_BUDGET_YEAR,
    Confidentiality,
    Language,
    NeedStatus,
)
from synergie.reference.models import BusinessDomain


class YearFilter(django_filters.NumberFilter):
    field_class = forms.IntegerField


class NeedFilterSet(django_filters.FilterSet):
    q = django_filters.CharFilter(
        label=_("Search"),
        method="filter_text",
        widget=forms.TextInput(attrs={"type": "search"}),
        help_text=_("Words of the title or description, accents ignored."),
    )
    institution_kind = django_filters.ChoiceFilter(
        field_name="institution__kind",
        label=_("Kind of institution"),
        choices=InstitutionKind.choices,
        empty_label=_("All kinds"),
    )
    institution = django_filters.ModelChoiceFilter(
        queryset=Institution.objects.filter(is_active=True),
        label=_("Institution"),
        empty_label=_("All institutions"),
    )
    domain = django_filters.ModelChoiceFilter(
        queryset=BusinessDomain.objects.all(),
        label=_("Business domain"),
        empty_label=_("All domains"),
    )
    status = django_filters.ChoiceFilter(
        choices=NeedStatus.choices, label=_("Status"), empty_label=_("All statuses")
    )
    year = YearFilter(
        label=_("Budget year"),
        method="filter_year",
        min_value=FIRST_BUDGET_YEAR,
        max_value=LAST_BUDGET_YEAR,
        help_text=_("Needs whose cost horizon includes that year."),
    )
    cost_min = django_filters.NumberFilter(
        field_name="total_cost", lookup_expr="gte", label=_("Total cost from (EUR)"), min_value=0
    )
    cost_max = django_filters.NumberFilter(
        field_name="total_cost", lookup_expr="lte", label=_("Total cost up to (EUR)"), min_value=0
    )
    confidentiality = django_filters.ChoiceFilter(
        choices=Confidentiality.choices,
        label=_("Confidentiality"),
        empty_label=_("All levels"),
    )
    language = django_filters.ChoiceFilter(
        choices=Language.choices, label=_("Language of the text"), empty_label=_("All languages")
    )
    ordering = django_filters.OrderingFilter(
        label=_("Sort by"),
        empty_label=_("Most recently changed"),
        fields=(
            ("updated_at", "updated"),
            ("submitted_at", "submitted"),
            ("total_cost", "cost"),
            ("deadline", "deadline"),
            ("title", "title"),
        ),
        field_labels={
            "updated_at": _("Last change"),
            "submitted_at": _("Submission date"),
            "total_cost": _("Total cost"),
            "deadline": _("Deadline"),
            "title": _("Title"),
        },
    )

    def qs_without_text(self):
        """What every filter but the text search keeps: where the needs that match the words
        in another language are looked for."""
        queryset = self.queryset.all()
        if not self.is_bound:
            return queryset
        self.errors  # validates the form
        for name, value in self.form.cleaned_data.items():
            if name != "q":
                queryset = self.filters[name].filter(queryset, value)
        return queryset

    def filter_text(self, queryset, name, value):
        for term in search_terms(value):
            queryset = queryset.filter(search_text__contains=term)
        return queryset

    def filter_year(self, queryset, name, value):
        return queryset.filter(Q(first_year__lte=value) & Q(last_year__gte=value))
