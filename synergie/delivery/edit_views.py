"""The PMO's writes on one project: each form posts here, goes through an action, and comes
back to the project's page (with the form's errors on it when something is wrong)."""

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied, ValidationError
from django.http import Http404
from django.shortcuts import get_object_or_404, redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from synergie.delivery import actions, permissions
from synergie.delivery.forms import (
    PART_FORMS,
    AllocationForm,
    BudgetForm,
    ProjectForm,
    StatusReportForm,
)
from synergie.delivery.views import detail_context, visible_project

ADD = {"milestone": actions.do_add_milestone, "deliverable": actions.do_add_deliverable,
       "risk": actions.do_add_risk}
UPDATE = {"milestone": actions.do_update_milestone,
          "deliverable": actions.do_update_deliverable, "risk": actions.do_update_risk}
RELATED_NAME = {"milestone": "milestones", "deliverable": "deliverables", "risk": "risks"}


def _managed_project(request, pk):
    project = visible_project(request, pk)
    if not permissions.can_manage(request.user):
        raise PermissionDenied
    return project


def _saved_or_page(request, project, form, name, action, success):
    """Run `action` on a valid form; the project's page with the form's errors otherwise."""
    if form.is_valid():
        try:
            action(form.cleaned_data)
        except ValidationError as error:
            form.add_error(None, error)
        else:
            messages.success(request, success)
            return redirect(project)
    return render(request, "delivery/detail.html",
                  detail_context(request, project, **{name: form}), status=400)


@login_required
def edit_project(request, pk: int):
    project = _managed_project(request, pk)
    form = ProjectForm(request.POST or None, instance=project)
    if request.method == "POST" and form.is_valid():
        try:
            actions.do_update_project(project, acting_user=request.user,
                                      **{name: form.cleaned_data[name]
                                         for name in ProjectForm.Meta.fields})
        except ValidationError as error:
            form.add_error(None, error)
        else:
            messages.success(request, _("Project saved."))
            return redirect(project)
    return render(request, "delivery/edit.html", {"project": project, "form": form,
                                                  "heading": _("Change the project")})


@login_required
@require_POST
def report_status(request, pk: int):
    project = _managed_project(request, pk)
    form = StatusReportForm(request.POST, prefix="status")
    return _saved_or_page(
        request, project, form, "status_form",
        lambda data: actions.do_report_status(project, acting_user=request.user, **data),
        _("Status reported."))


@login_required
@require_POST
def add_part(request, pk: int, kind: str):
    if kind not in PART_FORMS:
        raise Http404
    project = _managed_project(request, pk)
    form = PART_FORMS[kind](request.POST, prefix=kind)
    return _saved_or_page(
        request, project, form, f"{kind}_form",
        lambda data: ADD[kind](project, acting_user=request.user, **data), _("Saved."))


@login_required
def edit_part(request, pk: int, kind: str, part_pk: int):
    if kind not in PART_FORMS:
        raise Http404
    project = _managed_project(request, pk)
    part = get_object_or_404(getattr(project, RELATED_NAME[kind]), pk=part_pk)
    form = PART_FORMS[kind](request.POST or None, instance=part)
    if request.method == "POST" and form.is_valid():
        try:
            UPDATE[kind](part, acting_user=request.user,
                         **{name: form.cleaned_data[name] for name in form.Meta.fields})
        except ValidationError as error:
            form.add_error(None, error)
        else:
            messages.success(request, _("Saved."))
            return redirect(project)
    return render(request, "delivery/edit.html", {"project": project, "form": form,
                                                  "heading": str(part)})


@login_required
@require_POST
def set_budget(request, pk: int):
    project = _managed_project(request, pk)
    form = BudgetForm(request.POST, prefix="budget")
    return _saved_or_page(
        request, project, form, "budget_form",
        lambda data: actions.do_set_budget_year(project, acting_user=request.user, **data),
        _("Budget saved."))


@login_required
@require_POST
def allocate(request, pk: int):
    project = _managed_project(request, pk)
    form = AllocationForm(request.POST, prefix="allocation")
    return _saved_or_page(
        request, project, form, "allocation_form",
        lambda data: actions.do_allocate(project, acting_user=request.user, **data),
        _("People saved."))
