"""The PMO's demo data, on top of the demo: two projects, one pool over-allocated."""

import pytest

from synergie.delivery.capacity import over_allocations
from synergie.delivery.models import Project


@pytest.mark.django_db(transaction=True)
def test_the_demo_has_two_projects_in_delivery_and_an_over_allocated_pool():
    from synergie.demo import delivery
    from synergie.demo.load import load_demo

    load_demo()
    if not Project.objects.exists():  # the demo calls the PMO's loader once it is wired in
        assert delivery.load() == {"projects": 2}
    assert Project.objects.count() == 2
    projects = Project.objects.all()
    assert all(project.milestones.exists() for project in projects)
    assert {need.status for project in projects
            for need in project.decision.item.member_needs()} == {"in_delivery"}
    assert {cell.pool for cell in over_allocations()} == {"Architectes"}
