"""Two people open the same edit form and both save: the first save stands, the second is shown
the form again with what they typed, a message naming the other person and the time, and the
other person's values next to theirs. Saving again then goes through, on purpose."""

from django.urls import reverse

from synergie.business_case.actions import do_open_business_case, do_update_business_case
from synergie.needs.models import Need
from synergie.opportunities.actions import do_create_opportunity
from synergie.opportunities.models import Opportunity
from synergie.portfolio.models import Scenario, ScenarioCandidate
from tests.factories import InstitutionFactory, NeedFactory, user_with_role
from tests.html_forms import PageForms


def loaded_form(client, url: str, field: str) -> dict:
    return PageForms(client.get(url).content.decode()).holding(field)["fields"]


def two_saves(first, second, url: str, field: str, first_value: str, second_value: str):
    """Both load the form, the first saves, then the second. Returns the second's answer."""
    first_data, second_data = loaded_form(first, url, field), loaded_form(second, url, field)
    first_data[field] = first_value
    assert first.post(url, first_data).status_code == 302
    second_data[field] = second_value
    return second, second_data, second.post(url, second_data)


def assert_conflict_shown(response, *, person: str, what: str, theirs: str, yours: str):
    assert response.status_code == 200
    html = response.content.decode()
    assert f"{person} changed this {what} at " in html, html[:2000]
    assert "your text is kept, check and save again" in html
    conflict = html[html.index('id="conflict-title"'):]
    conflict = conflict[:conflict.index("</section>")]
    assert theirs in conflict and yours in conflict
    return html


def test_a_need_edited_by_two_people(client, django_user_model, db):
    from django.test import Client

    home = InstitutionFactory(code="COM-A")
    alice = user_with_role("contributor", home, username="alice", first_name="Alice",
                           last_name="Martin")
    bob = user_with_role("contributor", home, username="bob")
    need = NeedFactory(institution=home, status="draft", created_by=alice, title="Paie")
    first, second = Client(), Client()
    first.force_login(alice)
    second.force_login(bob)
    url = reverse("needs:edit", args=[need.pk])
    _, typed, response = two_saves(first, second, url, "title", "Paie des agents",
                                   "Salaires du CPAS")
    html = assert_conflict_shown(response, person="Alice Martin", what="need",
                                 theirs="Paie des agents", yours="Salaires du CPAS")
    assert Need.objects.get(pk=need.pk).title == "Paie des agents"  # the first save stands
    assert 'value="Salaires du CPAS"' in html  # what the second typed is still in the form
    # Saving again, having seen the other version, goes through.
    again = PageForms(html).holding("title")["fields"]
    assert second.post(url, again).status_code == 302
    assert Need.objects.get(pk=need.pk).title == "Salaires du CPAS"


def opportunity_and_users():
    alice = user_with_role("analyst", username="alice", first_name="Alice", last_name="Martin")
    bob = user_with_role("analyst", username="bob")
    needs = [NeedFactory(institution=InstitutionFactory(code=code)) for code in ("A", "B")]
    return do_create_opportunity(title="Paie", needs=needs, acting_user=alice), alice, bob


def clients(alice, bob):
    from django.test import Client

    first, second = Client(), Client()
    first.force_login(alice)
    second.force_login(bob)
    return first, second


def test_an_opportunity_edited_by_two_people(db):
    opportunity, alice, bob = opportunity_and_users()
    first, second = clients(alice, bob)
    url = reverse("opportunities:edit", args=[opportunity.pk])
    _, _, response = two_saves(first, second, url, "notes", "Marché conjoint en 2027",
                               "Attendre la région")
    html = assert_conflict_shown(response, person="Alice Martin", what="opportunity",
                                 theirs="Marché conjoint en 2027", yours="Attendre la région")
    assert Opportunity.objects.get(pk=opportunity.pk).notes == "Marché conjoint en 2027"
    assert "Attendre la région</textarea>" in html
    assert second.post(url, PageForms(html).holding("notes")["fields"]).status_code == 302
    assert Opportunity.objects.get(pk=opportunity.pk).notes == "Attendre la région"


def test_a_business_case_edited_by_two_people(db):
    opportunity, alice, bob = opportunity_and_users()
    case = do_open_business_case(opportunity, acting_user=alice)
    do_update_business_case(case, acting_user=alice, horizon=2, split_key="equal",
                            shared_one_off=[1000, 0], shared_recurring=[100, 100],
                            orchestrator_overhead=[0, 0], change_support_per_member=[0, 0])
    first, second = clients(alice, bob)
    url = reverse("business_case:page", args=[opportunity.pk])
    _, _, response = two_saves(first, second, url, "technical_product_note",
                               "Plateforme fédérale", "Logiciel libre")
    html = assert_conflict_shown(response, person="Alice Martin", what="business case",
                                 theirs="Plateforme fédérale", yours="Logiciel libre")
    case.refresh_from_db()
    assert case.technical_product_note == "Plateforme fédérale"
    assert "Logiciel libre</textarea>" in html
    fields = PageForms(html).holding("technical_product_note")["fields"]
    assert second.post(url, fields).status_code == 302
    case.refresh_from_db()
    assert case.technical_product_note == "Logiciel libre"


def test_a_business_case_opened_by_two_people_at_once(db):
    """Neither has saved it yet: the first save creates it, the second is told."""
    opportunity, alice, bob = opportunity_and_users()
    first, second = clients(alice, bob)
    url = reverse("business_case:page", args=[opportunity.pk])
    _, _, response = two_saves(first, second, url, "discount_rate", "4", "2")
    assert_conflict_shown(response, person="Alice Martin", what="business case",
                          theirs="4", yours="2")
    assert str(opportunity.business_case.discount_rate) == "4.00"


def test_a_scenario_edited_by_two_people(db):
    alice = user_with_role("steering_committee", username="alice", first_name="Alice",
                           last_name="Martin")
    bob = user_with_role("steering_committee", username="bob")
    scenario = Scenario.objects.create(title="Plan", first_year=2027, years=2,
                                       budget=[1e6, 1e6], created_by=alice)
    candidate = ScenarioCandidate.objects.create(
        scenario=scenario, ratings={"urgency": 1}, need=NeedFactory(status="in_analysis"))
    first, second = clients(alice, bob)
    url = scenario.get_absolute_url()
    # Alice changes a candidate's rating, Bob a weight, on pages loaded before either saved.
    field = f"c{candidate.pk}-urgency"
    first_data, second_data = loaded_form(first, url, field), loaded_form(second, url, field)
    first_data[field] = "4"
    assert first.post(url, first_data).status_code == 302
    second_data["w-urgency"] = "55"
    response = second.post(url, second_data)
    html = assert_conflict_shown(response, person="Alice Martin", what="scenario", theirs="4",
                                 yours="1")
    candidate.refresh_from_db()
    assert candidate.ratings["urgency"] == 4  # Bob's page, sent as it was, did not undo it
    assert 'value="55"' in html
    # Bob's page now shows Alice's rating and keeps his weight: saving keeps both.
    fields = PageForms(html).holding("w-urgency")["fields"]
    assert fields[field] == "1"  # what Bob's form held, kept as sent
    fields[field] = "4"
    assert second.post(url, fields).status_code == 302
    scenario.refresh_from_db()
    assert scenario.weights["urgency"] == 55
