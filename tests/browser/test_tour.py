"""The tour: every page of the URLconf, with the demo data, as every demo role and anonymous, in
French and Dutch, at 1,280 px (and the public and contributor pages at 390 px), in chromium.

It fails on what a person would notice: a server error, a console error or a failed request,
program text, English on a French or Dutch page, a page wider than the window, a link that
leads nowhere, an unreadable button, any axe-core WCAG 2.1 A/AA violation or undecided contrast.
Every visit leaves a full-page screenshot under test-results/tour/ (git-ignored): look at them.

The demo runs as a user starts it (`synergie demo`, embedded SQLite, its own data folder), once
per test run; the tour runs on that one database whatever SYNERGIE_DATABASE_URL says.
"""

import json
import os
import re
import shutil
import socket
import subprocess
import sys
import time
from pathlib import Path
from urllib.parse import urldefrag, urlsplit

import pytest
from playwright.sync_api import Error as PlaywrightError

from synergie.demo.load import ADMIN_USERNAME, DEMO_PASSWORD, FEATURED_LOGINS
from tests.browser import tour_checks
from tests.browser.conftest import AXE_JS

pytestmark = pytest.mark.browser

ROOT = Path(__file__).resolve().parents[2]
SCREENSHOTS = ROOT / "test-results" / "tour"
LANGUAGES = ["fr", "nl"]
IDENTITIES = ["anonymous", *[login.username for login in FEATURED_LOGINS], ADMIN_USERNAME]
# The public and the institutions use Synergie on a phone too.
PHONE_IDENTITIES = ["anonymous", "marie.dubois", "pieter.janssens"]
DESKTOP, PHONE = 1280, 390
# Shared by every identity's tour: a page seen identically by two roles is checked by axe and
# photographed once.
AXE_VERDICTS: dict = {}
SCREENSHOTS_TAKEN: dict = {}


def _free_port() -> int:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return probe.getsockname()[1]


def _wait_until_serving(port: int, process, log: Path, timeout: float = 300) -> None:
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        if process.poll() is not None:
            raise RuntimeError(f"synergie demo stopped:\n{log.read_text()[-3000:]}")
        try:
            with socket.create_connection(("127.0.0.1", port), timeout=1):
                return
        except OSError:
            time.sleep(0.5)
    raise RuntimeError(f"synergie demo did not start in {timeout} s:\n{log.read_text()[-3000:]}")


@pytest.fixture(scope="module")
def demo(tmp_path_factory):
    if os.environ.get("SYNERGIE_DATABASE_URL"):
        pytest.skip("the tour runs once per test run, on the embedded database of its own demo: "
                    "it ran in the run without SYNERGIE_DATABASE_URL")
    shutil.rmtree(SCREENSHOTS, ignore_errors=True)
    data_dir = tmp_path_factory.mktemp("tour-demo")
    env = {key: value for key, value in os.environ.items()
           if key not in ("SYNERGIE_DATABASE_URL", "SYNERGIE_STATIC_ROOT")}
    env["SYNERGIE_DATA_DIR"] = str(data_dir)
    port = _free_port()
    log = data_dir / "demo.log"
    with open(log, "w") as output:
        process = subprocess.Popen(
            [sys.executable, "-m", "synergie", "demo", "--port", str(port)],
            cwd=ROOT, env=env, stdout=output, stderr=subprocess.STDOUT,
        )
    try:
        _wait_until_serving(port, process, log)
        listing = subprocess.run([sys.executable, "-m", "tests.browser.tour_pages"], cwd=ROOT,
                                 env=env, capture_output=True, text=True, check=True)
        pages = json.loads(listing.stdout)
        assert pages["unfillable"] == [], (
            "the tour does not know which demo objects to open these pages with; add them to "
            f"FILLERS in tests/browser/tour_pages.py: {pages['unfillable']}")
        yield {"base": f"http://127.0.0.1:{port}", "pages": pages["pages"]}
    finally:
        process.terminate()
        process.wait(timeout=30)


