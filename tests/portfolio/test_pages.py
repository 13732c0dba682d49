"""The steering committee's secretariat builds a scenario, optimises it in the background, asks
what-if, compares scenarios and draws the efficient frontier."""

import pytest
from django.urls import reverse

from synergie.opportunities.actions import do_create_opportunity
from synergie.portfolio.models import Scenario
from tests.factories import user_with_role


@pytest.fixture
def secretary(db):
    return user_with_role("steering_committee", username="secretary")


@pytest.fixture
def candidates(indexed_needs, analyst_user):
    needs, _ = indexed_needs
    do_create_opportunity(title="Paie", needs=[needs["payroll_fr"], needs["payroll_nl"]],
                          acting_user=analyst_user)
    from synergie.needs.actions import do_change_need_status

    for key in ("bodycam", "waste", "parking"):
        do_change_need_status(needs[key], "start_analysis", acting_user=analyst_user)
    return needs


def form_value(form, name):
    """What the browser sends for a field as rendered (0 stays 0, an empty field is "")."""
    value = form[name].value()
    return "" if value is None else value


def page_data(page, **changes) -> dict:
    """The scenario page's form as the browser would send it, with `changes` applied."""
    context = page.context
    data = {f"w-{name}": form_value(context["weights_form"], name)
            for name in context["weights_form"].fields}
    data.update({f"a-{name}": form_value(context["axis_form"], name)
                 for name in context["axis_form"].fields})
    for row in context["rows"]:
        data.update({f"c{row.candidate.pk}-{name}": form_value(row.form, name)
                     for name in row.form.fields})
    data.update(changes)
    return data


def candidate_data(client, candidate, **changes) -> dict:
    form = client.get(reverse("portfolio:candidate",
                              args=[candidate.scenario_id, candidate.pk])).context["form"]
    data = {name: form_value(form, name) for name in form.fields}
    data = {name: value for name, value in data.items() if value is not False}
    data.update(changes)
    return data


def create(client, **overrides):
    data = {"title": "Plan 2027", "first_year": 2027, "years": 3,
            "budget": "150000 50000 50000", "capacity": "Chefs de projet: 2 2 2"}
    data.update(overrides)
    return client.post(reverse("portfolio:list"), data)


def test_create_optimise_and_read_the_plan(client, secretary, candidates,
                                           django_capture_on_commit_callbacks):
    client.force_login(secretary)
    response = create(client)
    scenario = Scenario.objects.get()
    assert response["Location"] == scenario.get_absolute_url()
    assert scenario.candidates.count() == 4  # one opportunity and three needs in analysis
    assert scenario.capacity == {"Chefs de projet": [2.0, 2.0, 2.0]}
    page = client.get(scenario.get_absolute_url())
    data = page_data(page, action="optimise")
    with django_capture_on_commit_callbacks(execute=True):
        response = client.post(scenario.get_absolute_url(), data)
    assert response.status_code == 302
    scenario.refresh_from_db()
    assert scenario.run_status == "done"
    assert scenario.instance["budget"] == [150000.0, 50000.0, 50000.0]
    result = client.get(scenario.get_absolute_url()).context["result"]
    assert result["selected"]
    used = [spent for _, spent, _ in result["budget_rows"]]
    assert all(spent <= budget + 1e-6 for (_, spent, budget) in result["budget_rows"])
    assert sum(used) > 0

    # What if the parking need is forced in?
    answer = client.post(reverse("portfolio:what_if", args=[scenario.pk]),
                         {"candidate": f"need-{candidates['parking'].pk}", "forced": "in"})
    assert answer.status_code == 200
    assert answer.context["answer"]["seconds"] < 5
    chosen = {item["id"] for item in answer.context["answer"]["result"]["selected"]}
    assert f"need-{candidates['parking'].pk}" in chosen

    with django_capture_on_commit_callbacks(execute=True):
        client.post(reverse("portfolio:frontier", args=[scenario.pk]))
    frontier = client.get(reverse("portfolio:frontier", args=[scenario.pk]))
    values = [point["value"] or 0 for point in frontier.context["points"]]
    assert len(values) == 20 and values == sorted(values)  # more budget never lowers the value

    compare = client.get(reverse("portfolio:compare"), {"a": scenario.pk, "b": scenario.pk})
    assert compare.context["comparison"]["only_a"] == []


def test_bad_scenario_inputs_are_named(client, secretary, candidates):
    client.force_login(secretary)
    response = create(client, budget="100 abc", capacity="Architectes 1 1 1")
    html = response.content.decode()
    assert "“abc” is not a number." in html
    assert "Line 1: write the pool&#x27;s name, a colon, then the figures." in html
    response = create(client, budget="100 200")
    assert "Give one amount for each of the 3 years." in response.content.decode()
    assert not Scenario.objects.exists()


