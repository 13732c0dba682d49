"""Load the demo: real Brussels institutions, demo users for every role, and realistic needs.

Everything goes through the actions layer, as a user would do it, so the demo's needs have a
real history (filed by a contributor, analysed by the purchasing office, decided by the
steering committee).
"""

import csv
import json
from dataclasses import dataclass
from datetime import date
from decimal import Decimal
from pathlib import Path

import rdflib
from django.contrib.auth.hashers import make_password
from django.db import transaction
from rdflib.namespace import DCTERMS, SKOS

from synergie.accounts.actions import do_create_user, do_grant_role
from synergie.accounts.models import Role
from synergie.institutions.actions import do_create_institution
from synergie.institutions.models import InstitutionKind
from synergie.needs.actions import CostLine, do_change_need_status, do_create_need
from synergie.reference.models import BusinessDomain, CpvCode

DATA_DIR = Path(__file__).resolve().parent / "data"
DEMO_PASSWORD = "synergie-demo"
ADMSP = rdflib.Namespace("http://purl.org/adms/publishertype/")


@dataclass(frozen=True)
class DemoLogin:
    username: str
    first_name: str
    last_name: str
    role: str
    institution: str | None = None


FEATURED_LOGINS = (
    DemoLogin("marie.dubois", "Marie", "Dubois", "contributor", "COM-21001"),
    DemoLogin("pieter.janssens", "Pieter", "Janssens", "contributor", "CPAS-21015"),
    DemoLogin("sophie.lambert", "Sophie", "Lambert", "contributor", "PZ-5341"),
    DemoLogin("lucas.martin", "Lucas", "Martin", "analyst"),
    DemoLogin("eva.claes", "Eva", "Claes", "data_office"),
    DemoLogin("tom.willems", "Tom", "Willems", "architecture_board"),
    DemoLogin("nadia.benali", "Nadia", "Benali", "pmo"),
    DemoLogin("anne.vandenberghe", "Anne", "Vandenberghe", "steering_committee"),
)
ADMIN_USERNAME = "admin"

# The other institutions' contributors are people too (a name in any language reads the same).
FIRST_NAMES = ("Julie", "Koen", "Amina", "Thomas", "Els", "Youssef", "Claire", "Bram", "Inès",
               "Wouter", "Sarah", "Mehdi", "Lies", "Nicolas", "Fatima", "Jan")
LAST_NAMES = ("Peeters", "Dupont", "El Amrani", "De Smet", "Lejeune", "Maes", "Hermans",
              "Leclercq", "Vermeulen", "Renard", "Bakker", "Mertens", "Goossens", "Simon")


def contributor_name(index: int) -> tuple[str, str]:
    return FIRST_NAMES[index % len(FIRST_NAMES)], LAST_NAMES[index * 5 % len(LAST_NAMES)]

# The steps that take a filed need to the status the demo data gives it.
PATHS = {
    "draft": [],
    "submitted": ["submit"],
    "in_analysis": ["submit", "start_analysis"],
    "grouped": ["submit", "start_analysis", "group"],
    "approved": ["submit", "start_analysis", "approve"],
    "rejected": ["submit", "start_analysis", "reject"],
    "deferred": ["submit", "start_analysis", "defer"],
    "in_delivery": ["submit", "start_analysis", "approve", "start_delivery"],
    "delivered": ["submit", "start_analysis", "approve", "start_delivery", "deliver"],
    "withdrawn": ["submit", "withdraw"],
}
STEP_ACTOR = {
    "submit": "author",
    "withdraw": "author",
    "start_analysis": "lucas.martin",
    "group": "lucas.martin",
    "approve": "anne.vandenberghe",
    "reject": "anne.vandenberghe",
    "defer": "anne.vandenberghe",
    "start_delivery": "nadia.benali",
    "deliver": "nadia.benali",
}
STEP_COMMENTS = {
    "approve": {
        "fr": "Approuvé : besoin récurrent, budget disponible dans l'enveloppe régionale.",
        "nl": "Goedgekeurd: terugkerende behoefte, budget beschikbaar binnen de gewestelijke "
              "enveloppe.",
        "en": "Approved: recurring need, budget available in the regional envelope.",
    },
    "reject": {
        "fr": "Refusé : une solution régionale existante couvre déjà ce besoin.",
        "nl": "Afgewezen: een bestaande gewestelijke oplossing dekt deze behoefte al.",
        "en": "Rejected: an existing regional solution already covers this need.",
    },
    "defer": {
        "fr": "Reporté à l'exercice suivant : capacité du PMO insuffisante cette année.",
        "nl": "Uitgesteld tot het volgende begrotingsjaar: onvoldoende PMO-capaciteit dit jaar.",
        "en": "Deferred to next year: not enough PMO capacity this year.",
    },
    "withdraw": {
        "fr": "Retiré par l'institution : le besoin sera couvert par le marché fédéral.",
        "nl": "Ingetrokken door de instelling: de behoefte wordt gedekt door de federale opdracht.",
        "en": "Withdrawn by the institution: the need will be covered by the federal contract.",
    },
}