class Visitor:
    """One identity's browser context: logged in once, then reused for every page."""

    def __init__(self, browser, base: str, identity: str, width: int):
        self.base, self.identity, self.width = base, identity, width
        self.context = browser.new_context(viewport={"width": width, "height": 900},
                                           locale="fr-BE")
        self.page = self.context.new_page()
        self.page.set_default_timeout(30_000)
        self.events: list[str] = []
        self.page.on("console", self._on_console)
        self.page.on("pageerror", lambda error: self.events.append(f"script error: {error}"))
        self.page.on("requestfailed", self._on_request_failed)
        self.page.on("response", self._on_response)
        # Error pages and redirects already checked, with their screenshot.
        self.checked: dict[tuple, Path] = {}
        self.links: dict[str, int] = {}
        self.problems: list[str] = []
        self.visits = 0
        if identity != "anonymous":
            self._log_in()

    def _on_console(self, message):
        if message.type != "error":
            return
        # Chromium reports an error page's own status as a console error: the status is
        # checked by the tour, not an error of the page.
        if (message.text.startswith("Failed to load resource")
                and message.location.get("url") == self.page.url):
            return
        self.events.append(f"console error: {message.text}")

    def _on_request_failed(self, request):
        # Chromium cancels what is still loading (the favicon) when the tour moves on: that is
        # the tour's doing, not the page's.
        if request.failure != "net::ERR_ABORTED":
            self.events.append(f"request failed: {request.url} ({request.failure})")

    def _on_response(self, response):
        request = response.request
        if response.status >= 400 and not (request.is_navigation_request()
                                           and request.frame == self.page.main_frame):
            self.events.append(f"{response.status} for {response.url}")

    def _log_in(self) -> None:
        self.page.goto(f"{self.base}/fr/accounts/login/")
        self.page.fill("#id_username", self.identity)
        self.page.fill("#id_password", DEMO_PASSWORD)
        self.page.click("main form button[type=submit]")
        self.page.wait_for_url(re.compile(r"/dashboard/$"))

    def close(self) -> None:
        self.context.close()

    def visit(self, entry: dict, language: str) -> None:
        path = f"/{language}{entry['path']}" if entry["localised"] else entry["path"]
        if not entry["localised"] and language != LANGUAGES[0]:
            return
        where = f"[{self.identity} {language} {self.width}px] {entry['label']} {path}"
        self.events.clear()
        try:
            response = self.page.goto(self.base + path, wait_until="load")
        except PlaywrightError as error:
            if "Download is starting" not in str(error):
                raise
            # A file to download (a spreadsheet): only its status is the tour's business.
            response = self.page.request.get(self.base + path)
        self.visits += 1
        if response is None or response.status >= 500:
            self.problems.append(f"{where}: server error {response and response.status}")
            return
        if "text/html" not in response.headers.get("content-type", ""):
            return
        final = urlsplit(self.page.url).path
        # An error page or a redirect looks the same whichever page led there: check it once.
        screenshot = self._screenshot_path(entry, language)
        if response.status != 200 or final != path:
            key = (response.status, final if final != path else None, language)
            if key in self.checked:
                shutil.copyfile(self.checked[key], screenshot)
                return
            self.checked[key] = screenshot
        facts = self.page.evaluate(tour_checks.PAGE_FACTS_JS)
        found = self._check(facts, language)
        self._screenshot(screenshot, facts["fingerprint"])
        self.problems += [f"{where}: {problem}" for problem in found]

    def _check(self, facts: dict, language: str) -> list[str]:
        found = list(dict.fromkeys(self.events))
        if facts["pageLang"] != language:
            found.append(f'<html lang="{facts["pageLang"]}"> on a {language} page')
        found += tour_checks.program_text(facts)
        found += tour_checks.english_text(facts)
        found += tour_checks.overflow(facts)
        found += tour_checks.unreadable_controls(facts)
        # Roles often see the very same page: axe's verdict on it is the same.
        fingerprint = (self.width, facts["fingerprint"])
        if fingerprint not in AXE_VERDICTS:
            AXE_VERDICTS[fingerprint] = tour_checks.accessibility(self.page, str(AXE_JS))
        found += AXE_VERDICTS[fingerprint]
        if not urlsplit(self.page.url).path.startswith(f"/{language}/admin/"):
            # The admin's own links (sorting, filters: hundreds a page) are Django's.
            found += self._dead_links(facts["links"], self.page.url)
        return found

    def _dead_links(self, links: list[str], here: str) -> list[str]:
        dead = []
        for link in links:
            url = urldefrag(link).url
            if not url.startswith(self.base) or url == urldefrag(here).url:
                continue
            if url not in self.links:
                self.links[url] = self.page.request.get(url, max_redirects=0).status
            if self.links[url] == 404 or self.links[url] >= 500:
                dead.append(f"the link to {url[len(self.base):]} answers {self.links[url]}")
        return dead

    def _screenshot_path(self, entry: dict, language: str) -> Path:
        name = re.sub(r"[^\w.-]+", "_", entry["label"]).strip("_") or "root"
        folder = SCREENSHOTS / f"{self.width}px" / language / self.identity
        folder.mkdir(parents=True, exist_ok=True)
        return folder / f"{name}.png"

    def _screenshot(self, path: Path, fingerprint: str) -> None:
        same_page = SCREENSHOTS_TAKEN.get((self.width, fingerprint))
        if same_page is not None:
            shutil.copyfile(same_page, path)
            return
        self.page.screenshot(path=str(path), full_page=True)
        SCREENSHOTS_TAKEN[(self.width, fingerprint)] = path


def _tour(browser, demo, identity: str, width: int, entries) -> Visitor:
    visitor = Visitor(browser, demo["base"], identity, width)
    try:
        for entry in entries:
            for language in LANGUAGES:
                visitor.visit(entry, language)
    finally:
        visitor.close()
    print(f"\ntour: {identity} at {width} px: {visitor.visits} visits, "
          f"{len(visitor.links)} links followed")
    return visitor


def _report(visitor: Visitor) -> str:
    return f"{len(visitor.problems)} problems:\n" + "\n".join(visitor.problems)


@pytest.mark.parametrize("identity", IDENTITIES)
def test_every_page_as_each_role(browser, demo, identity):
    entries = [entry for entry in demo["pages"]
               if not entry["admin"] or identity == ADMIN_USERNAME]
    visitor = _tour(browser, demo, identity, DESKTOP, entries)
    assert visitor.visits > 0
    assert visitor.problems == [], _report(visitor)


@pytest.mark.parametrize("identity", PHONE_IDENTITIES)
def test_public_and_contributor_pages_on_a_phone(browser, demo, identity):
    entries = [entry for entry in demo["pages"] if not entry["admin"]]
    visitor = _tour(browser, demo, identity, PHONE, entries)
    assert visitor.problems == [], _report(visitor)
