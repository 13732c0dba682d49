"""A long text costs the matching what its beginning costs: the index, "look for similar needs"
and the CPV suggestions read at most MAX_MATCHED_CHARS characters, and the embedding is
computed outside any transaction, so a long description never holds the database."""

import time

import pytest
from django.db import connection
from django.urls import reverse

from synergie.matching import adapters
from synergie.matching.engine.embedders import E5Small
from synergie.matching.engine.text import MAX_MATCHED_CHARS, matched_part
from synergie.matching.models import IndexedDocument
from synergie.needs.actions import do_change_need_status
from synergie.needs.models import Need

PARAGRAPH = ("Le CPAS cherche un logiciel de paie pour ses agents, relié au secrétariat social, "
             "avec les barèmes et les fiches de paie. ")


def long_text(length: int) -> str:
    return (PARAGRAPH * (length // len(PARAGRAPH) + 1))[:length]


@pytest.fixture
def embedded(monkeypatch):
    """Each text the model is given, and whether a transaction was open at that moment."""
    seen = []
    original = E5Small.encode_documents

    def recording(self, texts):
        # Tests run inside the test's own transaction: count the ones opened beyond it.
        seen.extend((text, len(connection.atomic_blocks)) for text in texts)
        return original(self, texts)

    monkeypatch.setattr(E5Small, "encode_documents", recording)
    return seen


def test_matched_part_cuts_between_words():
    text = long_text(10_000)
    part = matched_part(text)
    assert MAX_MATCHED_CHARS - 100 < len(part) <= MAX_MATCHED_CHARS
    assert text.startswith(part) and text[len(part)] == " "
    assert matched_part("court") == "court"


def test_indexing_a_long_need_embeds_its_beginning_outside_any_transaction(
        indexed_needs, embedded):
    needs, _ = indexed_needs
    outside = len(connection.atomic_blocks)
    need = needs["bodycam"]
    description = long_text(19_000)
    Need.objects.filter(pk=need.pk).update(description=description)
    assert adapters.index_need(need.pk) == "updated"
    texts = [text for text, _ in embedded]
    assert texts == [matched_part(f"{need.title}\n{description}")]
    assert len(texts[0]) <= MAX_MATCHED_CHARS
    assert [depth for _, depth in embedded] == [outside]
    stored = IndexedDocument.objects.get(object_id=need.pk)
    assert stored.text == texts[0]


def test_a_task_that_read_an_older_text_does_not_overwrite_the_newer_one(
        indexed_needs, monkeypatch):
    needs, _ = indexed_needs
    need = needs["parking"]
    original = E5Small.encode_documents

    def someone_edits_meanwhile(self, texts):
        Need.objects.filter(pk=need.pk).update(description="Tout autre chose.")
        return original(self, texts)

    monkeypatch.setattr(E5Small, "encode_documents", someone_edits_meanwhile)
    Need.objects.filter(pk=need.pk).update(description="Nouvelle version du texte.")
    assert adapters.index_need(need.pk) == "superseded"
    assert "Nouvelle version" not in IndexedDocument.objects.get(object_id=need.pk).text


def test_look_ups_on_a_55_kb_text_read_only_its_beginning(client, indexed_needs, embedded,
                                                         contributor, institution):
    from tests.needs.test_form import form_data

    client.force_login(contributor)
    data = form_data(institution, description=long_text(55_000), action="find_similar")
    started = time.perf_counter()
    response = client.post(reverse("needs:create"), data)
    elapsed = time.perf_counter() - started
    assert response.status_code == 200
    assert embedded and all(len(text) <= MAX_MATCHED_CHARS for text, _ in embedded)
    print(f"\nfind_similar and suggest_cpv on 55 KB: {elapsed:.2f} s")


def test_a_withdrawn_need_leaves_the_index(indexed_needs, django_capture_on_commit_callbacks):
    needs, authors = indexed_needs
    with django_capture_on_commit_callbacks(execute=True):
        need = do_change_need_status(needs["waste"], "withdraw", comment="Plus nécessaire.",
                                     acting_user=authors["waste"])
    assert adapters.index_need(need.pk) == "absent"  # already removed by its own task
    assert not IndexedDocument.objects.filter(object_id=need.pk).exists()
