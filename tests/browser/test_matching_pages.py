"""The analyst's matching pages in the real browser: the synergy map, an opportunity made from
it, and a need's "this looks like", each checked by axe-core in French and in Dutch."""

import re

import pytest

from synergie.matching.adapters import reindex
from synergie.matching.synergies import recompute_clusters
from tests.browser.test_journey import check_pages_in, log_in
from tests.factories import user_with_role
from tests.matching.conftest import CEMETERY_NEEDS, NEEDS, file_and_submit

pytestmark = pytest.mark.browser


@pytest.fixture
def indexed(reference_data, transactional_db):
    # indexed as each commit lands (tasks run immediately)
    needs, _ = file_and_submit({**NEEDS, **CEMETERY_NEEDS})
    reindex()
    recompute_clusters()  # what the worker does a minute after the needs change
    user_with_role("analyst", username="lucas.martin", first_name="Lucas", last_name="Martin")
    return needs


def test_from_the_synergy_map_to_an_opportunity(live_server, page, indexed, check_accessibility):
    base = live_server.url
    log_in(page, base, "lucas.martin")
    page.goto(f"{base}/fr/opportunities/map/")
    check_accessibility(page, "synergy map")
    payroll = [indexed["payroll_fr"].pk, indexed["payroll_nl"].pk]
    for pk in payroll:
        page.locator(f"input[name=need][value='{pk}']").first.check()
    page.click("form[action$='/opportunities/new/'] button.button-primary")
    page.wait_for_url(re.compile(r"/opportunities/new/\?"))
    check_accessibility(page, "new opportunity")
    page.fill("#id_title", "Paie mutualisée des CPAS et OCMW")
    page.click("main form button.button-primary")
    page.wait_for_url(re.compile(r"/opportunities/\d+/$"))
    assert "Paie mutualisée" in page.locator("h1").inner_text()
    assert page.locator("main table tbody tr").count() == 2
    check_accessibility(page, "opportunity")
    opportunity_url = page.url.split("/fr", 1)[1]
    need_url = f"/needs/{indexed['bodycam'].pk}/"
    check_pages_in(page, base, ["/opportunities/map/", "/opportunities/", opportunity_url, need_url,
                                f"{opportunity_url}business-case/"],
                   "nl", check_accessibility)
    check_pages_in(page, base, [f"{opportunity_url}business-case/"], "fr", check_accessibility)
    assert page.locator("#figures-title").inner_text() == "Chiffres"
    page.goto(f"{base}/fr{need_url}")
    assert page.locator("#similar-title").inner_text() == "Cela ressemble à"


def test_while_writing_a_need_its_twins_show_up(live_server, page, indexed, check_accessibility):
    base = live_server.url
    log_in(page, base, "author-COM-4", language="nl")
    page.goto(f"{base}/nl/needs/new/")
    page.fill("#id_title", "Logiciel de paie")
    page.fill("#id_description", "Calcul des salaires et fiches de paie du personnel.")
    page.select_option("#id_language", "fr")
    page.click("button[value=find_similar]")
    page.wait_for_selector("#similar-title")
    assert page.locator("#similar-title").inner_text() == "Dit lijkt op"
    matches = page.locator(".similar-while-writing .matches").inner_text()
    assert indexed["payroll_nl"].title in matches
    assert page.locator("#id_title").input_value() == "Logiciel de paie"  # nothing lost
    check_accessibility(page, "need form with its twins")


def test_the_inbox_finds_the_twin_in_the_other_language(live_server, page, indexed,
                                                        check_accessibility):
    base = live_server.url
    log_in(page, base, "lucas.martin")
    for language, query, exact, other in (
            ("fr", "cimetière", "cemetery_fr", "cemetery_nl"),
            ("nl", "begraafplaats", "cemetery_nl", "cemetery_fr")):
        page.goto(f"{base}/{language}/needs/?q={query}")
        rows = page.locator("table.needs tbody").first.inner_text()
        assert indexed[exact].title in rows and indexed[other].title not in rows
        found = page.locator("table.needs tbody.found-by-meaning").inner_text()
        assert indexed[other].title in found
        assert ("cimetière ↔ begraafplaats" if language == "fr"
                else "begraafplaats ↔ cimetière") in found
        check_accessibility(page, f"[{language}] inbox searching {query}")
    assert "Ook gevonden in andere talen" in page.locator("main").inner_text()


def test_the_two_buttons_of_the_need_form_keep_each_others_list(live_server, page, indexed,
                                                                check_accessibility):
    base = live_server.url
    log_in(page, base, "author-COM-4", language="fr")
    page.goto(f"{base}/fr/needs/new/")
    page.fill("#id_title", "Logiciel de paie")
    page.fill("#id_description", "Logiciel de calcul des salaires et fiches de paie du "
                                 "personnel.")
    page.click("button[value=find_similar]")
    page.wait_for_selector("#similar-title")
    page.click("button[value=suggest_cpv]")
    page.wait_for_selector("#cpv-suggestions-title")
    assert indexed["payroll_nl"].title in page.locator(".similar-while-writing").inner_text()
    suggested = page.locator(".cpv-suggestions li").count()
    assert suggested == 3
    page.locator(".cpv-suggestions li button").first.click()
    page.wait_for_selector("#similar-title")
    page.click("button[value=find_similar]")
    page.wait_for_selector("#similar-title")
    assert page.locator(".cpv-suggestions li").count() == 3
    assert page.locator("#id_cpv_code").input_value() != ""
    check_accessibility(page, "need form with both lists")


def test_a_need_page_shows_only_what_stands_out_in_french_and_dutch(live_server, page, indexed,
                                                                    check_accessibility):
    """The cemetery need shows its twin with its similarity and nothing unrelated; a need
    without a twin says that no similar need was found."""
    base = live_server.url
    log_in(page, base, "lucas.martin")
    cemetery, alone = indexed["cemetery_nl"].pk, indexed["greenspaces"].pk
    for language, similarity, nothing in (
            ("fr", "similarité 0,", "Aucun besoin similaire trouvé dans d'autres institutions."),
            ("nl", "gelijkenis 0,",
             "Geen gelijkaardige behoefte gevonden bij andere instellingen.")):
        page.goto(f"{base}/{language}/needs/{cemetery}/")
        section = page.locator("section[aria-labelledby=similar-title]")
        assert section.locator("li").count() == 1
        assert section.locator("a").inner_text() == indexed["cemetery_fr"].title
        assert similarity in section.inner_text()
        check_accessibility(page, f"[{language}] need with its twin")
        page.goto(f"{base}/{language}/needs/{alone}/")
        section = page.locator("section[aria-labelledby=similar-title]")
        assert section.locator("li").count() == 0
        assert nothing in section.inner_text()
        check_accessibility(page, f"[{language}] need without a twin")
