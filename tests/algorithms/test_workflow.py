"""What people notice: describing, review and publication with versions, the staleness warning,
the public pages and CSV, citizens' feedback and its moderation."""

import csv
import io
from datetime import timedelta

import pytest
from django.core.exceptions import PermissionDenied
from django.urls import reverse
from django.utils import timezone, translation

from synergie.algorithms import standard
from synergie.algorithms.actions import (
    FEEDBACK_PER_HOUR,
    do_change_algorithm,
    do_transition_algorithm,
)
from synergie.algorithms.models import Algorithm, AlgorithmStatus, Feedback, FeedbackStatus
from synergie.algorithms.public import recent_published
from synergie.audit.log import history_of


def test_a_contributor_describes_sends_for_review_and_the_data_office_publishes(
        client, contributor, data_office, institution):
    client.force_login(contributor)
    response = client.post(reverse("algorithms:create"), {
        "institution": institution.pk, "name": "Wmo-voorspelmodel",
        "description_short": "Voorspelt de vraag naar zorg.", "theme": "Zorg, Sociale zekerheid",
        "status": "In gebruik", "start_date": "2023-01", "risk_category": "high",
        "publication_category": "", "human_intervention": "Een consulent beslist."})
    algorithm = Algorithm.objects.get()
    assert response.status_code == 302 and response["Location"] == algorithm.get_absolute_url()
    assert algorithm.status == AlgorithmStatus.DRAFT
    assert algorithm.entry["theme"] == ["Zorg", "Sociale zekerheid"]
    # Written on the English page: in English ("nld", the Dutch standard's, by default).
    assert algorithm.entry["schema"] == "1.0.0" and algorithm.entry["language"] == "eng"
    # Not public yet.
    client.logout()
    assert client.get(algorithm.get_absolute_url()).status_code == 302
    assert "Wmo-voorspelmodel" not in client.get(reverse("algorithms:list")).content.decode()

    client.force_login(contributor)
    client.post(reverse("algorithms:transition", args=[algorithm.pk, "submit"]))
    algorithm.refresh_from_db()
    assert algorithm.status == AlgorithmStatus.IN_REVIEW
    page = client.get(algorithm.get_absolute_url()).content.decode()
    assert "Mandatory fields of the standard still empty:" in page
    # The contributor cannot publish its own entry.
    assert client.post(reverse("algorithms:transition",
                               args=[algorithm.pk, "publish"])).status_code == 403

    client.force_login(data_office)
    client.post(reverse("algorithms:transition", args=[algorithm.pk, "publish"]))
    algorithm.refresh_from_db()
    assert algorithm.status == AlgorithmStatus.PUBLISHED and algorithm.version == 1
    client.logout()
    page = client.get(algorithm.get_absolute_url()).content.decode()
    assert "Version 1, published on" in page
    assert "Human intervention" in page and "Een consulent beslist." in page
    assert "High risk" in page
    assert [e.action for e in history_of(algorithm)].count("status_changed") == 2


def test_each_publication_stores_what_changed_field_by_field(published, contributor,
                                                             data_office, client):
    version = published.versions.get()
    assert version.changes["name"] == {"before": None, "after": "Parkeercontrole"}
    assert version.published_by == data_office
    do_transition_algorithm(published, "revise", acting_user=contributor)
    do_change_algorithm(published, acting_user=contributor,
                        values={"description_short": "Scanauto's lezen kentekenplaten."},
                        risk_category="minimal")
    do_transition_algorithm(published, "submit", acting_user=contributor)
    algorithm = do_transition_algorithm(published, "publish", acting_user=data_office)
    latest = algorithm.versions.first()
    assert latest.number == 2
    assert set(latest.changes) == {"description_short", "risk_category"}
    assert latest.changes["risk_category"] == {"before": "limited", "after": "minimal"}
    page = client.get(algorithm.get_absolute_url()).content.decode()
    assert "Version 2, published on" in page and "Version 1, published on" in page
    assert "Limited risk (transparency obligations) → Minimal risk" in page


def test_only_a_draft_is_edited(published, contributor):
    with pytest.raises(PermissionDenied):
        do_change_algorithm(published, acting_user=contributor, values={"name": "Ander"})


def test_an_entry_not_reviewed_for_12_months_warns_its_readers(published, data_office, client):
    page = client.get(published.get_absolute_url()).content.decode()
    assert "more than 12 months ago" not in page
    long_ago = timezone.now() - timedelta(days=400)
    Algorithm.objects.filter(pk=published.pk).update(last_reviewed_at=long_ago)
    page = client.get(published.get_absolute_url()).content.decode()
    assert "more than 12 months ago" in page and "Last reviewed on" in page
    # The data office confirms it is still accurate: the warning goes.
    client.force_login(data_office)
    client.post(reverse("algorithms:transition", args=[published.pk, "confirm"]))
    published.refresh_from_db()
    assert not published.is_stale and published.status == AlgorithmStatus.PUBLISHED


