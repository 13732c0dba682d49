"""The register's demo data: ten real entries for Brussels demo institutions, published,
in review, draft, one stale and one with feedback waiting for moderation. Built on what
`load_demo` makes that the register reads, not on the whole demo."""

from django.urls import reverse

from synergie.algorithms.models import Algorithm, AlgorithmStatus, Feedback, FeedbackStatus
from synergie.demo import algorithms as demo
from synergie.demo.load import ADMIN_USERNAME, read_local_authorities
from synergie.institutions.models import Institution
from tests.factories import UserFactory, user_with_role


def test_the_demo_register_shows_every_state(db, client):
    codes = {place[0] for place in demo.PLACES.values()}
    for fields in read_local_authorities():
        if fields["code"] in codes:
            Institution.objects.create(**fields)
    UserFactory(username=ADMIN_USERNAME, is_superuser=True)
    user_with_role("contributor", Institution.objects.get(code="COM-21001"),
                   username="marie.dubois")
    reviewer = user_with_role("data_office", username="eva.claes")
    assert demo.load() == {"draft": 1, "in_review": 1, "published": 7, "stale": 1}
    assert Algorithm.objects.published().count() == 8
    assert Algorithm.objects.get(status=AlgorithmStatus.IN_REVIEW).name == \
        "Risicoprofiel DigiSchouw"
    stale = Algorithm.objects.get(name="Wmo-voorspelmodel")
    assert stale.is_stale
    assert "more than 12 months ago" in client.get(stale.get_absolute_url()).content.decode()
    parking = Algorithm.objects.get(name="Parkeercontrole")
    assert parking.institution.code == "COM-21001"
    assert parking.organization == parking.institution.name_nl
    assert parking.risk_category == "limited" and parking.version == 1
    assert set(Feedback.objects.values_list("status", flat=True)) == {
        FeedbackStatus.PUBLISHED, FeedbackStatus.PENDING}
    client.force_login(reviewer)
    page = client.get(reverse("algorithms:moderation")).content.decode()
    assert "Hoe lang worden de kentekens bewaard?" in page
