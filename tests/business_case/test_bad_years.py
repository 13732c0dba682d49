"""A business case's years are calendar years and a member joins within the horizon, whichever
way the change comes (the page checks it first; the model holds for the admin and commands)."""

import pytest
from django.core.exceptions import ValidationError

from synergie.business_case.actions import do_update_business_case
from synergie.business_case.models import BusinessCase
from tests.business_case.test_page_reading import analyst, case  # noqa: F401


@pytest.mark.parametrize("year", [0, 1999, 2101, 32767])
def test_a_first_year_outside_2000_2100_is_refused(case, analyst, year):
    with pytest.raises(ValidationError) as raised:
        do_update_business_case(case, acting_user=analyst, first_year=year)
    assert raised.value.message_dict["first_year"] == [
        "Give a calendar year between 2000 and 2100."]
    assert BusinessCase.objects.get(pk=case.pk).first_year == 2027


@pytest.mark.parametrize("joins", [5, 99])
def test_a_member_joining_after_the_horizon_is_refused(case, analyst, joins):
    yearly = [0] * case.horizon
    BusinessCase.objects.filter(pk=case.pk).update(
        shared_one_off=yearly, shared_recurring=yearly, orchestrator_overhead=yearly,
        change_support_per_member=yearly)
    case = BusinessCase.objects.get(pk=case.pk)
    member = case.members.first()
    with pytest.raises(ValidationError) as raised:
        do_update_business_case(case, acting_user=analyst,
                                members=[(member, {"joins_in_year": joins})])
    assert list(raised.value.message_dict) == ["joins_in_year"]
    member.refresh_from_db()
    assert member.joins_in_year == 0
