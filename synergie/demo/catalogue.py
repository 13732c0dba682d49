"""Demo data of the catalogue: a handful of regional solutions (the white paper names ServiceNow
as the regional service desk), their service agreements, suppliers' contracts, compliance
documents, and their adoption by several institutions, with one institution that left and one
request to join waiting. Everything through the catalogue's actions, as the orchestrator would.

Call `load()` after `synergie.demo.load.load_demo` (it reads the institutions and the demo
users that created). Dates are counted back from `today` so that adoption stays recent."""

from dataclasses import dataclass, field
from datetime import date, timedelta
from decimal import Decimal

from synergie.accounts.models import User
from synergie.catalogue import actions
from synergie.catalogue.models import Solution, Supplier
from synergie.institutions.models import Institution
from synergie.reference.models import BusinessDomain, Capability, CpvCode


@dataclass(frozen=True)
class DemoSolution:
    names: tuple[str, str, str]
    summaries: tuple[str, str, str]
    description_fr: str
    description_nl: str
    domain: str
    capabilities: tuple[str, ...]
    cpv: tuple[str, ...]
    support_hours: str
    price_model: str
    price: str
    availability: str
    # priority: (response hours, resolution hours)
    targets: dict = field(default_factory=dict)
    criteria: tuple[bool, bool, bool, bool] = (True, True, True, True)
    supplier: str = ""
    contract: tuple[str, int, int, str, str] | None = None  # ref, years back, years on, ceiling, consumed
    landing_url: str = ""
    # institution code, stage, days ago, reason
    adoption: tuple = ()


