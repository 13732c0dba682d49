"""The regional business case in the real browser, as the analyst who builds it and the steering
committee who reads it, in French and Dutch, on a desk and on a phone: calendar years, no program
text, wide tables scrolling in their own box, and axe-core finding nothing."""

import re

import pytest

from synergie.business_case.models import BusinessCase
from synergie.opportunities.actions import do_create_opportunity
from tests.browser.test_journey import log_in, log_out
from tests.factories import InstitutionFactory, NeedFactory, user_with_role

pytestmark = pytest.mark.browser

PYTHON_TEXT = re.compile(r"Formula\(|object at 0x|\{'|\bNone\b|\bnan\b|members\[|pooled\.")


@pytest.fixture
def opportunity(reference_data):
    analyst = user_with_role("analyst", username="lucas.martin", first_name="Lucas",
                             last_name="Martin")
    user_with_role("steering_committee", username="anne.vandenberghe", first_name="Anne",
                   last_name="Vandenberghe")
    needs = [
        NeedFactory(institution=InstitutionFactory(
            code=code, kind=kind, name_fr=name_fr, name_nl=name_nl, population=population),
            title=f"Centre opérationnel de sécurité ({code})",
            costs=[(2027, "150000", "40000"), (2028, "0", "40000"), (2029, "0", "40000")])
        for code, kind, name_fr, name_nl, population in (
            ("HYDRIA", "regional_body", "Hydria", "Hydria", None),
            ("PORT", "regional_body", "Port de Bruxelles", "Haven van Brussel", None),
            ("SIAMU", "regional_body", "SIAMU", "DBDMH", None))]
    return do_create_opportunity(title="Centre opérationnel de sécurité partagé (NIS2)",
                                 needs=needs, acting_user=analyst)


def look(page, check_accessibility, label: str) -> str:
    """The page's text, after checking it fits the window and axe finds nothing."""
    width = page.viewport_size["width"]
    assert page.evaluate("document.documentElement.scrollWidth") <= width, label
    check_accessibility(page, label)
    text = page.locator("main").inner_text()
    assert not PYTHON_TEXT.search(text), (label, PYTHON_TEXT.search(text).group(0))
    return text


def submit(page) -> None:
    page.click("main form button.button-primary")
    page.wait_for_load_state()


def test_the_analyst_builds_the_case_and_the_committee_reads_it(live_server, page, opportunity,
                                                               check_accessibility):
    base = live_server.url
    url = f"/opportunities/{opportunity.pk}/business-case/"
    log_in(page, base, "lucas.martin")
    page.goto(f"{base}/fr{url}")
    text = look(page, check_accessibility, "new case")
    assert "pas encore évalué" in text and "Gain régional" not in text
    # Regional bodies have no population: the case starts with equal shares, computable.
    assert page.locator("#id_split_key").input_value() == "equal"
    assert page.locator("table.year-inputs").first.locator("tbody th").all_inner_texts() == [
        "2027", "2028", "2029", "2030", "2031"]

    # A joining year outside the horizon, typed past the browser's own check.
    joins = page.locator("input[name$='-joins_in_year']").nth(2)
    joins.evaluate("input => { input.removeAttribute('min'); input.removeAttribute('max'); }")
    joins.fill("2035")
    page.fill("#id_shared_one_off_0", "250000")
    submit(page)
    text = look(page, check_accessibility, "refused year")
    assert "Business case enregistré" not in text
    assert "Indiquez une année entre 2027 et 2031" in text
    # Refused: nothing stored, not even the case (opening the page wrote nothing either).
    assert not BusinessCase.objects.exists()

    page.locator("input[name$='-joins_in_year']").nth(2).fill("2028")
    for year in range(5):
        page.fill(f"#id_shared_recurring_{year}", "60000")
        page.fill(f"#id_orchestrator_overhead_{year}", "15000")
    page.fill("#id_onboarding_per_member", "8000")
    submit(page)
    text = look(page, check_accessibility, "complete case")
    assert "Business case enregistré" in text
    assert page.locator("input[name$='-joins_in_year']").nth(2).input_value() == "2028"
    assert page.locator("#id_shared_one_off_0").input_value() == "250000"
    assert "seuil de rentabilité" in text and "comparables au membre moyen" in text
    log_out(page)

    log_in(page, base, "anne.vandenberghe")
    for width in (1280, 390):
        page.set_viewport_size({"width": width, "height": 900})
        for language in ("fr", "nl"):
            page.goto(f"{base}/{language}{url}")
            assert page.locator("html").get_attribute("lang") == language
            text = look(page, check_accessibility, f"[{language}] {width} px")
            assert page.locator("main form").count() == 0  # the committee reads only
            first_row = page.locator("#flows-title + .table-scroll tbody th").first
            assert first_row.inner_text() == "2027"
    assert "Gewestelijke winst" in text and "Terugverdienjaar" in text
