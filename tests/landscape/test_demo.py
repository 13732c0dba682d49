"""The landscape's demo data: ten institutions, different products for the same capabilities,
contracts ending within 24 months. Built on what `load_demo` makes that the landscape reads
(the institutions, the administrator, a featured contributor), not on the whole demo, so that
this test says something about the landscape's part alone."""

from datetime import date

from synergie.audit.log import history_of
from synergie.demo import landscape
from synergie.demo.load import ADMIN_USERNAME, read_local_authorities
from synergie.institutions.models import Institution
from synergie.landscape import analysis
from synergie.landscape.models import Application
from tests.factories import UserFactory, user_with_role


def test_the_demo_landscape_has_pooling_candidates_and_windows(db):
    codes = {row[0] for row in landscape.APPLICATIONS}
    for fields in read_local_authorities():
        if fields["code"] in codes:
            Institution.objects.create(**fields)
    UserFactory(username=ADMIN_USERNAME, is_superuser=True)
    user_with_role("contributor", Institution.objects.get(code="COM-21001"),
                   username="marie.dubois")
    today = date(2027, 1, 15)
    assert landscape.load(today=today) == {"applications": len(landscape.APPLICATIONS),
                                           "institutions": 10}
    candidates = {row.capability.code for row in analysis.pooling_candidates()}
    assert {"payroll", "accounting", "document_management", "service_desk",
            "social_aid_case_management"} <= candidates
    windows = analysis.pooling_windows(today)
    assert len(windows) >= 5
    assert all(today <= app.contract_end <= date(2029, 1, 15)
               for window in windows for app in window.ending)
    # An institution's contributor records its applications; the administrator the others'.
    actors = {application.institution.code: history_of(application).get().actor.username
              for application in Application.objects.select_related("institution")}
    assert actors["COM-21001"] == "marie.dubois" and actors["PZ-5339"] == ADMIN_USERNAME
