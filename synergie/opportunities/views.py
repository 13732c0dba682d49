"""Pages of pooling opportunities, for the purchasing office."""

from copy import copy

from django.conf import settings
from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied, ValidationError
from django.core.paginator import Paginator
from django.db.models import Count
from django.http import Http404
from django.shortcuts import get_object_or_404, redirect, render
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from synergie.audit import conflicts
from synergie.audit.log import history_of
from synergie.audit.versions import EditConflict
from synergie.kernel.text import row_id
from synergie.matching.explain import needs_like_group
from synergie.matching.synergies import CLUSTERS_PER_PAGE, group_page, map_page
from synergie.needs.filters import NeedFilterSet
from synergie.needs.models import Need
from synergie.needs.permissions import visible_needs
from synergie.opportunities import actions, permissions
from synergie.opportunities.forms import NeedSelectionForm, NewOpportunityForm, OpportunityForm
from synergie.opportunities.models import Opportunity, OpportunityNeed


def _show_errors(request, error: ValidationError) -> None:
    for message in error.messages:
        messages.error(request, message)


@login_required
def opportunity_list(request):
    if not permissions.can_view_all(request.user):
        raise PermissionDenied
    # Counted by the database, a page at a time: an opportunity may group hundreds of needs.
    opportunities = (
        Opportunity.objects.visible_to(request.user).select_related("lead_analyst")
        .annotate(need_count=Count("needs", distinct=True),
                  institution_count=Count("needs__institution", distinct=True))
        .order_by("-updated_at", "-pk")  # a grouped query drops the model's ordering
    )
    page = Paginator(opportunities, settings.PAGE_SIZE).get_page(request.GET.get("page"))
    return render(request, "opportunities/list.html", {
        "page": page, "opportunities": page.object_list,
        "can_manage": permissions.can_manage(request.user),
    })


@login_required
def create(request):
    if not permissions.can_manage(request.user):
        raise PermissionDenied
    data = request.POST if request.method == "POST" else None
    selected = request.POST.getlist("needs") if data else request.GET.getlist("need")
    form = NewOpportunityForm(data, initial={"needs": selected, "lead_analyst": request.user})
    form.fields["needs"].queryset = visible_needs(request.user).filter(
        pk__in=[pk for pk in map(row_id, selected) if pk is not None]
    ).select_related("institution")
    if data and form.is_valid():
        try:
            opportunity = actions.do_create_opportunity(
                title=form.cleaned_data["title"], notes=form.cleaned_data["notes"],
                lead_analyst=form.cleaned_data["lead_analyst"],
                needs=list(form.cleaned_data["needs"]), acting_user=request.user,
            )
        except ValidationError as error:
            form.add_error("needs", error.message_dict.get("needs", error.messages))
        else:
            messages.success(request, _("Opportunity created."))
            return redirect(opportunity)
    return render(request, "opportunities/create.html", {"form": form})


@login_required
def detail(request, pk: int):
    opportunity = get_object_or_404(Opportunity.objects.select_related("lead_analyst"), pk=pk)
    if not permissions.can_view(request.user, opportunity):
        raise PermissionDenied
    members = list(opportunity.needs.select_related("institution", "domain"))
    can_edit = permissions.can_edit(request.user, opportunity)
    for need in members:
        need.can_take_out = permissions.can_take_out(request.user, need)
    return render(request, "opportunities/detail.html", {
        "opportunity": opportunity,
        "members": members,
        "institutions": len({need.institution_id for need in members}),
        "total_cost": sum(need.total_cost for need in members),
        "can_edit": can_edit,
        "suggestions": _needs_to_suggest(members, request.user) if can_edit else None,
        "history": history_of(opportunity),
    })


def _needs_to_suggest(members: list[Need], user):
    """Needs not yet in any opportunity, still open to grouping, that look like the members."""
    candidates = Need.objects.filter(status__in=actions.GROUPABLE_STATUSES).exclude(
        pk__in=OpportunityNeed.objects.values("need_id"))
    return needs_like_group(members, candidates, user)