def read_local_authorities() -> list[dict]:
    with (DATA_DIR / "local-authorities.csv").open(encoding="utf-8", newline="") as handle:
        return [
            {
                "code": row["code"],
                "kind": row["kind"],
                "name_fr": row["name_fr"],
                "name_nl": row["name_nl"],
                "population": int(row["population"]) if row["population"] else None,
            }
            for row in csv.DictReader(handle)
        ]


def read_regional_bodies() -> list[dict]:
    """The regional authorities among the publishers data.gov.be maps for Brussels."""
    graph = rdflib.Graph()
    graph.parse(DATA_DIR / "opendata-brussels-publishers.ttl", format="turtle")
    bodies = []
    for subject in graph.subjects(DCTERMS.type, ADMSP.RegionalAuthority):
        labels: dict[str, str] = {}
        for label in graph.objects(subject, SKOS.prefLabel):
            labels.setdefault(label.language or "", str(label).strip())
        number = str(subject).rstrip("/").rsplit("/", 1)[-1]
        fallback = labels.get("fr") or labels.get("en") or labels.get("nl") or number
        bodies.append(
            {
                "code": f"OIP-{number}",
                "kind": InstitutionKind.REGIONAL_BODY,
                "name_fr": labels.get("fr") or fallback,
                "name_nl": labels.get("nl") or fallback,
                "name_en": labels.get("en", ""),
                "enterprise_number": number if "CbeRegisteredEntity" in str(subject) else "",
            }
        )
    return sorted(bodies, key=lambda body: body["code"])


def read_needs() -> list[dict]:
    return json.loads((DATA_DIR / "needs.json").read_text(encoding="utf-8"))


