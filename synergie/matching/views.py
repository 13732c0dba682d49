"""The synergy map: clusters of similar needs across institutions, for the purchasing office."""

from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied
from django.shortcuts import render

from synergie.matching.synergies import synergy_clusters
from synergie.needs.filters import NeedFilterSet
from synergie.needs.permissions import visible_needs
from synergie.opportunities import permissions as opportunity_permissions


@login_required
def synergy_map(request):
    if not opportunity_permissions.can_view_all(request.user):
        raise PermissionDenied
    filterset = NeedFilterSet(request.GET or None, queryset=visible_needs(request.user))
    clusters, alone = synergy_clusters(filterset.qs)
    return render(request, "matching/map.html", {
        "filter": filterset,
        "clusters": clusters,
        "alone": alone,
        "can_manage": opportunity_permissions.can_manage(request.user),
    })
