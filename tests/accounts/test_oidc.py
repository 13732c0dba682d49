"""Single sign-on against a real OpenID Connect provider: the certified `oidc-provider` npm
package, run with the machine's Node.js on 127.0.0.1 (tests/oidc/provider.mjs), talking real
HTTP with Synergie's live server. A person logs in through it and lands on their dashboard with
their institution and role; logging out ends both sessions; claims naming no known institution,
or a local account's name, are refused with a page in the reader's language."""

import hashlib
import html
import json
import os
import re
import shutil
import socket
import subprocess
import time
from pathlib import Path
from urllib.parse import urljoin

import pytest
import requests
from django.urls import reverse
from django.utils import translation

from synergie.accounts.models import Membership, RoleScope, User
from synergie.accounts.refusals import LOCAL_ACCOUNT, NO_INSTITUTION, UNKNOWN_INSTITUTION
from synergie.audit.models import AuditEntry
from tests.factories import InstitutionFactory, UserFactory
from tests.tools import require_tools

ROOT = Path(__file__).resolve().parents[2]
PROVIDER_DIR = ROOT / "tests" / "oidc"
PROVIDER_FILES = ["package.json", "package-lock.json", "provider.mjs"]
CLIENT = {"client_id": "synergie", "client_secret": "test-only-client-secret"}
ACCOUNTS = {
    "anna": {"given_name": "Anna", "family_name": "Peeters", "email": "anna@alpha.example",
             "institution": "COM-TEST-A", "roles": ["contributor"]},
    "chris": {"given_name": "Chris", "family_name": "Janssens", "email": "chris@region.example",
              "institution": "COM-TEST-A", "roles": "analyst unknown-role"},
    "bert": {"given_name": "Bert", "family_name": "Dupont", "email": "bert@nowhere.example"},
    "gaelle": {"given_name": "Gaëlle", "family_name": "Martin", "email": "g@x.example",
               "institution": "NO-SUCH-CODE"},
}


def _free_port() -> int:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return probe.getsockname()[1]


def _provider_folder() -> Path:
    """A folder with provider.mjs and its node_modules: tests/oidc when `npm ci` ran there (as
    .ci/run does), else a cache folder named after the files' hash, installed once."""
    missing = [tool for tool in ("node", "npm") if shutil.which(tool) is None]
    require_tools([f"Node.js ({', '.join(missing)})"] if missing else [])
    if (PROVIDER_DIR / "node_modules" / "oidc-provider").is_dir():
        return PROVIDER_DIR
    digest = hashlib.sha256(b"".join((PROVIDER_DIR / name).read_bytes()
                                     for name in PROVIDER_FILES)).hexdigest()[:16]
    cache_root = Path(os.environ.get("XDG_CACHE_HOME") or Path.home() / ".cache")
    folder = cache_root / "synergie-tests" / f"oidc-provider-{digest}"
    if (folder / "node_modules" / "oidc-provider").is_dir():
        return folder
    staging = folder.with_name(f"{folder.name}.{os.getpid()}.tmp")
    shutil.rmtree(staging, ignore_errors=True)
    staging.mkdir(parents=True)
    for name in PROVIDER_FILES:
        shutil.copy2(PROVIDER_DIR / name, staging / name)
    result = subprocess.run(["npm", "ci", "--no-audit", "--no-fund"], cwd=staging,
                            capture_output=True, text=True, timeout=300)
    if result.returncode != 0:
        shutil.rmtree(staging, ignore_errors=True)
        require_tools([f"the npm package oidc-provider (npm ci failed: "
                       f"{result.stderr.strip()[-500:]})"])
    try:
        staging.rename(folder)
    except OSError:  # another run installed it meanwhile
        shutil.rmtree(staging, ignore_errors=True)
    return folder


