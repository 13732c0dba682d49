"""A scenario whose constraints conflict tells its reader why, in the reader's language: each
conflict is stored as a code with parameters and written at display time, with the candidates'
titles (marked with their language, linked to their page) instead of their ids."""

import html
import re

import pytest
from django.urls import reverse
from django.utils import translation

from synergie.needs.models import NeedStatus
from synergie.portfolio.actions import record_run
from synergie.portfolio.engine.instance import parse_instance
from synergie.portfolio.engine.optimiser import SolveOptions, optimise
from synergie.portfolio.engine.result import CONFLICT_CODES
from synergie.portfolio.models import RunStatus, Scenario, ScenarioCandidate
from synergie.portfolio.presentation import CandidateNames, Title, describe_conflict
from tests.factories import NeedFactory
from tests.portfolio.conflict_cases import CONFLICT_CASES, with_ids
from tests.portfolio.test_pages import page_data

NBSP = "\u00a0"
AXIS_CODES = ("continuity", "new_service", "improvement", "policy", "regulatory")


def page(client, scenario, language: str):
    with translation.override(language):
        url = reverse("portfolio:detail", args=[scenario.pk])
    assert url.startswith(f"/{language}/")
    return client.get(url)


def conflict_box(response) -> str:
    """The conflicts as HTML, from the page's error summary."""
    content = response.content.decode()
    assert 'class="error-summary"' in content
    return content.split('class="error-summary"')[1].split("</div>")[0]


def text(markup: str) -> str:
    return html.unescape(re.sub(r"<[^>]+>", "", markup))


def assert_no_program_text(box: str) -> None:
    readable = text(box)
    assert not re.search(r"\b(need|opportunity)-\d+", readable), readable
    assert not any(re.search(rf"\b{code}\b", readable) for code in AXIS_CODES), readable
    assert "mandatory" not in readable and "forced" not in readable, readable


@pytest.fixture
def conflicting_scenario(client, secretary, django_capture_on_commit_callbacks):
    """One planning year of 100,000 EUR: two mandatory needs of 60,000 each, a mandatory Dutch
    need forced out, and a minimum of 50 % for new services that only a 10,000 EUR need could
    meet; optimised in the background like any scenario."""
    for title, language, cost, legal in (
            ("Guichet en ligne", "fr", "50000", True),
            ("Archivage électronique", "fr", "50000", True),
            ("Parkeerbeheer", "nl", "10000", True),
            ("Gestion des salles", "fr", "5000", False)):
        NeedFactory(title=title, language=language, status="in_analysis",
                    costs=[(2027, cost, "10000" if cost != "5000" else "5000")],
                    deadline_is_legal=legal)
    client.force_login(secretary)
    client.post(reverse("portfolio:list"), {"title": "Plan 2027", "first_year": 2027,
                                            "years": 1, "budget": "100000", "capacity": ""})
    scenario = Scenario.objects.get()
    ScenarioCandidate.objects.filter(need__title="Parkeerbeheer").update(
        forced="out", forced_reason="Reporté à 2029.")
    ScenarioCandidate.objects.filter(need__title="Gestion des salles").update(
        axis="new_service")
    data = page_data(client.get(scenario.get_absolute_url()), action="optimise",
                     **{"a-new_service_min": "50"})
    with django_capture_on_commit_callbacks(execute=True):
        client.post(scenario.get_absolute_url(), data)
    scenario.refresh_from_db()
    assert scenario.result["status"] == "infeasible"
    return scenario


def test_the_conflicts_are_stored_as_codes_with_parameters(conflicting_scenario):
    conflicts = conflicting_scenario.result["conflicts"]
    parking = ScenarioCandidate.objects.get(need__title="Parkeerbeheer").key
    assert {conflict["code"] for conflict in conflicts} == {
        "mandatory_forced_out", "budget_exceeded", "axis_min_unreachable"}
    forced = next(c for c in conflicts if c["code"] == "mandatory_forced_out")
    assert forced["params"] == {"candidate": parking, "reason": "Reporté à 2029."}
    assert forced["message"].startswith(f"{parking} is mandatory but forced out")


