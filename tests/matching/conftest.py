from datetime import date
from decimal import Decimal

import pytest

from synergie.needs.actions import CostLine, do_change_need_status, do_create_need
from synergie.reference.models import BusinessDomain
from tests.factories import InstitutionFactory, user_with_role

# Real needs, reworded across languages: the matching must pair the twins and nothing else.
NEEDS = {
    "payroll_fr": ("CPAS-1", "social_welfare_centre", "fr", "hr", "institution",
                   "Remplacement du logiciel de calcul des salaires",
                   "Le CPAS calcule chaque mois la paie de 900 agents avec un logiciel en fin de "
                   "vie. Nous cherchons une solution de gestion des traitements, des barèmes et "
                   "des fiches de paie, reliée au secrétariat social."),
    "payroll_nl": ("OCMW-2", "social_welfare_centre", "nl", "hr", "regional",
                   "Nieuw loonpakket voor de personeelsadministratie",
                   "Het OCMW zoekt een toepassing voor de berekening van de wedden en lonen van "
                   "het personeel, de loonfiches en de koppeling met het sociaal secretariaat."),
    "bodycam": ("PZ-3", "police_zone", "fr", "public_safety", "regional",
                "Caméras corporelles pour les policiers",
                "La zone de police souhaite équiper ses équipes d'intervention de caméras "
                "corporelles avec la gestion sécurisée des enregistrements vidéo."),
    "parking": ("COM-4", "municipality", "nl", "mobility", "regional",
                "Beheer van bewonerskaarten voor parkeren",
                "De gemeente wil de aanvraag en verlenging van parkeerkaarten voor bewoners "
                "volledig online laten verlopen."),
    "waste": ("COM-5", "municipality", "fr", "environment", "public",
              "Signalement des dépôts clandestins",
              "Application mobile pour signaler les dépôts clandestins de déchets sur la voie "
              "publique et suivre leur enlèvement."),
    "greenspaces": ("COM-6", "municipality", "en", "environment", "regional",
                    "Tree inventory for parks and streets",
                    "A geographic inventory of the municipality's trees with inspections, "
                    "pruning plans and felling permits."),
}

# The demo's cemetery twins (the Dutch one is Molenbeek's need in synergie/demo/data/needs.json,
# the French one as a commune filed it), and an English need about something else entirely.
CEMETERY_NEEDS = {
    "cemetery_fr": ("COM-21001", "municipality", "fr", "citizen_services", "public",
                    "Gestion informatisée des cimetières communaux : registre des sépultures et "
                    "concessions",
                    "La commune gère deux cimetières et quelque 30.000 sépultures à l'aide de "
                    "registres papier. Le service des affaires funéraires souhaite un logiciel "
                    "qui tienne le registre des sépultures, localise chaque tombe sur le plan du "
                    "cimetière, suive les concessions et leur échéance, et accompagne les "
                    "procédures de sépultures abandonnées et de désaffectation."),
    "cemetery_nl": ("COM-21012", "municipality", "nl", "citizen_services", "public",
                    "Digitaal beheer van de gemeentelijke begraafplaats: grafregister, "
                    "concessies en ruimingen",
                    "De gemeente beheert haar begraafplaats met papieren registers en een "
                    "eenvoudige databank waarin ongeveer 45.000 graven zijn opgenomen. Wij willen "
                    "een toepassing die het grafregister digitaliseert, elk graf op het plan van "
                    "de begraafplaats situeert, de concessies en hun vervaldatum opvolgt en de "
                    "procedures bij verwaarlozing of het verstrijken van een concessie "
                    "ondersteunt."),
    "recognition_en": ("OIP-7", "regional_body", "en", "social_action", "public",
                       "Recognition of social enterprises",
                       "A configurable case-handling tool for the recognition of social "
                       "enterprises, entrusted to an external provider, with online "
                       "applications, inspections and yearly reporting."),
}


@pytest.fixture
def analyst_user(db):
    return user_with_role("analyst", username="ana", first_name="Ana", last_name="Lyst")


def file_and_submit(needs=NEEDS):
    """File each need as a contributor of its own institution and submit it."""
    filed, authors = {}, {}
    for key, (code, kind, language, domain, confidentiality, title, text) in needs.items():
        institution = InstitutionFactory(code=code, kind=kind, name_fr=f"Institution {code}",
                                         name_nl=f"Instelling {code}")
        author = user_with_role("contributor", institution, username=f"author-{code}")
        need = do_create_need(
            institution=institution, title=title, description=text, language=language,
            domain=BusinessDomain.objects.get(code=domain), confidentiality=confidentiality,
            desired_start=date(2027, 1, 1),
            costs=[CostLine(2027, Decimal("100000"), Decimal("10000"))], acting_user=author,
        )
        filed[key] = do_change_need_status(need, "submit", acting_user=author)
        authors[key] = author
    return filed, authors


@pytest.fixture
def indexed_needs(db, analyst_user, django_capture_on_commit_callbacks):
    """The needs above, filed, submitted and indexed by the background task."""
    with django_capture_on_commit_callbacks(execute=True):
        return file_and_submit()


@pytest.fixture
def indexed_with_cemeteries(db, analyst_user, django_capture_on_commit_callbacks):
    """The needs above and the cemetery twins, filed, submitted and indexed."""
    with django_capture_on_commit_callbacks(execute=True):
        return file_and_submit({**NEEDS, **CEMETERY_NEEDS})


@pytest.fixture
def mapped_needs(indexed_needs):
    """The needs above, indexed, and the synergy map computed as the worker would."""
    from synergie.matching.synergies import recompute_clusters

    recompute_clusters()
    return indexed_needs
