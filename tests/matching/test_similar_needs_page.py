"""A need's "this looks like" as a person reads it: only the needs of other institutions that
stand out as similar (at most five), its twin in another language among them, nothing unrelated
to fill the list, a sentence when none stands out; and an explanation gives a word written the
same on both sides as a shared term, never as a translation, and no month as a reason."""

import html as html_text
import re

import pytest
from django.urls import reverse
from django.utils import translation

from synergie.kernel.text import fold
from synergie.demo.load import read_needs
from synergie.matching.engine.cpv import labels_lexicon
from synergie.matching.engine.explain import explain
from synergie.matching.explain import SIMILAR_NEED_THRESHOLD, similar_needs
from tests.matching.conftest import CEMETERY_NEEDS, NEEDS, file_and_submit

DEMO = {item["key"]: item for item in read_needs()}


def demo_need(key: str, kind: str) -> tuple:
    """A need of the demo (synergie/demo/data/needs.json) as conftest.file_and_submit takes it."""
    item = DEMO[key]
    return (item["institution"], kind, item["language"], item["domain"], "public",
            item["title"], item["description"])


# Under the demo's cemetery need, the 5 nearest used to include this meeting-minutes need.
MEETING_MINUTES = {"minutes_nl": demo_need("berchem-digitale-besluitvorming", "municipality")}


@pytest.fixture
def needs(db, analyst_user, django_capture_on_commit_callbacks):
    with django_capture_on_commit_callbacks(execute=True):
        return file_and_submit({**NEEDS, **CEMETERY_NEEDS, **MEETING_MINUTES})[0]


def page_of(need, language: str) -> str:
    with translation.override(language):
        return reverse("needs:detail", args=[need.pk])


def similar_section(html: str) -> str:
    start = html.index('id="similar-title"')
    return html_text.unescape(html[start:html.index("</section>", start)])


def test_the_cemetery_need_shows_its_twin_and_not_the_meeting_minutes(analyst_user, needs):
    shown = similar_needs(needs["cemetery_nl"], analyst_user)
    assert [result.need for result in shown] == [needs["cemetery_fr"]]
    assert shown[0].score >= SIMILAR_NEED_THRESHOLD
    shown = similar_needs(needs["minutes_nl"], analyst_user)
    assert needs["cemetery_nl"] not in [result.need for result in shown]


def test_the_need_page_shows_the_twin_with_its_similarity_and_nothing_unrelated(
        client, analyst_user, needs):
    client.force_login(analyst_user)
    for language, sentence in (("fr", "similarité 0,"), ("nl", "gelijkenis 0,")):
        html = client.get(page_of(needs["cemetery_nl"], language)).content.decode()
        section = similar_section(html)
        assert f'href="{page_of(needs["cemetery_fr"], language)}"' in section
        assert sentence in section
        assert needs["minutes_nl"].title not in section
        for other in ("bodycam", "parking", "waste", "greenspaces", "recognition_en"):
            assert needs[other].title not in section


@pytest.mark.parametrize("language, sentence", [
    ("fr", "Aucun besoin similaire trouvé dans d'autres institutions."),
    ("nl", "Geen gelijkaardige behoefte gevonden bij andere instellingen."),
])
def test_a_need_without_a_twin_says_no_similar_need_was_found(client, analyst_user, needs,
                                                               language, sentence):
    client.force_login(analyst_user)
    response = client.get(page_of(needs["greenspaces"], language))
    assert response.context["similar"] == []
    section = similar_section(response.content.decode())
    assert sentence in section
    assert "<li>" not in section


def nis2(key: str) -> tuple[str, str]:
    item = DEMO[key]
    return f"{item['title']}\n{item['description']}", item["language"]


def test_a_word_written_the_same_in_both_needs_is_a_shared_term_not_a_translation():
    """Reported on the demo's NIS2 twins: 'same subject in another language: cybersecurity ↔
    cybersecurity, april ↔ april'."""
    found = explain(*nis2("hydria-nis2-soc"), *nis2("port-nis2-mdr"),
                    lambda stems: [1] * len(stems), labels_lexicon())
    assert found.translated_terms, "the twins have words that translate each other"
    assert all(fold(own) != fold(other) for own, other in found.translated_terms), \
        found.translated_terms
    assert "cybersecurity" in found.shared_terms
    written = [*found.shared_terms, *(word for pair in found.translated_terms for word in pair)]
    assert "april" not in written  # a month dates a text, it is no reason


def test_the_page_gives_identical_words_as_shared_terms(client, analyst_user, db,
                                                        django_capture_on_commit_callbacks):
    twins = {key: demo_need(key, "regional_body") for key in ("hydria-nis2-soc", "port-nis2-mdr")}
    with django_capture_on_commit_callbacks(execute=True):
        needs = file_and_submit({**NEEDS, **twins})[0]
    client.force_login(analyst_user)
    html = client.get(page_of(needs["hydria-nis2-soc"], "en")).content.decode()
    section = similar_section(html)
    assert needs["port-nis2-mdr"].title in section
    assert not re.search(r"(\w+) ↔ \1\b", section, flags=re.IGNORECASE), section
    assert re.search(r"shared terms: [^;<]*cybersecurity", section)
    assert "april" not in section.lower()
