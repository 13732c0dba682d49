"""The one filterset for decisions: the public record, the portal's search and the API.

A decision's subject may be a need whose institution keeps it confidential: the text search
reads only what the public page shows (the motivation, the conditions, an opportunity's title,
a need's title when the need is public)."""

import django_filters
from django import forms
from django.contrib.auth.models import AnonymousUser
from django.db.models import Q
from django.utils.translation import gettext_lazy as _

from synergie.decisions.models import Decision, Outcome
from synergie.needs.permissions import visible_needs

MAX_TERMS = 10


class DecisionFilterSet(django_filters.FilterSet):
    q = django_filters.CharFilter(
        label=_("Search"), method="filter_text",
        widget=forms.TextInput(attrs={"type": "search"}),
        help_text=_("Words of the subject, the motivation or the conditions."))
    outcome = django_filters.ChoiceFilter(
        choices=Outcome.choices, label=_("Decision"), empty_label=_("Every decision"))
    year = django_filters.NumberFilter(
        field_name="item__meeting__date", lookup_expr="year", label=_("Year of the meeting"),
        min_value=2000, max_value=2100)

    class Meta:
        model = Decision
        fields = ["q", "outcome", "year"]

    def filter_text(self, queryset, name, value):
        public_need_ids = visible_needs(AnonymousUser()).values("pk")
        for term in value.split()[:MAX_TERMS]:
            queryset = queryset.filter(
                Q(motivation__icontains=term) | Q(conditions__icontains=term)
                | Q(item__opportunity__title__icontains=term)
                | Q(item__need__title__icontains=term, item__need__in=public_need_ids))
        return queryset