@transaction.atomic
def load_demo(stdout=None) -> dict:
    """Load everything into an empty database. Returns counts for the caller to print."""
    password_hash = make_password(DEMO_PASSWORD)
    admin = do_create_user(
        ADMIN_USERNAME, acting_user=None, password_hash=password_hash, is_staff=True,
        is_superuser=True, first_name="Admin", last_name="Synergie",
    )
    roles = {role.code: role for role in Role.objects.all()}
    do_grant_role(admin, roles["administrator"], acting_user=admin)

    institutions = {}
    for fields in [*read_local_authorities(), *read_regional_bodies()]:
        institution = do_create_institution(acting_user=admin, **fields)
        institutions[institution.code] = institution

    users = {}
    for login in FEATURED_LOGINS:
        user = do_create_user(
            login.username, acting_user=admin, password_hash=password_hash,
            first_name=login.first_name, last_name=login.last_name,
            email=f"{login.username}@demo.synergie.invalid",
        )
        do_grant_role(
            user, roles[login.role],
            institutions[login.institution] if login.institution else None, acting_user=admin,
        )
        users[login.username] = user
    authors = {login.institution: users[login.username] for login in FEATURED_LOGINS
               if login.institution}

    domains = {domain.code: domain for domain in BusinessDomain.objects.all()}
    needs = read_needs()
    cpv_codes = CpvCode.objects.in_bulk([n["cpv"] for n in needs if n.get("cpv")])
    created = {}
    for item in needs:
        institution = institutions[item["institution"]]
        author = authors.get(institution.code)
        if author is None:
            # Every institution with a need gets a contributor login named after its code.
            first_name, last_name = contributor_name(len(authors))
            author = do_create_user(
                institution.code.lower(), acting_user=admin, password_hash=password_hash,
                first_name=first_name, last_name=last_name,
            )
            do_grant_role(author, roles["contributor"], institution, acting_user=admin)
            authors[institution.code] = author
        need = do_create_need(
            institution=institution,
            title=item["title"],
            description=item["description"],
            language=item["language"],
            domain=domains[item["domain"]],
            cpv_code=cpv_codes.get(item.get("cpv")),
            desired_start=date.fromisoformat(item["desired_start"]),
            deadline=date.fromisoformat(item["deadline"]) if item.get("deadline") else None,
            deadline_is_legal=item.get("deadline_is_legal", False),
            data_dependencies=item.get("data_dependencies", ""),
            confidentiality=item["confidentiality"],
            costs=[
                CostLine(line["year"], Decimal(line["one_off"]), Decimal(line["recurring"]))
                for line in item["costs"]
            ],
            acting_user=author,
        )
        for step in PATHS[item["status"]]:
            actor = author if STEP_ACTOR[step] == "author" else users[STEP_ACTOR[step]]
            comment = STEP_COMMENTS.get(step, {}).get(item["language"], "")
            need = do_change_need_status(need, step, acting_user=actor, comment=comment)
        created[item["key"]] = need
    # The data catalogue (harvested Belgian samples and regional datasets) early: the data
    # office's demo names its datasets.
    from synergie.demo import datasets as demo_datasets

    demo_datasets.load()
    load_portfolio_demo(users, created)
    load_after_decisions()
    return {"institutions": len(institutions), "needs": len(needs)}


def load_after_decisions() -> None:
    """The second half of the journey: projects in delivery, the catalogue and its adoption,
    its service levels, and the institutions' application landscape."""
    from synergie.demo import catalogue, delivery, landscape, publiccode, service_levels

    delivery.load()
    landscape.load()
    solutions = catalogue.load()
    publiccode.load()
    # A year of the service desk's incidents for the solutions the region operates.
    service_levels.load([solution for solution in solutions.values()
                         if solution.contracts.exists()])
    # The algorithm register: the institutions' entries, reviewed by the data office.
    from synergie.demo import algorithms as demo_algorithms

    demo_algorithms.load()
    # The data office's verdicts on the data needs depend on (after the data catalogue, whose
    # datasets some of them name), and next year's needs campaign.
    from synergie.demo import campaigns, data_office

    data_office.load()
    campaigns.load()