def test_a_french_reader_reads_the_conflicts_in_french_with_titles(client,
                                                                   conflicting_scenario):
    response = page(client, conflicting_scenario, "fr")
    box = conflict_box(response)
    readable = text(box)
    assert (f"«{NBSP}Parkeerbeheer{NBSP}» est obligatoire mais exclu (motif indiqué{NBSP}: "
            f"«{NBSP}Reporté à 2029.{NBSP}»).") in readable
    assert (f"nécessitent à eux seuls au moins 140{NBSP}000{NBSP}EUR du budget 2027, mais seuls "
            f"100{NBSP}000{NBSP}EUR sont disponibles{NBSP}:") in readable
    assert f"«{NBSP}Guichet en ligne{NBSP}» (60{NBSP}000{NBSP}EUR)" in readable
    assert (f"L'axe «{NBSP}Nouveau service{NBSP}» doit recevoir au moins 50{NBSP}% du budget "
            f"total (50{NBSP}000{NBSP}EUR), mais même son seul candidat dépense au plus "
            f"10{NBSP}000{NBSP}EUR sur les années du plan.") in readable
    # A Dutch title on a French page is marked as Dutch, and links to the need.
    parking = ScenarioCandidate.objects.get(need__title="Parkeerbeheer").need
    assert (f'<a href="{parking.get_absolute_url()}"><span lang="nl">Parkeerbeheer</span></a>'
            in box)
    assert_no_program_text(box)


def test_a_dutch_reader_reads_the_conflicts_in_dutch_with_titles(client, conflicting_scenario):
    box = conflict_box(page(client, conflicting_scenario, "nl"))
    readable = text(box)
    assert ("“Parkeerbeheer” is verplicht maar uitgesloten (opgegeven reden: "
            "“Reporté à 2029.”).") in readable
    assert (f"vragen alleen al minstens 140.000{NBSP}EUR van het budget 2027, maar er is slechts "
            f"100.000{NBSP}EUR beschikbaar:") in readable
    assert (f"De as “Nieuwe dienst” moet minstens 50{NBSP}% van het totale budget krijgen "
            f"(50.000{NBSP}EUR)") in readable
    assert '<span lang="fr">Guichet en ligne</span>' in box
    assert_no_program_text(box)


def test_a_candidate_the_reader_may_not_open_is_named_without_a_link(client, secretary,
                                                                     conflicting_scenario):
    # Sent back to its institution as a draft after the scenario was optimised: still named
    # in the stored conflict, but its page is no longer the committee's to open.
    parking = ScenarioCandidate.objects.get(need__title="Parkeerbeheer").need
    type(parking).objects.filter(pk=parking.pk).update(status=NeedStatus.DRAFT)
    box = conflict_box(page(client, conflicting_scenario, "fr"))
    assert parking.get_absolute_url() not in box
    assert '<span lang="nl">Parkeerbeheer</span>' in box


def test_a_result_stored_before_conflicts_had_codes_still_shows_its_message(
        client, secretary, conflicting_scenario):
    old = {**conflicting_scenario.result, "conflicts": [
        {"kind": "forced", "constraints": ["mandatory need-1", "forced out need-1"],
         "items": ["need-1"], "message": "need-1 is mandatory but forced out (reason given: "
                                         "'Reporté à 2029.')."}]}
    Scenario.objects.filter(pk=conflicting_scenario.pk).update(result=old)
    box = conflict_box(page(client, conflicting_scenario, "fr"))
    assert ('<span lang="en">need-1 is mandatory but forced out (reason given: '
            '&#x27;Reporté à 2029.&#x27;).</span>') in box


