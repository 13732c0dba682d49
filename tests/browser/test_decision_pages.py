"""The steering committee's pages and the public record of decisions, in the real browser,
checked by axe-core in French and in Dutch."""

import re
from datetime import date

import pytest

from synergie.decisions.actions import do_add_agenda_item, do_create_meeting
from synergie.needs.actions import do_change_need_status
from tests.browser.test_journey import check_pages_in, log_in
from tests.factories import user_with_role
from tests.matching.conftest import file_and_submit

pytestmark = pytest.mark.browser


def test_a_decision_recorded_in_a_meeting_is_published(live_server, page, reference_data,
                                                      check_accessibility):
    needs, _ = file_and_submit()
    analyst = user_with_role("analyst", username="lucas.martin")
    user_with_role("steering_committee", username="anne.vandenberghe", first_name="Anne",
                   last_name="Vandenberghe")
    from synergie.accounts.models import User

    chair = User.objects.get(username="anne.vandenberghe")
    meeting = do_create_meeting(title="Comité du 15 décembre", date=date(2026, 12, 15),
                                acting_user=chair)
    for key in ("waste", "parking"):
        need = do_change_need_status(needs[key], "start_analysis", acting_user=analyst)
        do_add_agenda_item(meeting, need=need, acting_user=chair)

    base = live_server.url
    log_in(page, base, "anne.vandenberghe")
    page.goto(f"{base}/fr/decisions/meetings/{meeting.pk}/")
    check_accessibility(page, "meeting with decision forms")
    first = page.locator("ol.agenda > li").first
    first.locator("input[value=approve]").check()
    first.locator("textarea[name$=motivation]").fill(
        "Approuvé : application mobile utile à toute la Région.")
    first.locator("button.button-primary").click()
    page.wait_for_url(re.compile(r"/fr/decisions/\d+/$"))
    assert "Approuvé : application mobile" in page.locator(".prose").inner_text()
    check_pages_in(page, base, ["/decisions/meetings/", f"/decisions/meetings/{meeting.pk}/"],
                   "nl", check_accessibility)
    page.click("form.logout button")
    check_pages_in(page, base, ["/decisions/", page_url_path(page, base)], "fr",
                   check_accessibility)
    check_pages_in(page, base, ["/decisions/"], "nl", check_accessibility)


def page_url_path(page, base) -> str:
    page.goto(f"{base}/fr/decisions/")
    href = page.locator(".cards a").first.get_attribute("href")
    return href.split("/fr", 1)[1]


def test_a_grouped_decision_reads_the_same_rule_and_date_in_both_languages(
        live_server, page, reference_data, check_accessibility):
    """An opportunity with a published need, an institution-only one and a regional one: the
    public page names only the published one, counts the others by kind, and is dated by the
    meeting; the Dutch-speaking author reads the grouping and the decision in Dutch."""
    from django.utils import translation

    from synergie.accounts.models import User
    from synergie.opportunities.actions import do_create_opportunity

    needs, _ = file_and_submit()
    analyst = user_with_role("analyst", username="lucas.martin")
    chair = user_with_role("steering_committee", username="anne.vandenberghe",
                           first_name="Anne", last_name="Vandenberghe")
    with translation.override("fr"):
        opportunity = do_create_opportunity(
            title="Paie mutualisée", acting_user=analyst,
            needs=[needs["payroll_fr"], needs["payroll_nl"], needs["waste"]])
    meeting = do_create_meeting(title="Comité de février", date=date(2027, 2, 17),
                                acting_user=chair)
    do_add_agenda_item(meeting, opportunity=opportunity, acting_user=chair)

    base = live_server.url
    log_in(page, base, chair.username)
    for language in ("nl", "fr"):
        page.goto(f"{base}/{language}/decisions/meetings/{meeting.pk}/")
        radios = page.locator("ol.agenda > li").first.locator("input[type=radio]")
        assert radios.count() == 4
        assert page.locator("input[type=radio]:checked").count() == 0
        assert "---------" not in page.content()
    item = page.locator("ol.agenda > li").first
    item.locator("input[value=approve]").check()
    item.locator("textarea[name$=motivation]").fill("Approuvé : un seul marché de paie.")
    item.locator("button.button-primary").click()
    page.wait_for_url(re.compile(r"/fr/decisions/\d+/$"))
    decision_path = page_url_path(page, base)
    page.click("form.logout button")

    for language, counted, day in (("fr", "2 CPAS", "17 février 2027"),
                                   ("nl", "2 OCMW's", "17 februari 2027")):
        page.goto(f"{base}/{language}{decision_path}")
        text = page.locator("main").inner_text()
        assert "Signalement des dépôts clandestins" in text
        assert counted in text and day in text
        assert "CPAS-1" not in text and "OCMW-2" not in text
        assert "Remplacement du logiciel" not in text and "Nieuw loonpakket" not in text
        check_accessibility(page, f"[{language}] grouped decision")

    author = User.objects.get(username="author-OCMW-2")
    log_in(page, base, author.username, language="nl")
    page.goto(f"{base}/nl/needs/{needs['payroll_nl'].pk}/")
    history = page.locator(".history").inner_text()
    assert "Gegroepeerd in de mutualisatiekans “Paie mutualisée”." in history
    assert "op zijn vergadering “Comité de février” van 17 februari 2027" in history
    assert "Regroupé" not in history
    check_accessibility(page, "[nl] need history")