@login_required
def edit(request, pk: int):
    opportunity = get_object_or_404(Opportunity, pk=pk)
    if not permissions.can_edit(request.user, opportunity):
        raise PermissionDenied
    # The form validates on a copy: the action snapshots the row as stored, not the form's.
    form = OpportunityForm(request.POST or None, instance=copy(opportunity))
    conflict = None
    if request.method == "POST" and form.is_valid():
        fields = {name: form.cleaned_data[name] for name in OpportunityForm.Meta.fields}
        try:
            actions.do_update_opportunity(opportunity, acting_user=request.user,
                                          expected_version=form.cleaned_data["version"],
                                          **fields)
        except EditConflict as error:
            conflict = conflicts.describe(error, "opportunity", [
                (form, OpportunityForm(instance=error.current))])
            form = OpportunityForm(conflicts.moved_on(request.POST, error.current.version),
                                   instance=copy(error.current))
        else:
            messages.success(request, _("Opportunity saved."))
            return redirect(opportunity)
    return render(request, "opportunities/edit.html", {"form": form, "opportunity": opportunity,
                                                       "conflict": conflict})


@login_required
@require_POST
def add_needs(request, pk: int):
    opportunity = get_object_or_404(Opportunity, pk=pk)
    if not permissions.can_edit(request.user, opportunity):
        raise PermissionDenied
    form = NeedSelectionForm(request.POST)
    form.fields["needs"].queryset = visible_needs(request.user)
    if not form.is_valid():
        _show_errors(request, ValidationError(list(form.errors.get("needs", []))))
        return redirect(opportunity)
    try:
        actions.do_add_needs_to_opportunity(opportunity, list(form.cleaned_data["needs"]),
                                            acting_user=request.user)
    except ValidationError as error:
        _show_errors(request, error)
    else:
        messages.success(request, _("Needs added to the opportunity."))
    return redirect(opportunity)


@login_required
@require_POST
def remove_need(request, pk: int, need_pk: int):
    opportunity = get_object_or_404(Opportunity, pk=pk)
    if not permissions.can_edit(request.user, opportunity):
        raise PermissionDenied
    need = get_object_or_404(Need, pk=need_pk)
    try:
        actions.do_remove_need_from_opportunity(opportunity, need, acting_user=request.user)
    except ValidationError as error:
        _show_errors(request, error)
    else:
        messages.success(request, _("Need taken out of the opportunity."))
    return redirect(opportunity)


@login_required
def synergy_map(request):
    """The region's needs in clusters of similar needs: where the purchasing office finds the
    groups it turns into opportunities. The clusters are computed in the background; this
    page reads them for the needs the reader may read."""
    if not permissions.can_view_all(request.user):
        raise PermissionDenied
    group = request.GET.get("group", "")
    if group:
        return _synergy_group(request, group)
    filterset = NeedFilterSet(request.GET or None, queryset=visible_needs(request.user))
    number = request.GET.get("page", "1")
    number = int(number) if number.isdigit() and 0 < int(number) < 10**6 else 1
    needs = filterset.qs
    # Without a filter the page reads the stored ranking; a filter regroups its selection.
    filtered = filterset.is_bound and any(
        value not in (None, "", []) for value in filterset.form.cleaned_data.values())
    found = map_page(needs, page=number, per_page=CLUSTERS_PER_PAGE, filtered=filtered)
    paginator = Paginator(range(found.cluster_count), CLUSTERS_PER_PAGE)
    page = paginator.get_page(number)
    if page.number != number and found.cluster_count:
        found = map_page(needs, page=page.number, per_page=CLUSTERS_PER_PAGE, filtered=filtered)
    query = request.GET.copy()
    query.pop("page", None)
    return render(request, "opportunities/map.html", {
        "filter": filterset,
        "clusters": found.clusters,
        "alone": found.alone,
        "alone_count": found.alone_count,
        "alone_more": found.alone_count - len(found.alone),
        "alone_at_least": found.alone_at_least,
        "computed": found.computed,
        # "computed 0 minutes ago" reads as a fault: under a minute it is "just now".
        "computed_just_now": bool(found.computed) and (
            timezone.now() - found.computed.computed_at).total_seconds() < 60,
        "page": page,
        "query": query.urlencode(),
        "can_manage": permissions.can_manage(request.user),
    })


def _synergy_group(request, key: str):
    """One group of the map with all its needs the reader may read."""
    cluster = group_page(visible_needs(request.user), int(key)) if key.isdigit() \
        and int(key) < 2**62 else None
    if cluster is None:
        raise Http404
    return render(request, "opportunities/map_group.html", {
        "group": cluster, "can_manage": permissions.can_manage(request.user)})