@pytest.fixture(scope="session")
def oidc_provider(live_server, tmp_path_factory):
    folder = _provider_folder()
    port = _free_port()
    config = {"port": port, "accounts": ACCOUNTS, "client": {
        **CLIENT,
        "redirect_uris": [f"{live_server.url}/oidc/callback/"],
        "post_logout_redirect_uris": [f"{live_server.url}/"],
    }}
    log = tmp_path_factory.mktemp("oidc") / "provider.log"
    with open(log, "w") as output:
        process = subprocess.Popen(
            ["node", "provider.mjs"], cwd=folder, stdout=output, stderr=subprocess.STDOUT,
            env={**os.environ, "OIDC_TEST_CONFIG": json.dumps(config)})
    issuer = f"http://127.0.0.1:{port}"
    try:
        deadline = time.monotonic() + 60
        while True:
            try:
                discovery = requests.get(f"{issuer}/.well-known/openid-configuration",
                                         timeout=2).json()
                break
            except requests.RequestException:
                if process.poll() is not None or time.monotonic() > deadline:
                    raise RuntimeError(f"oidc-provider did not start:\n{log.read_text()}")
                time.sleep(0.3)
        yield discovery
    finally:
        process.terminate()
        process.wait(timeout=10)


@pytest.fixture
def single_sign_on(settings, oidc_provider, live_server, transactional_db):
    """Synergie configured as docs/settings.md says, against the test provider."""
    settings.SYNERGIE_OIDC_ENABLED = True
    settings.ROOT_URLCONF = "tests.accounts.oidc_urlconf"
    settings.AUTHENTICATION_BACKENDS = [*settings.AUTHENTICATION_BACKENDS,
                                        "synergie.accounts.oidc.InstitutionOIDCBackend"]
    settings.OIDC_RP_CLIENT_ID = CLIENT["client_id"]
    settings.OIDC_RP_CLIENT_SECRET = CLIENT["client_secret"]
    settings.SYNERGIE_OIDC_ISSUER = oidc_provider["issuer"]
    settings.OIDC_OP_AUTHORIZATION_ENDPOINT = oidc_provider["authorization_endpoint"]
    settings.OIDC_OP_TOKEN_ENDPOINT = oidc_provider["token_endpoint"]
    settings.OIDC_OP_USER_ENDPOINT = oidc_provider["userinfo_endpoint"]
    settings.OIDC_OP_JWKS_ENDPOINT = oidc_provider["jwks_uri"]
    settings.SYNERGIE_OIDC_END_SESSION_ENDPOINT = oidc_provider["end_session_endpoint"]
    InstitutionFactory(code="COM-TEST-A", name_fr="Commune d'Alpha", name_nl="Gemeente Alpha")
    return live_server.url


def _form(page: requests.Response, marker: str = "") -> tuple[str, dict]:
    """The action and hidden fields of the page's form (the one containing `marker`)."""
    forms = re.findall(r"<form\b([^>]*)>(.*?)</form>", page.text, re.S)
    attributes, body = next((a, b) for a, b in forms if marker in a + b)
    action = html.unescape(re.search(r'action="([^"]*)"', attributes).group(1))
    hidden = {html.unescape(name): html.unescape(value) for name, value in re.findall(
        r'<input[^>]*type="hidden"[^>]*name="([^"]+)"[^>]*value="([^"]*)"', body)}
    return urljoin(page.url, action), hidden


def _browser(language: str = "en") -> requests.Session:
    session = requests.Session()
    session.headers["Accept-Language"] = language
    return session


def _log_in_at_provider(browser, base: str, account: str, next_page: str = "/en/dashboard/"):
    """Click "log in through the identity provider", then sign in on the provider's page."""
    login_page = browser.get(f"{base}/en/accounts/login/")
    link = re.search(r'href="([^"]*/oidc/authenticate/[^"]*)"', login_page.text)
    assert link, "the login page offers no single sign-on"
    provider_page = browser.get(urljoin(base, html.unescape(link.group(1))),
                                params={"next": next_page})
    assert provider_page.url.startswith("http://127.0.0.1:")
    action, fields = _form(provider_page, 'name="login"')
    return browser.post(action, data={**fields, "login": account, "password": "any"})


def _text(response) -> str:
    return html.unescape(re.sub(r"\s+", " ", response.text))


def test_staff_log_in_through_the_provider_with_their_institution_and_role(single_sign_on):
    base, browser = single_sign_on, _browser()
    landing = _log_in_at_provider(browser, base, "anna")
    assert landing.status_code == 200
    assert landing.url == f"{base}/en/dashboard/"
    assert "Anna Peeters" in _text(landing)

    user = User.objects.get(username="anna")
    assert (user.first_name, user.last_name, user.email) == ("Anna", "Peeters",
                                                           "anna@alpha.example")
    assert not user.has_usable_password()
    assert [(m.role.code, m.institution.code) for m in user.memberships.all()] == [
        ("contributor", "COM-TEST-A")]
    assert AuditEntry.objects.filter(object_id=str(user.pk), changes__has_key="roles").exists()

    # A second login finds the same account again.
    browser2 = _browser()
    assert _log_in_at_provider(browser2, base, "anna").url == f"{base}/en/dashboard/"
    assert User.objects.filter(username="anna").count() == 1


