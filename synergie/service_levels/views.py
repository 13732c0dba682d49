"""The service levels' pages: compliance per solution and month, its chart and breaches, the
mapping of the desk's services to solutions, and the import of exports with its progress."""

import csv
from datetime import date
from itertools import groupby

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied
from django.http import HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from synergie.catalogue.models import Solution
from synergie.service_levels import actions, permissions
from synergie.service_levels.chart import compliance_chart
from synergie.service_levels.compliance import (
    breaches,
    compliance_rows,
    hours_field,
    unmapped_services,
)
from synergie.service_levels.forms import MappingForm, UploadForm
from synergie.service_levels.models import IncidentImport, Service
from synergie.service_levels.presentation import describe_error, describe_line

BREACHES_SHOWN = 200


def _require_view(user) -> None:
    if not permissions.can_view(user):
        raise PermissionDenied


def _require_manage(user) -> None:
    if not permissions.can_manage(user):
        raise PermissionDenied


@login_required
def overview(request):
    _require_view(request.user)
    rows = compliance_rows()
    solutions = [{"id": key[0], "name": key[1], "rows": list(group),
                  "heading_id": f"solution-{key[0]}"} for key, group in
                 groupby(rows, key=lambda row: (row.solution_id, row.solution))]
    return render(request, "service_levels/overview.html", {
        "solutions": solutions, "unmapped": unmapped_services(),
        "imports": IncidentImport.objects.select_related("created_by")[:5],
        "can_manage": permissions.can_manage(request.user),
    })


@login_required
def solution_detail(request, pk: int):
    _require_view(request.user)
    solution = get_object_or_404(Solution, pk=pk)
    rows = compliance_rows(solution_id=solution.pk)
    months = sorted({row.month for row in rows})
    month = request.GET.get("month") or (months[-1] if months else "")
    if month and month not in months:
        month = months[-1] if months else ""
    shown = []
    if month:
        year, number = (int(part) for part in month.split("-"))
        shown = list(breaches(solution, date(year, number, 1))[:BREACHES_SHOWN])
    return render(request, "service_levels/solution.html", {
        "solution": solution, "rows": rows, "chart": compliance_chart(rows), "months": months,
        "month": month, "breaches": shown, "breaches_limit": BREACHES_SHOWN,
        "business_hours": hours_field(solution) == "business_hours",
    })


@login_required
def compliance_csv(request):
    _require_view(request.user)
    response = HttpResponse(content_type="text/csv; charset=utf-8")
    response["Content-Disposition"] = 'attachment; filename="service-levels.csv"'
    writer = csv.writer(response)
    writer.writerow(["solution", "month", "priority", "incidents", "within_target", "breaches",
                     "compliance", "goal", "target_hours"])
    for row in compliance_rows():
        writer.writerow([row.solution, row.month, row.priority, row.incidents,
                         _blank(row.within_target), _blank(row.breaches),
                         _blank(row.compliance), _blank(row.goal), _blank(row.target_hours)])
    return response


def _blank(value) -> str:
    return "" if value is None else str(value)


@login_required
def services(request):
    _require_view(request.user)
    listed = Service.objects.select_related("solution").order_by("solution", "name")
    return render(request, "service_levels/services.html", {
        "services": [(service, MappingForm(initial={"solution": service.solution_id},
                                           prefix=f"s{service.pk}")) for service in listed],
        "can_manage": permissions.can_manage(request.user),
    })


@login_required
@require_POST
def map_service(request, pk: int):
    _require_manage(request.user)
    service = get_object_or_404(Service, pk=pk)
    form = MappingForm(request.POST, prefix=f"s{service.pk}")
    if form.is_valid():
        actions.do_map_service(service, form.cleaned_data["solution"], acting_user=request.user)
        messages.success(request, _("Service “%(service)s” mapped.") % {"service": service})
    else:
        messages.error(request, _("Choose a solution from the list."))
    return redirect("service_levels:services")


@login_required
def upload(request):
    _require_manage(request.user)
    form = UploadForm(request.POST or None, request.FILES or None)
    if request.method == "POST" and form.is_valid():
        run = actions.do_upload_export(form.cleaned_data["export"], acting_user=request.user)
        return redirect(run)
    return render(request, "service_levels/upload.html", {"form": form})


@login_required
def import_detail(request, pk: int):
    _require_view(request.user)
    run = get_object_or_404(IncidentImport.objects.select_related("created_by"), pk=pk)
    return render(request, "service_levels/import.html", {
        "run": run, "rejected": [(line["line"], describe_line(line)) for line in run.rejected],
        "failure": describe_error(run.failure["code"], run.failure.get("params", {}))
        if run.failure else "",
        "unmapped": unmapped_services(),
    })
