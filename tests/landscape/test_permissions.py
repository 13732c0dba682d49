"""Every role against every page and endpoint of the landscape, by HTTP status.

Written out by hand, like tests/core/test_permission_matrix.py: 200 = shown, 302 = done and
redirected (or sent to the login page when anonymous), 403 = refused. Contributor A's
institution owns the application; contributor B is the neighbour, who reads it but does not
change it. A contributor's POST for another institution's application is refused by the form
(200, the institution is not among its choices)."""

import pytest
from django.urls import reverse

from synergie.landscape.actions import do_record_application
from synergie.landscape.models import Application
from synergie.opportunities.models import Opportunity
from synergie.reference.models import Capability
from tests.factories import InstitutionFactory, NeedFactory, user_with_role

ROLES = ["anonymous", "contributor_a", "contributor_b", "analyst", "data_office",
         "architecture_board", "pmo", "steering_committee", "administrator"]
READERS = [302, 200, 200, 200, 200, 200, 200, 200, 200]
RECORDERS = [302, 200, 200, 403, 403, 403, 403, 403, 403]
BOARD_GET = [302, 403, 403, 403, 403, 200, 403, 403, 403]
BOARD_POST = [302, 403, 403, 403, 403, 302, 403, 403, 403]

MATRIX = {
    "matrix": ("get", READERS),
    "pooling": ("get", READERS),
    "windows": ("get", READERS),
    "institutions": ("get", READERS),
    "institution": ("get", READERS),
    "capabilities": ("get", READERS),
    "create": ("get", RECORDERS),
    "create_post": ("post", [302, 302, 200, 403, 403, 403, 403, 403, 403]),
    "edit": ("get", [302, 200, 403, 403, 403, 403, 403, 403, 403]),
    "edit_post": ("post", [302, 302, 403, 403, 403, 403, 403, 403, 403]),
    "delete": ("get", [302, 200, 403, 403, 403, 403, 403, 403, 403]),
    "delete_post": ("post", [302, 302, 403, 403, 403, 403, 403, 403, 403]),
    "import": ("get", RECORDERS),
    "template_csv": ("get", RECORDERS),
    "template_xlsx": ("get", RECORDERS),
    "capability_add": ("post", BOARD_POST),
    "capability_edit": ("get", BOARD_GET),
    "capability_edit_post": ("post", BOARD_POST),
    "capability_move": ("post", BOARD_POST),
    "archimate": ("get", BOARD_GET),
    "propose": ("get", [302, 403, 403, 200, 403, 403, 403, 403, 403]),
    "propose_post": ("post", [302, 403, 403, 302, 403, 403, 403, 403, 403]),
}


def make_user(role, institution_a, institution_b):
    if role == "anonymous":
        return None
    if role == "contributor_a":
        return user_with_role("contributor", institution_a, username="contributor-a")
    if role == "contributor_b":
        return user_with_role("contributor", institution_b, username="contributor-b")
    return user_with_role(role, username=role, is_staff=(role == "administrator"))


def request(client, page, application, capability, need, analyst_pk):
    institution_pk = application.institution_id
    address = {
        "matrix": ("landscape:matrix", []), "pooling": ("landscape:pooling", []),
        "windows": ("landscape:windows", []), "institutions": ("landscape:institutions", []),
        "institution": ("landscape:institution", [institution_pk]),
        "capabilities": ("landscape:capabilities", []),
        "capability_add": ("landscape:capabilities", []),
        "create": ("landscape:create", []), "create_post": ("landscape:create", []),
        "edit": ("landscape:edit", [application.pk]),
        "edit_post": ("landscape:edit", [application.pk]),
        "delete": ("landscape:delete", [application.pk]),
        "delete_post": ("landscape:delete", [application.pk]),
        "import": ("landscape:import", []), "template_csv": ("landscape:template_csv", []),
        "template_xlsx": ("landscape:template_xlsx", []),
        "capability_edit": ("landscape:capability_edit", [capability.pk]),
        "capability_edit_post": ("landscape:capability_edit", [capability.pk]),
        "capability_move": ("landscape:capability_move", [capability.pk]),
        "archimate": ("landscape:archimate", []),
        "propose": ("landscape:propose", [capability.pk]),
        "propose_post": ("landscape:propose", [capability.pk]),
    }[page]
    url = reverse(address[0], args=address[1])
    if MATRIX[page][0] == "get":
        return client.get(url)
    data = {
        "create_post": {"institution": institution_pk, "name": "GED", "product": "Alfresco"},
        "edit_post": {"institution": institution_pk, "name": "Paie", "product": "SAP HR"},
        "capability_add": {"code": "cemeteries", "name_fr": "Cimetières",
                           "name_nl": "Begraafplaatsen", "name_en": "Cemeteries"},
        "capability_edit_post": {"code": capability.code, "name_fr": "Paie et salaires",
                                 "name_nl": capability.name_nl, "name_en": capability.name_en,
                                 "domain": capability.domain_id},
        "capability_move": {"direction": "down"},
        "propose_post": {"title": "Paie commune", "notes": "", "lead_analyst": analyst_pk,
                         "needs": [need.pk]},
    }.get(page, {})
    return client.post(url, data)


def done(page, application, capability) -> bool:
    """Whether the POST's effect is in the database."""
    if page == "create_post":
        return Application.objects.filter(name="GED").exists()
    if page == "edit_post":
        return Application.objects.filter(product="SAP HR").exists()
    if page == "delete_post":
        return not Application.objects.filter(pk=application.pk).exists()
    if page == "capability_add":
        return Capability.objects.filter(code="cemeteries").exists()
    if page == "capability_edit_post":
        return Capability.objects.filter(name_fr="Paie et salaires").exists()
    if page == "capability_move":
        return Capability.objects.get(pk=capability.pk).position != capability.position
    if page == "propose_post":
        return Opportunity.objects.filter(title="Paie commune").exists()
    return False


CASES = [
    pytest.param(page, role, expected, id=f"{page}-{role}")
    for page, (_, row) in MATRIX.items()
    for role, expected in zip(ROLES, row, strict=True)
]


@pytest.mark.parametrize("page,role,expected", CASES)
def test_permission_matrix(client, db, page, role, expected):
    institution_a = InstitutionFactory(code="COM-A")
    institution_b = InstitutionFactory(code="CPAS-B", kind="social_welfare_centre")
    capability = Capability.objects.get(code="payroll")
    owner = user_with_role("contributor", institution_a, username="owner")
    application = do_record_application(acting_user=owner, institution=institution_a,
                                        name="Paie", product="Persée",
                                        capabilities=[capability])
    need = NeedFactory(institution=institution_b, domain=capability.domain)
    lead = user_with_role("analyst", username="lead")
    user = make_user(role, institution_a, institution_b)
    if user is not None:
        client.force_login(user)
    response = request(client, page, application, capability, need, lead.pk)
    assert response.status_code == expected, f"{role} on {page}: {response.status_code}"
    if role == "anonymous":
        assert "login" in response["Location"]
    if MATRIX[page][0] == "post":
        assert done(page, application, capability) == (expected == 302 and user is not None)
