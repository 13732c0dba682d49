"""The regional business case: one call from inputs to every figure.

    result = compute_business_case(inputs)     # raises InvalidBusinessCase naming the fields
    result.regional_gain, result.payback_year, result.members, result.sensitivity.rows, ...
"""

from __future__ import annotations

from dataclasses import dataclass

from synergie.business_case.engine.flows import (
    CashFlows,
    MemberShare,
    PooledComponents,
    ScenarioFlows,
    Years,
    cash_flows,
)
from synergie.business_case.engine.model import HALF_CENT, BusinessCaseInputs, validated
from synergie.business_case.engine.sensitivity import SensitivityTable, sensitivity_table

# Beyond this many participants the answer is "never": no region pools that many bodies.
BREAK_EVEN_BOUND = 200

MISSING_INPUTS = {
    "pooled_costs": "no cost of the pooled scenario is entered yet",
    "separate_costs": "no member declares what it would spend alone within the horizon",
}


@dataclass(frozen=True)
class BreakEven:
    """The smallest number of participants n for which the regional gain is at least zero.

    Assumption: every participant added or removed is like the average current member (its
    separate costs and its own pooled costs — onboarding, change support, costs alone before
    joining — are the members' averages), while the shared costs and the overhead stay as they
    are. The gain is then linear in n:

        G(n) = n · (V_E − V_M) / N − V_F

    with V_E the separate scenario's present value, V_M the present value of the members' own
    pooled costs, N the current number of members and V_F the present value of the shared
    costs and the overhead; G(N) is the regional gain.
    """

    participants: int | None
    bound: int
    member_count: int
    separate_present_value: float
    members_own_present_value: float
    fixed_present_value: float
    gains: tuple[float, ...]  # G(n) for n = 1..bound

    @property
    def gain_per_participant(self) -> float:
        return (self.separate_present_value - self.members_own_present_value) / self.member_count


def gain_with_participants(participants: int, separate_present_value: float,
                           members_own_present_value: float, member_count: int,
                           fixed_present_value: float) -> float:
    # The same order of operations as the XLSX's =n*(V_E-V_M)/N-V_F.
    return (participants * (separate_present_value - members_own_present_value) / member_count
            - fixed_present_value)


def break_even(flows: CashFlows, member_count: int,
               bound: int = BREAK_EVEN_BOUND) -> BreakEven:
    present_values = flows.component_present_values
    own = (present_values["onboarding"] + present_values["change_support"]
           + present_values["alone_before_joining"])
    fixed = (present_values["shared_one_off"] + present_values["shared_recurring"]
             + present_values["overhead"])
    separate = flows.separate.present_value
    gains = tuple(gain_with_participants(n, separate, own, member_count, fixed)
                  for n in range(1, bound + 1))
    # "At least zero" to the cent.
    participants = next((n for n, gain in enumerate(gains, start=1) if gain > -HALF_CENT), None)
    return BreakEven(participants=participants, bound=bound, member_count=member_count,
                     separate_present_value=separate, members_own_present_value=own,
                     fixed_present_value=fixed, gains=gains)


@dataclass(frozen=True)
class BusinessCaseResult:
    inputs: BusinessCaseInputs  # validated: floats and tuples
    flows: CashFlows
    sensitivity: SensitivityTable
    break_even: BreakEven

    @property
    def years(self) -> range:
        return range(self.inputs.horizon)

    @property
    def discount_factors(self) -> Years:
        return self.flows.discount_factors

    @property
    def separate(self) -> ScenarioFlows:
        return self.flows.separate

    @property
    def pooled(self) -> ScenarioFlows:
        return self.flows.pooled

    @property
    def pooled_components(self) -> PooledComponents:
        return self.flows.components

    @property
    def regional_gain(self) -> float:
        return self.flows.regional_gain

    @property
    def payback_year(self) -> int | None:
        return self.flows.payback_year

    @property
    def members(self) -> tuple[MemberShare, ...]:
        return self.flows.members

    @property
    def missing_inputs(self) -> tuple[str, ...]:
        """What must still be entered before the figures mean anything (see MISSING_INPUTS):
        a pool that costs nothing, or members who would spend nothing alone, turn every gain,
        payback and break-even into an artefact of the blanks."""
        pooled = self.inputs.pooled
        pooled_total = (sum(pooled.shared_one_off) + sum(pooled.shared_recurring)
                        + sum(pooled.orchestrator_overhead) + pooled.onboarding_per_member
                        + sum(pooled.change_support_per_member))
        missing = []
        if pooled_total < HALF_CENT:
            missing.append("pooled_costs")
        if sum(self.separate.yearly) < HALF_CENT:
            missing.append("separate_costs")
        return tuple(missing)

    @property
    def is_complete(self) -> bool:
        return not self.missing_inputs

    def pooled_share(self, member: MemberShare) -> float:
        """The member's part of the pooled scenario's present value (0 if the pool costs
        nothing at all)."""
        total = self.pooled.present_value
        return member.pooled_present_value / total if total else 0.0


def compute_business_case(inputs: BusinessCaseInputs) -> BusinessCaseResult:
    inputs = validated(inputs)
    flows = cash_flows(inputs)
    return BusinessCaseResult(
        inputs=inputs,
        flows=flows,
        sensitivity=sensitivity_table(inputs, flows.regional_gain),
        break_even=break_even(flows, len(inputs.members)),
    )
