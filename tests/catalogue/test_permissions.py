"""Every role against every page and endpoint of the catalogue, by HTTP status (the expected
table is written by hand: see tests/core/test_permission_matrix.py)."""

from datetime import date

import pytest
from django.urls import reverse

from synergie.catalogue.models import Contract, JoinRequest, Solution, Supplier
from tests.factories import InstitutionFactory, user_with_role

ROLES = ["anonymous", "contributor_a", "contributor_b", "analyst", "data_office",
         "architecture_board", "pmo", "steering_committee", "administrator"]

MATRIX = {
    "list": ("get", [200, 200, 200, 200, 200, 200, 200, 200, 200]),
    "detail": ("get", [200, 200, 200, 200, 200, 200, 200, 200, 200]),
    "create": ("get", [302, 403, 403, 200, 403, 403, 403, 403, 403]),
    "edit": ("get", [302, 403, 403, 200, 403, 403, 403, 403, 403]),
    "targets": ("get", [302, 403, 403, 200, 403, 403, 403, 403, 403]),
    "adoption": ("get", [302, 403, 403, 200, 403, 403, 403, 403, 403]),
    "add_contract": ("get", [302, 403, 403, 200, 403, 403, 403, 403, 403]),
    "remove_contract": ("post", [302, 403, 403, 302, 403, 403, 403, 403, 403]),
    "join": ("get", [302, 200, 200, 403, 403, 403, 403, 403, 403]),
    "join_send": ("post", [302, 302, 302, 403, 403, 403, 403, 403, 403]),
    "requests": ("get", [302, 403, 403, 200, 403, 403, 403, 403, 403]),
    "handle_request": ("get", [302, 403, 403, 200, 403, 403, 403, 403, 403]),
    "handle_request_send": ("post", [302, 403, 403, 302, 403, 403, 403, 403, 403]),
}

CASES = [pytest.param(page, role, expected, id=f"{page}-{role}")
         for page, (_, row) in MATRIX.items() for role, expected in zip(ROLES, row, strict=True)]


def make_user(role, institution_a, institution_b):
    if role == "anonymous":
        return None
    if role.startswith("contributor"):
        return user_with_role("contributor",
                              institution_a if role.endswith("a") else institution_b)
    return user_with_role(role, username=role, is_staff=role == "administrator")


@pytest.mark.parametrize("page,role,expected", CASES)
def test_catalogue_permission_matrix(client, db, page, role, expected):
    institution_a = InstitutionFactory(code="COM-A")
    institution_b = InstitutionFactory(code="CPAS-B", kind="social_welfare_centre")
    solution = Solution.objects.create(name_fr="Service desk")
    contract = Contract.objects.create(
        solution=solution, supplier=Supplier.objects.create(name="Supplier"),
        framework_reference="FW-1", start_date=date(2025, 1, 1), end_date=date(2027, 1, 1),
        ceiling=1000)
    waiting = JoinRequest.objects.create(
        solution=solution, institution=InstitutionFactory(code="ZP-C", kind="police_zone"),
        requested_by=user_with_role("contributor", username="requester"))
    user = make_user(role, institution_a, institution_b)
    if user is not None:
        client.force_login(user)
    own = institution_a if role == "contributor_a" else institution_b
    method, _ = MATRIX[page]
    url, data = {
        "list": (reverse("catalogue:list"), None),
        "detail": (solution.get_absolute_url(), None),
        "create": (reverse("catalogue:create"), None),
        "edit": (reverse("catalogue:edit", args=[solution.pk]), None),
        "targets": (reverse("catalogue:targets", args=[solution.pk]), None),
        "adoption": (reverse("catalogue:adoption", args=[solution.pk]), None),
        "add_contract": (reverse("catalogue:add_item", args=[solution.pk, "contract"]), None),
        "remove_contract": (reverse("catalogue:remove_item",
                                    args=[solution.pk, "contract", contract.pk]), {}),
        "join": (reverse("catalogue:join", args=[solution.pk]), None),
        "join_send": (reverse("catalogue:join", args=[solution.pk]),
                      {"institution": own.pk, "message": "Oui"}),
        "requests": (reverse("catalogue:requests"), None),
        "handle_request": (reverse("catalogue:handle_request", args=[waiting.pk]), None),
        "handle_request_send": (reverse("catalogue:handle_request", args=[waiting.pk]),
                                {"decision": "accept", "answer": ""}),
    }[page]
    response = client.get(url) if method == "get" else client.post(url, data)
    assert response.status_code == expected, f"{role} on {page}: {response.status_code}"
    if role == "anonymous" and expected == 302:
        assert "login" in response["Location"]
    done = expected == 302 and user is not None
    if page == "remove_contract":
        assert Contract.objects.exists() != done
    elif page == "join_send":
        assert JoinRequest.objects.filter(institution=own).exists() == done
    elif page == "handle_request_send":
        waiting.refresh_from_db()
        assert (waiting.status == "accepted") == done
