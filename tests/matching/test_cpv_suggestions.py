"""The need form suggests the most likely CPV codes from the text, in any of the three
languages, and one click puts a suggestion in the field without saving anything."""

import pytest
from django.urls import reverse

from synergie.matching.suggestions import suggest_cpv_codes
from synergie.needs.models import Need
from tests.needs.test_form import form_data


@pytest.mark.parametrize("text,language,expected_prefix", [
    ("Logiciel de calcul des salaires et de gestion de la paie du personnel", "fr", "79"),
    ("Nieuw loonpakket voor de personeelsadministratie en de loonberekening", "nl", "79"),
    ("Cleaning services for the municipal buildings and schools", "en", "909"),
])
def test_three_codes_are_suggested_in_each_language(db, text, language, expected_prefix):
    suggestions = suggest_cpv_codes(text, language)
    assert len(suggestions) == 3
    assert suggestions[0][0].code.startswith(expected_prefix)
    assert suggestions[0][1] >= suggestions[1][1] >= suggestions[2][1]


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