def load_portfolio_demo(users: dict, needs: dict) -> None:
    """Two pooling opportunities (one with its business case, decided by the steering
    committee, one waiting on the agenda) and a stopped experiment of the innovation lab.
    The other twins are left for the visitor to find on the synergy map."""
    from synergie.business_case.actions import do_open_business_case, do_update_business_case
    from synergie.decisions.actions import (
        do_add_agenda_item,
        do_create_meeting,
        do_record_decision,
    )
    from synergie.innovation.actions import do_conclude_experiment, do_start_experiment
    from synergie.opportunities.actions import do_create_opportunity

    analyst, chair = users["lucas.martin"], users["anne.vandenberghe"]
    bodycams = do_create_opportunity(
        title="Caméras corporelles mutualisées pour les zones de police",
        notes="Marché conjoint pour trois zones, plateforme unique de conservation des images.",
        needs=[needs["zp-midi-cameras-corporelles"], needs["pz-noord-bodycams"],
               needs["zp-montgomery-cameras-pietons"]],
        acting_user=analyst,
    )
    case = do_open_business_case(bodycams, acting_user=analyst)
    do_update_business_case(
        case, acting_user=analyst, horizon=4, discount_rate=Decimal("3"),
        split_key="population", onboarding_per_member=Decimal("12000"),
        shared_one_off=[330000, 0, 0, 0], shared_recurring=[20000, 70000, 80000, 80000],
        orchestrator_overhead=[10000, 10000, 10000, 10000],
        change_support_per_member=[6000, 2000, 0, 0], has_technical_product=True,
        technical_product_note="Caméras et plateforme de gestion des preuves vidéo du marché "
                               "fédéral de la police intégrée.",
        has_public_contract=True,
        public_contract_note="Accord-cadre de la centrale d'achat régionale.",
    )
    nis2 = do_create_opportunity(
        title="Centre opérationnel de sécurité partagé (NIS2)",
        needs=[needs["hydria-nis2-soc"], needs["siamu-conformite-nis2"],
               needs["port-nis2-mdr"]],
        acting_user=analyst,
    )
    meeting = do_create_meeting(title="Comité de coordination numérique de janvier",
                                date=date(2027, 1, 20), acting_user=chair)
    decided = do_add_agenda_item(meeting, opportunity=bodycams, acting_user=chair)
    do_add_agenda_item(meeting, opportunity=nis2, acting_user=chair)
    do_record_decision(
        decided, outcome="approve_with_conditions", language="fr", acting_user=chair,
        motivation="Gain régional positif sur cinq ans et obligation légale d'équipement : les "
                   "trois zones partagent une seule plateforme de conservation des images.",
        conditions="Une analyse d'impact relative à la protection des données commune avant "
                   "le lancement du marché.",
    )
    load_scenario_demo(chair)
    experiment = do_start_experiment(
        acting_user=analyst, need=needs["slrb-registre-candidatures"],
        title="Pré-remplissage des candidatures par les sources authentiques",
        hypothesis="Le Registre national et la BCSS permettent de pré-remplir 80 % des données "
                   "d'une candidature au logement social (principe « only once »).",
        success_criteria="80 % des champs pré-remplis et exacts sur 200 dossiers tests.",
        budget=Decimal("18000"), rollout_cost_at_stake=Decimal("245000"),
        start_date=date(2026, 9, 1), end_date=date(2026, 11, 30),
    )
    do_conclude_experiment(
        experiment, go=False, acting_user=analyst,
        reason="45 % seulement : les revenus ne sont pas disponibles dans les flux actuels. Le "
               "pré-remplissage est abandonné ; le registre sera refondu sans lui.",
    )


def load_scenario_demo(secretary) -> None:
    """A portfolio scenario over the open candidates, optimised, ready for what-if questions."""
    from synergie.portfolio.actions import do_create_scenario, do_update_candidate, record_run
    from synergie.portfolio.adapters import scenario_instance
    from synergie.portfolio.engine.instance import parse_instance
    from synergie.portfolio.engine.optimiser import SolveOptions, optimise
    from synergie.portfolio.models import RunStatus, Scenario

    scenario = do_create_scenario(
        title="Portefeuille régional 2027–2031", first_year=2027, years=5,
        budget=[2_500_000, 2_000_000, 2_000_000, 1_800_000, 1_800_000],
        # Recurring costs go on after 2031: what the plan may leave to the years after.
        beyond_horizon_budget=1_500_000,
        capacity={"Chefs de projet": [4, 4, 4, 3, 3], "Architectes": [2, 2, 2, 2, 2]},
        acting_user=secretary,
    )
    for position, candidate in enumerate(scenario.candidates.all()):
        do_update_candidate(
            candidate, acting_user=secretary,
            demand={"Chefs de projet": [1, 0.5], "Architectes": [0.5]},
            ratings={**candidate.ratings, "urgency": position % 4 + 1,
                     "inclusion": (position * 3) % 5, "sustainability": 2, "risk": 3},
        )
    instance = scenario_instance(scenario)
    Scenario.objects.filter(pk=scenario.pk).update(instance=instance)
    result = optimise(parse_instance(instance), SolveOptions(time_limit=20))
    record_run(scenario.pk, status=RunStatus.DONE, result=result.as_dict())
