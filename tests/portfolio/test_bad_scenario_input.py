"""Budgets, capacities and demands that are not amounts, and pools without a name or given twice,
are refused with a message under their field; nothing is stored and no page fails."""

import pytest
from django.urls import reverse

from synergie.portfolio.models import Scenario
from tests.portfolio.test_pages import candidate_data

GOOD = {"title": "Plan 2027", "first_year": 2027, "years": 3,
        "budget": "150000 50000 50000", "capacity": "Chefs de projet: 2 2 2"}


@pytest.mark.parametrize("field, value, message", [
    ("budget", "100 nan 100", "“nan” is not a number."),
    ("budget", "100 inf 100", "“inf” is not a number."),
    ("budget", "100 1e400 100", "“1e400” is not a number."),
    ("budget", "100 1e300 100", "“1e300” is too large."),
    ("capacity", "Chefs de projet: 2 nan 2", "Line 1: “nan” is not a number."),
    ("capacity", "Chefs de projet: 2 -inf 2", "Line 1: “-inf” is not a number."),
    ("capacity", ": 2 2 2", "Line 1: give the pool's name before the colon."),
    ("capacity", "Chefs de projet: 2 2 2\nChefs de projet: 1 1 1",
     "Line 2: the pool “Chefs de projet” is already given above."),
])
def test_a_scenario_with_a_bad_figure_or_pool_is_refused_under_its_field(
        client, secretary, field, value, message):
    client.force_login(secretary)
    response = client.post(reverse("portfolio:list"), {**GOOD, field: value})
    assert response.status_code == 200
    assert response.context["form"].errors[field] == [message]
    assert not Scenario.objects.exists()


@pytest.mark.parametrize("demand, message", [
    ("Chefs de projet: 1 nan", "“nan” is not a number."),
    ("Chefs de projet: 1e400", "“1e400” is not a number."),
    (": 1", "Give the pool's name before the colon."),
    ("Chefs de projet: 1; Chefs de projet: 2", "The pool “Chefs de projet” is given twice."),
])
def test_a_candidates_bad_demand_is_refused_and_nothing_changes(
        client, secretary, small_scenario, demand, message):
    client.force_login(secretary)
    candidate = small_scenario.candidates.first()
    before = candidate.demand
    url = reverse("portfolio:candidate", args=[small_scenario.pk, candidate.pk])
    response = client.post(url, candidate_data(client, candidate, demand_text=demand))
    assert response.status_code == 200
    assert response.context["form"].errors["demand_text"] == [message]
    candidate.refresh_from_db()
    assert candidate.demand == before


@pytest.mark.parametrize("query", ["?a=abc&b=1", "?a=%C2%B2", "?a=" + "9" * 40, "?b=-1"])
def test_compare_with_a_hand_edited_address_shows_the_page(client, secretary, small_scenario,
                                                           query):
    client.force_login(secretary)
    response = client.get(reverse("portfolio:compare") + query)
    assert response.status_code == 200
    assert response.context["comparison"] is None
