"""Filing a need through the form: drafts, submission, and errors named next to their field."""

import re

import pytest
from django.urls import reverse

from synergie.needs.models import Need
from tests.factories import NeedFactory


def form_data(institution, **overrides):
    data = {
        "institution": institution.pk,
        "title": "Gestion électronique des dossiers sociaux",
        "description": "Le CPAS souhaite remplacer ses dossiers papier par un dossier social "
                       "électronique partagé entre les assistants sociaux.",
        "language": "fr",
        "domain": "",
        "cpv_code": "",
        "desired_start": "2027-01-01",
        "deadline": "",
        "data_dependencies": "Registre national, flux BCSS",
        "confidentiality": "regional",
        "costs-TOTAL_FORMS": "5",
        "costs-INITIAL_FORMS": "0",
        "costs-MIN_NUM_FORMS": "5",
        "costs-MAX_NUM_FORMS": "5",
        "action": "save",
    }
    for index in range(5):
        data[f"costs-{index}-year"] = str(2027 + index)
        data[f"costs-{index}-one_off"] = ""
        data[f"costs-{index}-recurring"] = ""
    data["costs-0-one_off"] = "250000"
    data["costs-0-recurring"] = "30000"
    data["costs-1-recurring"] = "30000"
    from synergie.reference.models import BusinessDomain

    data["domain"] = BusinessDomain.objects.get(code="social_action").pk
    data.update(overrides)
    return data


def error_for(response, field_id: str) -> str:
    """The error message rendered next to the input with this id, or ''."""
    html = response.content.decode()
    match = re.search(rf'<p class="error" id="{field_id}_error">(.*?)</p>', html, re.S)
    return match.group(1).strip() if match else ""


def test_save_a_draft_then_submit(client, contributor, institution):
    client.force_login(contributor)
    response = client.post(reverse("needs:create"), form_data(institution))
    need = Need.objects.get()
    assert response.status_code == 302
    assert response["Location"] == need.get_absolute_url()
    assert need.status == "draft"
    assert need.total_cost == 310000
    assert need.first_year == 2027 and need.last_year == 2028
    assert [c.year for c in need.costs.all()] == [2027, 2028]

    response = client.post(reverse("needs:edit", args=[need.pk]),
                           form_data(institution, action="submit"))
    assert response.status_code == 302
    need.refresh_from_db()
    assert need.status == "submitted"


@pytest.mark.parametrize("field,value,field_id,message", [
    ("title", "", "id_title", "This field is required."),
    ("desired_start", "2027-13-45", "id_desired_start", "Enter a valid date."),
    ("cpv_code", "1234", "id_cpv_code", "No CPV code 1234 exists."),
    ("confidentiality", "everyone", "id_confidentiality", "Select a valid choice."),
    ("costs-0-one_off", "-5", "id_costs-0-one_off", "greater than or equal to 0"),
    ("costs-0-year", "", "id_costs-0-year", "Give the year of this estimate."),
    ("costs-1-recurring", "abc", "id_costs-1-recurring", "Enter a number."),
])
def test_each_error_is_shown_next_to_its_field(client, contributor, institution, field, value,
                                                field_id, message):
    client.force_login(contributor)
    response = client.post(reverse("needs:create"), form_data(institution, **{field: value}))
    assert response.status_code == 200
    assert message in error_for(response, field_id)
    assert 'aria-invalid="true"' in response.content.decode()
    assert not Need.objects.exists()


def test_deadline_before_start_is_reported_on_the_deadline(client, contributor, institution):
    client.force_login(contributor)
    response = client.post(reverse("needs:create"),
                           form_data(institution, deadline="2026-06-30"))
    assert "cannot be before the desired start" in error_for(response, "id_deadline")
    assert not Need.objects.exists()


def test_repeated_year_is_reported_on_the_costs(client, contributor, institution):
    client.force_login(contributor)
    response = client.post(reverse("needs:create"),
                           form_data(institution, **{"costs-1-year": "2027"}))
    assert "Each year can appear only once." in error_for(response, "costs")
    assert not Need.objects.exists()


def test_horizon_longer_than_five_years_is_refused(client, contributor, institution):
    client.force_login(contributor)
    response = client.post(reverse("needs:create"),
                           form_data(institution, **{"costs-1-year": "2034"}))
    assert "at most 5 years" in error_for(response, "costs")


def test_submitting_an_incomplete_need_names_each_missing_field_and_keeps_the_draft(
    client, contributor, institution
):
    need = NeedFactory(institution=institution, status="draft", title="Ancien titre",
                       created_by=contributor)
    client.force_login(contributor)
    response = client.post(
        reverse("needs:edit", args=[need.pk]),
        form_data(institution, title="Nouveau titre", description="", domain="",
                  action="submit"),
    )
    assert response.status_code == 200
    assert "Describe the need before submitting it." in error_for(response, "id_description")
    assert "Choose a business domain before submitting." in error_for(response, "id_domain")
    # What the user typed is still in the form, and nothing half-written was stored.
    assert 'value="Nouveau titre"' in response.content.decode()
    need.refresh_from_db()
    assert need.title == "Ancien titre"
    assert need.status == "draft"


def test_submitting_without_any_cost_is_reported_on_the_costs(client, contributor, institution):
    client.force_login(contributor)
    data = form_data(institution, action="submit", **{"costs-0-one_off": "",
                                                      "costs-0-recurring": "",
                                                      "costs-1-recurring": ""})
    response = client.post(reverse("needs:create"), data)
    assert "Estimate the cost of at least one year" in error_for(response, "costs")
    assert not Need.objects.exists()


def test_a_contributor_cannot_file_for_another_institution(client, contributor, other_institution):
    client.force_login(contributor)
    response = client.post(reverse("needs:create"), form_data(other_institution))
    assert response.status_code == 200
    assert "Select a valid choice" in error_for(response, "id_institution")
    assert not Need.objects.exists()


def test_an_oversized_request_is_refused_without_storing_anything(client, contributor, institution):
    client.force_login(contributor)
    response = client.post(reverse("needs:create"),
                           form_data(institution, description="x" * (3 * 1024 * 1024)))
    assert response.status_code == 400
    assert not Need.objects.exists()


def test_a_forged_request_without_csrf_token_is_refused(contributor, institution):
    from django.test import Client

    client = Client(enforce_csrf_checks=True)
    client.force_login(contributor)
    response = client.post(reverse("needs:create"), form_data(institution))
    assert response.status_code == 403
    assert not Need.objects.exists()


def test_the_form_offers_five_cost_years_and_the_interface_language(client, contributor):
    client.force_login(contributor)
    response = client.get(reverse("needs:create").replace("/en/", "/nl/"))
    html = response.content.decode()
    assert html.count('name="costs-') >= 15
    assert '<option value="nl" selected>' in html
