from dataclasses import dataclass
from datetime import date

import pytest

from synergie.catalogue.actions import do_change_adoption, do_create_solution
from synergie.decisions.actions import do_add_agenda_item, do_create_meeting, do_record_decision
from synergie.delivery.actions import do_add_milestone, do_start_project
from synergie.opportunities.actions import do_create_opportunity
from tests.factories import InstitutionFactory, NeedFactory, user_with_role

ROLES = ["anonymous", "contributor_a", "contributor_b", "analyst", "data_office",
         "architecture_board", "pmo", "steering_committee", "administrator"]

# Written into everything the public may not read: no export or feed may contain it.
SECRET = "SECRETMARK"
SECRET_AMOUNT = "987654"


@dataclass
class World:
    institution_a: object
    institution_b: object
    public_need: object
    grouped_public_need: object
    confidential_need: object
    regional_need: object
    draft_need: object
    opportunity: object
    decisions: list
    project: object
    solution: object


def secret_costs():
    return [(2027, f"{SECRET_AMOUNT}.12", "0")]


@pytest.fixture
def world(db):
    a = InstitutionFactory(code="COM-A", name_fr="Commune d'Alpha", name_nl="Gemeente Alpha")
    b = InstitutionFactory(code="ZP-B", kind="police_zone", name_fr="Zone de police Bêta",
                           name_nl="Politiezone Bèta")
    public = NeedFactory(institution=a, title="Gestion du courrier entrant",
                         confidentiality="public", status="submitted",
                         description="Un logiciel de courrier, « guillemets », virgule, \"quotes\""
                                     "\nsur deux lignes.")
    grouped = NeedFactory(institution=a, title="Paie des agents communaux",
                          confidentiality="public", status="in_analysis")
    confidential = NeedFactory(institution=b, title=f"{SECRET} caméras",
                               description=f"{SECRET} description", confidentiality="institution",
                               status="in_analysis", costs=secret_costs())
    regional = NeedFactory(institution=b, title=f"{SECRET} régional", confidentiality="regional",
                           status="submitted", costs=secret_costs())
    draft = NeedFactory(institution=a, title=f"{SECRET} brouillon", confidentiality="public",
                        status="draft", costs=secret_costs())
    alone = NeedFactory(institution=b, title=f"{SECRET} décidé seul",
                        description=f"{SECRET}", confidentiality="institution",
                        status="in_analysis", costs=secret_costs())
    analyst = user_with_role("analyst", username="lead")
    chair = user_with_role("steering_committee", username="chair")
    pmo = user_with_role("pmo", username="pmo-user")
    opportunity = do_create_opportunity(title="Paie mutualisée", needs=[grouped, confidential],
                                        acting_user=analyst)
    meeting = do_create_meeting(title="Steerco", date=date(2027, 1, 20), acting_user=chair)
    on_group = do_record_decision(
        do_add_agenda_item(meeting, opportunity=opportunity, acting_user=chair),
        outcome="approve", motivation="Gain régional.", language="fr", acting_user=chair)
    on_alone = do_record_decision(
        do_add_agenda_item(meeting, need=alone, acting_user=chair),
        outcome="approve", motivation="Utile.", language="fr", acting_user=chair)
    project = do_start_project(on_alone, acting_user=pmo)
    do_add_milestone(project, acting_user=pmo, title="Marché attribué",
                     planned_date=date(2027, 6, 1))
    solution = do_create_solution(acting_user=analyst, name_fr="Guichet électronique",
                                  name_nl="Elektronisch loket", summary_fr="Démarches en ligne")
    do_change_adoption(solution, a, stage="live", on=date(2026, 3, 1), acting_user=analyst)
    make_register_and_datasets(a)
    return World(a, b, public, grouped, confidential, regional, draft, opportunity,
                 [on_group, on_alone], project, solution)


def make_register_and_datasets(institution):
    """A published and a draft entry of the register; an active and a withdrawn dataset."""
    from django.utils import timezone

    from synergie.algorithms.models import Algorithm
    from synergie.datasets.models import Dataset

    Algorithm.objects.create(institution=institution, name="Tri des demandes de prime",
                             description_short="Classe les demandes.", status="published",
                             published_at=timezone.now(), version=1, risk_category="")
    Algorithm.objects.create(institution=institution, name=f"{SECRET} algorithme",
                             description_short=f"{SECRET}", status="draft")
    Dataset.objects.create(identifier="https://data.example.be/dataset/parkings",
                           title_fr="Parkings publics", title_nl="Openbare parkings",
                           themes=["TRAN"], keywords=["parking", "mobilité"], status="active",
                           issued=date(2025, 5, 1))
    Dataset.objects.create(identifier="https://data.example.be/dataset/retire",
                           title_fr=f"{SECRET} retiré", status="withdrawn")


def make_user(role, world):
    if role == "anonymous":
        return None
    if role.startswith("contributor"):
        institution = world.institution_a if role.endswith("a") else world.institution_b
        return user_with_role("contributor", institution, username=f"reader-{role}")
    return user_with_role(role, username=f"reader-{role}", is_staff=role == "administrator")
