"""The efficient frontier: computed in the background on request, read by the page, drawn with
coordinates a browser understands in every language, labelled axes and a text equivalent."""

import re
from html.parser import HTMLParser

import pytest
from django.urls import reverse
from django.utils import translation

from synergie.audit.models import AuditEntry
from synergie.portfolio.actions import record_frontier
from synergie.portfolio.models import Scenario
from tests.factories import user_with_role

NUMERIC_ATTRIBUTES = {"x", "y", "x1", "x2", "y1", "y2", "cx", "cy", "r", "width", "height"}


class SvgAttributes(HTMLParser):
    """Every numeric attribute of the page's SVG, and its texts."""

    def __init__(self):
        super().__init__()
        self.inside = False
        self.numbers: list[tuple[str, str]] = []
        self.texts: list[str] = []

    def handle_starttag(self, tag, attrs):
        if tag == "svg":
            self.inside = True
        if not self.inside:
            return
        for name, value in attrs:
            if name in NUMERIC_ATTRIBUTES:
                self.numbers.append((name, value))
            elif name == "points":
                self.numbers += [("points", v) for pair in value.split() for v in pair.split(",")]
            elif name == "viewbox":
                self.numbers += [("viewBox", v) for v in value.split()]

    def handle_endtag(self, tag):
        if tag == "svg":
            self.inside = False

    def handle_data(self, data):
        if self.inside and data.strip():
            self.texts.append(data.strip())


def frontier_url(scenario) -> str:
    return reverse("portfolio:frontier", args=[scenario.pk])


@pytest.fixture
def computed(client, secretary, small_scenario, django_capture_on_commit_callbacks):
    client.force_login(secretary)
    with django_capture_on_commit_callbacks(execute=True):
        response = client.post(frontier_url(small_scenario))
    assert response.status_code == 302
    small_scenario.refresh_from_db()
    assert small_scenario.frontier_status == "done"
    return small_scenario


@pytest.mark.parametrize("language,x_title,y_title", [
    ("fr", "Budget total sur la période (millions d'EUR)", "Meilleure valeur totale (points)"),
    ("nl", "Totaal budget over de periode (miljoen EUR)", "Beste totale waarde (punten)"),
])
def test_the_frontier_draws_in_french_and_dutch(client, computed, language, x_title, y_title):
    with translation.override(language):
        html = client.get(frontier_url(computed)).content.decode()
    svg = SvgAttributes()
    svg.feed(html)
    assert len([name for name, _ in svg.numbers if name == "cx"]) >= 3  # the points are drawn
    for name, value in svg.numbers:
        float(value)  # "48,0" is no SVG length: the browser drops the shape
    # Both axes say what they measure, with the unit; the ticks are numbers for the reader.
    assert x_title in html and y_title in html
    ticks = [text for text in svg.texts if re.fullmatch(r"[\d\s\u202f\xa0.,]+", text)]
    assert len(ticks) >= 6
    # A text equivalent and the figures in a table, in the page's language.
    best = max(point["value"] for point in computed.frontier if point["value"] is not None)
    with translation.override(language):
        from django.utils.formats import number_format

        shown = number_format(best, 1, use_l10n=True, force_grouping=True)
    assert shown in html
    assert "<caption>" in html and "<desc" in html


def test_a_get_never_solves_nor_writes(client, secretary, small_scenario, monkeypatch):
    from synergie.portfolio.engine import optimiser

    def no_solving(*args, **kwargs):
        raise AssertionError("the frontier page solved on a GET")

    monkeypatch.setattr(optimiser.PortfolioOptimiser, "solve", no_solving)
    entries = AuditEntry.objects.count()
    client.force_login(secretary)
    page = client.get(frontier_url(small_scenario))
    assert page.status_code == 200
    html = page.content.decode()
    assert "Not computed yet." in html and "Compute the frontier</button>" in html
    assert AuditEntry.objects.count() == entries
    assert Scenario.objects.get().frontier_status == "not_run"


def test_the_computation_shows_its_progress_and_its_result(
        client, secretary, small_scenario, django_capture_on_commit_callbacks):
    client.force_login(secretary)
    with django_capture_on_commit_callbacks(execute=False) as queued:
        client.post(frontier_url(small_scenario))
    small_scenario.refresh_from_db()
    assert small_scenario.frontier_status == "queued"
    html = client.get(frontier_url(small_scenario)).content.decode()
    assert "Computing: 0 of 20 budget levels solved." in html
    assert "Compute the frontier" not in html  # no second run while one is on its way
    entry = AuditEntry.objects.filter(object_id=str(small_scenario.pk)).first()
    assert entry.changes == {"frontier_status": {"before": "not_run", "after": "queued"}}

    record_frontier(small_scenario.pk, status="running",
                    points=[{"factor": 0.1, "budget": 32000, "value": None,
                             "status": "infeasible", "selected": 0}])
    html = client.get(frontier_url(small_scenario)).content.decode()
    assert "Computing: 1 of 20 budget levels solved." in html

    for callback in queued:
        callback()
    small_scenario.refresh_from_db()
    assert small_scenario.frontier_status == "done"
    # 20 levels, a tenth of the budget to twice it, the scenario's own budget among them.
    assert [p["factor"] for p in small_scenario.frontier] == [
        0.1, 0.2, 0.3, 0.4, 0.5, 0.6, 0.7, 0.8, 0.9, 1.0,
        1.1, 1.2, 1.3, 1.4, 1.5, 1.6, 1.7, 1.8, 1.9, 2.0]
    html = client.get(frontier_url(small_scenario)).content.decode()
    assert "Computed on" in html and "Compute the frontier again</button>" in html


def test_only_the_secretariat_starts_the_computation(client, small_scenario):
    analyst = user_with_role("analyst", username="lucas")
    client.force_login(analyst)
    page = client.get(frontier_url(small_scenario)).content.decode()
    assert "The steering committee's secretariat computes it." in page
    assert "<button" not in page.split("<main", 1)[1]
    assert client.post(frontier_url(small_scenario)).status_code == 403
    assert Scenario.objects.get().frontier_status == "not_run"


def test_a_frontier_older_than_the_optimisation_says_so(client, computed):
    from django.utils import timezone

    Scenario.objects.filter(pk=computed.pk).update(solved_at=timezone.now())
    html = client.get(frontier_url(computed)).content.decode()
    assert "The scenario was optimised again since" in html
