"""Every field an update action may change leaves an audit entry with its value before and after,
when changed the way a person changes it: through the page's form where there is one.

The fields come from the actions' own lists (`EDITABLE_FIELDS`, `AUDITED_FIELDS`, ...), so a
field added to an action is tested without anyone adding it here. A form that writes the
submitted values on the object the action then snapshots loses the change: "before" equals
"after" and nothing is recorded.
"""

import re
from datetime import date
from decimal import Decimal

import pytest
from django.apps import apps
from django.db import models
from django.urls import reverse

from synergie.accounts import actions as account_actions
from synergie.accounts.models import Membership, Role
from synergie.audit.log import snapshot
from synergie.audit.models import AuditAction, AuditEntry
from synergie.business_case import actions as business_case_actions
from synergie.institutions import actions as institution_actions
from synergie.needs import actions as need_actions
from synergie.opportunities import actions as opportunity_actions
from synergie.opportunities.actions import do_create_opportunity
from synergie.portfolio import actions as portfolio_actions
from synergie.portfolio.engine.criteria import CRITERIA
from synergie.portfolio.models import Scenario, ScenarioCandidate
from tests.factories import InstitutionFactory, NeedFactory, UserFactory, user_with_role
from tests.html_forms import PageForms


def another(model_field: models.Field, current: str, options: list[str] | None):
    """A value a person could type or choose instead of `current` (None: untick the box)."""
    if options:
        return next(value for value in options if value and value != current)
    if isinstance(model_field, models.BooleanField):
        return None if current == "on" else "on"
    if isinstance(model_field, models.ForeignKey):
        other = model_field.related_model.objects.exclude(pk=current or None).order_by("pk")[0]
        return str(other.pk)
    if isinstance(model_field, models.DateField):
        return "2028-03-01" if current != "2028-03-01" else "2028-04-01"
    if isinstance(model_field, models.IntegerField | models.DecimalField):
        return str(int(Decimal(current or "0")) + 1)
    return f"{current} (revu)".strip()


def save_one_change(client, url: str, field_name: str, model_field, data_name=None,
                    also=None) -> None:
    """Open the page, change one field of its form as typed, send the form back."""
    name = data_name or field_name
    form = PageForms(client.get(url).content.decode()).holding(name)
    data = form["fields"]
    value = another(model_field, data.get(name, ""), form["options"].get(name))
    if value is None:
        data.pop(name, None)
    else:
        data[name] = value
    if also:  # what a person changes with it for the form to be valid
        also(data, value)
    response = client.post(url, data)
    errors = re.findall(r'class="error"[^>]*>(.*?)</', response.content.decode(), re.S)
    assert response.status_code == 302, (field_name, value, errors)


def assert_audited(obj, key: str, before, after, *, on=None) -> None:
    """The newest "changed" entry of `on` (default the object) records `key` from `before` to
    `after`, and they differ."""
    assert before != after, f"{key}: the test did not change it"
    entry = AuditEntry.objects.filter(
        object_id=str((on or obj).pk), action=AuditAction.UPDATED,
        content_type__model=(on or obj)._meta.model_name).order_by("-pk").first()
    assert entry is not None and key in entry.changes, (
        f"{key} changed from {before!r} to {after!r} with no audit entry saying so")
    assert entry.changes[key] == {"before": before, "after": after}


# --- needs -------------------------------------------------------------------------------------

@pytest.mark.parametrize("field", [*need_actions.EDITABLE_FIELDS, "costs"])
def test_a_need_edited_on_its_page(client, db, field):
    home, second = InstitutionFactory(code="COM-A1"), InstitutionFactory(code="COM-A2")
    author = user_with_role("contributor", home, username="author")
    Membership.objects.create(user=author, role=Role.objects.get(code="contributor"),
                              institution=second)
    need = NeedFactory(institution=home, status="draft", created_by=author,
                       deadline=date(2029, 6, 30))
    client.force_login(author)
    url = reverse("needs:edit", args=[need.pk])
    fields = [*need_actions.AUDITED_FIELDS]
    before = snapshot(need, fields)
    if field == "costs":
        costs_before = need_actions._costs_audit_value(need_actions._current_cost_lines(need))
        save_one_change(client, url, field, models.IntegerField(), "costs-0-one_off")
        need.refresh_from_db()
        assert_audited(need, "costs", costs_before,
                       need_actions._costs_audit_value(need_actions._current_cost_lines(need)))
        return
    save_one_change(client, url, field, need._meta.get_field(field))
    need.refresh_from_db()
    assert_audited(need, field, before[field], snapshot(need, fields)[field])


