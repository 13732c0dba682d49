"""A need's form refuses what would hurt everyone else: a pasted document as description, dates
in year 1 or 9999, a cost table cut short by a forged form; control and right-to-left override
characters never reach the database."""

import pytest
from django.core.exceptions import ValidationError
from django.urls import reverse

from synergie.kernel.text import LONG_TEXT_MAX
from synergie.needs.actions import do_create_need, do_update_need
from synergie.needs.models import Need
from tests.needs.test_form import error_for, form_data


@pytest.mark.parametrize("field", ["description", "data_dependencies"])
def test_an_over_long_text_is_refused_under_its_field_and_nothing_is_stored(
        client, contributor, institution, field):
    client.force_login(contributor)
    response = client.post(reverse("needs:create"),
                           form_data(institution, **{field: "mots" * 6000}))
    assert response.status_code == 200
    assert error_for(response, f"id_{field}") == (
        f"Keep this text to {LONG_TEXT_MAX} characters; it has 24000. Summarise long documents "
        "here rather than pasting them.")
    assert not Need.objects.exists()
    # What was typed is still in the form, to shorten.
    assert response.context["form"][field].value().startswith("motsmots")


def test_an_action_refuses_an_over_long_description_too(contributor, institution):
    need = do_create_need(institution=institution, title="Archivage", language="fr",
                          acting_user=contributor)
    with pytest.raises(ValidationError) as raised:
        do_update_need(need, description="x" * (LONG_TEXT_MAX + 1), acting_user=contributor)
    assert list(raised.value.message_dict) == ["description"]
    need.refresh_from_db()
    assert need.description != "x" * (LONG_TEXT_MAX + 1)


@pytest.mark.parametrize("field, value", [("desired_start", "0001-01-01"),
                                          ("deadline", "9999-12-31"),
                                          ("desired_start", "1999-12-31")])
def test_a_date_outside_2000_2100_is_refused_under_its_field(client, contributor, institution,
                                                             field, value):
    client.force_login(contributor)
    response = client.post(reverse("needs:create"), form_data(institution, **{field: value}))
    assert error_for(response, f"id_{field}") == "Give a date between 2000 and 2100."
    assert not Need.objects.exists()


def test_the_date_pickers_offer_only_those_years(client, contributor):
    client.force_login(contributor)
    html = client.get(reverse("needs:create")).content.decode()
    assert 'min="2000-01-01"' in html and 'max="2100-12-31"' in html


@pytest.mark.parametrize("total", ["-1", "0", "3"])
def test_a_forged_cost_table_is_refused_and_the_costs_stay(client, contributor, institution,
                                                           total):
    client.force_login(contributor)
    client.post(reverse("needs:create"), form_data(institution))
    need = Need.objects.get()
    costs = list(need.costs.values_list("year", "one_off", "recurring"))
    assert costs
    response = client.post(reverse("needs:edit", args=[need.pk]),
                           form_data(institution, title="Autre titre",
                                     **{"costs-TOTAL_FORMS": total}))
    assert response.status_code == 200
    assert "The cost estimate did not arrive whole, so nothing was saved." in \
        response.content.decode()
    need.refresh_from_db()
    assert need.title != "Autre titre"
    assert list(need.costs.values_list("year", "one_off", "recurring")) == costs


def test_control_and_bidi_characters_are_removed_from_what_is_typed(client, contributor,
                                                                   institution):
    client.force_login(contributor)
    response = client.post(reverse("needs:create"), form_data(
        institution, title="Paie\x0b des agents \u202eesrever\u202c",
        description="Premier paragraphe.\x0bSecond\x00 paragraphe.\r\n\tFin."))
    assert response.status_code == 302
    need = Need.objects.get()
    assert need.title == "Paie des agents esrever"
    assert need.description == "Premier paragraphe.\nSecond paragraphe.\r\n\tFin."


def test_an_action_removes_them_too(contributor, institution):
    need = do_create_need(institution=institution, title="Archives\x0bcourantes\u202e",
                          language="fr",
                          description="a\x07b", acting_user=contributor)
    need.refresh_from_db()
    assert (need.title, need.description) == ("Archives courantes", "ab")
