"""The demo's year of incidents: imported through the action, mostly in time, a few breaches,
one service left for the analyst to map."""

from datetime import date

import pytest

from synergie.catalogue.models import SupportHours
from synergie.demo import service_levels as demo
from synergie.service_levels.compliance import compliance_rows, unmapped_services
from tests.service_levels.conftest import solution_with_targets

pytestmark = pytest.mark.django_db


def test_a_year_of_incidents_for_the_demo_solutions():
    solutions = {"desk": solution_with_targets("ServiceNow", SupportHours.CALENDAR),
                 "payroll": solution_with_targets("Paie", SupportHours.BUSINESS)}
    figures = demo.load(solutions, today=date(2026, 12, 7))
    assert figures["imported"] > 300 and figures["rejected"] == 0
    rows = compliance_rows()
    year = {"2025-12", *(f"2026-{month:02d}" for month in range(1, 12))}
    # Opened in the twelve months before December 2026; the latest resolved in December.
    assert year <= {row.month for row in rows} <= year | {"2026-12"}
    measured = [row for row in rows if row.within_target is not None]
    breaches = sum(row.breaches for row in measured)
    incidents = sum(row.incidents for row in measured)
    assert 0 < breaches < incidents * 0.15
    assert {row.solution for row in rows} == {"ServiceNow", "Paie"}
    assert list(unmapped_services().values_list("name", flat=True)) == [demo.UNMAPPED_SERVICE]
    again = demo.load(solutions, today=date(2026, 12, 7))
    assert again["imported"] == 0 and again["updated"] == figures["imported"]
