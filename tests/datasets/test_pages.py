"""The public catalogue pages in the three languages, the filterset, the hand-edit form's named
errors, and recent_datasets for the public portal."""

from datetime import date

import pytest
from django.urls import reverse
from django.utils import translation

from synergie.datasets.models import Dataset, DatasetStatus, Distribution
from synergie.datasets.public import recent_datasets
from tests.factories import user_with_role

pytestmark = pytest.mark.django_db


@pytest.fixture
def catalogue():
    air = Dataset.objects.create(
        identifier="https://example.org/air", title_fr="Qualité de l'air",
        title_nl="Luchtkwaliteit", title_en="Air quality", description_fr="Mesures horaires",
        themes=["ENVI", "HEAL"], modified=date(2026, 5, 1), access_rights="PUBLIC")
    Distribution.objects.create(dataset=air, access_url="https://example.org/air.csv",
                                format="CSV", title="CSV")
    budget = Dataset.objects.create(identifier="https://example.org/budget",
                                    title_fr="Budget", themes=["ECON"],
                                    modified=date(2026, 6, 1))
    old = Dataset.objects.create(identifier="https://example.org/old", title_fr="Ancien",
                                 themes=["ENVI"], status=DatasetStatus.WITHDRAWN,
                                 modified=date(2026, 7, 1))
    return air, budget, old


@pytest.mark.parametrize("language,title,heading", [("fr", "Qualité de l", "Catalogue des données"),
                                                    ("nl", "Luchtkwaliteit", "Datacatalogus"),
                                                    ("en", "Air quality", "Data catalogue")])
def test_list_in_three_languages(client, catalogue, language, title, heading):
    with translation.override(language):
        url = reverse("datasets:list")
    content = client.get(url).content.decode()
    assert title in content and heading in content


@pytest.mark.parametrize("query,expected", [
    ({"q": "horaires"}, {"https://example.org/air"}),
    ({"q": "luchtkwaliteit"}, {"https://example.org/air"}),
    ({"theme": "ENVI"}, {"https://example.org/air", "https://example.org/old"}),
    ({"theme": "ENVI", "status": "active"}, {"https://example.org/air"}),
    ({"theme": "ECON"}, {"https://example.org/budget"}),
    ({"access_rights": "PUBLIC"}, {"https://example.org/air"}),
])
def test_filters(client, catalogue, query, expected):
    response = client.get(reverse("datasets:list"), query)
    assert {d.identifier for d in response.context["page"].object_list} == expected


def test_detail_shows_distributions_and_withdrawal(client, catalogue):
    air, _, old = catalogue
    with translation.override("fr"):
        air_url, old_url = air.get_absolute_url(), old.get_absolute_url()
    content = client.get(air_url).content.decode()
    assert "https://example.org/air.csv" in content
    assert "Santé" in content or "Sant&eacute;" in content
    assert "retiré" in client.get(old_url).content.decode()


def test_form_names_the_bad_field_and_stores_nothing(client, db):
    client.force_login(user_with_role("data_office", username="eva"))
    response = client.post(reverse("datasets:create"), {"title_fr": "X",
                                                        "landing_page": "pas une adresse"})
    assert response.status_code == 200
    assert "landing_page" in response.context["form"].errors
    response = client.post(reverse("datasets:create"), {"description_fr": "Sans titre"})
    assert response.context["form"].non_field_errors()
    assert not Dataset.objects.exists()
    response = client.post(reverse("datasets:create"), {"title_fr": "Bon", "keywords": "a, b, a",
                                                        "themes": ["GOVE"]})
    dataset = Dataset.objects.get()
    assert dataset.keywords == ["a", "b"] and dataset.identifier.startswith("urn:uuid:")


def test_recent_datasets_for_the_portal(catalogue):
    with translation.override("fr"):
        recent = recent_datasets(5)
        air_url = catalogue[0].get_absolute_url()
    assert [item.title for item in recent] == ["Budget", "Qualité de l'air"]  # active only
    title, url, when, summary = recent[1]
    assert url == air_url and when == date(2026, 5, 1)
    assert summary == "Mesures horaires"
