"""The service levels' pages as an analyst and a reader use them."""

import io
import re

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse
from django.utils import translation

from synergie.audit.models import AuditEntry
from synergie.service_levels.actions import do_import_incidents, run_upload
from synergie.service_levels.models import ImportStatus, Incident, IncidentImport, Service
from tests.factories import user_with_role
from tests.service_levels.exports import export_text, hand_computed_rows, incident
from tests.task_queues import DATABASE_QUEUE

pytestmark = pytest.mark.django_db


def upload(client, text: str, django_capture_on_commit_callbacks):
    with django_capture_on_commit_callbacks(execute=True):
        return client.post(reverse("service_levels:upload"), {
            "export": SimpleUploadedFile("incidents.csv", text.encode("utf-8"), "text/csv")})


def test_an_uploaded_export_is_imported_in_the_background_and_its_page_tells_how_it_went(
        client, mapped_solutions, django_capture_on_commit_callbacks):
    client.force_login(user_with_role("analyst"))
    text = export_text(hand_computed_rows("Desk A", "A") + [
        incident("A9", "2026-12-07 09:00:00", "2026-12-07 08:00:00"),
        incident("X1", "2026-12-07 09:00:00", "2026-12-07 10:00:00", service="Mail relay")])
    response = upload(client, text, django_capture_on_commit_callbacks)
    run = IncidentImport.objects.get()
    assert response.status_code == 302 and response["Location"] == run.get_absolute_url()
    assert run.status == ImportStatus.DONE and not run.chunks.exists()
    assert Incident.objects.count() == 5
    page = client.get(run.get_absolute_url()).content.decode()
    assert "6 lines read." in page
    assert "5 new incidents, 0 updated, 1 lines refused." in page
    assert "<td class=\"num\">6</td><td>resolved_at is before opened_at.</td>" in page
    assert "1 service is not mapped to a solution yet." in page
    assert 'http-equiv="refresh"' not in page  # finished: no more refreshing


def test_a_running_import_shows_the_lines_read_and_refreshes(client, db):
    client.force_login(user_with_role("data_office"))
    run = IncidentImport.objects.create(file_name="big.csv", status=ImportStatus.RUNNING,
                                        lines_read=20000)
    page = client.get(run.get_absolute_url()).content.decode()
    assert '<meta http-equiv="refresh" content="3">' in page
    assert "20000 lines read." in page


def test_an_upload_without_the_export_columns_says_which_are_missing(
        client, db, django_capture_on_commit_callbacks):
    client.force_login(user_with_role("analyst"))
    upload(client, "id,title\n1,x\n", django_capture_on_commit_callbacks)
    run = IncidentImport.objects.get()
    assert run.status == ImportStatus.FAILED
    assert "lacks the columns number, opened_at" in client.get(
        run.get_absolute_url()).content.decode()


def test_overview_solution_chart_breaches_and_csv(client, mapped_solutions):
    business, calendar = mapped_solutions
    do_import_incidents(io.StringIO(export_text(hand_computed_rows("Desk A", "A")
                                                + hand_computed_rows("Desk B", "B")
                                                + [incident("X1", "2026-12-07 09:00:00", "",
                                                            service="Mail relay")])),
                        "x.csv", acting_user=None)
    client.force_login(user_with_role("steering_committee"))
    overview = client.get(reverse("service_levels:overview")).content.decode()
    assert "Services not mapped to a solution" in overview and "Mail relay" in overview
    assert "Guichet A" in overview and "50.00" in overview
    assert f'<h2 id="solution-{business.pk}">' in overview
    assert f'aria-labelledby="solution-{business.pk}"' in overview
    page = client.get(reverse("service_levels:solution", args=[calendar.pk])).content.decode()
    assert "<svg" in page and "Share of incidents resolved within target" in page
    assert "Resolution times count calendar hours" in page
    assert "Breaches in 2026-12" in page
    for number in ("B1", "B3", "B4"):
        assert f'<th scope="row">{number}</th>' in page
    assert '<th scope="row">B2</th>' not in page
    csv_text = client.get(reverse("service_levels:csv")).content.decode()
    assert csv_text.splitlines()[0] == ("solution,month,priority,incidents,within_target,"
                                        "breaches,compliance,goal,target_hours")
    assert "Guichet B,2026-12,2,2,0,2,0.0,90,8" in csv_text


def test_the_analyst_maps_a_service_and_its_incidents_count_from_then(client, mapped_solutions):
    business, _ = mapped_solutions
    service = Service.objects.create(name="Mail relay")
    client.force_login(user_with_role("analyst"))
    page = client.get(reverse("service_levels:services")).content.decode()
    assert "Mail relay" in page
    response = client.post(reverse("service_levels:map_service", args=[service.pk]),
                           {f"s{service.pk}-solution": business.pk})
    assert response.status_code == 302
    service.refresh_from_db()
    assert service.solution == business
    assert AuditEntry.objects.filter(object_id=str(service.pk),
                                     changes__solution__after=business.pk).exists()


def test_with_the_database_queue_the_upload_waits_for_a_worker_then_is_imported(
        client, settings, mapped_solutions):
    settings.TASKS = DATABASE_QUEUE
    client.force_login(user_with_role("analyst"))
    client.post(reverse("service_levels:upload"), {"export": SimpleUploadedFile(
        "incidents.csv", export_text(hand_computed_rows("Desk A", "A")).encode("utf-8"))})
    run = IncidentImport.objects.get()
    page = client.get(run.get_absolute_url()).content.decode()
    assert "Waiting for a worker" in page and 'http-equiv="refresh"' in page
    assert run.chunks.exists() and not Incident.objects.exists()
    assert run_upload(run.pk) == ImportStatus.DONE  # what the worker's task does
    assert Incident.objects.count() == 4 and not run.chunks.exists()
    assert "4 new incidents" in client.get(run.get_absolute_url()).content.decode()


def test_in_french_the_chart_writes_its_coordinates_with_a_point_and_its_figures_with_a_comma(
        client, mapped_solutions):
    # A browser reads "250,0" as no length at all: the chart would lose its lines and dots.
    _, calendar = mapped_solutions
    do_import_incidents(io.StringIO(export_text(hand_computed_rows("Desk B", "B"))), "x.csv",
                        acting_user=None)
    client.force_login(user_with_role("steering_committee"))
    with translation.override("fr"):
        url = reverse("service_levels:solution", args=[calendar.pk])
    page = client.get(url).content.decode()
    svg = page[page.index("<svg"):page.index("</svg>")]
    coordinates = re.findall(r' (?:x|y|x1|y1|x2|y2|cx|cy)="([^"]*)"', svg)
    assert coordinates and all(re.fullmatch(r"\d+(\.\d+)?", value) for value in coordinates)
    points = " ".join(re.findall(r'points="([^"]*)"', svg)).split()
    assert points and all(re.fullmatch(r"\d+\.\d,\d+\.\d", point) for point in points)
    assert "0,00 %" in svg  # what a person reads stays French
