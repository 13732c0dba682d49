"""Properties that hold for any valid business case, on random inputs."""

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from synergie.business_case.engine import (
    BusinessCaseInputs,
    Driver,
    Member,
    PooledScenario,
    SplitKey,
    compute_business_case,
    positive_business_case,
)
from synergie.business_case.engine.sensitivity import scaled

HALF_CENT = 0.005


def examples(count: int) -> settings:
    # No deadline: each example recomputes the case fifteen times for its sensitivity table.
    return settings(deadline=None, max_examples=count)


amounts = st.integers(min_value=0, max_value=50_000_000).map(lambda cents: cents / 100)


@st.composite
def business_cases(draw) -> BusinessCaseInputs:
    horizon = draw(st.integers(min_value=1, max_value=10))

    def yearly():
        return draw(st.lists(amounts, min_size=horizon, max_size=horizon).map(tuple))

    count = draw(st.integers(min_value=1, max_value=6))
    joins = [0] + draw(st.lists(st.integers(0, horizon - 1), min_size=count - 1,
                                max_size=count - 1))
    members = tuple(
        Member(id=f"m{index}", name=f"Member {index}",
               population=draw(st.integers(1, 500_000)), users=draw(st.integers(1, 5_000)),
               declared_usage=draw(st.floats(0.5, 1_000)), separate_one_off=yearly(),
               separate_recurring=yearly(), joins_in_year=joins[index])
        for index in range(count))
    return BusinessCaseInputs(
        horizon=horizon,
        discount_rate=draw(st.integers(0, 250)) / 1_000,
        split_key=draw(st.sampled_from(list(SplitKey))),
        members=members,
        pooled=PooledScenario(
            shared_one_off=yearly(), shared_recurring=yearly(),
            onboarding_per_member=draw(amounts),
            change_support_per_member=tuple(draw(st.lists(amounts, max_size=horizon))),
            orchestrator_overhead=yearly()),
    )


def close(value: float, expected: float) -> bool:
    return value == pytest.approx(expected, rel=1e-9, abs=1e-4)


@examples(150)
@given(business_cases())
def test_the_split_adds_up_to_the_region(inputs):
    result = compute_business_case(inputs)
    assert close(sum(share.gain for share in result.members), result.regional_gain)
    assert close(sum(share.pooled_present_value for share in result.members),
                 result.pooled.present_value)
    for t in result.years:
        assert close(sum(share.weights[t] for share in result.members), 1)
        assert close(sum(share.pooled[t] for share in result.members), result.pooled.yearly[t])
    # The break-even line at today's number of members is today's gain.
    assert close(result.break_even.gains[len(inputs.members) - 1], result.regional_gain)


@examples(150)
@given(business_cases())
def test_payback_label_and_break_even_agree_with_the_gain(inputs):
    result = compute_business_case(inputs)
    gain = result.regional_gain
    assert positive_business_case(result).met == (gain >= HALF_CENT)
    if gain >= HALF_CENT:
        # The last year's cumulative comparison is the gain itself.
        assert result.payback_year is not None
        assert result.break_even.participants is not None
        assert result.break_even.participants <= len(inputs.members)
    if result.payback_year is None:
        assert gain < HALF_CENT
    found = result.break_even.participants
    if found is not None:
        assert result.break_even.gains[found - 1] > -HALF_CENT
        assert all(g <= -HALF_CENT for g in result.break_even.gains[:found - 1])


@examples(100)
@given(business_cases(), st.floats(1.0, 3.0))
def test_the_gain_moves_with_costs_in_the_expected_direction(inputs, factor):
    base = compute_business_case(inputs).regional_gain
    dearer_alone = compute_business_case(scaled(inputs, Driver.SEPARATE_COSTS, factor))
    dearer_pool = compute_business_case(scaled(inputs, Driver.SHARED_RECURRING, factor))
    assert dearer_alone.regional_gain >= base - 1e-6
    assert dearer_pool.regional_gain <= base + 1e-6
    # So a positive case stays positive when going alone costs more, and a losing case keeps
    # losing when the pool costs more.
    if base > 0.01:
        assert dearer_alone.regional_gain > 0
    if base < -0.01:
        assert dearer_pool.regional_gain < 0


@examples(100)
@given(business_cases())
def test_sensitivity_is_sorted_and_linear_in_each_cost(inputs):
    result = compute_business_case(inputs)
    table = result.sensitivity
    swings = [round(row.swing, 2) for row in table.rows]
    assert swings == sorted(swings, reverse=True)
    assert {row.driver for row in table.rows} == set(Driver)
    for row in table.rows:
        if row.driver is not Driver.DISCOUNT_RATE:
            # Costs enter the present values linearly: ±v moves the gain by the same amount.
            assert close(row.gain_high - table.base_gain, table.base_gain - row.gain_low)
