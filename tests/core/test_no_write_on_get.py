"""Reading a page writes nothing, and nothing answers PUT, PATCH or DELETE.

Every URL pattern of the URLconf is opened (filled with the demo's objects as the browser tour
does, `tests/browser/tour_pages.py`), as anonymous and as each demo role, with every table of
the database dumped (row counts and a hash of the rows) before and after. Each write statement
run during a GET is caught and named with its URL, so a failure says which page wrote what.
"""

import hashlib
import os
import re

import pytest
from django.core.management import call_command
from django.db import connection, transaction
from django.test import override_settings
from django.urls import reverse
from django.utils import translation

from synergie.accounts.models import User
from synergie.demo.load import ADMIN_USERNAME, FEATURED_LOGINS
from tests.browser.tour_pages import pages
from tests.task_queues import RUN_AT_ONCE

PARAMETER_NAMES = re.compile(r"<int:(\w+)>")

# Logging in writes the session and the user's last login: that is the login, not the page.
IGNORED_TABLES = {"django_session"}
IGNORED_COLUMNS = {"last_login"}
WRITES = ("insert", "update", "delete", "replace", "merge", "truncate", "drop", "alter",
          "create")
ROLES = ["anonymous", *(login.username for login in FEATURED_LOGINS), ADMIN_USERNAME]


@pytest.fixture(scope="module")
def _demo_loaded(django_db_setup, django_db_blocker):
    """The demo, loaded once for the module in a transaction rolled back at its end."""
    as_in_each_test = override_settings(  # what the autouse fixtures of tests/conftest.py set
        PASSWORD_HASHERS=["django.contrib.auth.hashers.MD5PasswordHasher"],
        TASKS=RUN_AT_ONCE)
    with django_db_blocker.unblock(), transaction.atomic(), as_in_each_test:
        call_command("demo", no_serve=True, stdout=open(os.devnull, "w"))
        found = pages()
        yield found
        transaction.set_rollback(True)


@pytest.fixture
def demo_pages(_demo_loaded, db):
    """The tour's pages; one the tour cannot fill yet (its own test says so) is opened with 1
    for each parameter: a page that does not find its object must not write either."""
    found = list(_demo_loaded["pages"])
    for line in _demo_loaded["unfillable"]:
        name = line.split(" ")[0]
        route = line[len(name) + 2:-1]
        with translation.override("fr"):
            path = reverse(name, kwargs=dict.fromkeys(PARAMETER_NAMES.findall(route), 1))
        found.append({"name": name, "path": path[3:], "localised": True})
    return found


def url_of(page: dict) -> str:
    return f"/fr{page['path']}" if page["localised"] else page["path"]


def database_dump() -> dict[str, tuple[int, str]]:
    """Every table: (row count, hash of its rows in a stable order)."""
    dump = {}
    with connection.cursor() as cursor:
        for table in sorted(connection.introspection.table_names(cursor)):
            if table in IGNORED_TABLES:
                continue
            cursor.execute(f"SELECT * FROM {connection.ops.quote_name(table)}")
            names = [column[0] for column in cursor.description]
            kept = [i for i, name in enumerate(names) if name not in IGNORED_COLUMNS]
            rows = sorted(repr(tuple(row[i] for i in kept)) for row in cursor.fetchall())
            dump[table] = (len(rows), hashlib.sha256("\n".join(rows).encode()).hexdigest())
    return dump


class WriteCatcher:
    """Notes each statement that writes, with the URL being opened."""

    def __init__(self):
        self.url, self.writes = "", []

    def __call__(self, execute, sql, params, many, context):
        statement = sql.lstrip().lower()
        if statement.startswith(WRITES) and not any(t in statement for t in IGNORED_TABLES):
            self.writes.append((self.url, sql[:200]))
        return execute(sql, params, many, context)


def log_in(client, role: str) -> None:
    if role != "anonymous":
        client.force_login(User.objects.get(username=role))


@pytest.mark.parametrize("role", ROLES)
def test_reading_every_page_writes_nothing(client, demo_pages, role):
    log_in(client, role)
    before = database_dump()
    catcher = WriteCatcher()
    errors = []
    with connection.execute_wrapper(catcher):
        for page in demo_pages:
            catcher.url = url_of(page)
            response = client.get(catcher.url)
            if response.status_code >= 500:
                errors.append(f"{catcher.url}: {response.status_code}")
    after = database_dump()
    changed = {table: (before.get(table), after.get(table))
               for table in before.keys() | after.keys() if before.get(table) != after.get(table)}
    assert not catcher.writes, f"{role}: pages that wrote:\n" + "\n".join(
        f"{url}: {sql}" for url, sql in catcher.writes)
    assert not changed, f"{role}: tables changed by reading pages: {sorted(changed)}"
    assert not errors, errors


@pytest.mark.parametrize("role", ["anonymous", ADMIN_USERNAME])
def test_every_url_refuses_put_patch_and_delete(client, demo_pages, role):
    """405 with the site's page, before any view runs: nothing is changed, and a view that
    only tells POST from the rest does not take a DELETE for a page to show."""
    log_in(client, role)
    before = database_dump()
    wrong = []
    for page in demo_pages:
        for method in ("put", "patch", "delete", "options"):
            response = getattr(client, method)(url_of(page))
            if response.status_code != 405 or response["Allow"] != "GET, HEAD, POST":
                wrong.append(f"{method.upper()} {url_of(page)}: {response.status_code}")
            elif b"<h1>" not in response.content:
                wrong.append(f"{method.upper()} {url_of(page)}: no page")
    assert not wrong, "\n".join(wrong)
    assert database_dump() == before
