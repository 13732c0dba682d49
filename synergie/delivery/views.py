"""The PMO's pages: projects, the decisions waiting for one, the roadmap, capacity against
demand, the public progress page and the progress CSV. Writes are in `edit_views`."""

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied, ValidationError
from django.db.models import Prefetch
from django.http import HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from synergie.decisions.models import Decision
from synergie.decisions.permissions import public_subject
from synergie.delivery import actions, permissions
from synergie.delivery.capacity import (
    capacity_against_demand,
    known_pools,
    month_runs,
    over_allocated_pools_of,
    over_allocated_runs,
    over_allocations,
)
from synergie.delivery.filters import ProjectFilterSet
from synergie.delivery.forms import (
    PART_FORMS,
    AllocationForm,
    BudgetForm,
    ImportForm,
    PoolMonthsForm,
    ProjectFilterForm,
    StatusReportForm,
)
from synergie.delivery.history import project_history
from synergie.delivery.models import Milestone, Project, RiskStatus
from synergie.delivery.progress_csv import MAX_BYTES, export_csv, import_csv
from synergie.delivery.roadmap import roadmap_chart
from synergie.needs.models import Need

RELATED = ("owner", "decision__item__meeting")


def _visible(user):
    return (Project.objects.visible_to(user).select_related(*RELATED)
            .prefetch_related("institutions",
                              Prefetch("milestones", queryset=Milestone.objects.order_by(
                                  "planned_date", "pk"))))


def _filtered(request):
    if not permissions.can_view_projects(request.user):
        raise PermissionDenied
    projects = _visible(request.user)
    shown = permissions.shown_institutions(request.user, projects)
    form = ProjectFilterForm(request.GET or None,
                             institutions={i for names in shown.values() for i in names})
    projects = list(form.filter(projects))
    for project in projects:
        project.shown_institutions = shown[project.pk]
    return form, projects


@login_required
def project_list(request):
    form, projects = _filtered(request)
    can_manage = permissions.can_manage(request.user)
    return render(request, "delivery/list.html", {
        "projects": projects, "filter_form": form, "can_manage": can_manage,
        "waiting": actions.decisions_waiting_for_project() if can_manage else [],
        "over_allocations": (over_allocations()
                             if permissions.can_view_capacity(request.user) else []),
    })


@login_required
@require_POST
def start_project(request, decision_pk: int):
    if not permissions.can_manage(request.user):
        raise PermissionDenied
    decision = get_object_or_404(Decision, pk=decision_pk)
    try:
        project = actions.do_start_project(decision, acting_user=request.user)
    except ValidationError as error:
        for message in error.messages:
            messages.error(request, message)
        return redirect("delivery:list")
    messages.success(request, _("Project started; its needs are now in delivery."))
    return redirect(project)


@login_required
def roadmap(request):
    form, projects = _filtered(request)
    return render(request, "delivery/roadmap.html", {
        "filter_form": form, "projects": projects, "chart": roadmap_chart(projects),
    })


@login_required
def capacity(request):
    if not permissions.can_view_capacity(request.user):
        raise PermissionDenied
    can_manage = permissions.can_manage(request.user)
    form = PoolMonthsForm(request.POST or None)
    if request.method == "POST":
        if not can_manage:
            raise PermissionDenied
        if form.is_valid():
            try:
                actions.do_set_capacity(acting_user=request.user, **form.cleaned_data)
            except ValidationError as error:
                form.add_error(None, error)
            else:
                messages.success(request, _("Capacity saved."))
                return redirect("delivery:capacity")
    cells = capacity_against_demand()
    return render(request, "delivery/capacity.html", {
        "cells": cells, "over_count": sum(cell.over_allocated for cell in cells),
        "over_runs": over_allocated_runs(),
        "form": form if can_manage else None, "pools": known_pools(),
    })


def detail_context(request, project: Project, **forms) -> dict:
    can_manage = permissions.can_manage(request.user)
    context = {
        "project": project, "can_manage": can_manage,
        "institutions": permissions.shown_institutions(request.user, [project])[project.pk],
        "needs": Need.objects.visible_to(request.user).filter(
            pk__in=[need.pk for need in project.decision.item.member_needs()]
        ).select_related("institution"),
        "reports": project.reports.select_related("created_by"),
        "risks": sorted(project.risks.select_related("owner"),
                        key=lambda risk: (risk.status != RiskStatus.OPEN, -risk.severity)),
        "over_pools": over_allocated_pools_of(project),
        "people": month_runs(project.allocations.order_by("pool", "month").values_list(
            "pool", "month", "fte")),
        "history": (project_history(project) if permissions.can_view_history(request.user)
                    else None),
        "pools": known_pools(),
    }
    if can_manage:
        context.update({
            "status_form": StatusReportForm(initial={"rag": project.rag}, prefix="status"),
            "budget_form": BudgetForm(prefix="budget"),
            "allocation_form": AllocationForm(prefix="allocation"),
            **{f"{kind}_form": form(prefix=kind) for kind, form in PART_FORMS.items()},
        })
        context.update(forms)
    return context


def visible_project(request, pk: int) -> Project:
    if not permissions.can_view_projects(request.user):
        raise PermissionDenied
    return get_object_or_404(_visible(request.user), pk=pk)


@login_required
def detail(request, pk: int):
    project = visible_project(request, pk)
    return render(request, "delivery/detail.html", detail_context(request, project))


def public_progress(request):
    """No login: every project's progress, status and next milestone, with its decision."""
    projects = permissions.published_projects()
    filterset = ProjectFilterSet(request.GET or None, queryset=projects)
    if filterset.is_bound and filterset.is_valid():
        projects = filterset.qs
    return render(request, "delivery/public.html", {
        "filterset": filterset,
        "results": [{"project": project, "subject": public_subject(project.decision),
                     "next": project.next_milestone()} for project in projects],
    })


@login_required
def export_progress(request):
    if not permissions.can_export_progress(request.user):
        raise PermissionDenied
    response = HttpResponse(export_csv(Project.objects.visible_to(request.user)),
                            content_type="text/csv; charset=utf-8")
    response["Content-Disposition"] = 'attachment; filename="project-progress.csv"'
    return response


@login_required
def import_progress(request):
    if not permissions.can_manage(request.user):
        raise PermissionDenied
    form = ImportForm(request.POST or None, request.FILES or None)
    report = None
    if request.method == "POST" and form.is_valid():
        upload = form.cleaned_data["file"]
        try:
            # Refused before it is read: a large upload is not loaded into memory.
            if upload.size > MAX_BYTES:
                raise ValidationError(_("The file is larger than 2 MB."))
            report = import_csv(upload.read(), acting_user=request.user)
        except ValidationError as error:
            form.add_error("file", error)
    return render(request, "delivery/import.html", {"form": form, "report": report})
