import pytest

from tests.factories import NeedFactory, user_with_role
from tests.matching.conftest import analyst_user, indexed_needs  # noqa: F401


@pytest.fixture
def secretary(db):
    return user_with_role("steering_committee", username="secretary", first_name="Anne",
                          last_name="Vandenberghe")


@pytest.fixture
def small_scenario(secretary):
    """Four needs in analysis as candidates (one with a legal deadline), optimised in-process:
    enough for the pages, without the matching index."""
    from synergie.portfolio.actions import do_create_scenario, record_run
    from synergie.portfolio.adapters import scenario_instance
    from synergie.portfolio.engine.instance import parse_instance
    from synergie.portfolio.engine.optimiser import optimise
    from synergie.portfolio.models import RunStatus, Scenario

    for title, cost in (("Gestion des salles", "90000"), ("Archivage électronique", "120000"),
                        ("Guichet en ligne", "150000"), ("Parkeerbeheer", "60000")):
        NeedFactory(title=title, status="in_analysis", costs=[(2027, cost, "10000")],
                    deadline_is_legal=title == "Guichet en ligne")
    scenario = do_create_scenario(title="Plan 2027", first_year=2027, years=2,
                                  budget=[200000, 120000], capacity={"Chefs de projet": [2, 2]},
                                  acting_user=secretary)
    instance = scenario_instance(scenario)
    Scenario.objects.filter(pk=scenario.pk).update(instance=instance)
    record_run(scenario.pk, status=RunStatus.DONE,
               result=optimise(parse_instance(instance)).as_dict())
    scenario.refresh_from_db()
    return scenario
