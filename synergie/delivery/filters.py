"""The one filterset for projects: the public progress page, the portal's search and the API.

The text search reads what the public progress page shows of a project (its decision's public
subject and motivation), never the title a PMO gave a project about a confidential need."""

import django_filters
from django import forms
from django.contrib.auth.models import AnonymousUser
from django.db.models import Q
from django.utils.translation import gettext_lazy as _

from synergie.delivery.models import Project, ProjectStatus
from synergie.needs.permissions import visible_needs
from synergie.portfolio.models import Axis

MAX_TERMS = 10


class ProjectFilterSet(django_filters.FilterSet):
    q = django_filters.CharFilter(
        label=_("Search"), method="filter_text",
        widget=forms.TextInput(attrs={"type": "search"}),
        help_text=_("Words of the subject or of the decision's motivation."))
    status = django_filters.ChoiceFilter(
        choices=ProjectStatus.choices, label=_("Status"), empty_label=_("Every status"))
    axis = django_filters.ChoiceFilter(
        choices=Axis.choices, label=_("Strategic axis"), empty_label=_("Every axis"))

    class Meta:
        model = Project
        fields = ["q", "status", "axis"]

    def filter_text(self, queryset, name, value):
        public_need_ids = visible_needs(AnonymousUser()).values("pk")
        for term in value.split()[:MAX_TERMS]:
            queryset = queryset.filter(
                Q(decision__motivation__icontains=term)
                | Q(decision__item__opportunity__title__icontains=term)
                | Q(decision__item__need__title__icontains=term,
                    decision__item__need__in=public_need_ids))
        return queryset
