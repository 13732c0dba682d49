"""Capacity against demand, the roadmap, and the public progress page."""

from datetime import date
from decimal import Decimal

from django.urls import reverse

from synergie.delivery import actions
from synergie.delivery.capacity import capacity_against_demand
from tests.delivery.conftest import decide
from tests.factories import NeedFactory


def _two_projects(chair, pmo, institution_a, institution_b):
    first = actions.do_start_project(decide(NeedFactory(
        institution=institution_a, title="Paie", status="in_analysis"), chair=chair),
        acting_user=pmo)
    second = actions.do_start_project(decide(NeedFactory(
        institution=institution_b, title="Archives", status="in_analysis"), chair=chair),
        acting_user=pmo)
    return first, second


def test_over_allocation_is_flagged_in_words(client, chair, pmo, institution_a, institution_b):
    first, second = _two_projects(chair, pmo, institution_a, institution_b)
    actions.do_set_capacity(pool="Architectes", first_month=date(2027, 1, 1),
                            last_month=date(2027, 3, 1), fte=Decimal("2"), acting_user=pmo)
    for project in (first, second):
        actions.do_allocate(project, pool="Architectes", first_month=date(2027, 2, 1),
                            last_month=date(2027, 2, 1), fte=Decimal("1.5"), acting_user=pmo)
    cells = {cell.month: cell for cell in capacity_against_demand()}
    assert cells[date(2027, 2, 1)].demand == Decimal("3")
    assert cells[date(2027, 2, 1)].over_allocated
    assert not cells[date(2027, 1, 1)].over_allocated
    client.force_login(pmo)
    page = client.get(reverse("delivery:capacity")).content.decode()
    assert page.count("⚠") == 1 and "over-allocated" in page


def test_capacity_entered_on_the_page(client, pmo):
    client.force_login(pmo)
    response = client.post(reverse("delivery:capacity"), {
        "pool": "Chefs de projet", "first_month": "2027-01", "last_month": "2027-12",
        "fte": "4"})
    assert response.status_code == 302
    assert len(capacity_against_demand("Chefs de projet")) == 12
    response = client.post(reverse("delivery:capacity"), {
        "pool": "Chefs de projet", "first_month": "2027-05", "last_month": "2027-01",
        "fte": "4"})
    assert "The last month cannot be before the first." in response.content.decode()


def test_the_roadmap_is_filtered_and_drawn_with_its_table(client, chair, pmo, institution_a,
                                                          institution_b):
    first, second = _two_projects(chair, pmo, institution_a, institution_b)
    for project in (first, second):
        actions.do_add_milestone(project, title=f"Lancement {project.title}",
                                 planned_date=date(2027, 4, 1), acting_user=pmo)
    client.force_login(pmo)
    page = client.get(reverse("delivery:roadmap")).content.decode()
    assert "<svg" in page and "Lancement Paie" in page and "Lancement Archives" in page
    page = client.get(reverse("delivery:roadmap"),
                      {"institution": institution_b.pk}).content.decode()
    assert "Lancement Archives" in page and "Lancement Paie" not in page


def test_a_contributor_sees_only_the_projects_of_its_institution(client, chair, pmo,
                                                                 institution_a, institution_b):
    from tests.factories import user_with_role

    _two_projects(chair, pmo, institution_a, institution_b)
    client.force_login(user_with_role("contributor", institution_a, username="contrib"))
    page = client.get(reverse("delivery:list")).content.decode()
    assert ">Paie<" in page and ">Archives<" not in page


def test_the_public_reads_progress_without_login(client, chair, pmo, institution_a,
                                                 institution_b):
    first, _ = _two_projects(chair, pmo, institution_a, institution_b)
    actions.do_update_project(first, progress=40, acting_user=pmo)
    actions.do_add_milestone(first, title="Recette", planned_date=date(2027, 6, 1),
                             acting_user=pmo)
    page = client.get(reverse("delivery:public")).content.decode()
    assert "40 %" in page and "Recette" in page


def test_the_public_page_does_not_name_an_institution_only_need(client, chair, pmo,
                                                                 institution_a):
    need = NeedFactory(institution=institution_a, title="Dossier disciplinaire interne",
                       status="in_analysis", confidentiality="institution")
    actions.do_start_project(decide(need, chair=chair), acting_user=pmo)
    page = client.get(reverse("delivery:public")).content.decode()
    assert "Dossier disciplinaire interne" not in page
    assert "In delivery" in page
