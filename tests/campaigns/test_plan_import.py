"""The plan import: preview with errors by line and column, all-or-nothing import."""

import csv
import io
from datetime import date
from decimal import Decimal

import openpyxl
import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse
from django.utils import translation

from synergie.campaigns import actions
from synergie.campaigns.follow import follow
from synergie.campaigns.models import AnswerKind, Campaign, CampaignAnswer, PlanUpload
from synergie.campaigns.plan_import import (
    MAX_LINES,
    headers,
    parse_amount,
    read_plan,
    template_csv,
    template_xlsx,
)
from synergie.needs.models import Need
from synergie.reference.models import CpvCode
from tests.factories import human_resources_domain, user_with_role


def csv_file(rows, language="en", delimiter=";") -> bytes:
    out = io.StringIO()
    writer = csv.writer(out, delimiter=delimiter)
    writer.writerow(headers(language))
    for row in rows:
        writer.writerow(row)
    return out.getvalue().encode("utf-8")


def line(title="Payroll software", domain="hr", cpv="", start="2027-01-01", deadline="",
         legal="no", confidentiality="regional", year="2027", one_off="12 500,50",
         recurring="1000", years="3", language="fr"):
    return [title, "Salaires de 300 agents", language, domain, cpv, start, deadline, legal,
            confidentiality, year, one_off, recurring, years]


@pytest.fixture
def campaign(analyst):
    return actions.do_open_campaign(year=2027, deadline=date(2026, 11, 30),
                                    reminder_dates=[date(2026, 11, 1)], acting_user=analyst)


@pytest.fixture
def hr(db):
    return human_resources_domain()


@pytest.mark.parametrize("text,expected", [
    ("12 500,50", "12500.50"), ("12.500,50", "12500.50"), ("12500.5", "12500.5"),
    ("12\u00a0500", "12500"), ("1.250.000", "1250000"), ("12,5", "12.5"), ("€ 300", "300"),
    ("1,250.75", "1250.75"),
])
def test_amounts_the_belgian_way(text, expected):
    assert parse_amount(text) == Decimal(expected)


@pytest.mark.parametrize("text", ["12,5,0", "abc", "1..2", "NaN"])
def test_wrong_amounts(text):
    with pytest.raises(ValueError):
        parse_amount(text)


def test_a_good_plan_reads_every_line(db, hr):
    CpvCode.objects.get_or_create(code="48450000", defaults={
        "label_fr": "Logiciels de paie", "label_nl": "Salarissoftware", "label_en": "Payroll"})
    reading = read_plan("plan.csv", csv_file([line(cpv="48450000-7"), line(title="Second",
                                              recurring="", years="")]))
    assert reading.is_valid, [(each.number, each.errors) for each in reading.lines]
    first, second = reading.lines
    assert first.fields["cpv_code"].code == "48450000"
    assert [(c.year, c.one_off, c.recurring) for c in first.costs] == [
        (2027, Decimal("12500.50"), Decimal("1000")), (2028, 0, Decimal("1000")),
        (2029, 0, Decimal("1000"))]
    assert [c.year for c in second.costs] == [2027]


def test_every_error_names_its_line_and_column(db, hr):
    reading = read_plan("plan.csv", csv_file([
        line(),
        line(title="", domain="nope", start="31/13/2027", one_off="douze", cpv="123"),
        line(legal="maybe", confidentiality="secret", years="9", year="20x7"),
    ]))
    assert not reading.is_valid
    assert reading.lines[0].errors == []
    errors = {(each.number, e.column) for each in reading.lines for e in each.errors}
    assert {(3, "Title"), (3, "Business domain (code)"), (3, "Desired start (YYYY-MM-DD)"),
            (3, "One-off cost (EUR)"), (3, "CPV code"), (4, "Legal deadline (yes/no)"),
            (4, "Confidentiality (institution, regional, public)"),
            (4, "Years of recurring cost"), (4, "First budget year")} <= errors


def test_errors_in_the_readers_language(db, hr):
    with translation.override("fr"):
        reading = read_plan("plan.csv", csv_file([line(domain="nope")], language="nl"))
        message = reading.lines[0].errors[0]
        assert message.column == headers("fr")[3]
        assert "nope" in message.message
        assert message.message != "Unknown business domain code “nope”."


def test_unknown_headers_missing_columns_and_file_types(db, hr):
    content = b"Title;Colour\nA;red\n"
    reading = read_plan("plan.csv", content)
    assert any("Colour" in e for e in reading.errors)
    assert any("Business domain" in e for e in reading.errors)
    assert read_plan("plan.pdf", b"%PDF").errors
    assert read_plan("plan.xlsx", b"not a zip").errors
    assert read_plan("plan.csv", b"PK\x03\x04zip").errors
    assert read_plan("plan.csv", b"").errors
    assert read_plan("plan.csv", b"x" * (10 * 1024 * 1024 + 1)).errors


def test_too_many_lines(db, hr):
    reading = read_plan("plan.csv", csv_file([line()] * (MAX_LINES + 1)))
    assert reading.errors and "500" in reading.errors[0]


def test_xlsx_with_real_dates_and_numbers(db, hr):
    workbook = openpyxl.Workbook()
    sheet = workbook.active
    sheet.append(headers("nl"))
    sheet.append(["Loonsoftware", "", "nl", "hr", None, date(2027, 2, 1), None, "nee", None,
                  2027, 12500.5, 100, 2])
    out = io.BytesIO()
    workbook.save(out)
    reading = read_plan("plan.xlsx", out.getvalue())
    assert reading.is_valid, reading.lines[0].errors
    assert reading.lines[0].fields["desired_start"] == date(2027, 2, 1)
    assert reading.lines[0].total == Decimal("12700.5")


