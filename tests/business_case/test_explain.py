"""The explanations: every figure with a symbolic and a substituted formula a reader can redo."""

import re

import pytest

from synergie.business_case.engine import (
    LABELS,
    NumberStyle,
    compute_business_case,
    explain,
)
from tests.business_case.cases import (
    late_joiner,
    nothing_costs_anything,
    pooling_loses,
    pooling_wins,
    ten_year_region,
)


def by_key(result, style=None):
    return {formula.key: formula for formula in explain(result, style)}


def test_the_npv_formula_shows_every_discounted_term():
    formulas = by_key(compute_business_case(pooling_wins()))
    pooled = formulas["pooled.present_value"]
    assert pooled.symbolic == "V_P = Σ_t P_t / (1 + r)^t"
    assert pooled.substituted == "V_P = 90,000 + 16,000 / 1.1 + 14,000 / 1.1^2 = 116,115.70"
    assert pooled.label == "Net present value of the pooled scenario"
    assert formulas["regional_gain"].substituted == "G = 262,066.12 − 116,115.70 = 145,950.41"
    assert formulas["pooled.yearly[0]"].substituted == (
        "P_0 = 60,000 + 12,000 + 2,000 + 5,000 × 2 + (3,000 + 3,000) + (0) = 90,000")
    assert formulas["member[alpha].weight"].substituted == (
        "w_alpha = 30,000 / (30,000 + 10,000) = 0.75")
    assert formulas["member[alpha].pooled[0]"].substituted == (
        "P_alpha,0 = 0.75 × 74,000 + 5,000 + 3,000 + 0 = 63,500")


def test_the_losing_case_explains_no_payback_and_its_break_even():
    formulas = by_key(compute_business_case(pooling_loses()))
    assert formulas["payback_year"].value is None
    assert formulas["payback_year"].substituted == (
        "t = 0: 35,000 > 22,000; t = 1: 37,857.14 > 23,904.76 ⇒ T = ∅")
    assert formulas["break_even.participants"].substituted == (
        "n ≥ 35,857.14 / ((23,904.76 − 2,000) / 2) = 3.27 ⇒ n* = 4")
    assert formulas["regional_gain"].substituted.endswith("= -13,952.38")


def test_late_joiners_get_a_share_per_year():
    formulas = by_key(compute_business_case(late_joiner()))
    assert formulas["member[beta].weight[0]"].substituted == "w_beta,0 = 0 / (1 + 0) = 0"
    assert formulas["member[beta].weight[1]"].substituted == "w_beta,1 = 1 / (1 + 1) = 0.5"
    assert "member[beta].weight" not in formulas


def test_the_sensitivity_formulas_reproduce_the_table():
    result = compute_business_case(pooling_wins())
    formulas = by_key(result)
    assert formulas["sensitivity[shared_one_off].high"].substituted == (
        "262,066.12 − (116,115.70 + (0.2) × 60,000) = 133,950.41")
    assert formulas["sensitivity[discount_rate].low"].substituted == (
        "G(r = 0.08) = 120,000 + 14,000 / 1.08 + 16,000 / 1.08^2 = 146,680.38")


@pytest.mark.parametrize("case", [pooling_wins, pooling_loses, late_joiner,
                                  nothing_costs_anything, ten_year_region])
def test_every_figure_is_explained_once_with_a_result_matching_the_engine(case):
    result = compute_business_case(case())
    formulas = explain(result)
    keys = [formula.key for formula in formulas]
    assert len(keys) == len(set(keys))
    expected_keys = {"separate.present_value", "pooled.present_value", "regional_gain",
                     "payback_year", "break_even.participants"}
    expected_keys |= {f"{scenario}.{kind}[{t}]" for t in result.years
                      for scenario in ("separate", "pooled") for kind in ("yearly", "cumulative")}
    for share in result.members:
        expected_keys |= {f"member[{share.member_id}].{name}"
                          for name in ("separate_present_value", "pooled_present_value", "gain")}
        expected_keys |= {f"member[{share.member_id}].pooled[{t}]" for t in result.years}
    for row in result.sensitivity.rows:
        expected_keys |= {f"sensitivity[{row.driver.value}].{side}"
                          for side in ("low", "high", "swing")}
    assert expected_keys <= set(keys)
    for formula in formulas:
        assert formula.label_key in LABELS
        assert formula.label  # the template fills in
        if formula.unit == "EUR":
            # The substituted form ends with the figure itself, to the cent.
            shown = formula.substituted.rsplit("= ", 1)[1]
            assert float(shown.replace(",", "")) == pytest.approx(formula.value, abs=0.005)


def test_symbolic_forms_are_language_neutral():
    words = re.compile(r"[A-Za-z]{3,}")
    for formula in explain(compute_business_case(late_joiner())):
        assert not words.findall(formula.symbolic.replace("min{", "{")), (
            formula.symbolic)


def test_a_number_style_for_french():
    style = NumberStyle(decimal_separator=",", group_separator="\u202f")
    formulas = by_key(compute_business_case(pooling_wins()), style)
    assert formulas["pooled.present_value"].substituted == (
        "V_P = 90\u202f000 + 16\u202f000 / 1,1 + 14\u202f000 / 1,1^2 = 116\u202f115,70")
    assert style.quantity(12.5) == "12,5" and style.quantity(30_000) == "30\u202f000"
