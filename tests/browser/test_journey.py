"""The foundation's user journey through the real UI, in Debian's chromium, with axe-core
checking every page in French and in Dutch (WCAG 2.1 A and AA: zero violations)."""

import re

import pytest

from synergie.needs.models import Need
from tests.factories import PASSWORD, InstitutionFactory, NeedFactory, user_with_role

pytestmark = pytest.mark.browser


def log_in(page, base: str, username: str, language: str = "fr") -> None:
    page.goto(f"{base}/{language}/accounts/login/")
    page.fill("#id_username", username)
    page.fill("#id_password", PASSWORD)
    page.click("main form button[type=submit]")
    page.wait_for_url(re.compile(r"/dashboard/$"))


def log_out(page) -> None:
    page.click("form.logout button")
    page.wait_for_url(re.compile(r"/(fr|nl|en)/$"))


def switch_language(page, code: str) -> None:
    page.click(f"button[name=language][value={code}]")
    page.wait_for_function(f"document.documentElement.lang === '{code}'")


def check_pages_in(page, base, paths, language, check_accessibility):
    for path in paths:
        page.goto(f"{base}/{language}{path}")
        assert page.locator("html").get_attribute("lang") == language
        check_accessibility(page, f"[{language}] {path}")


@pytest.fixture
def region(reference_data):
    anderlecht = InstitutionFactory(code="COM-21001", name_fr="Commune d'Anderlecht",
                                    name_nl="Gemeente Anderlecht")
    midi = InstitutionFactory(code="PZ-5341", kind="police_zone", name_fr="Zone de police Midi",
                              name_nl="Politiezone Zuid")
    NeedFactory(institution=midi, title="Caméras corporelles pour les patrouilles",
                confidentiality="public", description="Bodycams pour 120 agents.")
    NeedFactory(institution=midi, title="Logiciel de gestion des amendes",
                description="Perception des amendes administratives.",
                costs=[(2027, "90000", "12000")])
    return {
        "contributor": user_with_role("contributor", anderlecht, username="marie.dubois",
                                      first_name="Marie", last_name="Dubois"),
        "analyst": user_with_role("analyst", username="lucas.martin", first_name="Lucas",
                                  last_name="Martin"),
    }


def test_file_a_need_and_find_it_in_the_regional_inbox(live_server, page, region,
                                                      check_accessibility):
    base = live_server.url

    # 2. A contributor of a municipality logs in and switches the interface language.
    page.goto(f"{base}/fr/")
    check_accessibility(page, "home")
    log_in(page, base, "marie.dubois")
    switch_language(page, "nl")
    assert page.locator("h1").inner_text() == "Dashboard"
    switch_language(page, "en")
    assert page.locator("h1").inner_text() == "Dashboard"
    switch_language(page, "fr")
    assert page.locator("h1").inner_text() == "Tableau de bord"

    # ... files a need in French and saves it as a draft,
    page.goto(f"{base}/fr/needs/new/")
    check_accessibility(page, "empty form")
    page.fill("#id_title", "Horodatage électronique des courriers entrants")
    page.fill("#id_description", "Le service courrier de la commune souhaite horodater et "
                                 "numériser les 40 000 courriers entrants par an, avec un "
                                 "suivi des délais de réponse par service.")
    page.select_option("#id_language", "fr")
    page.fill("#id_desired_start", "2027-02-01")
    page.fill("#id_costs-0-year", "2027")
    page.fill("#id_costs-0-one_off", "85000")
    page.fill("#id_costs-0-recurring", "12000")
    page.fill("#id_costs-1-year", "2028")
    page.fill("#id_costs-1-recurring", "12000")
    page.check("input[name=confidentiality][value=regional]")
    page.click("button[name=action][value=save]")
    page.wait_for_url(re.compile(r"/fr/needs/\d+/$"))
    assert page.locator(".status").first.inner_text() == "Brouillon"
    need = Need.objects.get(title__startswith="Horodatage")
    assert need.status == "draft" and need.total_cost == 109000

    # ... tries to submit it, and the form names the missing field next to it,
    page.click("a[href$='/edit/']")
    assert page.locator(".cpv-suggestions li").count() == 3  # suggested from the saved text
    check_accessibility(page, "edit form with CPV suggestions")
    page.click("button[name=action][value=submit]")
    domain_error = page.locator("#id_domain_error")
    assert "domaine" in domain_error.inner_text()
    assert page.locator("#id_domain").get_attribute("aria-invalid") == "true"
    assert page.locator(".error-summary").is_visible()
    check_accessibility(page, "form with an error")
    need.refresh_from_db()
    assert need.status == "draft"

    # ... corrects it and submits.
    page.select_option("#id_domain", label="Gestion documentaire et archives")
    page.click("button[name=action][value=submit]")
    page.wait_for_url(re.compile(r"/fr/needs/\d+/$"))
    assert page.locator(".status").first.inner_text() == "Soumis"
    need.refresh_from_db()
    assert need.status == "submitted"
    check_accessibility(page, "submitted need")
    contributor_pages = ["/", "/needs/public/", "/dashboard/", "/needs/mine/", "/needs/",
                         "/needs/new/", f"/needs/{need.pk}/"]
    check_pages_in(page, base, contributor_pages, "nl", check_accessibility)
    check_pages_in(page, base, contributor_pages, "fr", check_accessibility)
    log_out(page)

    # 3. The purchasing office's analyst finds it in the regional inbox by a word of its
    #    description and by every filter, opens it and reads its history.
    log_in(page, base, "lucas.martin")
    page.goto(f"{base}/fr/needs/")
    page.fill("#id_q", "courriers")
    page.select_option("#id_institution_kind", "municipality")
    page.select_option("#id_domain", label="Gestion documentaire et archives")
    page.select_option("#id_status", "submitted")
    page.fill("#id_year", "2028")
    page.fill("#id_cost_min", "100000")
    page.fill("#id_cost_max", "120000")
    page.click("form.filters button[type=submit]")
    page.wait_for_url(re.compile(r"q=courriers"))
    results = page.locator("table.needs tbody tr")
    assert results.count() == 1
    check_accessibility(page, "filtered inbox")
    page.fill("#id_cost_min", "110000")
    page.click("form.filters button[type=submit]")
    page.wait_for_url(re.compile(r"cost_min=110000"))
    assert page.locator("table.needs tbody tr").count() == 0
    page.fill("#id_cost_min", "")
    page.click("form.filters button[type=submit]")
    page.wait_for_url(re.compile(r"cost_min=&"))
    page.click("table.needs tbody tr a")
    page.wait_for_url(re.compile(rf"/fr/needs/{need.pk}/$"))
    history = page.locator("ol.history")
    assert "Marie Dubois" in history.inner_text()
    assert "Soumis" in history.inner_text()
    assert history.locator("> li").count() == 3  # created, domain set, submitted
    check_accessibility(page, "need with history")
    check_pages_in(page, base, ["/needs/", f"/needs/{need.pk}/", "/dashboard/"], "nl",
                   check_accessibility)
    log_out(page)
    check_pages_in(page, base, ["/", "/needs/public/", "/accounts/login/"], "nl",
                   check_accessibility)
    check_pages_in(page, base, ["/needs/public/", "/accounts/login/"], "fr",
                   check_accessibility)
