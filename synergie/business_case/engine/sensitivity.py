"""How the regional gain moves when one driver is lowered and raised by the same fraction
(±20 % by default), largest swing first.

Each variant is a full recomputation on scaled inputs, so the table holds whatever the model
does; for the cost drivers the gain is linear, which is what the XLSX's formulas use.
"""

from __future__ import annotations

from dataclasses import dataclass, replace
from enum import StrEnum

from synergie.business_case.engine.flows import cash_flows
from synergie.business_case.engine.model import HALF_CENT, BusinessCaseInputs


class Driver(StrEnum):
    SHARED_ONE_OFF = "shared_one_off"
    SHARED_RECURRING = "shared_recurring"
    ONBOARDING = "onboarding"
    CHANGE_SUPPORT = "change_support"
    OVERHEAD = "overhead"
    # Every member's separate costs (one-off and recurring) scaled together, one driver.
    SEPARATE_COSTS = "separate_costs"
    DISCOUNT_RATE = "discount_rate"


DRIVER_LABELS = {
    Driver.SHARED_ONE_OFF: "Shared one-off cost",
    Driver.SHARED_RECURRING: "Shared recurring cost",
    Driver.ONBOARDING: "Onboarding cost per member",
    Driver.CHANGE_SUPPORT: "Change support per member",
    Driver.OVERHEAD: "Orchestrator overhead",
    Driver.SEPARATE_COSTS: "Members' separate costs",
    Driver.DISCOUNT_RATE: "Discount rate",
}


@dataclass(frozen=True)
class SensitivityRow:
    driver: Driver
    low_factor: float
    high_factor: float
    separate_present_value_low: float
    pooled_present_value_low: float
    separate_present_value_high: float
    pooled_present_value_high: float

    @property
    def label(self) -> str:
        return DRIVER_LABELS[self.driver]

    @property
    def gain_low(self) -> float:
        return self.separate_present_value_low - self.pooled_present_value_low

    @property
    def gain_high(self) -> float:
        return self.separate_present_value_high - self.pooled_present_value_high

    @property
    def swing(self) -> float:
        return abs(self.gain_high - self.gain_low)


@dataclass(frozen=True)
class SensitivityTable:
    variation: float
    base_gain: float
    rows: tuple[SensitivityRow, ...]  # largest swing first

    def rank(self, row: SensitivityRow) -> int:
        """1 + the number of drivers whose swing is larger by at least a cent (ties share)."""
        return 1 + sum(other.swing > row.swing + HALF_CENT for other in self.rows)


def scaled(inputs: BusinessCaseInputs, driver: Driver, factor: float) -> BusinessCaseInputs:
    def times(values: tuple[float, ...]) -> tuple[float, ...]:
        return tuple(value * factor for value in values)

    pooled = inputs.pooled
    if driver is Driver.SHARED_ONE_OFF:
        return replace(inputs, pooled=replace(pooled, shared_one_off=times(pooled.shared_one_off)))
    if driver is Driver.SHARED_RECURRING:
        return replace(inputs, pooled=replace(
            pooled, shared_recurring=times(pooled.shared_recurring)))
    if driver is Driver.ONBOARDING:
        return replace(inputs, pooled=replace(
            pooled, onboarding_per_member=pooled.onboarding_per_member * factor))
    if driver is Driver.CHANGE_SUPPORT:
        return replace(inputs, pooled=replace(
            pooled, change_support_per_member=times(pooled.change_support_per_member)))
    if driver is Driver.OVERHEAD:
        return replace(inputs, pooled=replace(
            pooled, orchestrator_overhead=times(pooled.orchestrator_overhead)))
    if driver is Driver.SEPARATE_COSTS:
        # Also scales what late joiners spend alone before joining: the same costs.
        return replace(inputs, members=tuple(
            replace(member, separate_one_off=times(member.separate_one_off),
                    separate_recurring=times(member.separate_recurring))
            for member in inputs.members))
    if driver is Driver.DISCOUNT_RATE:
        # Relative, like every other driver: 4 % becomes 3.2 % and 4.8 %.
        return replace(inputs, discount_rate=inputs.discount_rate * factor)
    raise ValueError(f"unknown driver {driver!r}")


def sensitivity_table(inputs: BusinessCaseInputs, base_gain: float) -> SensitivityTable:
    variation = inputs.sensitivity_variation
    rows = []
    for driver in Driver:
        low = cash_flows(scaled(inputs, driver, 1 - variation))
        high = cash_flows(scaled(inputs, driver, 1 + variation))
        rows.append(SensitivityRow(
            driver=driver, low_factor=1 - variation, high_factor=1 + variation,
            separate_present_value_low=low.separate.present_value,
            pooled_present_value_low=low.pooled.present_value,
            separate_present_value_high=high.separate.present_value,
            pooled_present_value_high=high.pooled.present_value,
        ))
    # Swings equal to the cent keep the drivers' fixed order, so the order is reproducible.
    order = list(Driver)
    rows.sort(key=lambda row: (-round(row.swing, 2), order.index(row.driver)))
    return SensitivityTable(variation=variation, base_gain=base_gain, rows=tuple(rows))
