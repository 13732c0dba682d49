"""The need form suggests the most likely CPV codes from the text, in any of the three
languages, and one click puts a suggestion in the field without saving anything. Needs here
are digital: a text about software gets codes of the digital divisions, a text about something
else the codes that fit it."""

import re

import pytest
from django.urls import reverse

from synergie.matching.engine.cpv import is_digital
from synergie.matching.suggestions import suggest_cpv_codes
from synergie.needs.models import Need
from tests.needs.test_form import form_data


@pytest.mark.parametrize("text,language,expected_prefix", [
    # Payroll software, not payroll services (79): the text says "logiciel".
    ("Logiciel de calcul des salaires et de gestion de la paie du personnel", "fr", "48"),
    ("Nieuw loonpakket voor de personeelsadministratie en de loonberekening", "nl", "79"),
    ("Cleaning services for the municipal buildings and schools", "en", "909"),
])
def test_three_codes_are_suggested_in_each_language(db, text, language, expected_prefix):
    suggestions = suggest_cpv_codes(text, language)
    assert len(suggestions) == 3
    assert suggestions[0][0].code.startswith(expected_prefix)
    assert suggestions[0][1] >= suggestions[1][1] >= suggestions[2][1]


CEMETERY_SOFTWARE = {
    "fr": "Logiciel de gestion des cimetières : registre des sépultures, concessions et plan du "
          "cimetière, recherche d'une tombe en ligne",
    "nl": "Digitaal beheer van de gemeentelijke begraafplaats: een toepassing voor het "
          "grafregister, de concessies en het plan van de begraafplaats",
}


@pytest.mark.parametrize("language", ["fr", "nl"])
def test_cemetery_software_gets_software_codes_not_cemetery_works(db, language):
    codes = [code.code for code, _ in suggest_cpv_codes(CEMETERY_SOFTWARE[language], language)]
    assert len(codes) == 3
    assert all(is_digital(code) for code in codes), codes
    assert "45215400" not in codes  # cemetery works


def test_the_form_suggests_and_a_click_fills_the_field_without_saving(client, contributor,
                                                                     institution):
    client.force_login(contributor)
    data = form_data(institution, action="suggest_cpv",
                     title="Nettoyage des bâtiments communaux",
                     description="Entretien et nettoyage quotidien de 12 bâtiments.")
    response = client.post(reverse("needs:create"), data)
    suggestions = response.context["cpv_suggestions"]
    assert len(suggestions) == 3
    best = suggestions[0][0].code
    assert best.startswith("909")
    assert not Need.objects.exists()

    data.pop("action")
    response = client.post(reverse("needs:create"), {**data, "use_cpv": best})
    assert response.status_code == 200
    assert f'value="{best}"' in response.content.decode()  # now in the CPV field
    assert not Need.objects.exists()


def shown(response) -> list[str]:
    """The hidden "shown" fields a browser sends back with the next click on the form."""
    return re.findall(r'name="shown" value="(\w+)"', response.content.decode())


def test_each_look_up_keeps_what_the_other_showed(client, indexed_needs):
    """'Suggest CPV codes' and 'look for similar needs' re-render the form on the server: each
    keeps the other's list on screen."""
    needs, authors = indexed_needs
    client.force_login(authors["parking"])
    data = form_data(needs["parking"].institution, language="fr", title="Logiciel de paie",
                     description="Logiciel de calcul des salaires du personnel et fiches de "
                                 "paie, relié au secrétariat social.")
    url = reverse("needs:create")

    similar_first = client.post(url, {**data, "action": "find_similar"})
    assert needs["payroll_nl"].title in similar_first.content.decode()
    then_cpv = client.post(url, {**data, "action": "suggest_cpv", "shown": shown(similar_first)})
    assert len(then_cpv.context["cpv_suggestions"]) == 3
    assert needs["payroll_nl"].title in then_cpv.content.decode()

    code = then_cpv.context["cpv_suggestions"][0][0].code
    then_use = client.post(url, {**data, "use_cpv": code, "shown": shown(then_cpv)})
    assert needs["payroll_nl"].title in then_use.content.decode()  # picking a code keeps it
    assert len(then_use.context["cpv_suggestions"]) == 3

    cpv_first = client.post(url, {**data, "action": "suggest_cpv"})
    then_similar = client.post(url, {**data, "action": "find_similar", "shown": shown(cpv_first)})
    assert len(then_similar.context["cpv_suggestions"]) == 3
    assert needs["payroll_nl"].title in then_similar.content.decode()
    assert not Need.objects.filter(title="Logiciel de paie").exists()
