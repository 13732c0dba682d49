"""Bad inputs are refused with an error naming each faulty field."""

from dataclasses import replace

import pytest

from synergie.business_case.engine import InvalidBusinessCase, compute_business_case, validate
from tests.business_case.cases import member, pooling_wins


def with_pooled(**changes):
    inputs = pooling_wins()
    return replace(inputs, pooled=replace(inputs.pooled, **changes))


def with_member(index, **changes):
    inputs = pooling_wins()
    members = list(inputs.members)
    members[index] = replace(members[index], **changes)
    return replace(inputs, members=tuple(members))


BAD_INPUTS = {
    "negative shared cost": (with_pooled(shared_one_off=(60_000, -1, 0)),
                             "pooled.shared_one_off[1]", "negative"),
    "negative separate cost": (with_member(0, separate_recurring=(20_000, 20_000, -5)),
                               "members[0].separate_recurring[2]", "negative"),
    "negative onboarding": (with_pooled(onboarding_per_member=-5_000),
                            "pooled.onboarding_per_member", "negative"),
    "negative overhead": (with_pooled(orchestrator_overhead=(-1, 0, 0)),
                          "pooled.orchestrator_overhead[0]", "negative"),
    "horizon over 10": (replace(pooling_wins(), horizon=11), "horizon", "out_of_range"),
    "horizon of zero": (replace(pooling_wins(), horizon=0), "horizon", "out_of_range"),
    "fractional horizon": (replace(pooling_wins(), horizon=2.5), "horizon", "out_of_range"),
    "negative rate": (replace(pooling_wins(), discount_rate=-0.01), "discount_rate", "negative"),
    "rate typed as a percentage": (replace(pooling_wins(), discount_rate=4), "discount_rate",
                                   "out_of_range"),
    "rate not a number": (replace(pooling_wins(), discount_rate=float("nan")), "discount_rate",
                          "not_a_number"),
    "cost as text": (with_pooled(shared_recurring=(12_000, "12000", 12_000)),
                     "pooled.shared_recurring[1]", "not_a_number"),
    "short shared recurring": (with_pooled(shared_recurring=(12_000, 12_000)),
                               "pooled.shared_recurring", "wrong_length"),
    "long separate one-off": (with_member(1, separate_one_off=(1, 2, 3, 4)),
                              "members[1].separate_one_off", "wrong_length"),
    "change support beyond the horizon": (with_pooled(change_support_per_member=(1, 1, 1, 1)),
                                          "pooled.change_support_per_member", "wrong_length"),
    "no members": (replace(pooling_wins(), members=()), "members", "empty"),
    "duplicate member": (with_member(1, id="alpha"), "members[1].id", "duplicate"),
    "blank member id": (with_member(0, id="  "), "members[0].id", "required"),
    "unknown split key": (replace(pooling_wins(), split_key="area"), "split_key", "not_a_choice"),
    "zero population split by population": (with_member(0, population=0),
                                            "members[0].population", "out_of_range"),
    "negative users": (with_member(1, users=-3), "members[1].users", "negative"),
    "joins after the horizon": (with_member(1, joins_in_year=3), "members[1].joins_in_year",
                                "out_of_range"),
    "nobody in year 0": (replace(pooling_wins(), members=(
        member("late", (1, 0, 0), (1, 1, 1), joins_in_year=1),)), "members", "nobody_in_year_0"),
    "variation of 150 %": (replace(pooling_wins(), sensitivity_variation=1.5),
                           "sensitivity_variation", "out_of_range"),
}


@pytest.mark.parametrize("case", BAD_INPUTS)
def test_bad_input_is_refused_naming_its_field(case):
    inputs, field, code = BAD_INPUTS[case]
    with pytest.raises(InvalidBusinessCase) as raised:
        compute_business_case(inputs)
    assert (field, code) in [(p.field, p.code) for p in raised.value.problems]
    assert field in str(raised.value)
    assert isinstance(raised.value, ValueError)


def test_every_problem_is_reported_at_once():
    inputs = replace(with_pooled(shared_one_off=(-1, 0, 0)), horizon=3, discount_rate=-1,
                     split_key="nope")
    fields = InvalidBusinessCase(validate(inputs)).fields
    assert fields == ["discount_rate", "split_key", "pooled.shared_one_off[0]"]


def test_a_key_of_zero_is_fine_when_the_split_does_not_use_it():
    assert validate(replace(with_member(0, population=0), split_key="users")) == []


def test_good_inputs_have_no_problem():
    assert validate(pooling_wins()) == []