def test_a_forced_item_needs_a_reason(client, secretary, candidates):
    client.force_login(secretary)
    create(client)
    candidate = Scenario.objects.get().candidates.first()
    url = reverse("portfolio:candidate", args=[candidate.scenario_id, candidate.pk])
    response = client.post(url, candidate_data(client, candidate, forced="out"))
    assert response.status_code == 200
    assert "Say why the item is forced in or out." in response.content.decode()
    response = client.post(url, candidate_data(client, candidate, forced="out",
                                               forced_reason="Reporté à 2029."))
    assert response["Location"].endswith(f"#candidate-{candidate.pk}")
    candidate.refresh_from_db()
    assert (candidate.forced, candidate.forced_reason) == ("out", "Reporté à 2029.")


def test_an_optimised_scenario_becomes_a_meeting_agenda(client, secretary, candidates,
                                                       django_capture_on_commit_callbacks):
    from datetime import date

    from synergie.decisions.actions import do_create_meeting, do_put_scenario_on_agenda
    from synergie.portfolio.actions import do_queue_optimisation

    client.force_login(secretary)
    create(client, budget="900000 900000 900000")
    scenario = Scenario.objects.get()
    with django_capture_on_commit_callbacks(execute=True):
        do_queue_optimisation(scenario, acting_user=secretary)
    scenario.refresh_from_db()
    chosen = {item["id"] for item in scenario.result["selected"]}
    assert len(chosen) == 4  # the budget is ample: everything fits
    meeting = do_create_meeting(title="Steerco", date=date(2027, 2, 1), acting_user=secretary)
    assert do_put_scenario_on_agenda(meeting, scenario, acting_user=secretary) == []
    on_agenda = {f"opportunity-{i.opportunity_id}" if i.opportunity_id else f"need-{i.need_id}"
                 for i in meeting.items.all()}
    assert on_agenda == chosen
    meeting.refresh_from_db()
    assert meeting.scenario == scenario


def test_axis_shares_links_and_pairwise_weights(client, secretary, candidates,
                                               django_capture_on_commit_callbacks):
    client.force_login(secretary)
    create(client, budget="900000 900000 900000")
    scenario = Scenario.objects.get()
    first, second = list(scenario.candidates.all())[:2]
    response = client.post(reverse("portfolio:link", args=[scenario.pk]),
                           {"kind": "depends", "first": first.pk, "second": second.pk,
                            "back": first.pk})
    assert response["Location"] == reverse("portfolio:candidate", args=[scenario.pk, first.pk])
    client.post(reverse("portfolio:link", args=[scenario.pk]),
                {"kind": "excludes", "first": first.pk, "second": second.pk})
    response = client.post(reverse("portfolio:link", args=[scenario.pk]),
                           {"kind": "excludes", "first": first.pk, "second": first.pk})
    assert list(first.depends_on.all()) == [second]
    assert list(first.excludes.all()) == [second]

    page = client.get(scenario.get_absolute_url())
    data = page_data(page, **{"a-improvement_max": "40", "a-regulatory_min": "50",
                              "a-regulatory_max": "20"})
    response = client.post(scenario.get_absolute_url(), data)
    assert "The minimum is above the maximum." in response.content.decode()
    data["a-regulatory_min"] = "0"
    client.post(reverse("portfolio:candidate", args=[scenario.pk, first.pk]),
                candidate_data(client, first, demand_text="Chefs de projet: 1 0,5"))
    data["action"] = "optimise"
    with django_capture_on_commit_callbacks(execute=True):
        client.post(scenario.get_absolute_url(), data)
    scenario.refresh_from_db()
    assert scenario.axis_bounds == {"improvement": {"min": 0.0, "max": 0.4},
                                    "regulatory": {"min": 0.0, "max": 0.2}}
    assert scenario.instance["dependencies"] == [{"candidate": first.key, "needs": second.key}]
    first.refresh_from_db()
    assert first.demand == {"Chefs de projet": [1.0, 0.5]}
    chosen = {item["id"] for item in scenario.result["selected"]}
    assert not {first.key, second.key} <= chosen  # they exclude each other

    pairs = {name: "1" for name in
             client.get(reverse("portfolio:pairwise", args=[scenario.pk])).context["form"].fields}
    pairs["strategic_value__regional_gain"] = "5"
    pairs["action"] = "use"
    client.post(reverse("portfolio:pairwise", args=[scenario.pk]), pairs)
    scenario.refresh_from_db()
    assert scenario.weights["strategic_value"] > scenario.weights["regional_gain"]