# --- opportunities -----------------------------------------------------------------------------

@pytest.fixture
def opportunity(db):
    analyst = user_with_role("analyst", username="lead")
    user_with_role("analyst", username="second-analyst")
    needs = [NeedFactory(institution=InstitutionFactory(code=code)) for code in ("A", "B")]
    return do_create_opportunity(title="Paie commune", needs=needs, acting_user=analyst)


@pytest.mark.parametrize("field", opportunity_actions.AUDITED_FIELDS)
def test_an_opportunity_edited_on_its_page(client, opportunity, field):
    client.force_login(opportunity.lead_analyst)
    before = snapshot(opportunity, opportunity_actions.AUDITED_FIELDS)
    save_one_change(client, reverse("opportunities:edit", args=[opportunity.pk]), field,
                    opportunity._meta.get_field(field))
    opportunity.refresh_from_db()
    assert_audited(opportunity, field, before[field],
                   snapshot(opportunity, opportunity_actions.AUDITED_FIELDS)[field])


# --- business cases ----------------------------------------------------------------------------

YEARLY = {"shared_one_off", "shared_recurring", "orchestrator_overhead",
          "change_support_per_member"}


@pytest.mark.parametrize("field", [*business_case_actions.AUDITED_FIELDS,
                                   *business_case_actions.MEMBER_FIELDS])
def test_a_business_case_edited_on_its_page(client, opportunity, field):
    analyst = opportunity.lead_analyst
    case = business_case_actions.do_open_business_case(opportunity, acting_user=analyst)
    business_case_actions.do_update_business_case(
        case, acting_user=analyst, horizon=3, split_key="equal", shared_one_off=[1000, 0, 0],
        shared_recurring=[100, 100, 100], orchestrator_overhead=[0, 0, 0],
        change_support_per_member=[0, 0, 0])
    case.refresh_from_db()
    client.force_login(analyst)
    url = reverse("business_case:page", args=[opportunity.pk])
    member = case.members.select_related("institution").order_by("institution__code")[0]
    if field in business_case_actions.MEMBER_FIELDS:
        before = snapshot(member, business_case_actions.MEMBER_FIELDS)[field]
        data_name = f"m{member.institution_id}-{field}"
        model_field = member._meta.get_field(field)
        if field == "joins_in_year":  # typed as a calendar year of the horizon
            model_field = models.PositiveIntegerField()
        save_one_change(client, url, field, model_field, data_name)
        member.refresh_from_db()
        assert_audited(case, f"business_case.{member.institution.code}.{field}", before,
                       snapshot(member, business_case_actions.MEMBER_FIELDS)[field],
                       on=opportunity)
        return
    before = snapshot(case, business_case_actions.AUDITED_FIELDS)[field]
    model_field = case._meta.get_field(field)
    data_name, also = None, None
    if field in YEARLY:
        data_name, model_field = f"{field}_0", models.IntegerField()
    if field == "first_year":  # the members' joining years move with the horizon
        def also(data, year):
            data.update({key: year for key in data if key.endswith("-joins_in_year")})
    save_one_change(client, url, field, model_field, data_name, also)
    case.refresh_from_db()
    assert_audited(case, f"business_case.{field}", before,
                   snapshot(case, business_case_actions.AUDITED_FIELDS)[field], on=opportunity)


# --- portfolio ---------------------------------------------------------------------------------

@pytest.fixture
def scenario(db):
    chair = user_with_role("steering_committee", username="secretary")
    scenario = Scenario.objects.create(title="Plan", first_year=2027, years=3,
                                       budget=[1e6, 1e6, 1e6], capacity={"PM": [2, 2, 2]},
                                       created_by=chair)
    for title in ("Un", "Deux"):
        ScenarioCandidate.objects.create(scenario=scenario, ratings={"urgency": 3},
                                         need=NeedFactory(title=title, status="in_analysis"))
    return scenario


# What a scenario's page does not edit is changed through the action, as the admin and the
# commands do.
SCENARIO_VALUES = {"title": "Plan revu", "notes": "Revu", "first_year": 2028, "years": 4,
                   "budget": [2e6, 2e6, 2e6, 2e6], "beyond_horizon_budget": 5e5,
                   "capacity": {"PM": [3, 3, 3, 3]}}


