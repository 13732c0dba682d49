"""The business-case figures against the cases worked out by hand in cases.py."""

import ast
import subprocess
import sys
from dataclasses import replace
from pathlib import Path

import pytest

from synergie.business_case.engine import (
    BusinessCaseInputs,
    Driver,
    PooledScenario,
    compute_business_case,
    explain,
    positive_business_case,
)
from tests.business_case.cases import (
    late_joiner,
    late_payback,
    member,
    pooling_loses,
    pooling_wins,
)

ENGINE = Path(__file__).resolve().parents[2] / "synergie" / "business_case" / "engine"


def cents(value: float) -> float:
    return round(value, 2)


def test_the_engine_imports_no_django():
    for path in ENGINE.glob("*.py"):
        tree = ast.parse(path.read_text())
        modules = {alias.name for node in ast.walk(tree) if isinstance(node, ast.Import)
                   for alias in node.names}
        modules |= {node.module or "" for node in ast.walk(tree)
                    if isinstance(node, ast.ImportFrom)}
        assert not any(m.split(".")[0] == "django" for m in modules), path.name


def test_importing_the_engine_loads_no_django_at_all():
    # Indirect imports count too: a fresh interpreter, where pytest-django has not loaded it.
    code = ("import sys, synergie.business_case.engine, synergie.business_case.engine.xlsx; "
            "print(sorted(m for m in sys.modules if m.split('.')[0] == 'django'))")
    output = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True,
                            check=True).stdout
    assert output.strip() == "[]"


def test_pooling_that_wins():
    result = compute_business_case(pooling_wins())
    assert result.separate.yearly == (210_000, 30_000, 30_000)
    assert result.pooled.yearly == (90_000, 16_000, 14_000)
    assert cents(result.separate.present_value) == 262_066.12
    assert cents(result.pooled.present_value) == 116_115.70
    assert cents(result.regional_gain) == 145_950.41
    assert result.payback_year == 0
    assert [cents(v) for v in result.pooled.cumulative_discounted] == [
        90_000, 104_545.45, 116_115.70]


def test_pooling_that_loses_money_never_pays_back():
    result = compute_business_case(pooling_loses())
    assert result.separate.yearly == (22_000, 2_000)
    assert result.pooled.yearly == (35_000, 3_000)
    assert cents(result.separate.present_value) == 23_904.76
    assert cents(result.pooled.present_value) == 37_857.14
    assert cents(result.regional_gain) == -13_952.38
    assert result.payback_year is None
    assert [cents(share.gain) for share in result.members] == [-6_976.19, -6_976.19]
    criterion = positive_business_case(result)
    assert not criterion.met
    assert cents(criterion.regional_gain) == -13_952.38
    assert "≤ 0" in criterion.formula.substituted


def test_a_late_joiner_works_alone_until_it_joins():
    result = compute_business_case(late_joiner())
    assert result.pooled.yearly == (2_970, 175, 105)
    assert result.pooled_components.alone_before_joining == (2_200, 0, 0)
    assert result.pooled_components.onboarding == (50, 50, 0)
    assert result.pooled_components.change_support == (20, 25, 5)
    assert result.regional_gain == 650
    alpha, beta = result.members
    assert alpha.weights == (1, 0.5, 0.5) and beta.weights == (0, 0.5, 0.5)
    assert alpha.pooled == (770, 55, 50) and beta.pooled == (2_200, 120, 55)
    assert (alpha.gain, beta.gain) == (425, 225)


def test_payback_in_a_later_year_and_at_exact_equality():
    caught_up = compute_business_case(late_payback(20))
    assert caught_up.payback_year == 2 and caught_up.regional_gain == 10
    assert positive_business_case(caught_up).met
    level = compute_business_case(late_payback(30))
    # Pooled falls "to or below" separate: equality pays back, but the gain is not positive.
    assert level.payback_year == 2 and level.regional_gain == 0
    assert not positive_business_case(level).met


