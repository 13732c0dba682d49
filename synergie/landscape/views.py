"""The landscape's pages: the matrix, the pooling views, each institution's applications, the
forms that record them, the import, the capability map and the ArchiMate export."""

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied, ValidationError
from django.db.models import Count
from django.http import HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from synergie.institutions.models import Institution
from synergie.landscape import actions, analysis, archimate, permissions
from synergie.landscape.exchange import landscape_model
from synergie.landscape.forms import ApplicationForm, CapabilityForm, ImportForm
from synergie.landscape.imports import (
    ImportFileError,
    import_applications,
    template_csv,
    template_xlsx,
)
from synergie.landscape.models import Application
from synergie.landscape.proposals import proposal_form
from synergie.opportunities.actions import do_create_opportunity
from synergie.reference.models import Capability

XLSX = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"


def _require(allowed: bool) -> None:
    if not allowed:
        raise PermissionDenied


def _common(request) -> dict:
    user = request.user
    return {"can_record": permissions.can_record_any(user),
            "can_keep_map": permissions.can_keep_capability_map(user),
            "can_open_opportunity": permissions.can_open_opportunity(user)}


@login_required
def matrix(request):
    _require(permissions.can_view_landscape(request.user))
    table = analysis.matrix()
    rows = [(capability, cells) for capability, cells in table.rows if any(cells)]
    return render(request, "landscape/matrix.html", {
        **_common(request), "matrix": table, "rows": rows,
        "parts": _matrix_parts(table.institutions, rows),
        "unused": [capability for capability, cells in table.rows if not any(cells)],
    })


# A dozen institutions side by side do not fit a 1280 px page: their far columns would scroll
# out of sight (and out of reach of contrast checks). The matrix is cut into tables of this
# many institutions each, read one after the other.
INSTITUTIONS_PER_TABLE = 5


def _matrix_parts(institutions, rows) -> list[dict]:
    parts = []
    for start in range(0, len(institutions), INSTITUTIONS_PER_TABLE):
        end = start + INSTITUTIONS_PER_TABLE
        # Each cell with its institution: on a phone the cell shows the institution's name.
        part_rows = [(capability, list(zip(institutions[start:end], cells[start:end])))
                     for capability, cells in rows if any(cells[start:end])]
        parts.append({"institutions": institutions[start:end], "rows": part_rows,
                      "first": start + 1, "last": min(end, len(institutions)),
                      "number": len(parts) + 1})
    return parts


@login_required
def pooling(request):
    _require(permissions.can_view_landscape(request.user))
    return render(request, "landscape/pooling.html", {
        **_common(request), "candidates": analysis.pooling_candidates()})


@login_required
def windows(request):
    _require(permissions.can_view_landscape(request.user))
    today = timezone.localdate()
    return render(request, "landscape/windows.html", {
        **_common(request), "windows": analysis.pooling_windows(today),
        "months": analysis.WINDOW_MONTHS, "today": today,
        "until": analysis.add_months(today, analysis.WINDOW_MONTHS)})


@login_required
def institution_list(request):
    _require(permissions.can_view_landscape(request.user))
    own = permissions.recording_institution_ids(request.user) or set()
    institutions = (Institution.objects.annotate(application_count=Count("applications"))
                    .filter(application_count__gt=0))
    return render(request, "landscape/institutions.html", {
        **_common(request), "institutions": institutions, "own": own,
        "own_without": Institution.objects.filter(pk__in=own).exclude(
            pk__in=[institution.pk for institution in institutions])})


@login_required
def institution(request, pk: int):
    _require(permissions.can_view_landscape(request.user))
    subject = get_object_or_404(Institution, pk=pk)
    return render(request, "landscape/institution.html", {
        **_common(request), "institution": subject,
        "applications": subject.applications.prefetch_related("capabilities"),
        "can_change": permissions.can_record_for(request.user, subject)})


@login_required
def application_create(request):
    _require(permissions.can_record_any(request.user))
    form = ApplicationForm(request.POST or None, user=request.user)
    if request.method == "POST" and form.is_valid():
        fields = dict(form.cleaned_data)
        try:
            application = actions.do_record_application(acting_user=request.user, **fields)
        except ValidationError as error:
            form.add_error(None, error)
        else:
            messages.success(request, _("Application recorded."))
            return redirect("landscape:institution", pk=application.institution_id)
    return render(request, "landscape/application_form.html", {"form": form, "creating": True})


def _changeable(request, pk: int) -> Application:
    application = get_object_or_404(Application.objects.select_related("institution"), pk=pk)
    _require(permissions.can_change(request.user, application))
    return application


