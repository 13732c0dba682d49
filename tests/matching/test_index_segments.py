"""The index as the processes of one host share it: one segment on disk mapped by all, each
change applied as a small delta, a new segment taken up when it appears, and never a segment
of another database epoch."""

import json
from io import StringIO

import pytest
from django.contrib.auth import get_user_model
from django.core.management import call_command

from synergie.matching import segments, service
from synergie.matching.adapters import embedder
from synergie.matching.models import IndexChange
from synergie.matching.service import MatchingIndex, Query
from synergie.needs.actions import do_update_need

BODYCAM = Query(text="caméras corporelles policiers", language="fr")


def stored_segments() -> list:
    folder = segments.index_root()
    return sorted(path for path in folder.rglob("synergie.json"))


@pytest.fixture
def admin(db):
    """Edits a submitted need (its author may not any more)."""
    return get_user_model().objects.create_superuser("root", "root@example.org", "x")


@pytest.fixture
def look_for_new_segments_at_once(monkeypatch):
    monkeypatch.setattr(service, "SEGMENT_CHECK_SECONDS", 0.0)


def test_two_processes_map_one_segment_and_take_a_change_as_a_delta(
        indexed_needs, django_capture_on_commit_callbacks, admin):
    needs, authors = indexed_needs
    first, second = MatchingIndex(), MatchingIndex()
    assert first.search(BODYCAM, k=1)[0].key == ("need", needs["bodycam"].pk)
    assert second.search(BODYCAM, k=1)[0].key == ("need", needs["bodycam"].pk)
    assert len(stored_segments()) == 1  # the second process opened what the first built
    before = first.private_bytes()

    with django_capture_on_commit_callbacks(execute=True):
        do_update_need(needs["parking"], title="Caméras corporelles pour les gardiens de parc",
                       acting_user=admin)
    for index in (first, second):
        found = [match.key for match in index.search(BODYCAM, k=2)]
        assert ("need", needs["parking"].pk) in found
        assert len(index) == len(needs)  # replaced, not added twice
    assert len(stored_segments()) == 1  # a change is a delta, not a rebuild
    assert before < first.private_bytes() < before + 64 * 1024  # what one document costs


def test_a_new_segment_is_taken_up_and_the_delta_starts_again(
        indexed_needs, django_capture_on_commit_callbacks, look_for_new_segments_at_once, admin):
    needs, authors = indexed_needs
    index = MatchingIndex()
    index.search(BODYCAM, k=1)
    with django_capture_on_commit_callbacks(execute=True):
        do_update_need(needs["parking"], title="Caméras corporelles pour les gardiens de parc",
                       acting_user=admin)
    index.search(BODYCAM, k=1)
    with_delta = index.private_bytes()

    out = StringIO()
    call_command("index", "build", "--json", stdout=out)
    built = json.loads(out.getvalue())
    assert built["documents"] == len(needs)
    assert built["covers_change"] == IndexChange.objects.latest("id").id

    found = [match.key for match in index.search(BODYCAM, k=2)]
    assert ("need", needs["parking"].pk) in found
    assert index.private_bytes() < with_delta


def test_a_segment_of_the_database_before_a_restore_is_never_opened(
        indexed_needs, django_capture_on_commit_callbacks):
    needs, authors = indexed_needs
    MatchingIndex().search(BODYCAM, k=1)
    before = stored_segments()
    segments.on_database_restored(sender=None)
    MatchingIndex().search(BODYCAM, k=1)
    assert len(stored_segments()) == 2 and stored_segments() != before


def test_a_process_behind_a_pruned_change_log_catches_up_from_a_new_segment(
        indexed_needs, django_capture_on_commit_callbacks, admin):
    needs, authors = indexed_needs
    index = MatchingIndex()
    index.search(BODYCAM, k=1)
    for title in ("Caméras corporelles pour les gardiens de parc", "Parking en voirie"):
        with django_capture_on_commit_callbacks(execute=True):
            do_update_need(needs["parking"], title=title, acting_user=admin)
    IndexChange.objects.filter(pk__lt=IndexChange.objects.latest("id").pk).delete()  # pruned
    found = [match.key for match in index.search(Query(text="parking en voirie", language="fr"),
                                                  k=1)]
    assert found == [("need", needs["parking"].pk)]


def test_the_status_command_tells_what_this_host_holds(indexed_needs):
    out = StringIO()
    call_command("index", "status", "--json", stdout=out)
    assert json.loads(out.getvalue()) == {"segment": None}
    MatchingIndex().search(BODYCAM, k=1)
    out = StringIO()
    call_command("index", "status", "--json", stdout=out)
    status = json.loads(out.getvalue())
    assert status["documents"] == len(indexed_needs[0])
    assert status["changes_since"] == 0
    assert embedder().name.split("/")[0] in status["segment"]


def test_a_build_removes_what_a_build_that_died_left(indexed_needs):
    MatchingIndex().search(BODYCAM, k=1)
    folder = stored_segments()[0].parent.parent
    died = folder / ".000000000000007-0badf00d.4242.building"
    died.mkdir()
    (died / "vectors.tmp").write_bytes(b"\0" * 1024)
    with segments.host_lock():
        built = segments.build_segment()
    assert not died.exists()
    assert built.path.parent == folder and (built.path / "synergie.json").is_file()
