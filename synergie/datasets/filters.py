"""The one filterset for datasets: the public catalogue page (and, later, the API)."""

import django_filters
from django import forms
from django.db.models import Q
from django.utils.translation import gettext_lazy as _

from synergie.datasets.models import AccessRights, Dataset, DatasetStatus, HvdCategory, Theme

SEARCHED_FIELDS = ("title_fr", "title_nl", "title_en", "description_fr", "description_nl",
                   "description_en", "publisher_name", "identifier")


class DatasetFilterSet(django_filters.FilterSet):
    q = django_filters.CharFilter(
        label=_("Search"), method="filter_text",
        widget=forms.TextInput(attrs={"type": "search"}),
        help_text=_("Words of the title, description or publisher, in any of the three "
                    "languages."))
    theme = django_filters.ChoiceFilter(choices=Theme.choices, label=_("Theme"),
                                        method="filter_theme", empty_label=_("All themes"))
    access_rights = django_filters.ChoiceFilter(
        choices=AccessRights.choices, label=_("Access rights"), empty_label=_("Any access"))
    hvd_category = django_filters.ChoiceFilter(
        choices=HvdCategory.choices, label=_("High-value dataset category"),
        empty_label=_("Any category"))
    status = django_filters.ChoiceFilter(
        choices=DatasetStatus.choices, label=_("Status"), empty_label=_("Any status"))

    class Meta:
        model = Dataset
        fields = ["q", "theme", "access_rights", "hvd_category", "status"]

    def filter_text(self, queryset, name, value):
        for term in value.split()[:10]:
            condition = Q()
            for field in SEARCHED_FIELDS:
                condition |= Q(**{f"{field}__icontains": term})
            condition |= Q(publisher__name_fr__icontains=term) | Q(
                publisher__name_nl__icontains=term)
            queryset = queryset.filter(condition)
        return queryset

    def filter_theme(self, queryset, name, value):
        # JSON list of codes: a quoted code cannot match inside another one.
        return queryset.filter(themes__icontains=f'"{value}"')
