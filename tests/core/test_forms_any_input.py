"""Property-based: whatever a person (or a forged request) puts in any field of any form of the
site, the answer is the page with field errors or a stored object that passes its own
validation; never an error page, never an invalid row."""

import pytest
from django.db import transaction
from django.urls import reverse
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from synergie.business_case.models import BusinessCase
from synergie.decisions.models import Meeting
from synergie.innovation.models import Experiment
from synergie.needs.models import Need
from synergie.opportunities.actions import do_create_opportunity
from synergie.opportunities.models import Opportunity
from synergie.portfolio.models import Scenario
from tests.factories import NeedFactory, user_with_role
from tests.needs.test_form import form_data

# What people have been seen to type, and what a forged request may hold.
TRICKY = ["", " ", "nan", "inf", "-inf", "1e400", "1e308", "-1", "0", "1", "99", "99999",
          "2027", "abc", "²", "1,5", "0001-01-01", "9999-12-31", "2027-02-30", "2027-06-01",
          "\x0b", "a\x00b", "\u202eevil", "<script>alert(1)</script>", "x" * 25_000,
          "9" * 40, "Chefs de projet: 1 2", ": 1", "a:b:c", "Chefs: nan; Chefs: 1"]
VALUE = st.one_of(st.sampled_from(TRICKY), st.text(max_size=30))
PROPERTY = settings(max_examples=25, deadline=None, derandomize=True,
                    suppress_health_check=[HealthCheck.function_scoped_fixture,
                                           HealthCheck.too_slow])


def check(client, url, base: dict, changes: dict, model):
    """Post `base` with `changes`; a stored object must be valid, the answer never an error."""
    before = set(model.objects.values_list("pk", flat=True))
    with transaction.atomic():
        response = client.post(url, {**base, **changes})
        assert response.status_code in (200, 302), (changes, response.status_code)
        for obj in model.objects.exclude(pk__in=before):
            obj.full_clean()
        if response.status_code == 200 and "form" in (response.context or {}):
            form = response.context["form"]
            assert form.errors or not form.is_bound or form.is_valid()
        transaction.set_rollback(True)  # each example starts from the same database


def changes_of(fields):
    return st.dictionaries(st.sampled_from(fields), VALUE, max_size=4)


NEED_FIELDS = ["title", "description", "language", "domain", "cpv_code", "desired_start",
               "deadline", "data_dependencies", "confidentiality", "institution",
               "costs-TOTAL_FORMS", "costs-0-year", "costs-0-one_off", "costs-1-recurring",
               "costs-1-year", "action"]


@PROPERTY
@given(changes=changes_of(NEED_FIELDS))
def test_the_need_form(client, contributor, institution, changes):
    client.force_login(contributor)
    check(client, reverse("needs:create"), form_data(institution), changes, Need)


SCENARIO = {"title": "Plan 2027", "first_year": "2027", "years": "3",
            "budget": "150000 50000 50000", "capacity": "Chefs de projet: 2 2 2"}


@pytest.fixture
def secretary(db):
    return user_with_role("steering_committee", username="secretary")


@PROPERTY
@given(changes=changes_of(list(SCENARIO)))
def test_the_scenario_form(client, secretary, changes):
    client.force_login(secretary)
    check(client, reverse("portfolio:list"), SCENARIO, changes, Scenario)


@PROPERTY
@given(changes=changes_of(["title", "date"]))
def test_the_meeting_form(client, secretary, changes):
    client.force_login(secretary)
    check(client, reverse("decisions:meetings"), {"title": "Steerco", "date": "2027-03-01"},
          changes, Meeting)


@pytest.fixture
def opportunity(analyst):
    needs = [NeedFactory(status="in_analysis") for _ in range(2)]
    return do_create_opportunity(title="Paie", needs=needs, acting_user=analyst)