def test_the_public_list_searches_and_filters_published_entries(published, describe, client):
    describe(name="Concept nog niet klaar")
    describe(name="Bijstandsfraude", description_short="Risicoprofiel voor controle.")
    other = Algorithm.objects.get(name="Bijstandsfraude")
    other.status = AlgorithmStatus.PUBLISHED
    other.risk_category = "high"
    other.save()
    page = client.get(reverse("algorithms:list")).content.decode()
    assert "Parkeercontrole" in page and "Bijstandsfraude" in page
    assert "Concept nog niet klaar" not in page
    assert 'name="status"' not in page  # the public has no status to choose
    page = client.get(reverse("algorithms:list"), {"q": "risicoprofiel"}).content.decode()
    assert "Bijstandsfraude" in page and "Parkeercontrole" not in page
    page = client.get(reverse("algorithms:list"), {"risk_category": "limited"}).content.decode()
    assert "Parkeercontrole" in page and "Bijstandsfraude" not in page


def test_the_csv_has_one_column_per_field_of_the_standard(published, describe, client):
    describe(name="Concept")
    response = client.get(reverse("algorithms:csv"))
    assert response["Content-Type"].startswith("text/csv")
    rows = list(csv.reader(io.StringIO(response.content.decode())))
    assert rows[0] == list(standard.FIELD_NAMES)
    assert len(rows) == 2
    record = dict(zip(rows[0], rows[1], strict=True))
    assert record["name"] == "Parkeercontrole" and record["theme"] == "Verkeer"
    assert record["schema"] == "1.0.0"


def test_feedback_is_shown_once_the_data_office_published_it(published, data_office, client):
    url = reverse("algorithms:feedback", args=[published.pk])
    response = client.post(url, {"name": "Jan", "email": "", "message": "Hoe maak ik bezwaar?",
                                 "website": ""})
    assert response.status_code == 302
    feedback = Feedback.objects.get()
    assert feedback.status == FeedbackStatus.PENDING
    page = client.get(published.get_absolute_url()).content.decode()
    assert "Hoe maak ik bezwaar?" not in page

    client.force_login(data_office)
    assert "Hoe maak ik bezwaar?" in client.get(reverse("algorithms:moderation")).content.decode()
    client.post(reverse("algorithms:moderate", args=[feedback.pk, "published"]))
    client.logout()
    page = client.get(published.get_absolute_url()).content.decode()
    assert "Hoe maak ik bezwaar?" in page and "Jan" in page


def test_rejected_feedback_stays_hidden(published, data_office, client):
    client.post(reverse("algorithms:feedback", args=[published.pk]), {"message": "Spam spam"})
    client.force_login(data_office)
    client.post(reverse("algorithms:moderate", args=[Feedback.objects.get().pk, "rejected"]))
    client.logout()
    assert "Spam spam" not in client.get(published.get_absolute_url()).content.decode()


def test_robots_and_floods_are_kept_out(published, client):
    url = reverse("algorithms:feedback", args=[published.pk])
    client.post(url, {"message": "Buy now", "website": "http://spam.example"})
    assert not Feedback.objects.exists()
    for number in range(FEEDBACK_PER_HOUR):
        assert client.post(url, {"message": f"Vraag {number}"}).status_code == 302
    response = client.post(url, {"message": "Nog een"})
    assert response.status_code == 400
    assert "try again later" in response.content.decode()
    assert Feedback.objects.count() == FEEDBACK_PER_HOUR


def test_feedback_only_on_published_entries(describe, client):
    draft = describe()
    response = client.post(reverse("algorithms:feedback", args=[draft.pk]), {"message": "Hoi"})
    # Not found (an anonymous visitor is offered to log in): nothing stored.
    assert response.status_code in (302, 404) and not Feedback.objects.exists()


def test_recent_published_for_the_portal(published, describe):
    describe(name="Concept")
    entries = recent_published(5)
    assert [entry.title for entry in entries] == ["Parkeercontrole"]
    assert entries[0].url == published.get_absolute_url()
    assert entries[0].summary == "Scanauto's lezen kentekens."


def test_the_entry_is_marked_in_its_own_language(published, client):
    """A Dutch description on a French page says it is Dutch (screen readers, the tour)."""
    Algorithm.objects.filter(pk=published.pk).update(
        entry={**published.entry, "language": "nld"})
    with translation.override("fr"):
        page = client.get(published.get_absolute_url()).content.decode()
    assert '<dd lang="nl">Scanauto' in page


def test_the_registers_atom_feed(published, client):
    response = client.get(reverse("opendata:feed_algorithms"))
    assert response.status_code == 200
    assert "Parkeercontrole" in response.content.decode()
