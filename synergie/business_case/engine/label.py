"""The fourth criterion of the "Solution Numérique Régionale" label: a positive regional
business case (the regional gain is above zero, to the cent), with the figures behind it.

A case whose inputs are incomplete (compute.MISSING_INPUTS) is not assessed: neither met nor
failed, whatever its arithmetic says."""

from __future__ import annotations

from dataclasses import dataclass

from synergie.business_case.engine.compute import BusinessCaseResult
from synergie.business_case.engine.explain import Formula, NumberStyle
from synergie.business_case.engine.model import HALF_CENT


@dataclass(frozen=True)
class LabelCriterion:
    met: bool
    missing: tuple[str, ...]  # keys of compute.MISSING_INPUTS; empty once assessable
    regional_gain: float
    separate_present_value: float
    pooled_present_value: float
    payback_year: int | None
    horizon: int
    discount_rate: float
    formula: Formula

    @property
    def assessed(self) -> bool:
        return not self.missing


def is_positive(gain: float) -> bool:
    """Above zero once rounded to the cent."""
    return gain >= HALF_CENT


def positive_business_case(result: BusinessCaseResult,
                           style: NumberStyle | None = None) -> LabelCriterion:
    style = style or NumberStyle()
    gain = result.regional_gain
    missing = result.missing_inputs
    met = is_positive(gain) and not missing
    separate, pooled = result.separate.present_value, result.pooled.present_value
    formula = Formula(
        "label.positive_business_case", "label", "label.positive_business_case",
        "G = V_E − V_P > 0",
        f"G = {style.amount(separate)} − {style.amount(pooled)} = {style.amount(gain)} "
        f"{'>' if is_positive(gain) else '≤'} 0",
        met, "flag")
    return LabelCriterion(
        met=met, missing=missing, regional_gain=gain, separate_present_value=separate,
        pooled_present_value=pooled, payback_year=result.payback_year,
        horizon=result.inputs.horizon, discount_rate=result.inputs.discount_rate,
        formula=formula)