@pytest.mark.parametrize(("key", "alpha_pooled", "beta_pooled", "alpha_weight"), [
    # Equal: each pays 37,000 + 8,000, 7,000 + 1,000, 7,000 → 45,000 + 15,800/1.21.
    ("equal", 58_057.85, 58_057.85, 0.5),
    # Population 30,000 : 10,000 (see cases.pooling_wins).
    ("population", 82_632.23, 33_483.47, 0.75),
    # Users 100 : 300, Beta's and Alpha's population shares swapped.
    ("users", 33_483.47, 82_632.23, 0.25),
    # Declared usage 600 : 400. Alpha: 44,400 + 8,000, 8,400 + 1,000, 8,400
    # → 52,400 + (9,400 × 1.1 + 8,400)/1.21 = 67,887.60; Beta: 37,600 + 12,860/1.21.
    ("declared_usage", 67_887.60, 48_228.10, 0.6),
])
def test_each_split_key(key, alpha_pooled, beta_pooled, alpha_weight):
    result = compute_business_case(pooling_wins(key))
    alpha, beta = result.members
    assert alpha.weights == pytest.approx((alpha_weight,) * 3)
    assert (cents(alpha.pooled_present_value), cents(beta.pooled_present_value)) == (
        alpha_pooled, beta_pooled)
    # Separate costs are each member's own whatever the key; the gains add up to the region's.
    assert (cents(alpha.separate_present_value), cents(beta.separate_present_value)) == (
        154_710.74, 107_355.37)
    assert cents(alpha.gain) == cents(154_710.74 - alpha_pooled)
    assert alpha.gain + beta.gain == pytest.approx(result.regional_gain)


def test_sensitivity_is_sorted_by_swing_with_hand_computed_figures():
    table = compute_business_case(pooling_wins()).sensitivity
    # Swing of a cost driver = 2 × 20 % × its present value: separate 262,066.12, shared
    # one-off 60,000, shared recurring 32,826.45, onboarding 10,000, change support 7,818.18,
    # overhead 5,471.07. The rate: G(r) = 120,000 + 14,000/(1+r) + 16,000/(1+r)², at 8 % and 12 %.
    assert [row.driver for row in table.rows] == [
        Driver.SEPARATE_COSTS, Driver.SHARED_ONE_OFF, Driver.SHARED_RECURRING,
        Driver.ONBOARDING, Driver.CHANGE_SUPPORT, Driver.OVERHEAD, Driver.DISCOUNT_RATE]
    assert [cents(row.swing) for row in table.rows] == [
        104_826.45, 24_000, 13_130.58, 4_000, 3_127.27, 2_188.43, 1_425.28]
    shared = table.rows[1]
    assert (cents(shared.gain_low), cents(shared.gain_high)) == (157_950.41, 133_950.41)
    rate = table.rows[-1]
    assert (cents(rate.gain_low), cents(rate.gain_high)) == (146_680.38, 145_255.10)
    assert [table.rank(row) for row in table.rows] == [1, 2, 3, 4, 5, 6, 7]


def test_sensitivity_ties_keep_the_drivers_order():
    # At a zero rate, and without onboarding or overhead, those drivers all swing by 0.
    table = compute_business_case(late_payback()).sensitivity
    assert [row.driver for row in table.rows][-4:] == [
        Driver.ONBOARDING, Driver.CHANGE_SUPPORT, Driver.OVERHEAD, Driver.DISCOUNT_RATE]
    assert {table.rank(row) for row in table.rows[-4:]} == {4}


def test_break_even_number_of_participants():
    assert compute_business_case(pooling_wins()).break_even.participants == 1
    found = compute_business_case(pooling_loses()).break_even
    assert found.participants == 4
    assert cents(found.gains[2]) == -3_000 and cents(found.gains[3]) == 7_952.38
    assert cents(found.fixed_present_value) == 35_857.14
    assert found.members_own_present_value == 2_000


def test_break_even_never_when_each_participant_loses():
    inputs = pooling_loses()
    cheap_alone = replace(inputs, members=tuple(
        replace(m, separate_one_off=(0, 0), separate_recurring=(100, 100))
        for m in inputs.members))
    assert compute_business_case(cheap_alone).break_even.participants is None


