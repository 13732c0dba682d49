from datetime import date

import pytest

from synergie.decisions.actions import do_add_agenda_item, do_create_meeting, do_record_decision
from tests.factories import InstitutionFactory, NeedFactory, user_with_role


def decide(need, *, chair, outcome="approve", meeting=None):
    """`need` (in analysis) put on a meeting's agenda and decided."""
    meeting = meeting or do_create_meeting(title="Steerco", date=date(2027, 1, 20),
                                           acting_user=chair)
    item = do_add_agenda_item(meeting, need=need, acting_user=chair)
    return do_record_decision(item, outcome=outcome, motivation="Gain régional.", language="fr",
                              acting_user=chair)


@pytest.fixture
def chair(db):
    return user_with_role("steering_committee", username="chair")


@pytest.fixture
def pmo(db):
    return user_with_role("pmo", username="pmo", first_name="Nadia", last_name="Benali")


@pytest.fixture
def institution_a(db):
    return InstitutionFactory(code="COM-A")


@pytest.fixture
def institution_b(db):
    return InstitutionFactory(code="CPAS-B", kind="social_welfare_centre")


@pytest.fixture
def approved_decision(chair, institution_a):
    need = NeedFactory(institution=institution_a, title="Paie des agents",
                       status="in_analysis")
    return decide(need, chair=chair)
