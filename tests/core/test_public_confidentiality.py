"""One rule for what the public reads about a need, on every page and feed open without login.

A need its institution published is named (its title, its institution); a regional or
institution-only need is named only by its institution's kind ("a police zone") where a public
record has to mention it; it never appears in the lists of needs. The matrix below checks each
confidentiality level on each public channel, for a need decided alone and for one decided
inside a pooling opportunity.
"""

import re
from datetime import date

import pytest
from django.urls import reverse

from synergie.decisions.actions import do_add_agenda_item, do_create_meeting, do_record_decision
from synergie.needs.models import Confidentiality, NeedStatus
from synergie.needs.permissions import (
    PublicAppearance,
    public_appearance,
    public_view,
    visible_needs,
)
from synergie.opportunities.actions import do_create_opportunity
from tests.factories import InstitutionFactory, NeedFactory

TITLE = "Caméras-piétons pour les patrouilles de nuit"
INSTITUTION = "Zone de police Testmidi"
OPPORTUNITY = "Équipement mutualisé des patrouilles"

NAMED = {Confidentiality.PUBLIC}
FILTER_FORM = re.compile(r'<form method="get" class="filters".*?</form>', re.DOTALL)

# What each public channel prints about a named need: (its title, its institution's name).
# The list of decisions names a decision's subject only: a need decided alone by its title, a
# pooling opportunity by the opportunity's title.
CHANNELS = {
    "home": {"alone": (True, True), "grouped": (True, True)},
    "public_needs": {"alone": (True, True), "grouped": (True, True)},
    "need_page": {"alone": (True, True), "grouped": (True, True)},
    "decision_list": {"alone": (True, False), "grouped": (False, False)},
    "decision_page": {"alone": (True, True), "grouped": (True, True)},
    "feed": {"alone": (True, True), "grouped": (True, True)},
    # The portal's search and the decisions' search, asked a word of the need's title.
    "portal_search": {"alone": (True, True), "grouped": (True, True)},
    "decision_search": {"alone": (True, False), "grouped": (False, False)},
}
# Channels that must say, for an unpublished need, which kind of institution it comes from.
SAYS_THE_KIND = {"decision_page", "feed"}


@pytest.fixture
def decided(analyst, steerco):
    """Build one decided need of the given confidentiality, alone or inside an opportunity."""

    def build(confidentiality: str, shape: str):
        police = InstitutionFactory(code="ZP-TEST-MIDI", kind="police_zone", name_fr=INSTITUTION,
                                    name_nl="Politiezone Testzuid")
        need = NeedFactory(institution=police, title=TITLE, confidentiality=confidentiality,
                           status=NeedStatus.IN_ANALYSIS)
        meeting = do_create_meeting(title="Comité de février", date=date(2027, 2, 17),
                                    acting_user=steerco)
        if shape == "grouped":
            partner = NeedFactory(
                institution=InstitutionFactory(code="ZP-TEST-NORD", kind="police_zone",
                                               name_fr="Zone de police Testnord",
                                               name_nl="Politiezone Testnoord"),
                title="Bodycams voor de interventiedienst", language="nl",
                confidentiality=Confidentiality.PUBLIC, status=NeedStatus.IN_ANALYSIS)
            opportunity = do_create_opportunity(title=OPPORTUNITY, needs=[need, partner],
                                                acting_user=analyst)
            item = do_add_agenda_item(meeting, opportunity=opportunity, acting_user=steerco)
        else:
            item = do_add_agenda_item(meeting, need=need, acting_user=steerco)
        decision = do_record_decision(item, outcome="approve", language="fr",
                                      motivation="Gain régional démontré.", acting_user=steerco)
        need.refresh_from_db()
        return need, decision

    return build


def read(client, channel: str, need, decision) -> str:
    url = {
        "home": reverse("site:home"),
        "public_needs": reverse("needs:public"),
        "need_page": reverse("needs:detail", args=[need.pk]),
        "decision_list": reverse("decisions:list"),
        "decision_page": reverse("decisions:detail", args=[decision.pk]),
        "feed": reverse("decisions:feed"),
        "portal_search": reverse("site:search") + "?q=patrouilles",
        "decision_search": reverse("decisions:list") + "?q=patrouilles",
    }[channel]
    response = client.get(url)
    assert response.status_code in (200, 302, 404)  # an unpublished need's page is not there
    html = response.content.decode()
    # The filters offer every institution of the region by name: institutions are public,
    # what they need is not. Only the rest of the page is about needs.
    return FILTER_FORM.sub("", html)


@pytest.mark.parametrize("shape", ["alone", "grouped"])
@pytest.mark.parametrize("channel", sorted(CHANNELS))
@pytest.mark.parametrize("confidentiality", [c.value for c in Confidentiality])
def test_each_public_channel_follows_the_one_rule(client, decided, confidentiality, channel,
                                                   shape):
    need, decision = decided(confidentiality, shape)
    text = read(client, channel, need, decision)
    named = confidentiality in NAMED
    shows_title, shows_institution = CHANNELS[channel][shape]
    assert (TITLE in text) == (named and shows_title)
    assert (INSTITUTION in text) == (named and shows_institution)
    if channel in SAYS_THE_KIND:
        assert ("police zone" in text) == (not named)