def test_the_what_if_page_says_the_conflict_in_the_readers_language(client,
                                                                    conflicting_scenario):
    # A scenario that fits, then a what-if that forces out a mandatory item.
    Scenario.objects.filter(pk=conflicting_scenario.pk).update(budget=[500000])
    ScenarioCandidate.objects.update(forced="", forced_reason="")
    scenario = Scenario.objects.get()
    scenario.instance = {**scenario.instance, "budget": [500000.0], "axis_bounds": {},
                         "candidates": [{key: value for key, value in item.items()
                                         if key not in ("forced", "reason")}
                                        for item in scenario.instance["candidates"]]}
    scenario.save(update_fields=["instance"])
    record_run(scenario.pk, status=RunStatus.DONE,
               result=optimise(parse_instance(scenario.instance)).as_dict())
    guichet = ScenarioCandidate.objects.get(need__title="Guichet en ligne").key
    with translation.override("nl"):
        url = reverse("portfolio:what_if", args=[scenario.pk])
    box = client.post(url, {"candidate": guichet, "forced": "out"}).content.decode()
    box = box.split('class="error-summary"')[1].split("</div>")[0]
    assert ("“Guichet en ligne” is verplicht maar uitgesloten (opgegeven reden: "
            "“wat-als-simulatie”).") in text(box)
    assert_no_program_text(box)


# A phrase of each code's sentence, as a French and a Dutch reader read it; the candidates
# A, B, C and D of the cases are the needs NEEDS below.
NEEDS = {"A": ("Guichet en ligne", "fr"), "B": ("Parkeerbeheer", "nl"),
         "C": ("Archivage électronique", "fr"), "D": ("Digitaal loket", "nl")}
