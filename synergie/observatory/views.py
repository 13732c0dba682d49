"""The observatory's page (every figure with its chart and table) and one CSV per figure.
Both are read-only and open to everyone: `permissions.sees_everything` decides which figures
and how much of them."""

import csv
from datetime import date

from django.http import Http404, HttpResponse
from django.shortcuts import render
from django.utils import timezone
from django.views.decorators.http import require_safe

from synergie.observatory import permissions, presentation
from synergie.observatory.adapters import Audience
from synergie.observatory.figures import YearRange
from synergie.observatory.forms import FilterForm


def _context(request):
    staff = permissions.sees_everything(request.user)
    form = FilterForm(request.GET or None, staff=staff)
    years, institution = YearRange(), None
    if form.is_bound and form.is_valid():
        years = YearRange(form.cleaned_data.get("year_from"), form.cleaned_data.get("year_to"))
        institution = form.cleaned_data.get("institution")
    audience = Audience(staff=staff, institution_id=institution.pk if institution else None)
    return form, audience, years, institution


@require_safe
def index(request):
    form, audience, years, institution = _context(request)
    today = timezone.localdate()
    figures = [presentation.build(slug, audience, years, today) for slug in presentation.SLUGS]
    return render(request, "observatory/index.html", {
        "form": form, "figures": figures, "staff": audience.staff, "institution": institution,
        "query": request.GET.urlencode() if form.is_bound and form.is_valid() else "",
    })


@require_safe
def export_csv(request, slug: str):
    if slug not in presentation.SLUGS:
        raise Http404
    form, audience, years, _institution = _context(request)
    figure = presentation.build(slug, audience, years, timezone.localdate())
    response = HttpResponse(content_type="text/csv; charset=utf-8")
    response["Content-Disposition"] = f'attachment; filename="observatory-{slug}.csv"'
    writer = csv.writer(response)
    writer.writerow(figure.shown_columns)
    positions = [figure.columns.index(code) for code in figure.shown_columns]
    for row in figure.rows:
        writer.writerow(["" if row[i] is None else _plain(row[i]) for i in positions])
    return response


def _plain(value) -> str:
    return value.isoformat() if isinstance(value, date) else str(value)
