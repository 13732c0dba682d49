"""Demo data of the regional PMO: two projects in delivery, with milestones, a RAG history, risks,
budget, people per skill pool, and one pool over-allocated.

Call `load()` after `synergie.demo.load.load_demo` (it reads the users, needs and decisions that
created). The demo decides one opportunity (the body cameras) at its January meeting; a project
needs an approved decision, so when fewer than two are approved, `load` records a second one at a
February meeting: the public e-depot need of the regional archives (`gob-e-depot`)."""

from datetime import date
from decimal import Decimal

PMO, CHAIR = "nadia.benali", "anne.vandenberghe"
SECOND_NEED_TITLE_START = "E-depot"

# The pools of the demo portfolio scenario (load.load_scenario_demo), so both speak of the same.
CAPACITY = {"Chefs de projet": Decimal("2"), "Architectes": Decimal("1")}

PLANS = [
    {
        "owner": PMO, "progress": 25, "axis": "regulatory",
        "milestones": [("Analyse d'impact (AIPD) commune", date(2027, 3, 15), date(2027, 3, 24)),
                       ("Attribution du marché conjoint", date(2027, 6, 30), None),
                       ("Mise en service zone Midi", date(2027, 10, 1), None),
                       ("Mise en service des trois zones", date(2028, 3, 31), None)],
        "deliverables": [("AIPD signée par les trois zones", date(2027, 3, 15), True),
                         ("Cahier des charges du marché", date(2027, 4, 30), False)],
        "reports": [(date(2027, 2, 1), "green",
                     "Lancement : les trois zones ont désigné leur référent."),
                    (date(2027, 3, 25), "amber",
                     "AIPD validée avec neuf jours de retard ; l'attribution reste tenable si "
                     "le marché part en avril.")],
        "risks": [("risk", "Recours d'un soumissionnaire évincé", 3, "open"),
                  ("issue", "Retard de l'AIPD commune", 2, "closed")],
        "budget": [(2027, "420000", "60000"), (2028, "160000", "0")],
        "people": [("Chefs de projet", date(2027, 2, 1), date(2027, 12, 1), "1"),
                   ("Architectes", date(2027, 3, 1), date(2027, 8, 1), "0.5")],
    },
    {
        "owner": PMO, "progress": 10, "axis": "continuity",
        "milestones": [("Choix de la plateforme d'archivage", date(2027, 4, 30), None),
                       ("Premier versement des archives", date(2027, 11, 30), None)],
        "deliverables": [("Plan de classement et règles de conservation", date(2027, 4, 1),
                          False)],
        "reports": [(date(2027, 3, 1), "green",
                     "Équipe constituée ; analyse des formats en cours.")],
        "risks": [("risk", "Formats propriétaires non migrables", 2, "open")],
        "budget": [(2027, "180000", "15000"), (2028, "90000", "0")],
        "people": [("Chefs de projet", date(2027, 3, 1), date(2027, 12, 1), "1"),
                   # With the cameras' 0.5, 1.3 FTE of a 1 FTE pool: over-allocated in
                   # April–August, for the PMO to see and settle.
                   ("Architectes", date(2027, 4, 1), date(2027, 9, 1), "0.8")],
    },
]


def _second_decision(chair):
    from synergie.decisions.actions import (
        do_add_agenda_item,
        do_create_meeting,
        do_record_decision,
    )
    from synergie.needs.models import Need

    need = Need.objects.get(title__startswith=SECOND_NEED_TITLE_START, status="in_analysis")
    meeting = do_create_meeting(title="Comité de coordination numérique de février",
                                date=date(2027, 2, 17), acting_user=chair)
    item = do_add_agenda_item(meeting, need=need, acting_user=chair)
    return do_record_decision(
        item, outcome="approve", language="fr", acting_user=chair,
        motivation="Obligation légale de conservation des archives numériques ; la plateforme "
                   "servira ensuite aux communes qui le souhaitent.")


def load(stdout=None) -> dict:
    from synergie.accounts.models import User
    from synergie.delivery import actions

    pmo, chair = User.objects.get(username=PMO), User.objects.get(username=CHAIR)
    decisions = list(actions.decisions_waiting_for_project()[:2])
    if len(decisions) < 2:
        decisions.append(_second_decision(chair))
    for pool, fte in CAPACITY.items():
        actions.do_set_capacity(pool=pool, first_month=date(2027, 1, 1),
                                last_month=date(2028, 12, 1), fte=fte, acting_user=pmo)
    projects = []
    for decision, plan in zip(decisions, PLANS, strict=True):
        project = actions.do_start_project(decision, acting_user=pmo,
                                           owner=User.objects.get(username=plan["owner"]))
        for title, planned, actual in plan["milestones"]:
            actions.do_add_milestone(project, title=title, planned_date=planned,
                                     actual_date=actual, acting_user=pmo)
        for title, due, delivered in plan["deliverables"]:
            actions.do_add_deliverable(project, title=title, due_date=due,
                                       delivered=delivered, acting_user=pmo)
        for on, rag, comment in plan["reports"]:
            actions.do_report_status(project, rag=rag, comment=comment, on=on, acting_user=pmo)
        for kind, title, severity, status in plan["risks"]:
            actions.do_add_risk(project, kind=kind, title=title, severity=severity,
                                status=status, owner=pmo, acting_user=pmo)
        for year, planned, spent in plan["budget"]:
            actions.do_set_budget_year(project, year=year, planned=Decimal(planned),
                                       spent=Decimal(spent), acting_user=pmo)
        for pool, first, last, fte in plan["people"]:
            actions.do_allocate(project, pool=pool, first_month=first, last_month=last,
                                fte=Decimal(fte), acting_user=pmo)
        actions.do_update_project(project, progress=plan["progress"], axis=plan["axis"],
                                  acting_user=pmo)
        projects.append(project)
    if stdout:
        stdout.write(f"{len(projects)} projects in delivery\n")
    return {"projects": len(projects)}
