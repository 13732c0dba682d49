"""The public Atom feed survives whatever was typed: control characters (Word's U+000B) are
removed when typed and when the feed is written, and a motivation's markup is text, never live
HTML in a feed reader."""

import xml.etree.ElementTree as ET
from datetime import date

import pytest
from django.urls import reverse

from synergie.decisions.actions import do_create_meeting, do_record_decision
from synergie.decisions.models import Decision
from synergie.needs.models import Need
from synergie.opportunities.actions import do_create_opportunity
from synergie.opportunities.models import Opportunity
from tests.decisions.test_decisions import agenda, steerco_member  # noqa: F401

ATOM = "{http://www.w3.org/2005/Atom}"


def feed_entries(client) -> list[ET.Element]:
    response = client.get(reverse("decisions:feed"))
    assert response.status_code == 200
    return ET.fromstring(response.content).findall(f"{ATOM}entry")


def test_a_control_character_typed_in_a_motivation_is_removed(agenda, steerco_member):
    _, item, _ = agenda
    decision = do_record_decision(item, outcome="approve", language="fr",
                                  motivation="Gain régional.\x0bDeux CPAS prêts.\x00",
                                  acting_user=steerco_member)
    decision.refresh_from_db()
    assert decision.motivation == "Gain régional.\nDeux CPAS prêts."


@pytest.mark.parametrize("where", ["motivation", "opportunity title", "need title"])
def test_the_feed_stays_up_with_a_control_character_stored_anywhere(client, agenda,
                                                                   steerco_member, where):
    _, item, needs = agenda
    decision = do_record_decision(item, outcome="approve", language="fr", motivation="Oui.",
                                  acting_user=steerco_member)
    # Stored before the forms cleaned input, or by any other way in.
    if where == "motivation":
        Decision.objects.filter(pk=decision.pk).update(motivation="Gain\x0b régional\x1f.")
    elif where == "opportunity title":
        Opportunity.objects.filter(pk=item.opportunity_id).update(title="Paie\x0b mutualisée")
    else:
        Need.objects.filter(pk__in=[n.pk for n in needs.values()]).update(
            title="Paie\x0b", confidentiality="public")
    entries = feed_entries(client)
    assert len(entries) == 1
    assert "\x0b" not in ET.tostring(entries[0], encoding="unicode")


def test_markup_in_a_motivation_is_text_in_the_feed_not_live_html(client, agenda,
                                                                 steerco_member):
    _, item, _ = agenda
    do_record_decision(item, outcome="reject", language="fr",
                       motivation='<script>alert("x")</script><img src=x onerror=alert(1)>',
                       acting_user=steerco_member)
    summary = feed_entries(client)[0].find(f"{ATOM}summary")
    # The summary is HTML (type="html"): once a reader unescapes the XML, the motivation's
    # markup must still be escaped text.
    assert summary.get("type") == "html"
    assert "<script" not in summary.text and "<img" not in summary.text
    assert "&lt;script&gt;" in summary.text


def test_a_meeting_in_year_1_is_refused(steerco_member):
    from django.core.exceptions import ValidationError

    with pytest.raises(ValidationError) as raised:
        do_create_meeting(title="Steerco", date=date(1, 1, 1), acting_user=steerco_member)
    assert list(raised.value.message_dict) == ["date"]


def test_an_opportunity_title_loses_its_control_characters(indexed_needs, analyst_user):
    needs, _ = indexed_needs
    opportunity = do_create_opportunity(title="Paie\x0bmutualisée\u202e",
                                        needs=[needs["payroll_fr"]], acting_user=analyst_user)
    opportunity.refresh_from_db()
    assert opportunity.title == "Paie mutualisée"


def test_the_stylesheet_contains_long_words_and_right_to_left_overrides(client, agenda,
                                                                        steerco_member):
    """A static check (the browser tour sees the layout): user text wraps anywhere and inline
    text is isolated, and a page holding both renders."""
    from django.contrib.staticfiles import finders

    _, item, _ = agenda
    decision = do_record_decision(item, outcome="approve", language="fr",
                                  motivation="Oui.", acting_user=steerco_member)
    Decision.objects.filter(pk=decision.pk).update(motivation="\u202eA" + "x" * 5000)
    assert client.get(decision.get_absolute_url()).status_code == 200
    with open(finders.find("synergie/synergie.css")) as stylesheet:
        css = stylesheet.read()
    assert "main { overflow-wrap: anywhere; }" in css
    assert "main :is(a, span, strong, em, cite, q, bdi) { unicode-bidi: isolate; }" in css