@login_required
def application_edit(request, pk: int):
    application = _changeable(request, pk)
    form = ApplicationForm(request.POST or None, instance=application, user=request.user)
    if request.method == "POST" and form.is_valid():
        try:
            actions.do_change_application(application, acting_user=request.user,
                                          **form.cleaned_data)
        except ValidationError as error:
            form.add_error(None, error)
        else:
            messages.success(request, _("Application changed."))
            return redirect("landscape:institution", pk=form.cleaned_data["institution"].pk)
    return render(request, "landscape/application_form.html", {
        "form": form, "application": application})


@login_required
def application_delete(request, pk: int):
    application = _changeable(request, pk)
    if request.method == "POST":
        actions.do_remove_application(application, acting_user=request.user)
        messages.success(request, _("Application removed."))
        return redirect("landscape:institution", pk=application.institution_id)
    return render(request, "landscape/application_delete.html", {"application": application})


@login_required
def import_file(request):
    _require(permissions.can_record_any(request.user))
    form = ImportForm(request.POST or None, request.FILES or None, user=request.user)
    result = None
    if request.method == "POST" and form.is_valid():
        upload = form.cleaned_data["file"]
        try:
            result = import_applications(upload.read(), upload.name,
                                         institution=form.cleaned_data["institution"],
                                         acting_user=request.user)
        except ImportFileError as error:
            form.add_error("file", str(error))
    return render(request, "landscape/import.html", {"form": form, "result": result})


@login_required
def import_template_csv(request):
    _require(permissions.can_record_any(request.user))
    response = HttpResponse(template_csv(), content_type="text/csv; charset=utf-8")
    response["Content-Disposition"] = 'attachment; filename="synergie-applications.csv"'
    return response


@login_required
def import_template_xlsx(request):
    _require(permissions.can_record_any(request.user))
    response = HttpResponse(template_xlsx(), content_type=XLSX)
    response["Content-Disposition"] = 'attachment; filename="synergie-applications.xlsx"'
    return response


@login_required
def capability_map(request):
    _require(permissions.can_view_landscape(request.user)
             or permissions.can_keep_capability_map(request.user))
    can_keep = permissions.can_keep_capability_map(request.user)
    form = CapabilityForm(request.POST or None) if can_keep else None
    if request.method == "POST":
        _require(can_keep)
        if form.is_valid():
            try:
                actions.do_add_capability(acting_user=request.user, **form.cleaned_data)
            except ValidationError as error:
                form.add_error(None, error)
            else:
                messages.success(request, _("Capability added."))
                return redirect("landscape:capabilities")
    capabilities = (Capability.objects.select_related("domain")
                    .annotate(application_count=Count("applications")))
    return render(request, "landscape/capabilities.html", {
        **_common(request), "capabilities": capabilities, "form": form})


@login_required
def capability_edit(request, pk: int):
    _require(permissions.can_keep_capability_map(request.user))
    capability = get_object_or_404(Capability, pk=pk)
    form = CapabilityForm(request.POST or None, instance=capability)
    if request.method == "POST" and form.is_valid():
        try:
            actions.do_change_capability(capability, acting_user=request.user,
                                         **form.cleaned_data)
        except ValidationError as error:
            form.add_error(None, error)
        else:
            messages.success(request, _("Capability changed."))
            return redirect("landscape:capabilities")
    return render(request, "landscape/capability_form.html", {
        "form": form, "capability": capability})


@login_required
@require_POST
def capability_move(request, pk: int):
    _require(permissions.can_keep_capability_map(request.user))
    capability = get_object_or_404(Capability, pk=pk)
    actions.do_move_capability(capability, up=request.POST.get("direction") != "down",
                               acting_user=request.user)
    return redirect(reverse("landscape:capabilities") + f"#capability-{capability.pk}")


@login_required
def archimate_export(request):
    _require(permissions.can_export_archimate(request.user))
    response = HttpResponse(archimate.write_model(landscape_model()),
                            content_type="application/xml; charset=utf-8")
    response["Content-Disposition"] = 'attachment; filename="synergie-landscape.xml"'
    return response


@login_required
def propose_opportunity(request, pk: int):
    """An opportunity opened from the landscape: the title and description written from the
    capability and the institutions running it; the analyst picks the needs it groups."""
    _require(permissions.can_open_opportunity(request.user))
    capability = get_object_or_404(Capability, pk=pk)
    form, row = proposal_form(request, capability)
    if request.method == "POST" and form.is_valid():
        try:
            opportunity = do_create_opportunity(
                title=form.cleaned_data["title"], notes=form.cleaned_data["notes"],
                lead_analyst=form.cleaned_data["lead_analyst"],
                needs=list(form.cleaned_data["needs"]), acting_user=request.user)
        except ValidationError as error:
            form.add_error("needs", error.message_dict.get("needs", error.messages))
        else:
            messages.success(request, _("Opportunity created."))
            return redirect(opportunity)
    return render(request, "landscape/propose.html", {
        "form": form, "capability": capability, "row": row})
