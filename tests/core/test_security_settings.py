"""A public deployment's headers and settings: a Content-Security-Policy on every answer and
templates it does not break, HTTPS settings from the environment, `check --deploy` clean under
the documented production settings, an idle session ending, and private files (secret key,
SQLite database) that are never readable by others and agreed on by processes starting together."""

import json
import os
import re
import secrets
import stat
import subprocess
import sys
import time
from datetime import timedelta
from pathlib import Path
from unittest import mock

import pytest
from django.urls import reverse
from django.utils import timezone

from synergie.core import files

ROOT = Path(__file__).resolve().parents[2]
TEMPLATE_DIRS = [ROOT / "synergie" / "templates", *ROOT.glob("synergie/*/templates")]


def _run_python(code: str, env: dict, **kwargs) -> subprocess.CompletedProcess:
    # A fresh process as a deployment starts it: none of the test run's own settings (the browser
    # tests allow Django's sync calls from Playwright's event loop, never a deployment).
    environment = {key: value for key, value in os.environ.items()
                   if not key.startswith("SYNERGIE_") and key != "DJANGO_ALLOW_ASYNC_UNSAFE"}
    environment.update(env)
    return subprocess.run([sys.executable, "-c", code], cwd=ROOT, env=environment,
                          capture_output=True, text=True, timeout=120, **kwargs)


def _production_settings() -> dict:
    """The lines of docs/settings.md's production block, with `<...>` filled in."""
    text = (ROOT / "docs" / "settings.md").read_text()
    block = re.search(r"<!-- production-settings -->\s*```sh\n(.*?)```", text, re.S).group(1)
    settings = {}
    for line in block.strip().splitlines():
        name, value = line.split("=", 1)
        settings[name] = re.sub(r"<[^>]*>", lambda _m: secrets.token_urlsafe(50), value)
    return settings


# --- Content-Security-Policy ---------------------------------------------------------------

def test_every_answer_forbids_inline_script_and_other_sites(client, contributor):
    client.force_login(contributor)
    for url in (reverse("site:home"), reverse("site:dashboard"), "/en/no-such-page/"):
        policy = client.get(url)["Content-Security-Policy"]
        assert "default-src 'self'" in policy
        assert "frame-ancestors 'none'" in policy
        assert "unsafe-inline" not in policy


def test_templates_have_no_inline_script_or_style_that_the_policy_would_block():
    inline = re.compile(r"<script(?![^>]*\bsrc=)[^>]*>|<style\b|\sstyle=|\son[a-z]+=", re.I)
    found = [f"{path.relative_to(ROOT)}:{number}: {line.strip()}"
             for directory in TEMPLATE_DIRS for path in directory.rglob("*.html")
             for number, line in enumerate(path.read_text().splitlines(), 1)
             if inline.search(line)]
    assert found == []


# --- Settings from the environment ---------------------------------------------------------

def test_https_throttling_and_session_settings_come_from_the_environment(tmp_path):
    result = _run_python(
        "import json; from django.conf import settings as s; import django; django.setup();"
        "print(json.dumps([s.SECURE_SSL_REDIRECT, s.SECURE_HSTS_SECONDS,"
        " s.SECURE_HSTS_INCLUDE_SUBDOMAINS, s.SECURE_HSTS_PRELOAD, s.SECURE_PROXY_SSL_HEADER,"
        " s.SESSION_COOKIE_AGE, s.SESSION_SAVE_EVERY_REQUEST, s.AXES_FAILURE_LIMIT,"
        " s.AXES_COOLOFF_TIME.total_seconds(), s.AXES_LOCKOUT_PARAMETERS,"
        " s.SYNERGIE_TRUSTED_PROXY_COUNT]))",
        {"DJANGO_SETTINGS_MODULE": "synergie.settings", "SYNERGIE_DATA_DIR": str(tmp_path),
         "SYNERGIE_SSL_REDIRECT": "true", "SYNERGIE_HSTS_SECONDS": "300",
         "SYNERGIE_HSTS_INCLUDE_SUBDOMAINS": "yes", "SYNERGIE_HSTS_PRELOAD": "1",
         "SYNERGIE_PROXY_SSL_HEADER": "X-Forwarded-Proto: https",
         "SYNERGIE_SESSION_IDLE_MINUTES": "20", "SYNERGIE_LOGIN_FAILURE_LIMIT": "3",
         "SYNERGIE_LOGIN_COOLOFF_MINUTES": "2", "SYNERGIE_LOGIN_LOCKOUT_BY": "username+ip_address",
         "SYNERGIE_TRUSTED_PROXY_COUNT": "2"})
    assert result.returncode == 0, result.stderr
    assert json.loads(result.stdout) == [
        True, 300, True, True, ["HTTP_X_FORWARDED_PROTO", "https"], 1200, True, 3, 120.0,
        [["username", "ip_address"]], 2]