def test_break_even_never_beyond_the_bound():
    # 1,000 saved per participant against 500,000 of shared cost: 500 participants, over 200.
    inputs = late_payback()
    inputs = replace(inputs, members=(member("solo", (1_000, 0, 0), (0, 0, 0)),),
                     pooled=replace(inputs.pooled, shared_one_off=(500_000, 0, 0),
                                    shared_recurring=(0, 0, 0)))
    found = compute_business_case(inputs).break_even
    assert found.participants is None and found.bound == 200
    assert found.gains[-1] < 0


def test_the_break_even_line_passes_through_the_actual_gain():
    result = compute_business_case(pooling_loses())
    assert result.break_even.gains[len(result.members) - 1] == pytest.approx(
        result.regional_gain)


def test_decimal_inputs_give_the_same_figures():
    from decimal import Decimal

    inputs = pooling_wins()
    as_decimals = replace(inputs, discount_rate=Decimal("0.10"), pooled=replace(
        inputs.pooled, shared_one_off=tuple(Decimal(v) for v in inputs.pooled.shared_one_off),
        onboarding_per_member=Decimal("5000.00")))
    assert compute_business_case(as_decimals).regional_gain == pytest.approx(
        compute_business_case(inputs).regional_gain)


def test_the_label_criterion_carries_its_figures():
    criterion = positive_business_case(compute_business_case(pooling_wins()))
    assert criterion.met
    assert (cents(criterion.separate_present_value), cents(criterion.pooled_present_value),
            cents(criterion.regional_gain)) == (262_066.12, 116_115.70, 145_950.41)
    assert (criterion.payback_year, criterion.horizon, criterion.discount_rate) == (0, 3, 0.10)
    assert criterion.formula.substituted == "G = 262,066.12 − 116,115.70 = 145,950.41 > 0"


def one_member_case(separate: tuple, shared_recurring: tuple) -> BusinessCaseInputs:
    """One member, r = 0: what it spends alone against a pool of shared recurring costs only."""
    zeros = tuple(0 for _ in separate)
    return BusinessCaseInputs(
        horizon=len(separate), discount_rate=0.0, split_key="equal",
        members=(member("alpha", separate, zeros),),
        pooled=PooledScenario(shared_one_off=zeros, shared_recurring=shared_recurring,
                              onboarding_per_member=0, change_support_per_member=(),
                              orchestrator_overhead=zeros))


def test_a_pool_ahead_at_first_that_loses_in_the_end_never_pays_back():
    # Cumulative: pooled 50 ≤ 100 in year 0, then 250 > 100: a loss of 150 over the horizon.
    result = compute_business_case(one_member_case((100, 0), (50, 200)))
    assert result.regional_gain == -150
    assert result.payback_year is None
    assert "⇒ T = ∅" in next(f.substituted for f in explain(result) if f.key == "payback_year")


def test_payback_is_the_year_from_which_the_pool_stays_ahead():
    # Cumulative pooled 50, 150, 150 against separate 100, 100, 200: ahead, behind, ahead.
    result = compute_business_case(one_member_case((100, 0, 100), (50, 100, 0)))
    assert result.regional_gain == 50
    assert result.payback_year == 2


def test_a_case_without_pooled_costs_is_not_assessed():
    """Blank pooled costs would make the whole separate cost look like a regional gain."""
    result = compute_business_case(one_member_case((100, 100), (0, 0)))
    assert result.regional_gain == 200  # the arithmetic, meaningless without pooled costs
    assert result.missing_inputs == ("pooled_costs",)
    criterion = positive_business_case(result)
    assert not criterion.met and not criterion.assessed


def test_a_case_where_nobody_would_spend_anything_alone_is_not_assessed():
    result = compute_business_case(one_member_case((0, 0), (10, 10)))
    assert result.missing_inputs == ("separate_costs",)
    assert not positive_business_case(result).assessed
    assert compute_business_case(pooling_wins()).is_complete
