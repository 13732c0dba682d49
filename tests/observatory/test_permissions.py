"""Every default role and the anonymous visitor against the observatory's page and each CSV:
everyone reads it (status 200, a GET writes nothing); only the orchestrator's regional readers
get the staff figures (institutions named, business cases, experiments, service levels)."""

import pytest
from django.urls import reverse

from synergie.observatory.presentation import SLUGS
from tests.factories import InstitutionFactory, user_with_role
from tests.observatory import scenario

ROLES = ["anonymous", "contributor_a", "contributor_b", "analyst", "data_office",
         "architecture_board", "pmo", "steering_committee", "administrator"]
# Does the role see the staff figures?
STAFF = [False, False, False, True, True, True, True, True, True]
PAGES = ["index", *[f"csv:{slug}" for slug in SLUGS]]

CASES = [pytest.param(page, role, staff, id=f"{page}-{role}")
         for page in PAGES for role, staff in zip(ROLES, STAFF, strict=True)]


def _login(client, role, region):
    if role == "anonymous":
        return
    if role.startswith("contributor"):
        institution = region["alpha"] if role.endswith("a") else region["beta"]
        client.force_login(user_with_role("contributor", institution, username=role))
        return
    client.force_login(user_with_role(role, username=role, is_staff=role == "administrator"))


@pytest.mark.parametrize("page,role,staff", CASES)
def test_observatory_permission_matrix(client, db, page, role, staff):
    region = scenario.build()
    InstitutionFactory(code="PZ-OTHER", kind="police_zone")
    _login(client, role, region)
    if page == "index":
        url = reverse("observatory:index")
    else:
        url = reverse("observatory:csv", args=[page.split(":")[1]])
    response = client.get(url)
    assert response.status_code == 200
    body = response.content.decode()
    if page in ("index", "csv:investment"):
        assert ("CPAS de Bêta" in body) is staff
    if page == "csv:experiments":
        assert ("Pré-remplissage" in body) is staff
    assert client.post(url).status_code == 405