def test_templates_carry_headers_in_each_language(db, hr):
    for language in ("fr", "nl", "en"):
        assert template_csv(language).decode("utf-8-sig").strip() == ";".join(headers(language))
        sheet = openpyxl.load_workbook(io.BytesIO(template_xlsx(language))).worksheets[0]
        assert [c.value for c in sheet[1]] == headers(language)
    assert headers("fr") != headers("nl") != headers("en")


def test_preview_then_confirm_imports_all(client, campaign, contributor, institution, hr):
    client.force_login(contributor)
    upload = SimpleUploadedFile("plan.csv", csv_file([line(), line(title="Second")]))
    response = client.post(reverse("campaigns:answer", args=[campaign.pk]),
                           {"institution": institution.pk, "file": upload})
    stored = PlanUpload.objects.get()
    assert response.status_code == 302
    assert Need.objects.count() == 0  # nothing stored before confirmation
    preview = reverse("campaigns:preview", args=[campaign.pk, stored.pk])
    page = client.get(preview)
    assert page.status_code == 200 and "Payroll software" in page.content.decode()
    assert Need.objects.count() == 0
    client.post(preview)
    assert Need.objects.filter(institution=institution).count() == 2
    answer = CampaignAnswer.objects.get()
    assert answer.kind == AnswerKind.IMPORTED and answer.needs_count == 2
    need = Need.objects.get(title="Payroll software")
    assert need.total_cost == Decimal("15500.50")
    assert need.created_by == contributor
    # The import cannot be confirmed twice.
    client.post(preview)
    assert Need.objects.count() == 2


def test_a_plan_with_errors_stores_nothing(client, campaign, contributor, institution, hr):
    client.force_login(contributor)
    client.post(reverse("campaigns:answer", args=[campaign.pk]), {
        "institution": institution.pk,
        "file": SimpleUploadedFile("plan.csv", csv_file([line(), line(domain="nope")]))})
    stored = PlanUpload.objects.get()
    preview = reverse("campaigns:preview", args=[campaign.pk, stored.pk])
    page = client.get(preview).content.decode()
    assert "Unknown business domain code" in page and "nope" in page
    response = client.post(preview)
    assert response.status_code == 400
    assert Need.objects.count() == 0 and not CampaignAnswer.objects.exists()


def test_all_or_nothing_when_a_need_fails_late(campaign, contributor, institution, hr,
                                                monkeypatch):
    upload = actions.do_upload_plan(campaign, institution, filename="plan.csv",
                                    content=csv_file([line(), line(title="Second")]),
                                    acting_user=contributor)
    from django.core.exceptions import ValidationError

    from synergie.campaigns import actions as campaign_actions

    real = campaign_actions.do_create_need
    calls = []

    def failing(**kwargs):
        calls.append(1)
        if len(calls) == 2:
            raise ValidationError("boom")
        return real(**kwargs)

    monkeypatch.setattr(campaign_actions, "do_create_need", failing)
    with pytest.raises(ValidationError, match="Line 3"):
        actions.do_import_plan(upload, acting_user=contributor)
    assert Need.objects.count() == 0


def test_someone_elses_upload_is_not_theirs(client, campaign, contributor, institution, hr):
    upload = actions.do_upload_plan(campaign, institution, filename="plan.csv",
                                    content=csv_file([line()]), acting_user=contributor)
    colleague = user_with_role("contributor", institution, username="colleague")
    client.force_login(colleague)
    url = reverse("campaigns:preview", args=[campaign.pk, upload.pk])
    assert client.get(url).status_code == 404
    assert client.post(url).status_code == 404
    assert Need.objects.count() == 0


def test_follow_page_and_nothing_to_declare(client, campaign, analyst, contributor,
                                            other_contributor, institution, other_institution):
    client.force_login(other_contributor)
    response = client.post(reverse("campaigns:nothing", args=[campaign.pk]),
                           {"nothing-institution": other_institution.pk})
    assert response.status_code == 302
    rows = {row.institution: row for row in follow(campaign)}
    assert rows[other_institution].kind == "nothing"
    assert rows[institution].kind == ""
    client.force_login(analyst)
    page = client.get(campaign.get_absolute_url()).content.decode()
    assert "Nothing to declare" in page and "Not answered yet" in page
    assert "1 of" in page


def test_a_contributor_cannot_answer_for_another_institution(client, campaign, contributor,
                                                             other_institution):
    client.force_login(contributor)
    response = client.post(reverse("campaigns:nothing", args=[campaign.pk]),
                           {"nothing-institution": other_institution.pk})
    assert response.status_code == 400
    assert not CampaignAnswer.objects.exists()


def test_open_campaign_form_checks_reminders(client, analyst):
    client.force_login(analyst)
    response = client.post(reverse("campaigns:create"), {
        "year": 2028, "deadline": "2027-11-30", "reminder_dates": "2027-12-15"})
    assert response.status_code == 200 and not Campaign.objects.exists()
    assert "before the deadline" in response.content.decode()
    response = client.post(reverse("campaigns:create"), {
        "year": 2028, "deadline": "2027-11-30", "reminder_dates": "2027-11-15, 2027-10-01",
        "message": "Merci"})
    campaign = Campaign.objects.get()
    assert response.status_code == 302
    assert campaign.reminder_dates == ["2027-10-01", "2027-11-15"]