SOLUTIONS = (
    DemoSolution(
        ("Service desk régional (ServiceNow)", "Gewestelijke servicedesk (ServiceNow)",
         "Regional service desk (ServiceNow)"),
        ("Gestion des incidents et demandes informatiques, avec portail pour les agents",
         "Beheer van IT-incidenten en -aanvragen, met een portaal voor de medewerkers",
         "IT incident and request management, with a portal for staff"),
        "La Solution Numérique Régionale pour la gestion d'un service desk : enregistrement et "
        "suivi des incidents et des demandes, base de connaissances, catalogue de services et "
        "rapports de niveaux de service, opérée par le Centre d'informatique régional.",
        "De gewestelijke digitale oplossing voor het beheer van een servicedesk: registratie en "
        "opvolging van incidenten en aanvragen, kennisbank, dienstencatalogus en rapporten over "
        "de serviceniveaus, uitgebaat door het gewestelijke informaticacentrum.",
        "it_infrastructure", ("service_desk",), ("72253000", "48000000"), "business", "per_user",
        "180", "99.5", {"1": ("0.5", "4"), "2": ("2", "8"), "3": ("4", "24"), "4": ("8", "72")},
        supplier="ServiceNow Belgium", contract=("BRU-ITSM-2024-003", 2, 3, "2400000", "1130000"),
        landing_url="https://www.servicenow.com",
        adoption=(("COM-21001", "live", 540, ""), ("COM-21004", "live", 420, ""),
                  ("CPAS-21015", "live", 300, ""), ("PZ-5341", "onboarding", 40, ""),
                  ("COM-21009", "leaving", 20, "Keeps its own TOPdesk until its contract ends "
                   "in 13 months, then comes back."))),
    DemoSolution(
        ("Guichet électronique IRISbox", "Elektronisch loket IRISbox", "IRISbox e-counter"),
        ("Démarches en ligne des citoyens et paiement, pour communes et CPAS",
         "Online aanvragen en betalingen van burgers, voor gemeenten en OCMW's",
         "Citizens' online procedures and payment, for municipalities and social welfare "
         "centres"),
        "Le guichet électronique régional : formulaires en ligne, authentification par carte "
        "d'identité ou itsme, paiement et suivi des demandes (extraits d'actes, certificats).",
        "Het gewestelijke elektronische loket: onlineformulieren, aanmelden met identiteitskaart "
        "of itsme, betaling en opvolging van aanvragen (uittreksels, getuigschriften).",
        "citizen_services", ("citizen_e_counter",), ("72212000",), "business", "free", "0",
        "99.0", {"1": ("1", "8"), "2": ("4", "16"), "3": ("8", "40")},
        supplier="Paradigm", contract=("PARADIGM-SLA-IRISBOX", 4, 2, "900000", "610000"),
        landing_url="https://irisbox.irisnet.be",
        adoption=(("COM-21001", "live", 900, ""), ("COM-21004", "live", 800, ""),
                  ("COM-21009", "live", 700, ""), ("CPAS-21015", "interested", 15, ""))),
    DemoSolution(
        ("Fix My Street", "Fix My Street", "Fix My Street"),
        ("Signalement des problèmes sur la voirie et suivi de leur résolution",
         "Meldingen van problemen op de openbare weg en opvolging van hun oplossing",
         "Reporting street problems and following their resolution"),
        "Les citoyens signalent un dépôt clandestin, un nid-de-poule ou un éclairage en panne ; "
        "la commune ou Bruxelles Mobilité traite l'incident et le citoyen suit son avancement.",
        "Burgers melden sluikstort, een put in de weg of defecte verlichting; de gemeente of "
        "Brussel Mobiliteit behandelt het incident en de burger volgt de voortgang.",
        "environment", ("waste_collection",), ("72212000",), "business", "free", "0", "98.5",
        {"2": ("8", "40"), "3": ("16", "80")}, criteria=(True, True, True, False),
        supplier="Paradigm", contract=("PARADIGM-SLA-FMS", 5, 1, "350000", "290000"),
        adoption=(("COM-21001", "live", 1200, ""), ("COM-21004", "onboarding", 60, ""))),
    DemoSolution(
        ("Paie mutualisée des pouvoirs locaux", "Gedeelde loonadministratie van de lokale "
         "besturen", "Shared payroll for local authorities"),
        ("Calcul des salaires, barèmes et fiches de paie, relié au secrétariat social",
         "Berekening van lonen, weddeschalen en loonfiches, gekoppeld aan het sociaal "
         "secretariaat", "Salary calculation, pay scales and payslips, linked to the social "
         "secretariat"),
        "Un logiciel de paie commun aux communes et CPAS : barèmes des pouvoirs locaux, "
        "carrières, fiches de paie, déclarations DmfAPPL, avec accompagnement à la migration.",
        "Een gemeenschappelijk loonpakket voor gemeenten en OCMW's: weddeschalen van de lokale "
        "besturen, loopbanen, loonfiches, DmfAPPL-aangiften, met begeleiding bij de migratie.",
        "hr", ("payroll", "personnel_management"), ("48450000",), "business", "flat", "24000",
        "99.0", {"1": ("1", "8"), "2": ("4", "16"), "3": ("8", "40"), "4": ("16", "80")},
        criteria=(True, True, False, False), adoption=(("CPAS-21015", "interested", 30, ""),)),
)
COMPLIANCE = (("dpia", "Analyse d'impact relative à la protection des données", 200),
              ("processing", "Contrat de sous-traitance type (art. 28 RGPD)", 400),
              ("security", "Rapport de test d'intrusion", 90))


def _user(username: str) -> User:
    return User.objects.get(username=username)


