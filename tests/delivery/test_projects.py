"""An approved decision becomes a project the PMO runs; every write is audited."""

from datetime import date
from decimal import Decimal

import pytest
from django.core.exceptions import PermissionDenied, ValidationError
from django.urls import reverse

from synergie.audit.log import history_of
from synergie.delivery import actions
from synergie.delivery.models import Project
from synergie.needs.models import Need
from tests.delivery.conftest import decide
from tests.factories import NeedFactory, user_with_role


def test_starting_a_project_moves_its_needs_to_delivery_and_is_audited(approved_decision, pmo):
    project = actions.do_start_project(approved_decision, acting_user=pmo)
    need = Need.objects.get(pk=approved_decision.item.need_id)
    assert need.status == "in_delivery"
    assert list(project.institutions.all()) == [need.institution]
    assert project.title == "Paie des agents"
    assert history_of(project).get().actor == pmo
    # The need's own history tells it moved, by whom.
    assert history_of(need).filter(changes__status__after="in_delivery", actor=pmo).exists()


def test_only_an_approved_decision_without_project_becomes_one(chair, pmo, institution_a):
    rejected = decide(NeedFactory(institution=institution_a, status="in_analysis"),
                      chair=chair, outcome="reject")
    with pytest.raises(ValidationError):
        actions.do_start_project(rejected, acting_user=pmo)
    approved = decide(NeedFactory(institution=institution_a, status="in_analysis"), chair=chair)
    actions.do_start_project(approved, acting_user=pmo)
    with pytest.raises(ValidationError):
        actions.do_start_project(approved, acting_user=pmo)
    assert Project.objects.count() == 1


def test_only_the_pmo_starts_a_project(approved_decision, chair):
    with pytest.raises(PermissionDenied):
        actions.do_start_project(approved_decision, acting_user=chair)
    assert not Project.objects.exists()


def test_the_pmo_starts_a_project_with_one_click_from_the_waiting_list(client, approved_decision,
                                                                      pmo):
    client.force_login(pmo)
    page = client.get(reverse("delivery:list")).content.decode()
    assert "Paie des agents" in page and reverse("delivery:start",
                                                 args=[approved_decision.pk]) in page
    response = client.post(reverse("delivery:start", args=[approved_decision.pk]))
    project = Project.objects.get()
    assert response.url == project.get_absolute_url()
    page = client.get(reverse("delivery:list")).content.decode()
    assert reverse("delivery:start", args=[approved_decision.pk]) not in page


def test_milestones_status_risks_budget_are_kept_and_audited(approved_decision, pmo):
    project = actions.do_start_project(approved_decision, acting_user=pmo)
    milestone = actions.do_add_milestone(project, title="Marché attribué",
                                         planned_date=date(2027, 3, 1), acting_user=pmo)
    actions.do_update_milestone(milestone, actual_date=date(2027, 3, 11), acting_user=pmo)
    actions.do_add_milestone(project, title="Mise en production",
                             planned_date=date(2027, 9, 1), acting_user=pmo)
    actions.do_report_status(project, rag="amber", comment="Retard du fournisseur.",
                             acting_user=pmo)
    actions.do_add_risk(project, kind="issue", title="Fournisseur en retard", severity=3,
                        owner=pmo, acting_user=pmo)
    actions.do_set_budget_year(project, year=2027, planned=Decimal("100000"),
                               spent=Decimal("25000"), acting_user=pmo)
    project.refresh_from_db()
    assert project.rag == "amber"
    assert project.reports.get().comment == "Retard du fournisseur."
    assert project.milestones.get(title="Marché attribué").days_late == 10
    assert project.next_milestone().title == "Mise en production"
    keys = [key for entry in history_of(project) for key in entry.changes]
    assert "milestone:Marché attribué:actual_date" in keys
    assert "rag" in keys and "budget:" + str(project.budget.get()) + ":spent" in keys


def test_a_status_report_needs_a_comment(approved_decision, pmo):
    project = actions.do_start_project(approved_decision, acting_user=pmo)
    with pytest.raises(ValidationError):
        actions.do_report_status(project, rag="red", comment=" ", acting_user=pmo)
    project.refresh_from_db()
    assert project.rag == "green" and not project.reports.exists()


def test_the_project_page_shows_a_form_error_next_to_the_field(client, approved_decision, pmo):
    project = actions.do_start_project(approved_decision, acting_user=pmo)
    client.force_login(pmo)
    response = client.post(reverse("delivery:add_part", args=[project.pk, "milestone"]),
                           {"milestone-title": "Go-live", "milestone-planned_date": "demain"})
    assert response.status_code == 400
    assert 'aria-invalid="true"' in response.content.decode()
    assert not project.milestones.exists()


def test_the_readers_see_the_project_but_no_form(client, approved_decision, pmo):
    project = actions.do_start_project(approved_decision, acting_user=pmo)
    reader = user_with_role("data_office", username="reader")
    client.force_login(reader)
    page = client.get(project.get_absolute_url()).content.decode()
    assert "Paie des agents" in page
    assert reverse("delivery:budget", args=[project.pk]) not in page