PHRASES = {
    "mandatory_forced_out": (
        f"«{NBSP}Guichet en ligne{NBSP}» est obligatoire mais exclu (motif indiqué{NBSP}: "
        f"«{NBSP}plus nécessaire{NBSP}»).",
        "“Guichet en ligne” is verplicht maar uitgesloten (opgegeven reden: “plus "
        "nécessaire”)."),
    "needs_forced_out": (
        f"«{NBSP}Guichet en ligne{NBSP}» est obligatoire et a besoin de «{NBSP}Archivage "
        f"électronique{NBSP}» (par l'intermédiaire de «{NBSP}Parkeerbeheer{NBSP}»), mais "
        f"«{NBSP}Archivage électronique{NBSP}» est exclu",
        "“Guichet en ligne” is verplicht en heeft “Archivage électronique” nodig (via "
        "“Parkeerbeheer”), maar “Archivage électronique” is uitgesloten"),
    "starts_too_late": (
        f"«{NBSP}Parkeerbeheer{NBSP}» ne peut pas démarrer après «{NBSP}Guichet en "
        f"ligne{NBSP}», mais «{NBSP}Parkeerbeheer{NBSP}» peut démarrer au plus tôt en 2028 et "
        f"«{NBSP}Guichet en ligne{NBSP}» au plus tard en 2027.",
        "“Parkeerbeheer” kan niet later starten dan “Guichet en ligne”, maar “Parkeerbeheer” "
        "kan ten vroegste in 2028 starten en “Guichet en ligne” ten laatste in 2027."),
    "required_exclude_each_other": (
        f"«{NBSP}Parkeerbeheer{NBSP}» est forcé dans le portefeuille{NBSP}; mais "
        f"«{NBSP}Guichet en ligne{NBSP}» et «{NBSP}Parkeerbeheer{NBSP}» s'excluent "
        "mutuellement.",
        "“Parkeerbeheer” is verplicht opgenomen; maar “Guichet en ligne” en “Parkeerbeheer” "
        "sluiten elkaar uit."),
    "too_big_alone": (
        f"«{NBSP}Guichet en ligne{NBSP}» est obligatoire, mais ne tient à lui seul dans aucune "
        f"des années de démarrage possibles{NBSP}: dans chacune d'elles (2027, 2028, 2029), il "
        f"lui faut 12{NBSP}ETP de «{NBSP}dev{NBSP}» cette année-là "
        f"(disponible{NBSP}: 10{NBSP}ETP).",
        "“Guichet en ligne” is verplicht, maar past op zich al in geen enkel mogelijk "
        f"startjaar: in elk ervan (2027, 2028, 2029) is 12{NBSP}VTE van “dev” nodig in dat jaar "
        f"(beschikbaar: 10{NBSP}VTE)."),
    "budget_exceeded": (
        f"au moins 120{NBSP}000{NBSP}EUR du budget 2027, mais seuls 100{NBSP}000{NBSP}EUR sont "
        f"disponibles{NBSP}: «{NBSP}Guichet en ligne{NBSP}» (70{NBSP}000{NBSP}EUR), "
        f"«{NBSP}Parkeerbeheer{NBSP}» (50{NBSP}000{NBSP}EUR).",
        f"minstens 120.000{NBSP}EUR van het budget 2027, maar er is slechts "
        f"100.000{NBSP}EUR beschikbaar: “Guichet en ligne” (70.000{NBSP}EUR), "
        f"“Parkeerbeheer” (50.000{NBSP}EUR)."),
    "capacity_exceeded": (
        f"au moins 12,5{NBSP}ETP de «{NBSP}dev{NBSP}» en 2028, mais seuls 10{NBSP}ETP sont "
        f"disponibles{NBSP}: «{NBSP}Guichet en ligne{NBSP}» (6,5{NBSP}ETP), «{NBSP}Parkeerbeheer"
        f"{NBSP}» (6{NBSP}ETP).",
        f"minstens 12,5{NBSP}VTE van “dev” in 2028, maar er is slechts 10{NBSP}VTE beschikbaar: "
        f"“Guichet en ligne” (6,5{NBSP}VTE), “Parkeerbeheer” (6{NBSP}VTE)."),
    "beyond_horizon_exceeded": (
        f"laissent à eux seuls au moins 20{NBSP}EUR de coûts après 2029, mais seuls "
        f"15{NBSP}EUR sont disponibles pour les années suivantes{NBSP}: «{NBSP}Guichet en "
        f"ligne{NBSP}» (12{NBSP}EUR), «{NBSP}Parkeerbeheer{NBSP}» (8{NBSP}EUR).",
        f"laten alleen al minstens 20{NBSP}EUR aan kosten na 2029, maar er is maar "
        f"15{NBSP}EUR beschikbaar voor de jaren daarna: “Guichet en ligne” (12{NBSP}EUR), "
        f"“Parkeerbeheer” (8{NBSP}EUR)."),
    "axis_shares_above_total": (
        f"Les parts minimales des axes stratégiques dépassent ensemble 100{NBSP}% du "
        f"budget{NBSP}: «{NBSP}Continuité du service{NBSP}»{NBSP}: 50{NBSP}%, "
        f"«{NBSP}Réglementaire{NBSP}»{NBSP}: 60{NBSP}%.",
        f"De minimumaandelen van de strategische assen bedragen samen meer dan 100{NBSP}% van "
        f"het budget: “Continuïteit van de dienstverlening”: 50{NBSP}%, “Regelgevend”: "
        f"60{NBSP}%."),
    "axis_min_unreachable": (
        f"L'axe «{NBSP}Réglementaire{NBSP}» doit recevoir au moins 10{NBSP}% du budget total "
        f"(30{NBSP}EUR), mais même son seul candidat dépense au plus 10{NBSP}EUR sur les années "
        "du plan.",
        f"De as “Regelgevend” moet minstens 10{NBSP}% van het totale budget krijgen (30{NBSP}EUR), "
        f"maar zelfs de enige kandidaat op deze as besteedt ten hoogste 10{NBSP}EUR in de "
        "planningsjaren."),
    "axis_max_exceeded": (
        f"L'axe «{NBSP}Impulsion politique{NBSP}» peut recevoir au plus 20{NBSP}% du budget "
        f"total (60{NBSP}EUR), mais ses candidats obligatoires et forcés dans le portefeuille "
        f"dépensent à eux seuls au moins 100{NBSP}EUR{NBSP}: «{NBSP}Guichet en ligne{NBSP}».",
        f"De as “Beleidsgestuurd” mag ten hoogste 20{NBSP}% van het totale budget krijgen "
        f"(60{NBSP}EUR), maar de verplichte en verplicht opgenomen kandidaten op deze as besteden "
        f"alleen al minstens 100{NBSP}EUR: “Guichet en ligne”."),
    "combination": (
        f"Ces contraintes ne peuvent pas être toutes respectées ensemble{NBSP}: le budget "
        f"2027{NBSP}; le budget 2028{NBSP}; «{NBSP}Guichet en ligne{NBSP}» est "
        f"obligatoire{NBSP}; «{NBSP}Parkeerbeheer{NBSP}» est obligatoire{NBSP}; "
        f"«{NBSP}Archivage électronique{NBSP}» est obligatoire. Il suffirait d'assouplir",
        "Deze beperkingen kunnen niet alle tegelijk worden nageleefd: het budget 2027; het "
        "budget 2028; “Guichet en ligne” is verplicht; “Parkeerbeheer” is verplicht; "
        "“Archivage électronique” is verplicht. Eén ervan versoepelen"),
}


