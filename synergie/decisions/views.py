"""The steering committee's pages (meetings, agenda, decisions) and the public record."""

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied, ValidationError
from django.core.paginator import Paginator
from django.shortcuts import get_object_or_404, redirect, render
from django.utils.translation import get_language
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from synergie.decisions import actions, permissions
from synergie.decisions.filters import DecisionFilterSet
from synergie.decisions.forms import (
    AgendaItemForm,
    DecisionForm,
    DropAgendaItemForm,
    MeetingForm,
    ScenarioAgendaForm,
)
from synergie.decisions.models import AgendaItem, Meeting
from synergie.needs.choices import SEARCH_PARAMETER


def decision_list(request):
    """Public: every recorded decision, no login."""
    decisions = permissions.published_decisions()
    filterset = DecisionFilterSet(request.GET or None, queryset=decisions)
    if filterset.is_bound and filterset.is_valid():
        decisions = filterset.qs
    page = Paginator(decisions, 25).get_page(request.GET.get("page"))
    for decision in page.object_list:
        decision.public_subject = permissions.public_subject(decision)
    query = request.GET.copy()
    query.pop("page", None)
    return render(request, "decisions/list.html", {
        "page": page, "filterset": filterset, "query": query.urlencode(),
        "count": page.paginator.count})


def decision_detail(request, pk: int):
    """Public: the decision, its motivation and the needs it concerns as the public reads them."""
    decision = get_object_or_404(permissions.published_decisions(), pk=pk)
    decision.public_subject = permissions.public_subject(decision)
    public_needs = permissions.public_needs(decision)
    return render(request, "decisions/detail.html", {
        "decision": decision, "public_needs": public_needs,
        "has_anonymised": any(not need.is_named for need in public_needs),
    })


@login_required
def meeting_list(request):
    if not permissions.can_view_meetings(request.user):
        raise PermissionDenied
    form = MeetingForm(request.POST or None)
    if request.method == "POST":
        if not permissions.can_manage_meetings(request.user):
            raise PermissionDenied
        if form.is_valid():
            meeting = actions.do_create_meeting(acting_user=request.user, **form.cleaned_data)
            messages.success(request, _("Meeting created."))
            return redirect(meeting)
    return render(request, "decisions/meetings.html", {
        "meetings": Meeting.objects.visible_to(request.user), "form": form,
        "can_manage": permissions.can_manage_meetings(request.user),
    })


@login_required
def meeting_detail(request, pk: int):
    if not permissions.can_view_meetings(request.user):
        raise PermissionDenied
    meeting = get_object_or_404(Meeting.objects.visible_to(request.user), pk=pk)
    items = list(meeting.items.select_related("opportunity", "need__institution", "decision"))
    can_decide = permissions.can_decide(request.user)
    can_manage = permissions.can_manage_meetings(request.user)
    for item in items:
        undecided = not hasattr(item, "decision")
        # Needs withdrawn (or sent back) since the item was put on the agenda: said on the page,
        # and an item with no need left to decide offers its removal instead of a decision.
        blocked = actions.undecidable_needs(item) if undecided else []
        item.blocked_messages = actions.no_longer_decidable_messages(blocked)
        item.nothing_to_decide = bool(blocked) and len(blocked) == len(item.member_needs())
        item.form = (DecisionForm(prefix=f"item{item.pk}",
                                  initial={"language": get_language()[:2]})
                     if can_decide and undecided and not item.nothing_to_decide else None)
        item.drop_form = (DropAgendaItemForm(prefix=f"drop{item.pk}")
                          if can_manage and undecided else None)
    return render(request, "decisions/meeting.html", {
        "meeting": meeting, "items": items,
        "agenda_form": (AgendaItemForm(user=request.user,
                                       need_search=request.GET.get(SEARCH_PARAMETER, ""))
                        if permissions.can_manage_meetings(request.user) else None),
        "need_search": request.GET.get(SEARCH_PARAMETER, ""),
        "scenario_form": (ScenarioAgendaForm(user=request.user)
                          if permissions.can_manage_meetings(request.user) else None),
    })


@login_required
@require_POST
def put_scenario_on_agenda(request, pk: int):
    meeting = get_object_or_404(Meeting, pk=pk)
    if not permissions.can_manage_meetings(request.user):
        raise PermissionDenied
    form = ScenarioAgendaForm(request.POST, user=request.user)
    if not form.is_valid():
        for errors in form.errors.values():
            for message in errors:
                messages.error(request, message)
        return redirect(meeting)
    try:
        skipped = actions.do_put_scenario_on_agenda(meeting, form.cleaned_data["scenario"],
                                                    acting_user=request.user)
    except ValidationError as error:
        for message in error.messages:
            messages.error(request, message)
    else:
        messages.success(request, _("Added to the agenda."))
        for message in skipped:
            messages.error(request, message)
    return redirect(meeting)


@login_required
@require_POST
def add_agenda_item(request, pk: int):
    meeting = get_object_or_404(Meeting, pk=pk)
    if not permissions.can_manage_meetings(request.user):
        raise PermissionDenied
    form = AgendaItemForm(request.POST, user=request.user)
    if form.is_valid():
        try:
            actions.do_add_agenda_item(meeting, acting_user=request.user, **form.cleaned_data)
        except ValidationError as error:
            for message in error.messages:
                messages.error(request, message)
        else:
            messages.success(request, _("Added to the agenda."))
    else:
        for errors in form.errors.values():
            for message in errors:
                messages.error(request, message)
    return redirect(meeting)


@login_required
def record_decision(request, pk: int):
    if not permissions.can_decide(request.user):
        raise PermissionDenied
    item = get_object_or_404(AgendaItem.objects.select_related("meeting").filter(
        meeting__in=Meeting.objects.visible_to(request.user)), pk=pk)
    form = DecisionForm(request.POST or None, prefix=f"item{item.pk}",
                        initial={"language": get_language()[:2]})
    if request.method == "POST" and form.is_valid():
        try:
            decision = actions.do_record_decision(item, acting_user=request.user,
                                                  **form.cleaned_data)
        except ValidationError as error:
            if hasattr(error, "error_dict"):
                for field, field_errors in error.error_dict.items():
                    for field_error in field_errors:
                        form.add_error(field if field in form.fields else None, field_error)
            else:
                form.add_error(None, error)
        else:
            messages.success(request, _("Decision recorded and published."))
            return redirect(decision)
    return render(request, "decisions/record.html", {"item": item, "form": form})


@login_required
@require_POST
def drop_agenda_item(request, pk: int):
    if not permissions.can_manage_meetings(request.user):
        raise PermissionDenied
    # Only from a meeting the user may read: a role scoped to one institution does not reach
    # the agendas naming another institution's confidential need.
    item = get_object_or_404(AgendaItem.objects.select_related("meeting").filter(
        meeting__in=Meeting.objects.visible_to(request.user)), pk=pk)
    form = DropAgendaItemForm(request.POST, prefix=f"drop{item.pk}")
    if form.is_valid():
        try:
            actions.do_drop_agenda_item(item, acting_user=request.user,
                                        reason=form.cleaned_data["reason"])
        except ValidationError as error:
            for message in error.messages:
                messages.error(request, message)
        else:
            messages.success(request, _("Removed from the agenda."))
    else:
        for errors in form.errors.values():
            for message in errors:
                messages.error(request, message)
    return redirect(item.meeting)
