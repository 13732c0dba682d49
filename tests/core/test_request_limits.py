"""A form too big to read is refused with the site's page in the reader's language, saying what
the limit is and how to get the typed text back; nothing is stored."""

import pytest
from django.test import Client

from synergie.needs.models import Need


@pytest.fixture
def browser(contributor):
    """A client that checks the CSRF token like a browser's request is checked."""
    client = Client(enforce_csrf_checks=True)
    client.force_login(contributor)
    page = client.get("/fr/needs/new/")
    assert page.status_code == 200
    return client, client.cookies["csrftoken"].value


def test_a_body_over_the_limit_gets_the_translated_page_with_the_limit(browser, settings):
    client, token = browser
    response = client.post("/fr/needs/new/", {"csrfmiddlewaretoken": token, "title": "Paie",
                                              "description": "x" * (3 * 1024 * 1024)})
    assert response.status_code == 400
    html = response.content.decode()
    assert "Trop d'informations envoyées en une fois" in html
    assert "(2 MB)" in html or "(2 Mo)" in html
    assert "bouton Retour" in html
    assert not Need.objects.exists()


def test_a_form_with_thousands_of_fields_gets_the_translated_page(browser):
    client, token = browser
    data = {f"f{i}": "x" for i in range(1200)}
    data["csrfmiddlewaretoken"] = token
    response = client.post("/nl/needs/new/", data)
    assert response.status_code == 400
    html = response.content.decode()
    assert "Te veel in één keer verzonden" in html and "1000" in html.replace(".", "")
    assert not Need.objects.exists()
