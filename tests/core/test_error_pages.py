"""When something goes wrong a person reads, in their language, what happened and where to go:
never Django's bare English one-liners."""

import re

import pytest
from django.test import Client

from tests.factories import NeedFactory


def assert_site_page(response, language: str, title: str):
    html = response.content.decode()
    assert f'<html lang="{language}">' in html
    assert 'class="site-header"' in html, "the site's header and menu are missing"
    assert f"<h1>{title}</h1>" in html
    assert 'href="/%s/"' % language in html, "no way back to the home page"


@pytest.mark.parametrize("language,title", [
    ("fr", "Page introuvable"), ("nl", "Pagina niet gevonden"), ("en", "Page not found"),
])
def test_an_unknown_address_shows_the_sites_not_found_page(client, db, language, title):
    response = client.get(f"/{language}/no-such-page/")
    assert response.status_code == 404
    assert_site_page(response, language, title)


@pytest.mark.parametrize("confidentiality", ["regional", "institution"])
def test_an_anonymous_visitor_opening_a_need_behind_a_login_is_sent_to_log_in(
        client, institution, confidentiality):
    need = NeedFactory(institution=institution, confidentiality=confidentiality)
    response = client.get(f"/fr/needs/{need.pk}/")
    assert response.status_code == 302
    assert response["Location"] == f"/fr/accounts/login/?next=/fr/needs/{need.pk}/"


def test_a_need_that_does_not_exist_sends_an_anonymous_visitor_to_log_in_too(client, db):
    """Otherwise the answer would tell a stranger which hidden needs exist."""
    response = client.get("/fr/needs/999999/")
    assert response.status_code == 302
    assert "/accounts/login/" in response["Location"]


def test_a_signed_in_user_sees_not_found_for_a_need_hidden_from_them(
        client, institution, other_contributor):
    need = NeedFactory(institution=institution, confidentiality="institution")
    client.force_login(other_contributor)
    response = client.get(f"/nl/needs/{need.pk}/")
    assert response.status_code == 404
    assert_site_page(response, "nl", "Pagina niet gevonden")


@pytest.mark.parametrize("language,title,roles", [
    ("fr", "Accès refusé", "Vos rôles :"), ("nl", "Toegang geweigerd", "Uw rollen:"),
])
def test_a_refused_page_explains_and_names_the_users_roles(client, pmo, language, title, roles):
    client.force_login(pmo)
    response = client.get(f"/{language}/innovation/new/")
    assert response.status_code == 403
    assert_site_page(response, language, title)
    html = response.content.decode()
    assert roles in html
    assert f'href="/{language}/dashboard/"' in html


def test_an_anonymous_visitor_refused_a_page_is_sent_to_log_in(client, db):
    response = client.get("/fr/innovation/new/")
    assert response.status_code == 302
    assert response["Location"].startswith("/fr/accounts/login/")


@pytest.mark.parametrize("language,title", [
    ("fr", "Une erreur est survenue"), ("nl", "Er is iets misgegaan"),
])
def test_a_server_error_shows_the_sites_error_page(db, settings, language, title):
    settings.ROOT_URLCONF = "tests.core.failing_urls"
    client = Client(raise_request_exception=False)
    response = client.get(f"/{language}/failing/")
    assert response.status_code == 500
    assert_site_page(response, language, title)
    assert "Traceback" not in response.content.decode()


def test_a_form_sent_from_an_expired_page_is_explained(db, contributor):
    client = Client(enforce_csrf_checks=True)
    client.force_login(contributor)
    response = client.post("/nl/needs/new/", {"title": "x"})
    assert response.status_code == 403
    assert_site_page(response, "nl", "Het formulier is verlopen")


def test_the_favicon_is_served(client, db):
    response = client.get("/favicon.ico")
    assert response.status_code == 301
    icon = client.get(response["Location"])
    assert icon.status_code == 200
    assert icon["Content-Type"] in ("image/x-icon", "image/vnd.microsoft.icon")


def test_static_files_have_hashed_names_long_cache_and_compression(client, db):
    html = client.get("/fr/").content.decode()
    stylesheet = re.search(r'href="(/static/synergie/synergie\.[0-9a-f]{12}\.css)"', html)
    assert stylesheet, "the stylesheet is not linked by its hashed name"
    response = client.get(stylesheet.group(1), HTTP_ACCEPT_ENCODING="gzip, br")
    assert response.status_code == 200
    assert response["Content-Encoding"] in ("br", "gzip")
    cache = response["Cache-Control"]
    assert "immutable" in cache
    assert int(re.search(r"max-age=(\d+)", cache).group(1)) >= 365 * 24 * 3600


@pytest.mark.parametrize("language,title", [("fr", "Rien à afficher ici"),
                                            ("nl", "Hier valt niets te zien")])
def test_opening_an_address_that_only_takes_forms_explains_it(client, contributor, language,
                                                              title):
    need = NeedFactory(institution=contributor.memberships.get().institution, status="draft")
    client.force_login(contributor)
    response = client.get(f"/{language}/needs/{need.pk}/status/submit/")
    assert response.status_code == 405
    assert response["Allow"] == "POST"
    assert_site_page(response, language, title)
    need.refresh_from_db()
    assert need.status == "draft"