def test_a_regional_role_claimed_is_granted_on_the_region(single_sign_on):
    landing = _log_in_at_provider(_browser(), single_sign_on, "chris")
    assert landing.url == f"{single_sign_on}/en/dashboard/"
    memberships = Membership.objects.filter(user__username="chris").select_related("role")
    assert [(m.role.code, m.role.scope, m.institution_id) for m in memberships] == [
        ("analyst", RoleScope.REGION, None)]


def test_logging_out_ends_the_session_here_and_at_the_provider(single_sign_on):
    base, browser = single_sign_on, _browser()
    dashboard = _log_in_at_provider(browser, base, "anna")
    action, fields = _form(dashboard, "logout")
    confirmation = browser.post(action, data=fields, headers={"Referer": dashboard.url})
    # The provider asks whether to end its session too; the person says yes.
    assert confirmation.url.startswith("http://127.0.0.1:")
    action, fields = _form(confirmation, "logout")
    home = browser.post(action, data={**fields, "logout": "yes"})
    assert home.url.startswith(base) and home.status_code == 200

    assert browser.get(f"{base}/en/dashboard/").url.startswith(f"{base}/en/accounts/login/")
    # Logging in again asks for the provider's login again: its session has ended too.
    again = browser.get(f"{base}/oidc/authenticate/")
    assert again.url.startswith("http://127.0.0.1:") and 'name="login"' in again.text


@pytest.mark.parametrize("language", ["fr", "nl"])
def test_a_person_without_an_institution_claim_is_refused_with_a_page_saying_why(
        single_sign_on, language):
    refused = _log_in_at_provider(_browser(language), single_sign_on, "bert")
    assert refused.status_code == 403
    with translation.override(language):
        reason = str(NO_INSTITUTION)
    with translation.override("en"):
        assert reason != str(NO_INSTITUTION)
    assert reason in _text(refused)
    assert not User.objects.filter(username="bert").exists()


def test_an_institution_synergie_does_not_know_is_refused_and_named(single_sign_on):
    refused = _log_in_at_provider(_browser(), single_sign_on, "gaelle")
    assert refused.status_code == 403
    assert str(UNKNOWN_INSTITUTION) % {"value": "NO-SUCH-CODE"} in _text(refused)
    assert not User.objects.filter(username="gaelle").exists()


def test_a_local_account_with_a_password_is_not_taken_over(single_sign_on):
    local = UserFactory(username="anna")
    refused = _log_in_at_provider(_browser(), single_sign_on, "anna")
    assert refused.status_code == 403
    assert str(LOCAL_ACCOUNT) % {"username": "anna"} in _text(refused)
    assert not local.memberships.exists()


def test_single_sign_on_is_off_unless_configured(client, db):
    page = client.get(reverse("accounts:login"))
    assert "/oidc/" not in page.content.decode()
    assert client.get("/oidc/authenticate/").status_code == 404


def test_claims_map_provider_role_names_and_fall_back_to_the_default_roles():
    from synergie.accounts.oidc import identity_from_claims

    options = {"username_claim": "preferred_username", "institution_claim": "org",
               "roles_claim": "groups", "known_roles": {"contributor", "analyst", "pmo"},
               "default_roles": ["contributor"]}
    mapped = identity_from_claims(
        {"preferred_username": "dirk", "org": "0207.373.429",
         "groups": "synergie-analysts, synergie-pmo other-app"},
        role_map={"synergie-analysts": "analyst", "synergie-pmo": "pmo"}, **options)
    assert (mapped.username, mapped.institution_value, mapped.role_codes) == (
        "dirk", "0207.373.429", ("analyst", "pmo"))
    # Names neither mapped nor known give the default role, never an unknown one.
    fallback = identity_from_claims(
        {"preferred_username": "eva", "org": "COM-1", "groups": ["admin", "root"]},
        role_map={}, **options)
    assert fallback.role_codes == ("contributor",)
