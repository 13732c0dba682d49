"""Playwright driving Debian's chromium, with axe-core (from PyPI) injected into each page.

Nothing is downloaded: the browser is the system's (`apt-get install chromium`) and axe-core
ships inside the `axe-playwright-python` package of the test extra. When chromium is missing the
browser tests are skipped with the reason, except where SYNERGIE_REQUIRE_ALL_TOOLS=1 (CI), where
a missing tool is a failure.
"""

import os
import shutil
from pathlib import Path

import axe_playwright_python
import pytest

from tests.browser.tour_checks import inject_axe
from tests.tools import require_tools

# Playwright's sync API runs an event loop in the test thread; the ORM calls the tests make
# there are synchronous and safe.
os.environ.setdefault("DJANGO_ALLOW_ASYNC_UNSAFE", "true")

AXE_JS = Path(axe_playwright_python.__file__).with_name("axe.min.js")
AXE_TAGS = ["wcag2a", "wcag2aa", "wcag21a", "wcag21aa"]
CHROMIUM_FLAGS = [
    "--no-sandbox", "--disable-gpu", "--disable-quic", "--no-first-run",
    "--disable-background-networking", "--disable-component-update", "--disable-sync",
]


def _chromium_path() -> str | None:
    candidate = os.environ.get("SYNERGIE_CHROMIUM") or "/usr/bin/chromium"
    return candidate if Path(candidate).exists() else shutil.which("chromium")


def _missing_tools() -> list[str]:
    missing = []
    if _chromium_path() is None:
        missing.append("Debian's chromium (apt-get install chromium)")
    return missing


@pytest.fixture(scope="session", autouse=True)
def _static_files_served_as_in_production():
    """Pages link the collected static files by their hashed names; the live server's own
    static handler only knows the plain names. Let WhiteNoise serve them, as in production."""
    from django.contrib.staticfiles.handlers import StaticFilesHandler

    StaticFilesHandler._should_handle = lambda self, path: False


@pytest.fixture(scope="session")
def browser():
    require_tools(_missing_tools())
    from playwright.sync_api import sync_playwright

    with sync_playwright() as playwright:
        browser = playwright.chromium.launch(
            executable_path=_chromium_path(), headless=True, args=CHROMIUM_FLAGS
        )
        yield browser
        browser.close()


@pytest.fixture
def page(browser):
    """A fresh page; the test fails if a stylesheet, an image or a script did not load."""
    context = browser.new_context(locale="fr-BE")
    page = context.new_page()
    page.set_default_timeout(10_000)
    broken = []
    page.on("response", lambda response: response.status >= 400
            and response.request.resource_type in ("stylesheet", "image", "script", "font")
            and broken.append(f"{response.status} {response.url}"))
    yield page
    context.close()
    assert broken == [], f"files of the page did not load: {broken}"


class AxeViolations(AssertionError):
    pass


@pytest.fixture
def check_accessibility():
    """Run axe-core on the current page; fail with every WCAG 2.1 A/AA violation listed."""

    def check(page, label: str) -> None:
        inject_axe(page, str(AXE_JS))
        result = page.evaluate(
            "tags => axe.run(document, {runOnly: {type: 'tag', values: tags}})", AXE_TAGS
        )
        violations = [
            f"{v['id']} ({v['impact']}): {v['help']} at "
            + ", ".join(str(node["target"]) for node in v["nodes"][:5])
            for v in result["violations"]
        ]
        if violations:
            raise AxeViolations(f"{label} {page.url}:\n" + "\n".join(violations))
        assert result["passes"], "axe ran no check at all"

    return check


@pytest.fixture
def reference_data(transactional_db):
    """Live-server tests flush the database afterwards; put the reference lists back first."""
    from synergie.reference.models import BusinessDomain, CpvCode
    from synergie.reference.seed import seed_cpv, seed_domains

    if not BusinessDomain.objects.exists():
        seed_domains(BusinessDomain)
    if not CpvCode.objects.exists():
        seed_cpv(CpvCode)