def test_every_code_has_a_sentence_in_french_and_dutch():
    assert set(PHRASES) == set(CONFLICT_CODES)


@pytest.mark.parametrize("code", CONFLICT_CODES)
def test_each_conflict_reads_in_french_and_dutch_on_the_scenario_page(client, secretary, code):
    needs = {letter: NeedFactory(title=title, language=language, status="in_analysis")
             for letter, (title, language) in NEEDS.items()}
    keys = {letter: f"need-{need.pk}" for letter, need in needs.items()}
    instance = with_ids(CONFLICT_CASES[code], keys)
    for item in instance["candidates"]:
        item["title"] = next(n.title for n in needs.values() if f"need-{n.pk}" == item["id"])
    scenario = Scenario.objects.create(title="Plan", first_year=2027, budget=[1],
                                       created_by=secretary, instance=instance)
    result = optimise(parse_instance(instance),
                      SolveOptions(time_limit=10, gap=0, diagnosis_time=10)).as_dict()
    assert code in {conflict["code"] for conflict in result["conflicts"]}
    record_run(scenario.pk, status=RunStatus.DONE, result=result)
    client.force_login(secretary)
    for language, phrase in zip(("fr", "nl"), PHRASES[code]):
        box = conflict_box(page(client, scenario, language))
        assert phrase in text(box), (language, text(box))
        assert_no_program_text(box)
        if "Guichet en ligne" in phrase:  # the sentence names a candidate: it links it
            assert f'href="{needs["A"].get_absolute_url()}"' in box


def test_an_item_too_big_in_a_different_way_each_start_year_reads_year_by_year():
    names = CandidateNames({"A": Title("Guichet en ligne", "fr"),
                            "B": Title("Parkeerbeheer", "nl")}, {})
    conflict = {"code": "too_big_alone", "message": "English", "params": {
        "requirement": {"root": "forced_in", "chain": ["A", "B"]}, "candidate": "B",
        "starts": [{"start_year": 2027, "limit": "budget", "year": 2028, "need": 250000.4,
                    "available": 200000.0},
                   {"start_year": 2028, "limit": "axis_max", "axis": "policy", "need": 300000,
                    "available": 120000}]}}
    with translation.override("nl"):
        readable = text(describe_conflict(conflict, names))
    assert readable == (
        "“Guichet en ligne” is verplicht opgenomen en heeft “Parkeerbeheer” nodig, maar "
        "“Parkeerbeheer” past op zich al in geen enkel mogelijk startjaar: bij een start in "
        f"2027 is 250.000{NBSP}EUR van het budget 2028 nodig (beschikbaar: 200.000{NBSP}EUR); "
        f"bij een start in 2028 is 300.000{NBSP}EUR van het maximum voor de as “Beleidsgestuurd” "
        "nodig "
        f"(beschikbaar: 120.000{NBSP}EUR).")


