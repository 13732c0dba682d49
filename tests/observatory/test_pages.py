"""The observatory's page and CSVs on the small region of `scenario`: figures a person checks
by hand, what the public may see, and the CSVs that reproduce the charts."""

import csv
import io
from datetime import date
from decimal import Decimal

import pytest
from django.urls import reverse

from synergie.audit.models import AuditEntry
from synergie.observatory import figures as f
from synergie.observatory.adapters import Audience
from synergie.observatory.presentation import SLUGS, build
from synergie.observatory.public import headline_figures
from tests.factories import user_with_role
from tests.observatory import scenario

TODAY = date(2027, 7, 1)


@pytest.fixture
def region(db):
    return scenario.build()


def _csv(client, slug, **params):
    response = client.get(reverse("observatory:csv", args=[slug]), params)
    assert response.status_code == 200
    assert response["Content-Type"].startswith("text/csv")
    return list(csv.reader(io.StringIO(response.content.decode())))


def test_staff_figures_add_up_by_hand(region):
    staff = Audience(staff=True)
    investment = f.investment_summary(build("investment", staff, f.EVERY_YEAR, TODAY).rows)
    assert investment[2027] == {"estimated": Decimal("897777.77"),
                                "approved": Decimal("897777.77"),
                                "project_planned": Decimal("60000"),
                                "project_spent": Decimal("30000")}
    savings = f.savings_summary(build("savings", staff, f.EVERY_YEAR, TODAY).rows)
    # Projected 2027: both members' separate costs minus the pool's 10 000 + 5 000.
    assert savings[2027]["projected"] == Decimal("897777.77") - Decimal("15000")
    assert savings[2028]["projected"] == Decimal("-5000")
    # Realised: (34 000 − 24 000) × 184/365 in 2026, × 181/365 in 2027 up to TODAY.
    assert savings[2026]["realised"] == Decimal("5041.10")
    assert savings[2027]["realised"] == Decimal("4958.90")
    experiments = f.experiment_summary(build("experiments", staff, f.EVERY_YEAR, TODAY).rows)
    assert experiments[2026]["not_risked"] == Decimal("245000")
    lead = build("lead_time", staff, f.EVERY_YEAR, TODAY).rows
    assert {row[5] for row in lead} == {50}  # 1 December 2026 → 20 January 2027
    adoption = build("adoption", staff, f.EVERY_YEAR, TODAY).rows
    assert adoption[0] == ("Service desk régional", "2026-07", 1)
    pooled = f.pooled_summary(build("pooled", staff, f.EVERY_YEAR, TODAY).rows)
    # 2027: both needs (pooled, approved in the opportunity) + half a year of the desk.
    assert pooled[2027] == Decimal("100.0")


def test_the_public_sees_only_public_needs(region):
    public = Audience(staff=False)
    investment = build("investment", public, f.EVERY_YEAR, TODAY)
    assert f.investment_summary(investment.rows)[2027]["estimated"] == Decimal("120000")
    assert "institution" in investment.hidden_columns
    for slug in ("savings", "service_levels", "experiments"):
        assert build(slug, public, f.EVERY_YEAR, TODAY).rows == []
    titles = {row[0] for row in build("lead_time", public, f.EVERY_YEAR, TODAY).rows}
    assert titles == {"Gestion des salaires publique"}


@pytest.mark.parametrize("role", ["anonymous", "contributor_alpha", "contributor_beta"])
def test_the_public_page_and_csvs_leak_no_confidential_amount(client, region, role):
    if role != "anonymous":
        institution = region["alpha"] if role.endswith("alpha") else region["beta"]
        client.force_login(user_with_role("contributor", institution, username=role))
    for language in ("en", "fr", "nl"):
        html = client.get(f"/{language}/observatory/").content.decode()
        assert "Besoin confidentiel" not in html
        for form in scenario.SECRET_FORMS:
            assert form not in html, (language, form)
    for slug in SLUGS:
        text = "\n".join(",".join(row) for row in _csv(client, slug))
        assert scenario.SECRET not in text and "Besoin confidentiel" not in text
        assert "CPAS de Bêta" not in text


def test_staff_see_institutions_and_may_narrow_to_one(client, region, analyst):
    client.force_login(analyst)
    html = client.get(reverse("observatory:index")).content.decode()
    assert "CPAS de Bêta" in html and "777" in html
    rows = _csv(client, "investment", institution=region["alpha"].pk)
    assert {row[0] for row in rows[1:]} == {"Commune d'Alpha"}


@pytest.mark.parametrize("slug", ["investment", "pooled", "savings", "experiments"])
def test_each_chart_is_recomputed_from_its_csv(client, region, analyst, slug):
    client.force_login(analyst)
    rows = _csv(client, slug)
    header, body = rows[0], rows[1:]
    assert tuple(header) == f.COLUMNS[slug]
    figure = build(slug, Audience(staff=True), f.EVERY_YEAR, date.today())
    summarise = {"investment": f.investment_summary, "pooled": f.pooled_summary,
                 "savings": f.savings_summary, "experiments": f.experiment_summary}[slug]
    from_csv = summarise([tuple(None if cell == "" else cell for cell in row) for row in body])
    assert from_csv == summarise(figure.rows)


def test_year_filter_and_its_errors(client, region, analyst):
    client.force_login(analyst)
    rows = _csv(client, "investment", year_from=2028, year_to=2030)
    assert rows[1:] == []
    response = client.get(reverse("observatory:index"), {"year_from": "abc"})
    assert response.status_code == 200
    assert "Enter a whole number" in response.content.decode()
    response = client.get(reverse("observatory:index"), {"year_from": 2028, "year_to": 2027})
    assert "The last year cannot be before the first." in response.content.decode()


def test_empty_figures_say_so_in_words(client, db):
    html = client.get(reverse("observatory:index")).content.decode()
    assert "No need with estimated costs in these years." in html
    assert "<svg viewBox" not in html


def test_an_unknown_figure_is_not_found(client, analyst):
    client.force_login(analyst)
    assert client.get("/en/observatory/nothing.csv").status_code == 404


def test_headline_figures_are_public(region):
    figures = headline_figures(today=TODAY)
    assert figures[0]["value"] == 1 and figures[0]["url"].endswith("#adoption")
    assert all(scenario.SECRET not in str(figure["value"]) for figure in figures)


def test_reading_writes_nothing(client, region, analyst):
    client.force_login(analyst)
    before = AuditEntry.objects.count()
    client.get(reverse("observatory:index"))
    for slug in SLUGS:
        client.get(reverse("observatory:csv", args=[slug]))
    assert AuditEntry.objects.count() == before
