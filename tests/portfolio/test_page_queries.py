"""The portfolio's pages ask the database a fixed number of times, whatever the number of
candidates, links or scenarios: at 200,000 needs a query per row is a page that never loads."""

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from synergie.opportunities.actions import do_create_opportunity
from synergie.portfolio.actions import do_create_scenario, do_link_candidates
from synergie.portfolio.models import Scenario
from tests.factories import NeedFactory, user_with_role


@pytest.fixture
def analyst(db):
    return user_with_role("analyst", username="analyst.q")


def build_scenario(secretary, analyst, size: int, title: str = "Plan") -> Scenario:
    """`size` opportunities of two needs and `size` single needs, each candidate depending on
    the one before and excluding the one after that."""
    for k in range(size):
        first = NeedFactory(title=f"Paie {title} {k}", status="in_analysis",
                            costs=[(2027, "1000", "0")])
        second = NeedFactory(title=f"Loonadministratie {title} {k}", status="in_analysis",
                             language="nl", costs=[(2027, "1000", "0")])
        do_create_opportunity(title=f"Opportunité {title} {k}", needs=[first, second],
                              acting_user=analyst)
        NeedFactory(title=f"Salles {title} {k}", status="in_analysis",
                    costs=[(2027, "1000", "0")])
    scenario = do_create_scenario(title=title, first_year=2027, years=2,
                                  budget=[100000, 100000], capacity={}, acting_user=secretary)
    candidates = list(scenario.candidates.order_by("pk"))
    for before, after in zip(candidates, candidates[1:], strict=False):
        do_link_candidates(after, before, "depends", acting_user=secretary)
    for before, after in zip(candidates, candidates[2:], strict=False):
        do_link_candidates(before, after, "excludes", acting_user=secretary)
    return scenario


def count_queries(client, url) -> int:
    client.get(url)  # the first page after logging in also saves the session
    with CaptureQueriesContext(connection) as queries:
        response = client.get(url)
    assert response.status_code == 200
    return len(queries)


def read_columns(client, url) -> str:
    """The columns the page's queries read (what comes between SELECT and FROM)."""
    with CaptureQueriesContext(connection) as queries:
        client.get(url)
    return "\n".join(query["sql"].split(" FROM ", 1)[0] for query in queries)


def test_the_scenario_page_asks_the_same_whatever_the_candidates(client, secretary, analyst):
    small = build_scenario(secretary, analyst, 1, "Petit")
    large = build_scenario(secretary, analyst, 6, "Grand")
    client.force_login(secretary)
    assert large.candidates.count() > 3 * small.candidates.count()
    assert count_queries(client, large.get_absolute_url()) == count_queries(
        client, small.get_absolute_url())


def test_a_candidate_page_asks_the_same_whatever_its_links(client, secretary, analyst):
    small = build_scenario(secretary, analyst, 1, "Petit")
    large = build_scenario(secretary, analyst, 6, "Grand")
    client.force_login(secretary)

    def url(scenario):
        candidate = scenario.candidates.order_by("pk")[1]
        return reverse("portfolio:candidate", args=[scenario.pk, candidate.pk])

    assert count_queries(client, url(large)) == count_queries(client, url(small))


def test_the_scenario_list_asks_the_same_whatever_the_scenarios(client, secretary, analyst):
    build_scenario(secretary, analyst, 1, "Un")
    client.force_login(secretary)
    one = count_queries(client, reverse("portfolio:list"))
    for k in range(4):
        build_scenario(secretary, analyst, 1, f"Autre {k}")
    assert count_queries(client, reverse("portfolio:list")) == one


def test_the_scenario_list_and_comparison_leave_the_stored_results_unread(
        client, secretary, analyst):
    scenario = build_scenario(secretary, analyst, 1, "Un")
    Scenario.objects.filter(pk=scenario.pk).update(instance={"candidates": []},
                                                   result={"status": "OPTIMAL"})
    client.force_login(secretary)
    for url in (reverse("portfolio:list"), reverse("portfolio:compare")):
        sql = read_columns(client, url)
        assert '"portfolio_scenario"."result"' not in sql
        assert '"portfolio_scenario"."instance"' not in sql
