"""The innovation lab's pages in the real browser, checked by axe-core in French and Dutch."""

from datetime import date
from decimal import Decimal

import pytest

from synergie.innovation.actions import do_conclude_experiment, do_start_experiment
from tests.browser.test_journey import log_in
from tests.browser.test_portfolio_pages import check_pages
from tests.factories import NeedFactory, user_with_role

pytestmark = pytest.mark.browser


def test_innovation_lab_pages(live_server, page, reference_data, check_accessibility):
    lab = user_with_role("analyst", username="lucas.martin")
    need = NeedFactory(title="Détection des dépôts clandestins", status="in_analysis")
    stopped = do_start_experiment(
        acting_user=lab, need=need, title="Caméras sur trois sites pilotes",
        hypothesis="Les données prédisent 60 % des dépôts.", success_criteria="60 % sur 3 mois.",
        budget=Decimal("25000"), rollout_cost_at_stake=Decimal("310000"),
        start_date=date(2027, 1, 1), end_date=date(2027, 3, 31))
    do_conclude_experiment(stopped, go=False, reason="22 % seulement.", acting_user=lab)
    running = do_start_experiment(
        acting_user=lab, need=need, title="Signalement citoyen", hypothesis="h",
        success_criteria="c", budget=Decimal("5000"), rollout_cost_at_stake=Decimal("90000"),
        start_date=date(2027, 4, 1), end_date=date(2027, 6, 30))
    errors = []
    page.on("console", lambda message: errors.append(message.text)
            if message.type == "error" else None)
    base = live_server.url
    log_in(page, base, "lucas.martin")
    paths = ["/innovation/", "/innovation/new/", f"/innovation/{stopped.pk}/",
             f"/innovation/{running.pk}/", "/portfolio/"]
    for width in (1280, 390):
        page.set_viewport_size({"width": width, "height": 900})
        check_pages(page, base, paths, "fr", check_accessibility, errors)
        check_pages(page, base, paths, "nl", check_accessibility, errors)
    page.goto(f"{base}/nl/innovation/")
    assert "310.000 EUR" in page.locator("#not-committed-title + p").inner_text()