def test_every_constraint_of_a_combination_and_its_groups_read_in_french():
    names = CandidateNames({"A": Title("Guichet en ligne", "fr"),
                            "B": Title("Parkeerbeheer", "nl")}, {})
    constraints = [
        {"type": "capacity", "pool": "Développeurs", "year": 2028},
        {"type": "axis_min", "axis": "regulatory"}, {"type": "axis_max", "axis": "policy"},
        {"type": "dependency", "candidate": "A", "needs": "B"},
        {"type": "exclusion", "first": "A", "second": "B"},
        {"type": "forced_in", "candidate": "A"}, {"type": "forced_out", "candidate": "B"},
        {"type": "group", "group": "budget", "count": 41},
        {"type": "group", "group": "capacity", "pool": "Développeurs", "count": 41},
        {"type": "group", "group": "axis_bounds", "count": 41},
        {"type": "group", "group": "dependencies", "count": 1200},
        {"type": "group", "group": "exclusions", "count": 41},
        {"type": "group", "group": "mandatory", "count": 41},
        {"type": "group", "group": "forced", "count": 41},
    ]
    conflict = {"code": "combination", "message": "English",
                "params": {"constraints": constraints, "outcome": "relax_any_or_group"}}
    with translation.override("fr"):
        readable = text(describe_conflict(conflict, names))
    assert readable == (
        f"Ces contraintes ne peuvent pas être toutes respectées ensemble{NBSP}: "
        f"«{NBSP}Développeurs{NBSP}» en 2028{NBSP}; le minimum de l'axe «{NBSP}Réglementaire"
        f"{NBSP}»{NBSP}; le maximum de l'axe «{NBSP}Impulsion politique{NBSP}»{NBSP}; "
        f"«{NBSP}Guichet en ligne{NBSP}» a besoin de «{NBSP}Parkeerbeheer{NBSP}»{NBSP}; "
        f"«{NBSP}Guichet en ligne{NBSP}» et «{NBSP}Parkeerbeheer{NBSP}» s'excluent "
        f"mutuellement{NBSP}; «{NBSP}Guichet en ligne{NBSP}» est forcé dans le "
        f"portefeuille{NBSP}; «{NBSP}Parkeerbeheer{NBSP}» est exclu{NBSP}; le budget de chaque "
        f"année (41){NBSP}; «{NBSP}Développeurs{NBSP}» chaque année (41){NBSP}; chaque borne "
        f"des axes stratégiques (41){NBSP}; chaque dépendance (1{NBSP}200){NBSP}; chaque "
        f"exclusion mutuelle (41){NBSP}; chaque candidat obligatoire (41){NBSP}; chaque "
        f"candidat forcé ou exclu (41). Il suffirait d'assouplir l'une d'entre elles, peu "
        "importe laquelle (tout le groupe lorsqu'un groupe est cité), pour qu'un plan soit "
        "possible.")
    incomplete = {**conflict, "params": {"constraints": constraints[:1], "outcome": "incomplete"}}
    with translation.override("nl"):
        assert text(describe_conflict(incomplete, names)).endswith(
            "Sommige controles konden niet op tijd worden afgerond; de lijst kan dus langer zijn "
            "dan nodig.")


def test_a_result_without_a_plan_or_a_conflict_says_why_in_the_readers_language(
        client, secretary, small_scenario):
    Scenario.objects.filter(pk=small_scenario.pk).update(result={
        **small_scenario.result, "status": "not_solved", "selected": [], "conflicts": [],
        "message": "no plan was found within the time limit and infeasibility was not proven; "
                   "allow more time"})
    client.force_login(secretary)
    content = html.unescape(page(client, small_scenario, "nl").content.decode())
    assert "Binnen de tijdslimiet werd geen plan gevonden" in content
    assert "infeasibility was not proven" not in content
