"""The transparency portal: one public front page and one search over every public section."""

import pytest
from django.urls import reverse

from synergie.catalogue.models import Solution
from synergie.needs.models import Confidentiality, NeedStatus
from tests.factories import NeedFactory


@pytest.fixture
def published_and_hidden(db):
    public = NeedFactory(title="Guichet électronique pour les permis",
                         confidentiality=Confidentiality.PUBLIC, status=NeedStatus.SUBMITTED)
    hidden = NeedFactory(title="Guichet confidentiel des enquêtes internes",
                         confidentiality=Confidentiality.INSTITUTION,
                         status=NeedStatus.SUBMITTED)
    Solution.objects.create(name_fr="Guichet régional IRISbox", name_nl="Regionaal loket",
                            summary_fr="Le guichet électronique des communes.")
    return public, hidden


def test_the_search_reads_every_section_through_its_public_rule(client, published_and_hidden):
    public, hidden = published_and_hidden
    html = client.get(reverse("site:search"), {"q": "guichet"}).content.decode()
    assert public.title in html
    assert "Guichet régional IRISbox" in html
    assert hidden.title not in html
    assert "2 results for" in html
    # Each section says what it found, and says it when nothing was found.
    assert "Nothing found in:" in html and "Decisions and their reasons" in html


def test_a_search_in_dutch_reads_dutch(client, published_and_hidden):
    html = client.get("/nl/search/", {"q": "guichet"}).content.decode()
    assert "2 resultaten voor" in html
    assert "Regionaal loket" in html


def test_an_empty_search_invites_words_and_stores_nothing(client, db,
                                                          django_assert_max_num_queries):
    with django_assert_max_num_queries(3):
        html = client.get(reverse("site:search"), {"q": "   "}).content.decode()
    assert "Type a few words" in html


def test_the_front_page_lists_every_public_section_with_its_count(client,
                                                                  published_and_hidden):
    html = client.get(reverse("site:transparency")).content.decode()
    for title in ("Published needs", "Decisions and their reasons",
                  "Catalogue of regional solutions", "Progress of the decided projects"):
        assert title in html
    assert "1 published item" in html  # one public need, one solution
    assert reverse("decisions:feed") in html


def test_many_results_link_to_the_section_filtered_the_same_way(client, db):
    for number in range(7):
        NeedFactory(title=f"Archivage numérique {number}",
                    confidentiality=Confidentiality.PUBLIC)
    html = client.get(reverse("site:search"), {"q": "archivage"}).content.decode()
    assert html.count("Archivage numérique") == 5
    assert f'{reverse("needs:public")}?q=archivage' in html
    assert "See the 7 results in" in html


def test_the_register_and_the_data_catalogue_answer_with_what_is_published(client, contributor,
                                                                          institution):
    from synergie.algorithms.actions import do_describe_algorithm, do_transition_algorithm
    from synergie.datasets.models import Dataset, DatasetStatus
    from tests.factories import user_with_role

    def describe(name):
        return do_describe_algorithm(
            acting_user=contributor, institution=institution,
            values={"name": name, "description_short": "Lit les plaques d'immatriculation.",
                    "theme": ["Verkeer"]}, risk_category="limited")

    published = describe("Contrôle du stationnement par scanner")
    do_transition_algorithm(published, "submit", acting_user=contributor)
    do_transition_algorithm(published, "publish",
                            acting_user=user_with_role("data_office", username="data.office"))
    describe("Contrôle du stationnement en brouillon")
    Dataset.objects.create(identifier="https://example.org/ds/1",
                           title_fr="Zones de stationnement", status=DatasetStatus.ACTIVE)
    Dataset.objects.create(identifier="https://example.org/ds/2",
                           title_fr="Stationnement retiré", status=DatasetStatus.WITHDRAWN)
    html = client.get(reverse("site:search"), {"q": "stationnement"}).content.decode()
    assert "Contrôle du stationnement par scanner" in html
    assert "en brouillon" not in html
    assert "Zones de stationnement" in html and "Stationnement retiré" not in html
    front = client.get(reverse("site:transparency")).content.decode()
    assert "Register of algorithms" in front and "Catalogue of data" in front
    assert reverse("opendata:feed_algorithms") in front
