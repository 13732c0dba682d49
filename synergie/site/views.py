from django.contrib.auth.decorators import login_required
from django.contrib.auth.models import AnonymousUser
from django.db.models import Count
from django.shortcuts import render

from synergie.needs import permissions as need_permissions
from synergie.needs.models import NeedStatus
from synergie.observatory.public import headline_figures as observatory_headlines
from synergie.site import portal

LATEST_PUBLIC_NEEDS = 10


def home(request):
    """The public home page: what the region's institutions published, readable without login."""
    public = need_permissions.visible_needs(AnonymousUser()).select_related("institution", "domain")
    context = {
        "latest_needs": public.order_by("-submitted_at", "-pk")[:LATEST_PUBLIC_NEEDS],
        "public_count": public.count(),
    }
    return render(request, "site/home.html", context)


@login_required
def dashboard(request):
    """Where a signed-in user starts: their institution's needs and the region's, by status."""
    user = request.user
    own_ids = need_permissions.filing_institution_ids(user)
    own_counts = []
    if own_ids is None or own_ids:
        own = need_permissions.visible_needs(user)
        if own_ids is not None:
            own = own.filter(institution_id__in=own_ids)
        own_counts = _status_counts(own)
    region_counts = []
    if need_permissions.can_browse_region(user):
        region = need_permissions.visible_needs(user).exclude(status=NeedStatus.DRAFT)
        region_counts = _status_counts(region)
    context = {
        "own_counts": own_counts,
        "region_counts": region_counts,
        "can_create": need_permissions.can_create(user),
        "memberships": user.memberships.select_related("role", "institution"),
    }
    return render(request, "site/dashboard.html", context)


def _status_counts(queryset) -> list[tuple[str, str, int]]:
    counts = dict(queryset.order_by().values_list("status").annotate(n=Count("pk")))
    return [
        (value, label, counts[value]) for value, label in NeedStatus.choices if counts.get(value)
    ]


def transparency(request):
    """The transparency portal's front page: every public section, what it holds, its feed."""
    cards = [{"section": section, "count": section.public_queryset().count()}
             for section in portal.sections()]
    return render(request, "site/transparency.html", {
        "cards": cards, "headlines": observatory_headlines()})


def search(request):
    """One search over every public section, each read through its own filterset."""
    query = " ".join(request.GET.get("q", "").split())[:200]
    results = []
    if query:
        for section in portal.sections():
            count, hits, more_url = section.search(query)
            results.append({"section": section, "count": count, "hits": hits,
                            "more_url": more_url})
    return render(request, "site/search.html", {
        "query": query, "results": [result for result in results if result["count"]],
        "empty_sections": [result["section"].title for result in results
                           if not result["count"]],
        "total": sum(result["count"] for result in results),
    })
