"""Login throttling: after too many wrong passwords for an account, or from an address, logging
in is refused (even with the right password) on the site's login page and on the admin's, with a
page in the reader's language saying when to try again; after the cool-off, the right password
works again."""

from datetime import timedelta

import pytest
from axes.models import AccessAttempt
from django.conf import settings
from django.db.models import F
from django.test import RequestFactory
from django.urls import reverse
from django.utils import translation
from django.utils.translation import gettext

from synergie.accounts.throttling import client_ip
from tests.factories import PASSWORD, UserFactory

LIMIT = settings.AXES_FAILURE_LIMIT


def _post(client, url, username, password, address="192.0.2.10"):
    return client.post(url, {"username": username, "password": password}, REMOTE_ADDR=address)


def _logged_in(client) -> bool:
    return client.get(reverse("site:dashboard")).status_code == 200


def _end_cool_off():
    AccessAttempt.objects.update(
        attempt_time=F("attempt_time") - settings.AXES_COOLOFF_TIME - timedelta(seconds=1))


def test_wrong_passwords_lock_the_account_until_the_cool_off_even_with_the_right_one(
        client, contributor):
    url = reverse("accounts:login")
    for _attempt in range(LIMIT - 1):
        response = _post(client, url, "contributor.a", "wrong")
        assert response.status_code == 200
        assert "did not match" in response.content.decode()
    response = _post(client, url, "contributor.a", "wrong")
    assert response.status_code == 429
    page = response.content.decode()
    assert "Too many failed logins" in page
    assert "You can try again after" in page

    response = _post(client, url, "contributor.a", PASSWORD)
    assert response.status_code == 429
    assert not _logged_in(client)

    _end_cool_off()
    response = _post(client, url, "contributor.a", PASSWORD)
    assert response.status_code == 302
    assert _logged_in(client)


def test_a_locked_account_stays_locked_from_another_address(client, contributor):
    url = reverse("accounts:login")
    for attempt in range(LIMIT):
        _post(client, url, "contributor.a", "wrong", address=f"192.0.2.{attempt + 1}")
    response = _post(client, url, "contributor.a", PASSWORD, address="198.51.100.7")
    assert response.status_code == 429
    assert not _logged_in(client)


def test_an_address_trying_many_accounts_is_locked_for_every_account(client, contributor):
    """Password spraying: one wrong password for each of many accounts from one address."""
    url = reverse("accounts:login")
    for attempt in range(LIMIT):
        _post(client, url, f"someone.{attempt}", "wrong")
    assert _post(client, url, "contributor.a", PASSWORD).status_code == 429
    # The account itself is not locked: from elsewhere its owner logs in.
    assert _post(client, url, "contributor.a", PASSWORD, address="198.51.100.7").status_code == 302


def test_the_admin_login_is_throttled_too(client, db):
    UserFactory(username="root", is_staff=True, is_superuser=True)
    url = reverse("admin:login")
    for _attempt in range(LIMIT):
        response = _post(client, url, "root", "wrong")
    assert response.status_code == 429
    assert "Too many failed logins" in response.content.decode()
    response = _post(client, url, "root", PASSWORD)
    assert response.status_code == 429
    assert client.get(reverse("admin:index")).status_code == 302


@pytest.mark.parametrize("language", ["fr", "nl"])
def test_the_lockout_page_is_in_the_readers_language(client, contributor, language):
    with translation.override(language):
        url = reverse("accounts:login")
        title = gettext("Too many failed logins")
        retry = gettext("You can try again after %(time)s (in %(delay)s).").split("%")[0].strip()
    assert title != "Too many failed logins"
    for _attempt in range(LIMIT):
        response = _post(client, url, "contributor.a", "wrong")
    page = response.content.decode()
    assert response.status_code == 429
    assert f'lang="{language}"' in page
    assert title in page.replace("&#x27;", "'")
    assert retry in page.replace("&#x27;", "'")


def test_force_login_of_the_test_suite_is_not_throttled(client, contributor):
    for _attempt in range(LIMIT + 1):
        client.force_login(contributor)
    assert _logged_in(client)


def test_behind_a_trusted_proxy_the_address_is_the_one_the_proxy_saw(settings):
    settings.SYNERGIE_TRUSTED_PROXY_COUNT = 1
    request = RequestFactory().post("/", REMOTE_ADDR="10.0.0.1",
                                    HTTP_X_FORWARDED_FOR="203.0.113.66, 198.51.100.9")
    # The left entry was written by the client and may be forged.
    assert client_ip(request) == "198.51.100.9"
    settings.SYNERGIE_TRUSTED_PROXY_COUNT = 0
    assert client_ip(request) == "10.0.0.1"
