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
