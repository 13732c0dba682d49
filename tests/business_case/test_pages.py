"""An analyst builds an opportunity's regional business case on its page; the figures are the
engine's, the label's fourth criterion follows them, and the spreadsheet downloads."""

import io

import openpyxl
import pytest
from django.urls import reverse

from synergie.audit.log import history_of
from synergie.business_case.models import BusinessCase
from synergie.opportunities.actions import do_create_opportunity


@pytest.fixture
def opportunity(indexed_needs, analyst_user):
    needs, _ = indexed_needs
    # Each payroll need declares 100,000 one-off + 10,000 recurring in 2027.
    return do_create_opportunity(title="Paie", needs=[needs["payroll_fr"], needs["payroll_nl"]],
                                 acting_user=analyst_user)


def post_inputs(client, opportunity, **overrides):
    data = {"first_year": 2027, "horizon": 1, "discount_rate": "0", "split_key": "equal",
            "onboarding_per_member": "5000", "shared_one_off_0": "120000",
            "shared_recurring_0": "10000", "orchestrator_overhead_0": "2000",
            "change_support_per_member_0": "0"}
    # One row of inputs per institution of the opportunity's needs, saved or not yet.
    for institution_id in set(opportunity.needs.values_list("institution_id", flat=True)):
        data.update({f"m{institution_id}-users": 100, f"m{institution_id}-declared_usage": 1,
                     f"m{institution_id}-joins_in_year": 2027})
    data.update(overrides)
    return client.post(reverse("business_case:page", args=[opportunity.pk]), data)


def test_the_analyst_builds_the_case_and_reads_the_gain(client, opportunity, analyst_user):
    client.force_login(analyst_user)
    assert client.get(reverse("business_case:page", args=[opportunity.pk])).status_code == 200
    response = post_inputs(client, opportunity)
    assert response.status_code == 302
    page = client.get(reverse("business_case:page", args=[opportunity.pk]))
    result = page.context["result"]
    # Alone: 2 × (100,000 + 10,000) = 220,000. Pooled: 120,000 + 10,000 + 2,000 + 2 × 5,000.
    assert result.separate.present_value == pytest.approx(220000)
    assert result.pooled.present_value == pytest.approx(142000)
    assert result.regional_gain == pytest.approx(78000)
    assert page.context["label"].met
    assert [m.gain for m in result.members] == pytest.approx([39000, 39000])
    entry = history_of(opportunity).first()
    assert entry.changes["business_case.discount_rate"]["after"] == "0"


def test_a_losing_case_fails_the_fourth_criterion(client, opportunity, analyst_user):
    client.force_login(analyst_user)
    client.get(reverse("business_case:page", args=[opportunity.pk]))
    post_inputs(client, opportunity, shared_one_off_0="300000")
    page = client.get(reverse("business_case:page", args=[opportunity.pk]))
    assert page.context["result"].regional_gain < 0
    assert not page.context["label"].met


def test_a_bad_input_is_named_and_nothing_is_saved(client, opportunity, analyst_user):
    client.force_login(analyst_user)
    client.get(reverse("business_case:page", args=[opportunity.pk]))
    response = post_inputs(client, opportunity, discount_rate="40", shared_one_off_0="-5")
    assert response.status_code == 200
    html = response.content.decode()
    assert 'id="id_discount_rate_error"' in html and 'id="id_shared_one_off_0_error"' in html
    # Opening the page and a refused save store nothing, not even a blank case.
    assert not BusinessCase.objects.filter(opportunity=opportunity).exists()


def test_the_spreadsheet_downloads_with_live_formulas(client, opportunity, analyst_user):
    client.force_login(analyst_user)
    client.get(reverse("business_case:page", args=[opportunity.pk]))
    post_inputs(client, opportunity)
    response = client.get(reverse("business_case:xlsx", args=[opportunity.pk]))
    assert response["Content-Type"].startswith("application/vnd.openxmlformats")
    workbook = openpyxl.load_workbook(io.BytesIO(response.content))
    formulas = [cell.value for sheet in workbook for row in sheet.iter_rows() for cell in row
                if isinstance(cell.value, str) and cell.value.startswith("=")]
    assert len(formulas) > 50


def test_readers_who_may_not_edit_cannot_open_a_missing_case(client, opportunity, indexed_needs):
    _, authors = indexed_needs
    client.force_login(authors["payroll_fr"])
    assert client.get(reverse("business_case:page", args=[opportunity.pk])).status_code == 403
    assert not BusinessCase.objects.exists()
