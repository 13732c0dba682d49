"""The landscape's demo data, on top of the demo: ten institutions, different products for the
same capabilities, contracts ending within 24 months."""

from datetime import date

import pytest

from synergie.audit.log import history_of
from synergie.landscape import analysis
from synergie.landscape.models import Application


@pytest.mark.django_db(transaction=True)
def test_the_demo_landscape_has_pooling_candidates_and_windows():
    from synergie.demo import landscape
    from synergie.demo.load import load_demo

    load_demo()
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
    # The featured contributor of Anderlecht recorded its institution's applications.
    first = Application.objects.filter(institution__code="COM-21001").first()
    assert history_of(first).get().actor.username == "marie.dubois"
