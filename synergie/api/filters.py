"""The filtersets of the API: each app's own (the ones its pages use) where it has one; for the
models whose pages filter nothing yet, a small one here.

The needs' filterset sorts with `ordering`; the API pages by cursor over a unique key instead,
so that sort is left out."""

import django_filters
from django.utils.translation import gettext_lazy as _

from synergie.algorithms.filters import AlgorithmFilterSet
from synergie.catalogue.models import Adoption, AdoptionStage
from synergie.institutions.models import Institution
from synergie.landscape.models import Application, Hosting
from synergie.needs.filters import NeedFilterSet
from synergie.needs.models import Need
from synergie.opportunities.models import Opportunity, OpportunityStatus
from synergie.reference.models import Capability


class NeedApiFilterSet(NeedFilterSet):
    ordering = None

    class Meta:
        model = Need
        fields = ["q", "institution_kind", "institution", "domain", "status", "year", "cost_min",
                  "cost_max", "confidentiality", "language"]


class AlgorithmApiFilterSet(AlgorithmFilterSet):
    """The register's filterset, its status filter kept: what it filters is already narrowed to
    the entries the requester reads (`algorithms.permissions.visible_algorithms`)."""

    def __init__(self, *args, **kwargs):
        kwargs.pop("staff", None)
        super().__init__(*args, staff=True, **kwargs)


class OpportunityFilterSet(django_filters.FilterSet):
    status = django_filters.ChoiceFilter(choices=OpportunityStatus.choices, label=_("Status"))
    q = django_filters.CharFilter(field_name="title", lookup_expr="icontains",
                                  label=_("Search"))

    class Meta:
        model = Opportunity
        fields = ["status", "q"]


class AdoptionFilterSet(django_filters.FilterSet):
    stage = django_filters.ChoiceFilter(choices=AdoptionStage.choices, label=_("Stage"))
    institution = django_filters.ModelChoiceFilter(queryset=Institution.objects.all(),
                                                   label=_("Institution"))

    class Meta:
        model = Adoption
        fields = ["solution", "institution", "stage"]


class ApplicationFilterSet(django_filters.FilterSet):
    institution = django_filters.ModelChoiceFilter(queryset=Institution.objects.all(),
                                                   label=_("Institution"))
    capability = django_filters.ModelChoiceFilter(
        field_name="capabilities", queryset=Capability.objects.all(), label=_("Capability"))
    hosting = django_filters.ChoiceFilter(choices=Hosting.choices, label=_("Hosting"))
    contract_end_before = django_filters.DateFilter(
        field_name="contract_end", lookup_expr="lte", label=_("Contract ends by"))

    class Meta:
        model = Application
        fields = ["institution", "capability", "hosting", "contract_end_before"]
