"""Every role against every page of the data catalogue, by HTTP status (the expected table is
written by hand: see tests/core/test_permission_matrix.py). The catalogue and its export are
public; hand edits are the data office's."""

import pytest
from django.urls import reverse

from synergie.audit.models import AuditEntry
from synergie.datasets.models import Dataset, DatasetStatus, Distribution
from tests.factories import InstitutionFactory, user_with_role

ROLES = ["anonymous", "contributor", "analyst", "data_office", "architecture_board", "pmo",
         "steering_committee", "administrator"]

MATRIX = {
    "list": ("get", [200, 200, 200, 200, 200, 200, 200, 200]),
    "detail": ("get", [200, 200, 200, 200, 200, 200, 200, 200]),
    "export_ttl": ("get", [200, 200, 200, 200, 200, 200, 200, 200]),
    "export_rdf": ("get", [200, 200, 200, 200, 200, 200, 200, 200]),
    "export_jsonld": ("get", [200, 200, 200, 200, 200, 200, 200, 200]),
    "export_post": ("post", [405, 405, 405, 405, 405, 405, 405, 405]),
    "create": ("get", [302, 403, 403, 200, 403, 403, 403, 403]),
    "create_send": ("post", [302, 403, 403, 302, 403, 403, 403, 403]),
    "edit": ("get", [302, 403, 403, 200, 403, 403, 403, 403]),
    "edit_send": ("post", [302, 403, 403, 302, 403, 403, 403, 403]),
    "status_get": ("get", [302, 405, 405, 405, 405, 405, 405, 405]),
    "status_send": ("post", [302, 403, 403, 302, 403, 403, 403, 403]),
    "add_distribution": ("get", [302, 403, 403, 200, 403, 403, 403, 403]),
    "add_distribution_send": ("post", [302, 403, 403, 302, 403, 403, 403, 403]),
    "remove_distribution_get": ("get", [302, 405, 405, 405, 405, 405, 405, 405]),
    "remove_distribution": ("post", [302, 403, 403, 302, 403, 403, 403, 403]),
}

CASES = [pytest.param(page, role, expected, id=f"{page}-{role}")
         for page, (_, row) in MATRIX.items() for role, expected in zip(ROLES, row, strict=True)]

DATASET_FORM = {"title_fr": "Nouveau", "identifier": "", "keywords": "a, b",
                "themes": ["GOVE"]}


@pytest.mark.parametrize("page,role,expected", CASES)
def test_datasets_permission_matrix(client, db, page, role, expected):
    dataset = Dataset.objects.create(identifier="https://example.org/ds/1", title_fr="Budget",
                                     themes=["ECON"])
    distribution = Distribution.objects.create(dataset=dataset,
                                               access_url="https://example.org/budget")
    if role != "anonymous":
        institution = InstitutionFactory(code="COM-A") if role == "contributor" else None
        client.force_login(user_with_role(role, institution, username=role,
                                          is_staff=role == "administrator"))
    method, _ = MATRIX[page]
    url, data = {
        "list": (reverse("datasets:list"), None),
        "detail": (dataset.get_absolute_url(), None),
        "export_ttl": ("/data/catalogue.ttl", None),
        "export_rdf": ("/data/catalogue.rdf", None),
        "export_jsonld": ("/data/catalogue.jsonld", None),
        "export_post": ("/data/catalogue.ttl", {}),
        "create": (reverse("datasets:create"), None),
        "create_send": (reverse("datasets:create"), DATASET_FORM),
        "edit": (reverse("datasets:edit", args=[dataset.pk]), None),
        "edit_send": (reverse("datasets:edit", args=[dataset.pk]),
                      {**DATASET_FORM, "identifier": dataset.identifier, "title_fr": "Changé"}),
        "status_get": (reverse("datasets:set_status", args=[dataset.pk]), None),
        "status_send": (reverse("datasets:set_status", args=[dataset.pk]),
                        {"status": "withdrawn"}),
        "add_distribution": (reverse("datasets:add_distribution", args=[dataset.pk]), None),
        "add_distribution_send": (reverse("datasets:add_distribution", args=[dataset.pk]),
                                  {"access_url": "https://example.org/more", "format": "CSV"}),
        "remove_distribution_get": (reverse("datasets:remove_distribution",
                                            args=[dataset.pk, distribution.pk]), None),
        "remove_distribution": (reverse("datasets:remove_distribution",
                                        args=[dataset.pk, distribution.pk]), {}),
    }[page]
    entries = AuditEntry.objects.count()
    response = client.get(url) if method == "get" else client.post(url, data)
    assert response.status_code == expected, f"{role} on {page}: {response.status_code}"
    if role == "anonymous" and expected == 302:
        assert "login" in response["Location"]
    done = expected == 302 and role != "anonymous"
    dataset.refresh_from_db()
    if method == "get":
        assert AuditEntry.objects.count() == entries  # a GET never writes
    if page == "create_send":
        assert Dataset.objects.filter(title_fr="Nouveau").exists() == done
    elif page == "edit_send":
        assert (dataset.title_fr == "Changé") == done
    elif page == "status_send":
        assert (dataset.status == DatasetStatus.WITHDRAWN) == done
    elif page == "add_distribution_send":
        assert dataset.distributions.filter(access_url="https://example.org/more").exists() == done
    elif page == "remove_distribution":
        assert Distribution.objects.filter(pk=distribution.pk).exists() != done
    if done:
        assert AuditEntry.objects.count() > entries
