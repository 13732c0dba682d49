"""Every role against every page and endpoint of the PMO, by HTTP status.

Written out by hand, as in tests/core/test_permission_matrix.py: 200 = shown, 302 = done and
redirected (or, anonymous, sent to log in), 403 = refused, 404 = the project does not exist for
this user (a contributor whose institution is not a member of it)."""

from datetime import date

import pytest
from django.urls import reverse

from synergie.delivery import actions
from tests.delivery.conftest import decide
from tests.factories import InstitutionFactory, NeedFactory, user_with_role

ROLES = ["anonymous", "contributor_a", "contributor_b", "analyst", "data_office",
         "architecture_board", "pmo", "steering_committee", "administrator"]

MATRIX = {
    "list": ("get", [302, 200, 200, 200, 200, 200, 200, 200, 200]),
    "roadmap": ("get", [302, 200, 200, 200, 200, 200, 200, 200, 200]),
    "capacity": ("get", [302, 403, 403, 200, 200, 200, 200, 200, 200]),
    "capacity_save": ("post", [302, 403, 403, 403, 403, 403, 302, 403, 403]),
    "public": ("get", [200, 200, 200, 200, 200, 200, 200, 200, 200]),
    "export": ("get", [302, 200, 200, 200, 200, 200, 200, 200, 200]),
    "import": ("get", [302, 403, 403, 403, 403, 403, 200, 403, 403]),
    "start": ("post", [302, 403, 403, 403, 403, 403, 302, 403, 403]),
    "detail": ("get", [302, 200, 404, 200, 200, 200, 200, 200, 200]),
    "edit": ("get", [302, 403, 404, 403, 403, 403, 200, 403, 403]),
    "edit_save": ("post", [302, 403, 404, 403, 403, 403, 302, 403, 403]),
    "report_status": ("post", [302, 403, 404, 403, 403, 403, 302, 403, 403]),
    "budget": ("post", [302, 403, 404, 403, 403, 403, 302, 403, 403]),
    "allocate": ("post", [302, 403, 404, 403, 403, 403, 302, 403, 403]),
    "add_milestone": ("post", [302, 403, 404, 403, 403, 403, 302, 403, 403]),
    "edit_milestone": ("get", [302, 403, 404, 403, 403, 403, 200, 403, 403]),
}

POSTED = {
    "capacity_save": {"pool": "Architectes", "first_month": "2027-01", "last_month": "2027-02",
                      "fte": "2"},
    "edit_save": {"title": "Paie", "owner": "", "axis": "", "status": "in_delivery",
                  "progress": "10"},
    "report_status": {"status-rag": "amber", "status-comment": "Retard."},
    "budget": {"budget-year": "2027", "budget-planned": "1000", "budget-spent": "0"},
    "allocate": {"allocation-pool": "Architectes", "allocation-first_month": "2027-01",
                 "allocation-last_month": "2027-01", "allocation-fte": "1"},
    "add_milestone": {"milestone-title": "Go-live", "milestone-planned_date": "2027-05-01"},
}


def url_for(page, project, waiting, milestone):
    return {
        "list": reverse("delivery:list"),
        "roadmap": reverse("delivery:roadmap"),
        "capacity": reverse("delivery:capacity"),
        "capacity_save": reverse("delivery:capacity"),
        "public": reverse("delivery:public"),
        "export": reverse("delivery:export"),
        "import": reverse("delivery:import"),
        "start": reverse("delivery:start", args=[waiting.pk]),
        "detail": reverse("delivery:detail", args=[project.pk]),
        "edit": reverse("delivery:edit", args=[project.pk]),
        "edit_save": reverse("delivery:edit", args=[project.pk]),
        "report_status": reverse("delivery:report_status", args=[project.pk]),
        "budget": reverse("delivery:budget", args=[project.pk]),
        "allocate": reverse("delivery:allocate", args=[project.pk]),
        "add_milestone": reverse("delivery:add_part", args=[project.pk, "milestone"]),
        "edit_milestone": reverse("delivery:edit_part",
                                  args=[project.pk, "milestone", milestone.pk]),
    }[page]


def make_user(role, institution_a, institution_b):
    if role == "anonymous":
        return None
    if role == "contributor_a":
        return user_with_role("contributor", institution_a, username="contributor-a")
    if role == "contributor_b":
        return user_with_role("contributor", institution_b, username="contributor-b")
    return user_with_role(role, username=role, is_staff=(role == "administrator"))


CASES = [pytest.param(page, role, expected, id=f"{page}-{role}")
         for page, (_, row) in MATRIX.items()
         for role, expected in zip(ROLES, row, strict=True)]


@pytest.mark.parametrize("page,role,expected", CASES)
def test_permission_matrix(client, db, page, role, expected):
    institution_a = InstitutionFactory(code="COM-A")
    institution_b = InstitutionFactory(code="CPAS-B", kind="social_welfare_centre")
    chair = user_with_role("steering_committee", username="chair")
    lead = user_with_role("pmo", username="lead-pmo")
    project = actions.do_start_project(decide(NeedFactory(
        institution=institution_a, title="Paie", status="in_analysis"), chair=chair),
        acting_user=lead)
    milestone = actions.do_add_milestone(project, title="Marché", planned_date=date(2027, 3, 1),
                                         acting_user=lead)
    waiting = decide(NeedFactory(institution=institution_a, status="in_analysis"), chair=chair)
    user = make_user(role, institution_a, institution_b)
    if user:
        client.force_login(user)
    method, _ = MATRIX[page]
    url = url_for(page, project, waiting, milestone)
    response = (client.post(url, POSTED.get(page, {})) if method == "post" else client.get(url))
    assert response.status_code == expected
