"""Every role against every page of the data office, by HTTP status (the expected table is
written by hand). A draft's dependencies are its institution's business; a submitted need's are
read by its readers and judged by the data office."""

import pytest
from django.urls import reverse

from synergie.data_office.models import NeedDataDependency
from synergie.needs.models import NeedStatus
from tests.factories import InstitutionFactory, NeedFactory, user_with_role

ROLES = ["anonymous", "contributor_a", "contributor_b", "analyst", "data_office",
         "architecture_board", "pmo", "steering_committee", "administrator"]

MATRIX = {
    "queue": ("get", [302, 403, 403, 403, 200, 403, 403, 403, 403]),
    "add_draft": ("get", [302, 200, 404, 404, 404, 404, 404, 404, 404]),
    "add_draft_send": ("post", [302, 302, 404, 404, 404, 404, 404, 404, 404]),
    "add_submitted": ("get", [302, 403, 403, 403, 403, 403, 403, 403, 200]),
    "add_submitted_send": ("post", [302, 403, 403, 403, 403, 403, 403, 403, 302]),
    "remove_draft": ("post", [302, 302, 404, 404, 404, 404, 404, 404, 404]),
    "remove_draft_get": ("get", [302, 405, 405, 405, 405, 405, 405, 405, 405]),
    "remove_submitted": ("post", [302, 403, 403, 403, 403, 403, 403, 403, 302]),
    "detail": ("get", [302, 200, 200, 200, 200, 200, 200, 200, 200]),
    "detail_draft": ("get", [302, 200, 404, 404, 404, 404, 404, 404, 404]),
    "verdict_send": ("post", [302, 403, 403, 403, 302, 403, 403, 403, 403]),
    "need_page": ("get", [302, 200, 200, 200, 200, 200, 200, 200, 200]),
}

CASES = [pytest.param(page, role, expected, id=f"{page}-{role}")
         for page, (_, row) in MATRIX.items() for role, expected in zip(ROLES, row, strict=True)]


@pytest.mark.parametrize("page,role,expected", CASES)
def test_data_office_permission_matrix(client, db, page, role, expected):
    institution_a = InstitutionFactory(code="COM-A")
    institution_b = InstitutionFactory(code="CPAS-B", kind="social_welfare_centre")
    contributor_a = user_with_role("contributor", institution_a, username="contributor_a")
    draft = NeedFactory(institution=institution_a, status=NeedStatus.DRAFT,
                        created_by=contributor_a)
    submitted = NeedFactory(institution=institution_a, created_by=contributor_a)
    on_draft = NeedDataDependency.objects.create(
        need=draft, description="Registre des salaires", purpose="Payer",
        created_by=contributor_a)
    on_submitted = NeedDataDependency.objects.create(
        need=submitted, description="Registre national", purpose="Identifier",
        created_by=contributor_a)
    if role == "contributor_a":
        user = contributor_a
    elif role == "contributor_b":
        user = user_with_role("contributor", institution_b, username="contributor_b")
    elif role != "anonymous":
        user = user_with_role(role, username=role, is_staff=role == "administrator")
    if role != "anonymous":
        client.force_login(user)
    method, _ = MATRIX[page]
    new = {"description": "Cadastre", "purpose": "Localiser", "dataset": ""}
    url, data = {
        "queue": (reverse("data_office:queue"), None),
        "add_draft": (reverse("data_office:add", args=[draft.pk]), None),
        "add_draft_send": (reverse("data_office:add", args=[draft.pk]), new),
        "add_submitted": (reverse("data_office:add", args=[submitted.pk]), None),
        "add_submitted_send": (reverse("data_office:add", args=[submitted.pk]), new),
        "remove_draft": (reverse("data_office:remove", args=[on_draft.pk]), {}),
        "remove_draft_get": (reverse("data_office:remove", args=[on_draft.pk]), None),
        "remove_submitted": (reverse("data_office:remove", args=[on_submitted.pk]), {}),
        "detail": (reverse("data_office:detail", args=[on_submitted.pk]), None),
        "detail_draft": (reverse("data_office:detail", args=[on_draft.pk]), None),
        "verdict_send": (reverse("data_office:detail", args=[on_submitted.pk]),
                         {"verdict": "missing", "reason": "Pas de source"}),
        "need_page": (submitted.get_absolute_url(), None),
    }[page]
    response = client.get(url) if method == "get" else client.post(url, data)
    assert response.status_code == expected, f"{role} on {page}: {response.status_code}"
