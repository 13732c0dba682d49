"""Every role against every page and endpoint of the service levels, by HTTP status.

Written out by hand: 200 = shown, 302 = done and redirected (or, anonymous, sent to log in),
403 = refused. The catalogue's managers (the purchasing office's analysts) import and map; whoever
reads across the region reads the figures; an institution's contributor does not."""

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse

from synergie.service_levels.models import IncidentImport, Service
from tests.factories import InstitutionFactory, user_with_role
from tests.service_levels.exports import export_text, hand_computed_rows

ROLES = ["anonymous", "contributor", "analyst", "data_office", "architecture_board", "pmo",
         "steering_committee", "administrator"]

MATRIX = {
    "overview": ("get", [302, 403, 200, 200, 200, 200, 200, 200]),
    "csv": ("get", [302, 403, 200, 200, 200, 200, 200, 200]),
    "solution": ("get", [302, 403, 200, 200, 200, 200, 200, 200]),
    "services": ("get", [302, 403, 200, 200, 200, 200, 200, 200]),
    "map_service": ("post", [302, 403, 302, 403, 403, 403, 403, 403]),
    "upload_form": ("get", [302, 403, 200, 403, 403, 403, 403, 403]),
    "upload": ("post", [302, 403, 302, 403, 403, 403, 403, 403]),
    "import_detail": ("get", [302, 403, 200, 200, 200, 200, 200, 200]),
}


def login(client, role: str):
    if role == "anonymous":
        return
    if role == "contributor":
        client.force_login(user_with_role("contributor", InstitutionFactory()))
    else:
        client.force_login(user_with_role(role))


@pytest.mark.django_db
@pytest.mark.parametrize("page", list(MATRIX))
@pytest.mark.parametrize("role_index,role", list(enumerate(ROLES)))
def test_permission_matrix(client, mapped_solutions, django_capture_on_commit_callbacks,
                           page, role_index, role):
    business, _ = mapped_solutions
    service = Service.objects.get(name="Desk A")
    run = IncidentImport.objects.create(file_name="old.csv", status="done")
    method, expected = MATRIX[page]
    url, data = {
        "overview": (reverse("service_levels:overview"), None),
        "csv": (reverse("service_levels:csv"), None),
        "solution": (reverse("service_levels:solution", args=[business.pk]), None),
        "services": (reverse("service_levels:services"), None),
        "map_service": (reverse("service_levels:map_service", args=[service.pk]),
                        {f"s{service.pk}-solution": ""}),
        "upload_form": (reverse("service_levels:upload"), None),
        "upload": (reverse("service_levels:upload"), {"export": SimpleUploadedFile(
            "x.csv", export_text(hand_computed_rows("Desk A", "A")).encode())}),
        "import_detail": (reverse("service_levels:import_detail", args=[run.pk]), None),
    }[page]
    login(client, role)
    with django_capture_on_commit_callbacks(execute=True):
        response = getattr(client, method)(url, data) if data else getattr(client, method)(url)
    assert response.status_code == expected[role_index], (page, role)
    if method == "post":
        service.refresh_from_db()
        changed = (service.solution is None if page == "map_service"
                   else IncidentImport.objects.count() == 2)
        assert changed == (expected[role_index] == 302 and role != "anonymous")
