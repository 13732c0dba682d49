"""Every role against the publiccode.yml pages of the catalogue, by HTTP status (written out by
hand: 200 shown, 302 sent to the login page (anonymous visitors are, for a missing page too),
403 refused, 404 no such solution)."""

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse

from synergie.catalogue.models import Solution
from tests.catalogue.test_publiccode_import import DOCUMENT
from tests.factories import InstitutionFactory, user_with_role

ROLES = ["anonymous", "contributor_a", "contributor_b", "analyst", "data_office",
         "architecture_board", "pmo", "steering_committee", "administrator"]

# page: (method, [expected status per role, in the order of ROLES])
MATRIX = {
    "import_form": ("get", [302, 403, 403, 200, 403, 403, 403, 403, 403]),
    "import_file": ("post", [302, 403, 403, 200, 403, 403, 403, 403, 403]),
    "download": ("get", [200, 200, 200, 200, 200, 200, 200, 200, 200]),
    "download_missing": ("get", [302, 404, 404, 404, 404, 404, 404, 404, 404]),
}

CASES = [
    pytest.param(page, role, expected, id=f"{page}-{role}")
    for page, (_, row) in MATRIX.items()
    for role, expected in zip(ROLES, row, strict=True)
]


def make_user(role: str):
    if role == "anonymous":
        return None
    if role in ("contributor_a", "contributor_b"):
        institution = InstitutionFactory(code="COM-A" if role == "contributor_a" else "CPAS-B")
        return user_with_role("contributor", institution, username=role)
    return user_with_role(role, username=role, is_staff=(role == "administrator"))


@pytest.mark.parametrize("page,role,expected", CASES)
def test_permission_matrix(client, db, page, role, expected):
    solution = Solution.objects.create(name_fr="Guichet", code_url="https://git.example.be/g")
    user = make_user(role)
    if user is not None:
        client.force_login(user)
    if page.startswith("import"):
        url = reverse("catalogue:publiccode_import")
    else:
        url = reverse("catalogue:publiccode_download",
                      args=[solution.pk if page == "download" else solution.pk + 100])
    if MATRIX[page][0] == "get":
        response = client.get(url)
    else:
        upload = SimpleUploadedFile("publiccode.yml", DOCUMENT.encode(), "application/yaml")
        response = client.post(url, {"files": [upload]})
    assert response.status_code == expected, f"{role} on {page}: {response.status_code}"
    if role == "anonymous" and expected == 302:
        assert "login" in response["Location"]
    imported = Solution.objects.filter(code_url="https://git.example.be/region/permis.git")
    assert imported.exists() == (page == "import_file" and expected == 200)
