"""The import page shows each file's problems by key; each solution offers its publiccode.yml."""

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse

from synergie.catalogue.models import Solution
from synergie.catalogue.publiccode import parse
from tests.catalogue.test_publiccode_import import DOCUMENT
from tests.factories import user_with_role

pytestmark = pytest.mark.django_db


def upload(name: str, text: str) -> SimpleUploadedFile:
    return SimpleUploadedFile(name, text.encode(), "application/yaml")


@pytest.fixture
def manager_client(client):
    client.force_login(user_with_role("analyst"))
    return client


def test_the_list_offers_the_import_to_managers_only(client, manager_client):
    page = manager_client.get(reverse("catalogue:list")).content.decode()
    assert reverse("catalogue:publiccode_import") in page
    client.logout()
    assert reverse("catalogue:publiccode_import") not in \
        client.get(reverse("catalogue:list")).content.decode()


def test_each_file_is_reported_with_its_errors_by_key(manager_client):
    bad = DOCUMENT.replace("license: EUPL-1.2", "license: Whatever")
    response = manager_client.post(reverse("catalogue:publiccode_import"), {
        "files": [upload("good.yml", DOCUMENT), upload("bad.yml", bad)]})
    assert response.status_code == 200
    page = response.content.decode()
    solution = Solution.objects.get()
    assert "Imported: solution added." in page and solution.get_absolute_url() in page
    assert "1 file is invalid: nothing of it was imported." in page
    assert "<code>legal.license</code>" in page
    assert "license must be an SPDX licence expression (https://spdx.org/licenses)." in page


def test_check_only_imports_nothing(manager_client):
    response = manager_client.post(reverse("catalogue:publiccode_import"), {
        "files": [upload("good.yml", DOCUMENT)], "check": "on"})
    assert "Valid: it would add a solution." in response.content.decode()
    assert not Solution.objects.exists()


def test_a_file_too_large_is_refused_before_reading(manager_client):
    huge = upload("huge.yml", "# " + "x" * (1024 * 1024 + 10))
    response = manager_client.post(reverse("catalogue:publiccode_import"), {"files": [huge]})
    assert "huge.yml is larger than 1 MB" in response.content.decode()


def test_every_solution_page_links_its_publiccode_yml(client):
    solution = Solution.objects.create(name_fr="Guichet", summary_fr="Le guichet",
                                       description_fr="Un guichet.", licence="MIT")
    link = reverse("catalogue:publiccode_download", args=[solution.pk])
    assert link in client.get(solution.get_absolute_url()).content.decode()
    response = client.get(link)
    assert response["Content-Type"] == "application/yaml; charset=utf-8"
    assert 'filename="publiccode.yml"' in response["Content-Disposition"]
    assert parse(response.content).document["name"] == "Guichet"
