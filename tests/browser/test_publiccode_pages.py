"""The publiccode.yml import in the real browser: two files sent at once, the invalid one's
problems listed by key, the page checked by axe-core in French and Dutch at both widths."""

import pytest
from django.utils import translation

from synergie.catalogue.models import Solution
from tests.browser.test_journey import log_in
from tests.browser.test_portfolio_pages import WIDEST
from tests.catalogue.test_publiccode_import import DOCUMENT
from tests.factories import user_with_role

pytestmark = pytest.mark.browser


def test_import_publiccode_pages(live_server, page, reference_data, check_accessibility,
                                 tmp_path):
    user_with_role("analyst", username="sophie.lambert")
    good = tmp_path / "publiccode.yml"
    good.write_text(DOCUMENT, encoding="utf-8")
    bad = tmp_path / "autre.yml"
    bad.write_text(DOCUMENT.replace("region/permis", "region/autre")
                   .replace("license: EUPL-1.2", "license: Libre"), encoding="utf-8")
    errors = []
    page.on("console", lambda message: errors.append(message.text)
            if message.type == "error" else None)
    base = live_server.url
    log_in(page, base, "sophie.lambert")
    for language, width in (("fr", 1280), ("nl", 390)):
        page.set_viewport_size({"width": width, "height": 900})
        page.goto(f"{base}/{language}/catalogue/publiccode/import/")
        check_accessibility(page, f"[{language}] import form")
        page.set_input_files("#id_files", [str(good), str(bad)])
        page.click("main form button[type=submit]")
        page.wait_for_selector(".panel h2")
        check_accessibility(page, f"[{language}] import result")
        assert page.locator("main table code", has_text="legal.license").count() == 1
        overflow = page.evaluate(
            "document.documentElement.scrollWidth - document.documentElement.clientWidth")
        assert overflow <= 0, f"{overflow} px too wide: " + page.evaluate(WIDEST)
    assert errors == []
    solution = Solution.objects.get()
    with translation.override("fr"):
        page.goto(f"{base}{solution.get_absolute_url()}")
    assert page.locator("a[download]").inner_text() == "Télécharger le publiccode.yml"