@PROPERTY
@given(changes=changes_of(["title", "notes", "lead_analyst", "needs"]))
def test_the_opportunity_form(client, analyst, changes):
    client.force_login(analyst)
    need = NeedFactory(status="in_analysis")
    check(client, reverse("opportunities:create"),
          {"title": "Paie", "notes": "", "lead_analyst": analyst.pk, "needs": [need.pk]},
          changes, Opportunity)


@PROPERTY
@given(changes=changes_of(["title", "hypothesis", "success_criteria", "budget",
                           "rollout_cost_at_stake", "start_date", "end_date", "opportunity"]))
def test_the_experiment_form(client, analyst, opportunity, changes):
    client.force_login(analyst)
    base = {"opportunity": opportunity.pk, "need": "", "title": "Essai",
            "hypothesis": "Les citoyens l'utilisent.", "success_criteria": "Un tiers en ligne.",
            "budget": "10000", "rollout_cost_at_stake": "100000",
            "start_date": "2027-01-01", "end_date": "2027-06-30"}
    check(client, reverse("innovation:create"), base, changes, Experiment)


@PROPERTY
@given(changes=changes_of(["first_year", "horizon", "discount_rate", "split_key",
                           "onboarding_per_member", "technical_product_note",
                           "shared_one_off_0", "shared_recurring_1",
                           "change_support_per_member_0"]))
def test_the_business_case_form(client, analyst, opportunity, changes):
    client.force_login(analyst)
    url = reverse("business_case:page", args=[opportunity.pk])
    page = client.get(url)
    base = {}
    forms = [page.context["form"], *[f for _, f in page.context.get("member_forms", [])]]
    for form in forms:
        for name, field in form.fields.items():
            value = form[name].value()
            if value is None or value is False:
                continue
            base[form.add_prefix(name)] = value
    member_fields = [key for key in base if key.startswith("m")]
    if member_fields:
        changes = {**changes, member_fields[0]: changes.get("first_year", "99")}
    check(client, url, base, changes, BusinessCase)


@PROPERTY
@given(changes=changes_of(["outcome", "motivation", "conditions", "language"]))
def test_the_decision_form(client, secretary, changes):
    from datetime import date

    from synergie.decisions.actions import do_add_agenda_item, do_create_meeting
    from synergie.decisions.models import Decision

    client.force_login(secretary)
    with transaction.atomic():
        meeting = do_create_meeting(title="Steerco", date=date(2027, 3, 1),
                                    acting_user=secretary)
        item = do_add_agenda_item(meeting, need=NeedFactory(status="in_analysis"),
                                  acting_user=secretary)
        prefix = f"item{item.pk}-"
        base = {"outcome": "approve", "motivation": "Gain régional.", "conditions": "",
                "language": "fr"}
        check(client, reverse("decisions:decide", args=[item.pk]),
              {prefix + key: value for key, value in base.items()},
              {prefix + key: value for key, value in changes.items()}, Decision)
        transaction.set_rollback(True)


@PROPERTY
@given(changes=changes_of(["axis", "mandatory", "forced", "forced_reason", "demand_text"]))
def test_the_candidate_form(client, secretary, changes):
    from synergie.portfolio.actions import do_create_scenario
    from synergie.portfolio.models import ScenarioCandidate

    client.force_login(secretary)
    with transaction.atomic():
        NeedFactory(status="in_analysis")
        scenario = do_create_scenario(title="Plan", first_year=2027, years=2, budget=[1, 1],
                                      capacity={"Chefs de projet": [2, 2]},
                                      acting_user=secretary)
        candidate = scenario.candidates.get()
        url = reverse("portfolio:candidate", args=[scenario.pk, candidate.pk])
        response = client.post(url, {"axis": "continuity", "forced": "", "forced_reason": "",
                                     "demand_text": "Chefs de projet: 1", **changes})
        assert response.status_code in (200, 302), (changes, response.status_code)
        for stored in ScenarioCandidate.objects.all():
            stored.full_clean()
        transaction.set_rollback(True)
