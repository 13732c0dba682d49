"""Across languages as a person reads it: the inbox search finds the twin written in the other
language, an explanation shows only words that translate each other, and an opportunity offers
only needs that really look like its members, each with its link and score."""

import re

import pytest

from synergie.matching.engine.matcher import Match
from synergie.matching.explain import describe_matches, need_query, similar_needs
from synergie.needs.models import Need
from synergie.opportunities.actions import do_create_opportunity
from synergie.opportunities.models import Opportunity
from tests.factories import InstitutionFactory, user_with_role


@pytest.fixture
def needs(indexed_with_cemeteries):
    return indexed_with_cemeteries[0]


@pytest.fixture
def analyst_client(client, analyst_user):
    client.force_login(analyst_user)
    return client


def inbox(client, ui="fr", **params):
    return client.get(f"/{ui}/needs/", params)


def exact(response) -> list:
    return [need for need in response.context["page"].object_list
            if not getattr(need, "found_by_meaning", None)]


def by_meaning(response) -> list:
    return response.context["page_by_meaning"]


# The inbox search


def test_searching_cimetiere_also_finds_the_dutch_twin_after_the_exact_hit(analyst_client,
                                                                           needs):
    response = inbox(analyst_client, ui="en", q="cimetière")
    assert exact(response) == [needs["cemetery_fr"]]
    assert by_meaning(response) == [needs["cemetery_nl"]]
    assert by_meaning(response)[0].found_by_meaning.translated_terms == [
        ("cimetière", "begraafplaats")]
    html = response.content.decode()
    assert "Also found in other languages" in html
    # After the exact hit, marked with its language and with the words that translate.
    section = html[html.index("Also found in other languages"):]
    assert html.index(needs["cemetery_fr"].title) < html.index("Also found in other languages")
    assert needs["cemetery_nl"].title in section and "Dutch" in section
    assert "cimetière ↔ begraafplaats" in section
    assert "1 need contains these words; 1 more found in another language" in html


def test_searching_begraafplaats_in_dutch_finds_the_french_twin(analyst_client, needs):
    response = inbox(analyst_client, ui="nl", q="begraafplaats")
    assert exact(response) == [needs["cemetery_nl"]]
    assert by_meaning(response) == [needs["cemetery_fr"]]


def test_needs_found_by_meaning_follow_the_other_filters(analyst_client, needs):
    response = inbox(analyst_client, q="cimetière", language="fr")
    assert by_meaning(response) == []  # only French needs were asked for
    response = inbox(analyst_client, q="cimetière", institution_kind="police_zone")
    assert exact(response) == [] and by_meaning(response) == []


def test_needs_found_by_meaning_respect_confidentiality(client, analyst_client, needs):
    """Once the Dutch cemetery need is confidential to its commune, the analyst still finds it
    by meaning, another institution's contributor does not learn of it."""
    Need.objects.filter(pk=needs["cemetery_nl"].pk).update(confidentiality="institution")
    assert by_meaning(inbox(analyst_client, q="cimetière")) == [needs["cemetery_nl"]]
    reader = user_with_role("contributor", InstitutionFactory(code="COM-99"), username="reader")
    client.force_login(reader)
    response = inbox(client, q="cimetière")
    assert exact(response) == [needs["cemetery_fr"]]
    assert by_meaning(response) == []
    assert needs["cemetery_nl"].title not in response.content.decode()


def test_paging_runs_through_the_exact_hits_then_the_needs_found_by_meaning(
        analyst_client, needs, settings):
    settings.PAGE_SIZE = 1
    first = inbox(analyst_client, q="cimetière")
    second = inbox(analyst_client, q="cimetière", page=2)
    assert first.context["page"].paginator.count == 2
    assert list(first.context["page"].object_list) == [needs["cemetery_fr"]]
    assert list(second.context["page"].object_list) == [needs["cemetery_nl"]]
    assert by_meaning(second) == [needs["cemetery_nl"]]
    assert "q=cimeti%C3%A8re&amp;page=2" in first.content.decode()


def test_unrelated_needs_are_not_offered_as_the_same_thing(analyst_client, needs):
    response = inbox(analyst_client, q="cimetière")
    offered = set(by_meaning(response))
    assert offered == {needs["cemetery_nl"]}
    assert inbox(analyst_client, q="zzzz")  # no words, no meaning: nothing found either way
    assert by_meaning(inbox(analyst_client, q="zzzz")) == []


# Explanations


def test_the_cemetery_twins_are_explained_with_words_that_translate(analyst_user, needs):
    results = {result.need: result for result in similar_needs(needs["cemetery_fr"],
                                                                  analyst_user, k=8)}
    reason = results[needs["cemetery_nl"]].reason
    assert "same subject in another language: " in reason
    assert "cimetières ↔ begraafplaats" in reason
    assert "concessions ↔ concessies" in reason


def test_a_match_without_translated_words_says_only_same_subject(analyst_user, needs):
    """The reported explanation listed each side's key words: 'abandonnées, cimetières,
    funéraires ↔ recognition, configurable, entrusted'. The need is no longer shown as similar
    at all; its explanation, asked for all the same, claims no words."""
    shown = similar_needs(needs["cemetery_fr"], analyst_user, k=8)
    assert needs["recognition_en"] not in [result.need for result in shown]
    [unrelated] = describe_matches(need_query(needs["cemetery_fr"]),
                                   [Match(("need", needs["recognition_en"].pk), 0.0, {})],
                                   analyst_user)
    assert unrelated.need == needs["recognition_en"]
    assert "same subject in another language" in unrelated.reasons
    assert not any("↔" in reason for reason in unrelated.reasons)
    assert "recognition" not in unrelated.reason and "entrusted" not in unrelated.reason


# The opportunity's similar needs not yet pooled


def opportunity_with(analyst_user, *members) -> Opportunity:
    return do_create_opportunity(title="Mutualisation", needs=list(members),
                                 acting_user=analyst_user)


def suggestions_section(html: str) -> str:
    start = html.index('id="suggestions-title"')
    return html[start:html.index('id="history-title"')]


def test_an_opportunity_offers_its_twin_with_link_and_score_and_nothing_unrelated(
        analyst_client, analyst_user, needs):
    opportunity = opportunity_with(analyst_user, needs["cemetery_fr"])
    response = analyst_client.get(f"/en/opportunities/{opportunity.pk}/")
    offered = [result.need for result in response.context["suggestions"]]
    assert offered == [needs["cemetery_nl"]]
    section = suggestions_section(response.content.decode())
    assert f'href="{needs["cemetery_nl"].get_absolute_url()}"' in section
    assert re.search(r"similarity 0\.\d\d", section)


def test_an_opportunity_without_similar_needs_says_so(analyst_client, analyst_user, needs):
    opportunity = opportunity_with(analyst_user, needs["greenspaces"])
    response = analyst_client.get(f"/en/opportunities/{opportunity.pk}/")
    assert response.context["suggestions"] == []
    assert "No other similar need." in suggestions_section(response.content.decode())
