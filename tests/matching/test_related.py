"""A need's page lists the catalogue's solutions and the applications other institutions run for
the same thing, under the same confidentiality rules as the needs."""

import pytest
from django.contrib.auth.models import AnonymousUser
from django.urls import reverse

from synergie.catalogue.models import Solution
from synergie.institutions.models import Institution
from synergie.landscape.models import Application
from synergie.matching.models import DocumentKind, IndexedDocument
from synergie.matching.related import document_id, related_to_need
from synergie.reference.models import Capability
from tests.factories import InstitutionFactory


@pytest.fixture
def offers(indexed_needs, django_capture_on_commit_callbacks):
    """A payroll solution and a service desk in the catalogue; payroll applications run by the
    payroll need's own institution and by another; body cameras run by a police zone."""
    payroll = Capability.objects.get_or_create(
        code="payroll-test", defaults={"name_fr": "Gestion de la paie",
                                       "name_nl": "Loonadministratie", "name_en": "Payroll"})[0]
    own = Institution.objects.get(code="CPAS-1")
    other = InstitutionFactory(code="CPAS-9", name_fr="CPAS de Forest")
    with django_capture_on_commit_callbacks(execute=True):
        solution = Solution.objects.create(
            name_fr="Paie mutualisée des pouvoirs locaux",
            summary_fr="Calcul des salaires, barèmes et fiches de paie des agents, relié au "
                       "secrétariat social")
        solution.capabilities.add(payroll)
        desk = Solution.objects.create(
            name_fr="Service desk régional",
            summary_fr="Gestion des incidents et des demandes informatiques des institutions")
        mine = Application.objects.create(institution=own, name="Paie du CPAS",
                                          product="Persée Paie", vendor="Civadis")
        theirs = Application.objects.create(institution=other, name="Calcul des salaires",
                                            product="SAP HCM", vendor="SAP",
                                            notes="Traitements, barèmes et fiches de paie")
        theirs.capabilities.add(payroll)
        camera = Application.objects.create(institution=other, name="Caméras",
                                            product="Axon Evidence", vendor="Axon",
                                            notes="Gestion des enregistrements vidéo")
    return {"solution": solution, "desk": desk, "mine": mine, "theirs": theirs,
            "camera": camera}


def test_solutions_and_applications_are_indexed_when_saved(offers):
    """One document per language a solution is named in; an application in all three."""
    assert IndexedDocument.objects.filter(kind=DocumentKind.SOLUTION).count() == 2
    assert IndexedDocument.objects.filter(kind=DocumentKind.APPLICATION).count() == 9
    theirs = IndexedDocument.objects.get(kind=DocumentKind.APPLICATION,
                                         object_id=document_id(offers["theirs"].pk, "nl"))
    assert theirs.institution.code == "CPAS-9" and "Loonadministratie" in theirs.text


def test_a_need_finds_the_solution_and_the_other_institutions_application(
        indexed_needs, offers, analyst_user):
    found = related_to_need(indexed_needs[0]["payroll_fr"], analyst_user)
    titles = [offer.title for offer in found]
    assert "Paie mutualisée des pouvoirs locaux" in titles
    assert "SAP HCM" in titles
    assert "Persée Paie" not in titles  # the need's own institution already runs it
    assert "Service desk régional" not in titles
    assert "Axon Evidence" not in titles


def test_a_need_in_dutch_finds_them_too(indexed_needs, offers, analyst_user):
    titles = [offer.title for offer in related_to_need(indexed_needs[0]["payroll_nl"],
                                                       analyst_user)]
    assert "Paie mutualisée des pouvoirs locaux" in titles


def test_the_public_sees_the_solutions_not_the_applications(indexed_needs, offers):
    titles = [offer.title for offer in related_to_need(indexed_needs[0]["payroll_fr"],
                                                       AnonymousUser())]
    assert "Paie mutualisée des pouvoirs locaux" in titles
    assert "SAP HCM" not in titles


def test_the_need_page_shows_them(client, indexed_needs, offers, analyst_user):
    client.force_login(analyst_user)
    page = client.get(reverse("needs:detail", args=[indexed_needs[0]["payroll_nl"].pk])).content
    assert "Already running in the region" in page.decode()
    assert offers["solution"].get_absolute_url() in page.decode()


def test_a_removed_application_leaves_the_index(offers, django_capture_on_commit_callbacks):
    documents = [document_id(offers["theirs"].pk, language) for language in ("fr", "nl", "en")]
    with django_capture_on_commit_callbacks(execute=True):
        offers["theirs"].delete()
    assert not IndexedDocument.objects.filter(kind=DocumentKind.APPLICATION,
                                              object_id__in=documents).exists()
