import pytest

from synergie.algorithms.actions import do_describe_algorithm, do_transition_algorithm
from tests.factories import user_with_role


@pytest.fixture
def data_office(db):
    return user_with_role("data_office", username="data.office")


@pytest.fixture
def describe(contributor, institution):
    def make(name="Parkeercontrole", **values):
        return do_describe_algorithm(
            acting_user=contributor, institution=institution,
            values={"name": name, "description_short": "Scanauto's lezen kentekens.",
                    "theme": ["Verkeer"], **values},
            risk_category="limited")
    return make


@pytest.fixture
def published(describe, contributor, data_office):
    algorithm = describe()
    do_transition_algorithm(algorithm, "submit", acting_user=contributor)
    return do_transition_algorithm(algorithm, "publish", acting_user=data_office)