@pytest.mark.parametrize("confidentiality", [c.value for c in Confidentiality])
def test_the_rule_and_the_public_lists_agree(db, confidentiality):
    from django.contrib.auth.models import AnonymousUser

    for status in NeedStatus.values:
        need = NeedFactory(confidentiality=confidentiality, status=status)
        listed = visible_needs(AnonymousUser()).filter(pk=need.pk).exists()
        assert listed == (public_appearance(need) == PublicAppearance.NAMED)
        if status == NeedStatus.DRAFT:
            assert public_appearance(need) == PublicAppearance.HIDDEN


@pytest.mark.parametrize("language,kind", [("fr", "Une zone de police"),
                                           ("nl", "Een politiezone")])
def test_an_unpublished_need_is_named_by_its_kind_in_the_readers_language(client, decided,
                                                                         language, kind):
    need, decision = decided(Confidentiality.INSTITUTION, "grouped")
    html = client.get(f"/{language}/decisions/{decision.pk}/").content.decode()
    assert kind in html
    assert "Politiezone Testzuid" not in html and INSTITUTION not in html
    assert "Politiezone Testnoord" in html or "Zone de police Testnord" in html


def test_a_published_need_is_linked_from_its_decision(client, decided):
    need, decision = decided(Confidentiality.PUBLIC, "grouped")
    html = client.get(reverse("decisions:detail", args=[decision.pk])).content.decode()
    assert f'href="{need.get_absolute_url()}"' in html
    assert public_view(need).institution == INSTITUTION


@pytest.mark.parametrize("language,counted", [("en", "3 police zones"),
                                              ("fr", "3 zones de police"),
                                              ("nl", "3 politiezones")])
def test_unpublished_members_are_counted_by_kind(client, analyst, steerco, language, counted):
    """Three police zones that did not publish read as "3 police zones", not as three
    anonymous lines, and none of them is named."""
    zones = [InstitutionFactory(code=f"ZP-COUNT-{n}", kind="police_zone",
                                name_fr=f"Zone de police Compte{n}",
                                name_nl=f"Politiezone Telling{n}") for n in range(3)]
    needs = [NeedFactory(institution=zone, title=f"Bodycams {n}", status=NeedStatus.IN_ANALYSIS,
                         confidentiality=Confidentiality.REGIONAL)
             for n, zone in enumerate(zones)]
    opportunity = do_create_opportunity(title=OPPORTUNITY, needs=needs, acting_user=analyst)
    meeting = do_create_meeting(title="Comité", date=date(2027, 2, 17), acting_user=steerco)
    item = do_add_agenda_item(meeting, opportunity=opportunity, acting_user=steerco)
    decision = do_record_decision(item, outcome="approve", language="fr",
                                  motivation="Gain régional démontré.", acting_user=steerco)
    for url in (f"/{language}/decisions/{decision.pk}/", f"/{language}/decisions/feed/"):
        text = client.get(url).content.decode()
        assert counted in text
        assert "Compte" not in text and "Telling" not in text and "Bodycams" not in text


# What the open data and the API give anyone without a login: never more than the pages.
MACHINE_CHANNELS = {
    "open_data_needs_csv": "/open-data/needs.csv",
    "open_data_needs_json": "/open-data/needs.json",
    "open_data_decisions_json": "/open-data/decisions.json",
    "open_data_opportunities_csv": "/open-data/opportunities.csv",
    "open_data_projects_csv": "/open-data/projects.csv",
    "needs_feed": "/open-data/feeds/needs/",
    "api_needs": "/api/v1/needs/",
    "api_decisions": "/api/v1/decisions/",
    "api_opportunities": "/api/v1/opportunities/",
}


@pytest.mark.parametrize("shape", ["alone", "grouped"])
@pytest.mark.parametrize("channel", sorted(MACHINE_CHANNELS))
@pytest.mark.parametrize("confidentiality", [c.value for c in Confidentiality])
def test_open_data_feeds_and_the_api_follow_the_one_rule(client, decided, confidentiality,
                                                         channel, shape):
    need, decision = decided(confidentiality, shape)
    response = client.get(MACHINE_CHANNELS[channel], follow=True)
    if channel == "api_opportunities":
        # Opportunities are public only through the decisions on them (the decisions' channels).
        assert response.status_code == 401
        return
    assert response.status_code == 200
    text = (b"".join(response.streaming_content) if response.streaming
            else response.content).decode()
    if confidentiality not in NAMED:
        assert TITLE not in text
        assert INSTITUTION not in text
        assert "Politiezone Testzuid" not in text
    elif channel.startswith(("open_data_needs", "api_needs", "needs_feed")):
        assert TITLE in text and (INSTITUTION in text or "ZP-TEST-MIDI" in text)
