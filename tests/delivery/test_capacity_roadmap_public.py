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


def test_a_member_is_not_told_of_another_members_confidential_need(client, chair, pmo,
                                                                   institution_a, institution_b):
    from synergie.decisions.actions import do_add_agenda_item, do_create_meeting
    from synergie.decisions.actions import do_record_decision
    from synergie.opportunities.actions import do_create_opportunity
    from tests.factories import user_with_role

    analyst = user_with_role("analyst", username="analyst")
    ours = NeedFactory(institution=institution_a, title="Paie commune", status="in_analysis")
    theirs = NeedFactory(institution=institution_b, title="Paie confidentielle",
                         status="in_analysis", confidentiality="institution")
    opportunity = do_create_opportunity(title="Paie mutualisée", needs=[ours, theirs],
                                        acting_user=analyst)
    meeting = do_create_meeting(title="Steerco", date=date(2027, 1, 20), acting_user=chair)
    item = do_add_agenda_item(meeting, opportunity=opportunity, acting_user=chair)
    decision = do_record_decision(item, outcome="approve", motivation="Oui.", language="fr",
                                  acting_user=chair)
    project = actions.do_start_project(decision, acting_user=pmo)
    assert set(project.institutions.all()) == {institution_a, institution_b}
    client.force_login(user_with_role("contributor", institution_a, username="contrib"))
    for url in (project.get_absolute_url(), reverse("delivery:roadmap")):
        page = client.get(url).content.decode()
        assert str(institution_a) in page
        assert str(institution_b) not in page and "Paie confidentielle" not in page
    client.force_login(pmo)
    assert str(institution_b) in client.get(project.get_absolute_url()).content.decode()
