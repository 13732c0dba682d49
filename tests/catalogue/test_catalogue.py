"""The catalogue as its users meet it: the public reads it, institutions ask to join, the
orchestrator answers, edits the solution and records adoption; each step is audited."""

from datetime import date, timedelta
from decimal import Decimal

import pytest
from django.core.exceptions import PermissionDenied, ValidationError
from django.urls import reverse
from django.utils import translation

from synergie.audit.log import history_of
from synergie.catalogue import actions
from synergie.catalogue.models import (
    Adoption,
    AdoptionStage,
    ComplianceDocument,
    JoinRequest,
    LabelStatus,
    ServiceTarget,
    Solution,
    Supplier,
)
from tests.factories import InstitutionFactory, user_with_role


@pytest.fixture
def solution(db):
    solution = Solution.objects.create(
        name_fr="Service desk régional", name_nl="Gewestelijke servicedesk",
        name_en="Regional service desk", summary_fr="Gestion des incidents",
        summary_nl="Incidentbeheer", price_per_institution=Decimal("12000"))
    ComplianceDocument.objects.create(solution=solution, kind="dpia", title="AIPD 2026",
                                      url="https://example.org/dpia.pdf",
                                      issued_on=date(2026, 3, 1))
    return solution


@pytest.fixture
def analyst(db):
    return user_with_role("analyst", username="analyst")


def test_the_public_reads_the_catalogue_without_the_compliance_documents(client, solution):
    listing = client.get(reverse("catalogue:list"))
    assert listing.status_code == 200
    assert "Regional service desk" in listing.content.decode()
    page = client.get(solution.get_absolute_url()).content.decode()
    assert "Gestion des incidents" in page
    assert "AIPD 2026" not in page
    assert "Ask to join" not in page


@pytest.mark.parametrize("role,sees", [("contributor", True), ("analyst", True),
                                       ("data_office", False), ("pmo", False)])
def test_compliance_documents_are_for_institutions_and_the_orchestrator(client, solution, role,
                                                                       sees):
    institution = InstitutionFactory() if role == "contributor" else None
    client.force_login(user_with_role(role, institution))
    assert ("AIPD 2026" in client.get(solution.get_absolute_url()).content.decode()) == sees


def test_the_page_speaks_dutch(client, solution):
    with translation.override("nl"):
        page = client.get(solution.get_absolute_url()).content.decode()
    assert "Gewestelijke servicedesk" in page
    assert "Incidentbeheer" in page


def test_an_institution_asks_to_join_and_the_orchestrator_accepts(client, solution, analyst):
    institution = InstitutionFactory(code="COM-IX")
    contributor = user_with_role("contributor", institution, username="ixelles")
    client.force_login(contributor)
    response = client.post(reverse("catalogue:join", args=[solution.pk]),
                           {"institution": institution.pk, "message": "Dès janvier."})
    assert response.status_code == 302
    request = JoinRequest.objects.get()
    assert (request.institution, request.status) == (institution, "pending")
    # Asking twice is refused with a message, not a second request.
    again = client.post(reverse("catalogue:join", args=[solution.pk]),
                        {"institution": institution.pk}, follow=True)
    assert "has asked to join it" in again.content.decode()
    assert JoinRequest.objects.count() == 1

    client.force_login(analyst)
    assert "Dès janvier." in client.get(reverse("catalogue:requests")).content.decode()
    response = client.post(reverse("catalogue:handle_request", args=[request.pk]),
                           {"decision": "accept", "answer": "Bienvenue"})
    assert response.status_code == 302
    adoption = Adoption.objects.get()
    assert adoption.stage == AdoptionStage.ONBOARDING
    assert [step.stage for step in adoption.steps.all()] == ["onboarding"]
    assert history_of(adoption).exists() and history_of(JoinRequest.objects.get()).exists()

    client.force_login(contributor)
    listing = client.get(reverse("catalogue:list")).content.decode()
    assert "Onboarding" in listing  # the institution sees where it stands


def test_declining_needs_an_answer(client, solution, analyst):
    institution = InstitutionFactory()
    request = JoinRequest.objects.create(solution=solution, institution=institution,
                                         requested_by=user_with_role("contributor", institution))
    client.force_login(analyst)
    response = client.post(reverse("catalogue:handle_request", args=[request.pk]),
                           {"decision": "decline", "answer": ""})
    assert response.status_code == 200
    assert "why its request is declined" in response.content.decode()
    request.refresh_from_db()
    assert request.status == "pending"


def test_a_contributor_asks_only_for_their_own_institution(solution):
    mine, other = InstitutionFactory(), InstitutionFactory()
    contributor = user_with_role("contributor", mine)
    with pytest.raises(PermissionDenied):
        actions.do_request_joining(solution, other, acting_user=contributor)