@pytest.mark.parametrize("field", portfolio_actions.AUDITED_FIELDS)
def test_a_scenario_edited(client, scenario, field):
    before = snapshot(scenario, portfolio_actions.AUDITED_FIELDS)[field]
    if field in SCENARIO_VALUES:
        portfolio_actions.do_update_scenario(scenario, acting_user=scenario.created_by,
                                             **{field: SCENARIO_VALUES[field]})
    else:
        client.force_login(scenario.created_by)
        data_name = {"weights": "w-urgency", "axis_bounds": "a-regulatory_min"}[field]
        save_one_change(client, scenario.get_absolute_url(), field, models.IntegerField(),
                        data_name)
    scenario.refresh_from_db()
    assert_audited(scenario, field, before,
                   snapshot(scenario, portfolio_actions.AUDITED_FIELDS)[field])


@pytest.mark.parametrize("field", portfolio_actions.CANDIDATE_FIELDS)
def test_a_candidate_edited_on_its_pages(client, scenario, field):
    candidate = scenario.candidates.order_by("pk")[0]
    before = snapshot(candidate, portfolio_actions.CANDIDATE_FIELDS)[field]
    client.force_login(scenario.created_by)
    if field == "ratings":
        save_one_change(client, scenario.get_absolute_url(), field, models.IntegerField(),
                        f"c{candidate.pk}-{CRITERIA[0]}")
    else:
        url = reverse("portfolio:candidate", args=[scenario.pk, candidate.pk])
        form = PageForms(client.get(url).content.decode()).holding("axis")
        data = form["fields"]
        changes = {"demand": {"demand_text": "PM: 1 0.5"},
                   "forced_reason": {"forced_reason": "Décision du gouvernement",
                                     "forced": "in"}}.get(field)
        if changes is None:
            save_one_change(client, url, field, candidate._meta.get_field(field), also=(
                (lambda data, value: data.update(forced_reason="Obligation légale"))
                if field == "forced" else None))
        else:
            if field == "forced_reason":  # a reason is asked only with a forcing
                portfolio_actions.do_update_candidate(candidate, acting_user=scenario.created_by,
                                                      forced="in", forced_reason="Avant")
                before = "Avant"
                data = PageForms(client.get(url).content.decode()).holding("axis")["fields"]
            data.update(changes)
            assert client.post(url, data).status_code == 302
    candidate.refresh_from_db()
    assert_audited(candidate, field, before,
                   snapshot(candidate, portfolio_actions.CANDIDATE_FIELDS)[field])


# --- institutions and accounts (their pages are the admin's) ----------------------------------

def changed_value(model_field: models.Field, current):
    if model_field.choices:
        return next(value for value, _label in model_field.choices if value != current)
    if isinstance(model_field, models.BooleanField):
        return not current
    if isinstance(model_field, models.IntegerField):
        return (current or 0) + 1
    if isinstance(model_field, models.EmailField):
        return "nouvelle@example.org"
    return f"{current}-2"[: model_field.max_length or 100]


@pytest.mark.parametrize("field", institution_actions.AUDITED_FIELDS)
def test_an_institution_changed(db, field):
    admin = UserFactory(is_superuser=True, is_staff=True)
    institution = InstitutionFactory(code="COM-X", enterprise_number="0207.373.429")
    before = snapshot(institution, institution_actions.AUDITED_FIELDS)[field]
    model_field = institution._meta.get_field(field)
    value = changed_value(model_field, getattr(institution, field))
    if field == "enterprise_number":
        value = "0212.155.466"
    institution_actions.do_update_institution(institution, acting_user=admin, **{field: value})
    institution.refresh_from_db()
    assert_audited(institution, field, before,
                   snapshot(institution, institution_actions.AUDITED_FIELDS)[field])


@pytest.mark.parametrize("field", account_actions.USER_AUDITED_FIELDS)
def test_a_user_changed(db, field):
    admin = UserFactory(username="root", is_superuser=True, is_staff=True)
    user = UserFactory(username="someone", email="a@example.org")
    model = apps.get_model("accounts", "User")
    before = snapshot(user, account_actions.USER_AUDITED_FIELDS)[field]
    value = changed_value(model._meta.get_field(field), getattr(user, field))
    account_actions.do_update_user(user, acting_user=admin, **{field: value})
    user.refresh_from_db()
    assert_audited(user, field, before,
                   snapshot(user, account_actions.USER_AUDITED_FIELDS)[field])