def load(today: date | None = None) -> dict[str, Solution]:
    today = today or date.today()
    analyst = _user("lucas.martin")
    institutions = {institution.code: institution for institution in Institution.objects.all()}
    capabilities = {capability.code: capability for capability in Capability.objects.all()}
    domains = {domain.code: domain for domain in BusinessDomain.objects.all()}
    made = {}
    for demo in SOLUTIONS:
        labelled = all(demo.criteria)
        solution = actions.do_create_solution(
            acting_user=analyst,
            capabilities=[capabilities[code] for code in demo.capabilities if code in capabilities],
            cpv_codes=list(CpvCode.objects.filter(code__in=demo.cpv)),
            name_fr=demo.names[0], name_nl=demo.names[1], name_en=demo.names[2],
            summary_fr=demo.summaries[0], summary_nl=demo.summaries[1],
            summary_en=demo.summaries[2], description_fr=demo.description_fr,
            description_nl=demo.description_nl, domain=domains.get(demo.domain),
            meets_business_need=demo.criteria[0], has_fitting_product=demo.criteria[1],
            has_public_contract=demo.criteria[2], has_regional_gain=demo.criteria[3],
            label_status="labelled" if labelled else "candidate",
            landing_url=demo.landing_url, availability_target=Decimal(demo.availability),
            support_hours=demo.support_hours, price_model=demo.price_model,
            price_per_institution=Decimal(demo.price),
            implementation_support="Atelier de lancement, reprise des données et formation des "
                                   "référents (deux jours par institution).\nStartworkshop, "
                                   "overname van de gegevens en opleiding van de referenten "
                                   "(twee dagen per instelling).",
            change_support="Formation des agents en ligne et en présentiel.\nOpleiding van de "
                           "medewerkers online en ter plaatse.")
        actions.do_set_service_targets(solution, {
            priority: {"response_hours": Decimal(response), "resolution_hours": Decimal(hours)}
            for priority, (response, hours) in demo.targets.items()}, acting_user=analyst)
        if demo.contract:
            reference, back, on, ceiling, consumed = demo.contract
            supplier, _ = Supplier.objects.get_or_create(name=demo.supplier)
            actions.do_add_solution_item(
                solution, "contract", acting_user=analyst, supplier=supplier,
                framework_reference=reference,
                start_date=today.replace(year=today.year - back, month=1, day=1),
                end_date=today.replace(year=today.year + on, month=12, day=31),
                ceiling=Decimal(ceiling), consumed=Decimal(consumed),
                ola_availability=Decimal(demo.availability) + Decimal("0.2"),
                ola_response_hours=Decimal("1"), ola_resolution_hours=Decimal("6"))
        for kind, title, days in COMPLIANCE[:3 if labelled else 1]:
            actions.do_add_solution_item(
                solution, "document", acting_user=analyst, kind=kind, title=title,
                url=f"https://documents.example.brussels/{solution.pk}/{kind}.pdf",
                issued_on=today - timedelta(days=days),
                valid_until=today + timedelta(days=730) if kind == "security" else None)
        actions.do_add_solution_item(solution, "referent", acting_user=analyst,
                                     institution=None, name="Lucas Martin",
                                     email="lucas.martin@example.brussels")
        actions.do_add_solution_item(
            solution, "link", acting_user=analyst, title="Guide de démarrage", language="fr",
            url=f"https://documentation.example.brussels/{solution.pk}/demarrage")
        actions.do_add_solution_item(
            solution, "link", acting_user=analyst, title="Startgids", language="nl",
            url=f"https://documentation.example.brussels/{solution.pk}/start")
        for code, stage, days, reason in demo.adoption:
            institution = institutions.get(code)
            if institution is None:
                continue
            steps = {"interested": ["interested"], "onboarding": ["interested", "onboarding"],
                     "live": ["interested", "onboarding", "live"],
                     "leaving": ["interested", "onboarding", "live", "leaving"]}[stage]
            # Earlier steps a few months apart, the last one `days` ago.
            for position, step in enumerate(steps):
                on = today - timedelta(days=days + 90 * (len(steps) - 1 - position))
                actions.do_change_adoption(
                    solution, institution, stage=step, on=on,
                    reason=reason if step == "leaving" else "", acting_user=analyst)
        made[demo.names[2]] = solution
    _join_request_waiting(made["Regional service desk (ServiceNow)"], institutions)
    return made


def _join_request_waiting(solution: Solution, institutions) -> None:
    """A social welfare centre that does not use the service desk yet asks to join: the
    orchestrator has an answer to give."""
    from synergie.accounts.models import Membership

    member = (Membership.objects.filter(role__code="contributor",
                                        institution__kind="social_welfare_centre")
              .exclude(institution__adoptions__solution=solution)
              .select_related("user", "institution").order_by("institution__code").first())
    if member:
        actions.do_request_joining(
            solution, member.institution, acting_user=member.user,
            message="Notre service informatique souhaiterait quitter son outil de tickets "
                    "actuel au premier trimestre.")
