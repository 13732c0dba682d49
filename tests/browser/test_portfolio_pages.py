"""The portfolio pages in the real browser, checked by axe-core in French and in Dutch."""

import pytest

from synergie.portfolio.actions import do_create_scenario
from synergie.portfolio.models import Scenario
from tests.browser.test_journey import check_pages_in, log_in
from tests.factories import NeedFactory, user_with_role

pytestmark = pytest.mark.browser


def test_portfolio_pages(live_server, page, reference_data, check_accessibility):
    secretary = user_with_role("steering_committee", username="anne.vandenberghe")
    for title in ("Gestion des salles", "Archivage électronique", "Guichet en ligne"):
        NeedFactory(title=title, status="in_analysis", costs=[(2027, "90000", "10000")])
    scenario = do_create_scenario(title="Plan 2027", first_year=2027, years=2,
                                  budget=[150000, 60000], capacity={"Chefs de projet": [2, 2]},
                                  acting_user=secretary)
    base = live_server.url
    log_in(page, base, "anne.vandenberghe")
    page.goto(f"{base}/fr/portfolio/{scenario.pk}/")
    page.click("button[name=action][value=optimise]")
    page.wait_for_url(f"{base}/fr/portfolio/{scenario.pk}/")
    assert Scenario.objects.get().run_status == "done"  # tasks run at once in the tests
    page.reload()
    assert page.locator("#result-title").count() == 1
    paths = ["/portfolio/", f"/portfolio/{scenario.pk}/", f"/portfolio/{scenario.pk}/frontier/",
             f"/portfolio/{scenario.pk}/pairwise/",
             f"/portfolio/compare/?a={scenario.pk}&b={scenario.pk}"]
    check_pages_in(page, base, paths, "fr", check_accessibility)
    check_pages_in(page, base, paths, "nl", check_accessibility)
    page.goto(f"{base}/nl/portfolio/{scenario.pk}/")
    page.click("form[action$='/what-if/'] button")
    page.wait_for_url(f"{base}/nl/portfolio/{scenario.pk}/what-if/")
    check_accessibility(page, "what-if")
