"""The portfolio pages in the real browser, checked by axe-core in French and in Dutch, with no
console error and no horizontal overflow at 1280 px and on a phone."""

import pytest

from synergie.portfolio.actions import do_create_scenario
from synergie.portfolio.models import Scenario
from tests.browser.test_journey import log_in
from tests.factories import NeedFactory, user_with_role

pytestmark = pytest.mark.browser


# The elements sticking out on the right, to name them when a page overflows.
WIDEST = """[...document.querySelectorAll('body *')]
  .filter(e => e.getBoundingClientRect().right > document.documentElement.clientWidth)
  .slice(0, 5).map(e => e.tagName + '.' + e.className + ' ' + e.getBoundingClientRect().right)
  .join(', ')"""


def check_pages(page, base, paths, language, check_accessibility, errors):
    for path in paths:
        errors.clear()
        page.goto(f"{base}/{language}{path}")
        assert page.locator("html").get_attribute("lang") == language
        check_accessibility(page, f"[{language}] {path}")
        assert errors == [], f"{language}{path}: {errors}"
        overflow = page.evaluate(
            "document.documentElement.scrollWidth - document.documentElement.clientWidth")
        assert overflow <= 0, f"{language}{path} is {overflow} px too wide: " + page.evaluate(
            WIDEST)


def test_portfolio_pages(live_server, page, reference_data, check_accessibility):
    secretary = user_with_role("steering_committee", username="anne.vandenberghe")
    for title in ("Gestion des salles", "Archivage électronique", "Guichet en ligne",
                  "Plateforme régionale de gestion des rendez-vous et des files d'attente"):
        NeedFactory(title=title, status="in_analysis", costs=[(2027, "90000", "10000")])
    scenario = do_create_scenario(title="Plan 2027", first_year=2027, years=2,
                                  budget=[150000, 60000], capacity={"Chefs de projet": [2, 2]},
                                  acting_user=secretary)
    candidate = scenario.candidates.first()
    errors = []
    page.on("console", lambda message: errors.append(message.text)
            if message.type == "error" else None)
    page.on("response", lambda response: errors.append(f"{response.status} {response.url}")
            if response.status >= 400 else None)
    base = live_server.url
    log_in(page, base, "anne.vandenberghe")
    page.set_viewport_size({"width": 1280, "height": 900})
    page.goto(f"{base}/fr/portfolio/{scenario.pk}/")
    page.click("button[name=action][value=optimise]")
    page.wait_for_url(f"{base}/fr/portfolio/{scenario.pk}/")
    assert Scenario.objects.get().run_status == "done"  # tasks run at once in the tests
    page.reload()
    assert page.locator("#result-title").count() == 1

    page.goto(f"{base}/nl/portfolio/{scenario.pk}/frontier/")
    page.click("main form button")  # computed in the background, at once in the tests
    page.wait_for_url(f"{base}/nl/portfolio/{scenario.pk}/frontier/")
    assert page.locator("svg circle").count() >= 3
    drawn = page.evaluate("[...document.querySelectorAll('svg circle')]"
                          ".map(c => c.getBoundingClientRect().width)")
    assert all(width > 0 for width in drawn)  # the browser understood the coordinates

    paths = ["/portfolio/", f"/portfolio/{scenario.pk}/", f"/portfolio/{scenario.pk}/frontier/",
             f"/portfolio/{scenario.pk}/pairwise/",
             f"/portfolio/{scenario.pk}/candidates/{candidate.pk}/",
             f"/portfolio/compare/?a={scenario.pk}&b={scenario.pk}"]
    for width in (1280, 390):
        page.set_viewport_size({"width": width, "height": 900})
        check_pages(page, base, paths, "fr", check_accessibility, errors)
        check_pages(page, base, paths, "nl", check_accessibility, errors)
    page.goto(f"{base}/nl/portfolio/{scenario.pk}/")
    page.click("form[action$='/what-if/'] button")
    page.wait_for_url(f"{base}/nl/portfolio/{scenario.pk}/what-if/")
    check_accessibility(page, "what-if")

    # A reader (the purchasing office's analyst) sees the same pages without the inputs.
    page.context.clear_cookies()
    user_with_role("analyst", username="lucas.martin")
    log_in(page, base, "lucas.martin")
    check_pages(page, base, paths[:3], "fr", check_accessibility, errors)