def test_check_deploy_has_no_warning_under_the_documented_production_settings(tmp_path):
    env = {**_production_settings(), "SYNERGIE_DATA_DIR": str(tmp_path)}
    result = _run_python(
        "from synergie.cli import main; main(['check', '--deploy', '--fail-level', 'WARNING'])",
        env)
    assert result.returncode == 0, result.stdout + result.stderr
    assert "no issues" in result.stdout


# --- Idle session timeout ------------------------------------------------------------------

def test_a_session_ends_after_the_idle_time_and_each_request_pushes_that_end(
        client, contributor, settings):
    dashboard = reverse("site:dashboard")
    idle = timedelta(seconds=settings.SESSION_COOKIE_AGE)
    start = timezone.now()
    client.force_login(contributor)

    def get_at(moment):
        with mock.patch("django.utils.timezone.now", return_value=moment):
            return client.get(dashboard)

    # Active every 5/6 of the idle time, for longer than the idle time: still logged in.
    assert get_at(start + idle * 5 / 6).status_code == 200
    assert get_at(start + idle * 10 / 6).status_code == 200
    # Then idle for longer than the idle time: logged out.
    response = get_at(start + idle * 10 / 6 + idle + timedelta(seconds=5))
    assert response.status_code == 302
    assert reverse("accounts:login") in response["Location"]


def test_the_idle_time_is_an_hour_by_default(settings):
    assert settings.SESSION_COOKIE_AGE == 3600


# --- Private files -------------------------------------------------------------------------

def _mode(path: Path) -> int:
    return stat.S_IMODE(path.stat().st_mode)


def test_the_generated_secret_key_and_sqlite_database_are_readable_by_their_owner_only(tmp_path):
    data = tmp_path / "data"
    result = _run_python(
        "import os; os.umask(0o022); import django; django.setup();"
        "from django.db import connection; connection.ensure_connection();"
        "connection.cursor().execute('CREATE TABLE probe (x int)')",
        {"DJANGO_SETTINGS_MODULE": "synergie.settings", "SYNERGIE_DATA_DIR": str(data)})
    assert result.returncode == 0, result.stderr
    database_files = sorted(data.glob("synergie.sqlite3*"))
    assert [path.name for path in database_files][:1] == ["synergie.sqlite3"]
    for path in [data / "secret_key", *database_files]:
        assert _mode(path) == 0o600, path.name
    assert _mode(data) == 0o700


def test_a_process_starting_while_another_writes_the_key_gets_the_same_key(tmp_path):
    """Two first starts at once: the second one runs while the first has drawn its key but not
    yet stored it. Both must end with one and the same key, the one stored."""
    key_file = tmp_path / "secret_key"
    real_token = secrets.token_urlsafe
    seen = {}

    def token_while_another_process_starts(nbytes):
        token = real_token(nbytes)
        if "other" not in seen:
            seen["other"] = "running"
            seen["other"] = files.read_or_create_secret(key_file)
        return token

    with mock.patch.object(secrets, "token_urlsafe", token_while_another_process_starts):
        first = files.read_or_create_secret(key_file)
    assert first == seen["other"] == key_file.read_text().strip()
    assert _mode(key_file) == 0o600
    assert sorted(path.name for path in tmp_path.iterdir()) == ["secret_key"]


def test_processes_starting_together_on_a_new_install_agree_on_one_private_key(tmp_path):
    start_at = time.time() + 3
    code = (
        "import sys, time\n"
        "from pathlib import Path\n"
        "from synergie.core.files import read_or_create_secret\n"
        f"while time.time() < {start_at}: pass\n"
        "print(read_or_create_secret(Path(sys.argv[1]) / 'secret_key'))\n"
    )
    processes = [subprocess.Popen([sys.executable, "-c", code, str(tmp_path / "data")], cwd=ROOT,
                                  stdout=subprocess.PIPE, text=True) for _ in range(8)]
    keys = {process.communicate(timeout=60)[0].strip() for process in processes}
    assert len(keys) == 1 and len(keys.pop()) >= 50
    assert _mode(tmp_path / "data" / "secret_key") == 0o600
    assert [path.name for path in (tmp_path / "data").iterdir()] == ["secret_key"]


@pytest.mark.parametrize("umask", [0o000, 0o022])
def test_the_key_is_never_wider_than_0600_whatever_the_umask(tmp_path, umask):
    previous = os.umask(umask)
    try:
        files.read_or_create_secret(tmp_path / "secret_key")
        files.create_private_file(tmp_path / "db.sqlite3")
    finally:
        os.umask(previous)
    assert _mode(tmp_path / "secret_key") == 0o600
    assert _mode(tmp_path / "db.sqlite3") == 0o600
