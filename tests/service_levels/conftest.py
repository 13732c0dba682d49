from decimal import Decimal

import pytest

from synergie.catalogue.models import ServiceTarget, Solution, SupportHours
from synergie.service_levels.models import Service


def solution_with_targets(name: str, support_hours: str, goal: str = "90") -> Solution:
    solution = Solution.objects.create(name_fr=name, support_hours=support_hours)
    for priority, hours in (("1", "4"), ("2", "8")):
        ServiceTarget.objects.create(solution=solution, priority=priority, response_hours=1,
                                     resolution_hours=Decimal(hours),
                                     compliance_goal=Decimal(goal))
    return solution


@pytest.fixture
def mapped_solutions(db):
    """Desk A counts for a solution in business hours, Desk B for one in calendar hours."""
    business = solution_with_targets("Guichet A", SupportHours.BUSINESS)
    calendar = solution_with_targets("Guichet B", SupportHours.CALENDAR)
    Service.objects.create(name="Desk A", solution=business)
    Service.objects.create(name="Desk B", solution=calendar)
    return business, calendar