def test_leaving_is_dated_and_needs_a_reason(solution, analyst):
    institution = InstitutionFactory()
    today = date.today()
    actions.do_change_adoption(solution, institution, stage="live",
                               on=today - timedelta(days=300), acting_user=analyst)
    with pytest.raises(ValidationError) as error:
        actions.do_change_adoption(solution, institution, stage="leaving", on=today,
                                   acting_user=analyst)
    assert "reason" in error.value.message_dict
    with pytest.raises(ValidationError):
        actions.do_change_adoption(solution, institution, stage="leaving",
                                   on=today - timedelta(days=400), reason="Budget",
                                   acting_user=analyst)
    adoption = actions.do_change_adoption(solution, institution, stage="leaving", on=today,
                                          reason="Own product chosen", acting_user=analyst)
    assert [(step.stage, step.reason) for step in adoption.steps.all()] == [
        ("live", ""), ("leaving", "Own product chosen")]


def test_a_label_needs_the_four_criteria(client, solution, analyst):
    client.force_login(analyst)
    data = {"name_fr": solution.name_fr, "label_status": LabelStatus.LABELLED,
            "support_hours": "business", "price_model": "flat",
            "meets_business_need": "on", "has_fitting_product": "on"}
    response = client.post(reverse("catalogue:edit", args=[solution.pk]), data)
    assert response.status_code == 200
    assert "four criteria" in response.content.decode()
    data.update(has_public_contract="on", has_regional_gain="on")
    assert client.post(reverse("catalogue:edit", args=[solution.pk]), data).status_code == 302
    solution.refresh_from_db()
    assert solution.is_regional_label
    entry = history_of(solution).filter(action="updated").first()
    assert entry.changes["label_status"] == {"before": "candidate", "after": "labelled"}


def test_unknown_cpv_codes_are_named(client, solution, analyst):
    client.force_login(analyst)
    response = client.post(reverse("catalogue:edit", args=[solution.pk]), {
        "name_fr": "X", "label_status": "candidate", "support_hours": "business",
        "price_model": "flat", "cpv": "72000000 99999999"})
    assert "99999999" in response.content.decode()
    solution.refresh_from_db()
    assert solution.name_fr == "Service desk régional"


def test_service_targets_are_set_per_priority(client, solution, analyst):
    client.force_login(analyst)
    response = client.post(reverse("catalogue:targets", args=[solution.pk]), {
        "response_hours_1": "1", "resolution_hours_1": "4", "compliance_goal_1": "95",
        "response_hours_2": "4", "resolution_hours_2": "2"})
    assert response.status_code == 200  # the resolution before the response is refused
    assert "before the first response" in response.content.decode()
    response = client.post(reverse("catalogue:targets", args=[solution.pk]), {
        "response_hours_1": "1", "resolution_hours_1": "4", "compliance_goal_1": "90",
        "response_hours_4": "8", "resolution_hours_4": "40"})
    assert response.status_code == 302
    assert list(ServiceTarget.objects.values_list("priority", "resolution_hours",
                                                  "compliance_goal")) == [
        ("1", Decimal("4"), Decimal("90")), ("4", Decimal("40"), Decimal("95"))]
    page = client.get(solution.get_absolute_url()).content.decode()
    assert "in business hours" in page


def test_a_contract_is_added_and_removed_with_its_audit(client, solution, analyst):
    supplier = Supplier.objects.create(name="ServiceNow Belgium")
    client.force_login(analyst)
    response = client.post(reverse("catalogue:add_item", args=[solution.pk, "contract"]), {
        "supplier": supplier.pk, "framework_reference": "CIRB-2025-017",
        "start_date": "2025-01-01", "end_date": "2024-01-01", "ceiling": "500000",
        "consumed": "0"})
    assert response.status_code == 200  # ends before it starts
    response = client.post(reverse("catalogue:add_item", args=[solution.pk, "contract"]), {
        "supplier": supplier.pk, "framework_reference": "CIRB-2025-017",
        "start_date": "2025-01-01", "end_date": "2028-12-31", "ceiling": "500000",
        "consumed": "125000"})
    assert response.status_code == 302
    contract = solution.contracts.get()
    page = client.get(solution.get_absolute_url()).content.decode()
    assert "CIRB-2025-017" in page and "25 %" in page
    client.post(reverse("catalogue:remove_item", args=[solution.pk, "contract", contract.pk]))
    assert not solution.contracts.exists()
    changes = [entry.changes for entry in history_of(solution)]
    assert any(f"contract {contract.pk}" in change for change in changes)


def test_the_filters_find_a_solution_by_a_word_of_its_dutch_summary(client, solution):
    Solution.objects.create(name_fr="Paie")
    page = client.get(reverse("catalogue:list"), {"q": "incidentbeheer"}).content.decode()
    assert "Regional service desk" in page and "Paie" not in page
