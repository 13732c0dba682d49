"""Yearly cash flows of both scenarios, their present values, the payback year and the split of
the pooled costs between members. Inputs must already be validated (model.validated).

Discounting: the cost of year t is divided by (1 + r)^t; year 0 is not discounted.
"""

from __future__ import annotations

from dataclasses import dataclass

from synergie.business_case.engine.model import HALF_CENT, BusinessCaseInputs, Member

Years = tuple[float, ...]


def discount_factors(rate: float, horizon: int) -> Years:
    return tuple(1 / (1 + rate) ** t for t in range(horizon))


def discounted(costs: Years, rate: float) -> Years:
    # Divide rather than multiply by a factor: the explanations and the XLSX show C / (1+r)^t.
    return tuple(cost / (1 + rate) ** t for t, cost in enumerate(costs))


def present_value(costs: Years, rate: float) -> float:
    return sum(discounted(costs, rate))


def cumulative(values: Years) -> Years:
    running, totals = 0.0, []
    for value in values:
        running += value
        totals.append(running)
    return tuple(totals)


def add(*rows: Years) -> Years:
    return tuple(sum(column) for column in zip(*rows))


@dataclass(frozen=True)
class ScenarioFlows:
    yearly: Years
    discounted: Years
    cumulative_discounted: Years
    present_value: float

    @classmethod
    def of(cls, yearly: Years, rate: float) -> ScenarioFlows:
        discounted_costs = discounted(yearly, rate)
        return cls(yearly, discounted_costs, cumulative(discounted_costs), sum(discounted_costs))


@dataclass(frozen=True)
class PooledComponents:
    """The pooled scenario's yearly costs by kind, with the present value of each kind."""

    shared_one_off: Years
    shared_recurring: Years
    overhead: Years
    onboarding: Years
    change_support: Years
    # Members that join after year 0 still work alone until then.
    alone_before_joining: Years

    @property
    def split_by_key(self) -> Years:
        """What the split key divides: shared costs and overhead."""
        return add(self.shared_one_off, self.shared_recurring, self.overhead)

    @property
    def members_own(self) -> Years:
        """What each member pays for itself: onboarding, change support, costs alone."""
        return add(self.onboarding, self.change_support, self.alone_before_joining)

    @property
    def total(self) -> Years:
        return add(self.shared_one_off, self.shared_recurring, self.overhead, self.onboarding,
                   self.change_support, self.alone_before_joining)


@dataclass(frozen=True)
class MemberShare:
    """One member in both scenarios. ``weights[t]`` is its share of the shared costs and the
    overhead in year t (0 before it joins); ``pooled`` is what it pays each year when pooling."""

    member_id: str
    name: str
    joins_in_year: int
    key_value: float
    separate: Years
    onboarding: Years
    change_support: Years
    alone_before_joining: Years
    active_key_value: Years
    weights: Years
    shared_share: Years
    pooled: Years
    separate_present_value: float
    pooled_present_value: float

    @property
    def gain(self) -> float:
        return self.separate_present_value - self.pooled_present_value


@dataclass(frozen=True)
class CashFlows:
    discount_factors: Years
    separate: ScenarioFlows
    pooled: ScenarioFlows
    components: PooledComponents
    component_present_values: dict[str, float]
    members: tuple[MemberShare, ...]
    payback_year: int | None

    @property
    def regional_gain(self) -> float:
        return self.separate.present_value - self.pooled.present_value


def onboarding_costs(member: Member, inputs: BusinessCaseInputs) -> Years:
    return tuple(inputs.pooled.onboarding_per_member if t == member.joins_in_year else 0.0
                 for t in range(inputs.horizon))


def change_support_costs(member: Member, inputs: BusinessCaseInputs) -> Years:
    profile = inputs.pooled.change_support_per_member
    return tuple(profile[t - member.joins_in_year]
                 if 0 <= t - member.joins_in_year < len(profile) else 0.0
                 for t in range(inputs.horizon))


def alone_before_joining(member: Member) -> Years:
    return tuple(cost if t < member.joins_in_year else 0.0
                 for t, cost in enumerate(member.separate_costs))


def payback_year(pooled: ScenarioFlows, separate: ScenarioFlows) -> int | None:
    """The first year from which the cumulative discounted pooled cost stays at or below the
    separate one (to the cent) until the end of the horizon, or None. A pool that is ahead for
    a while and loses in the end has not paid back: a negative gain never has a payback year."""
    paid_back = None
    for year, (pooled_cost, separate_cost) in enumerate(
            zip(pooled.cumulative_discounted, separate.cumulative_discounted)):
        if pooled_cost - separate_cost < HALF_CENT:
            paid_back = year if paid_back is None else paid_back
        else:
            paid_back = None
    return paid_back


def cash_flows(inputs: BusinessCaseInputs) -> CashFlows:
    horizon, rate, pooled_inputs = inputs.horizon, inputs.discount_rate, inputs.pooled
    members = inputs.members
    per_member = {
        member.id: (onboarding_costs(member, inputs), change_support_costs(member, inputs),
                    alone_before_joining(member))
        for member in members
    }
    components = PooledComponents(
        shared_one_off=pooled_inputs.shared_one_off,
        shared_recurring=pooled_inputs.shared_recurring,
        overhead=pooled_inputs.orchestrator_overhead,
        onboarding=add(*(costs[0] for costs in per_member.values())),
        change_support=add(*(costs[1] for costs in per_member.values())),
        alone_before_joining=add(*(costs[2] for costs in per_member.values())),
    )
    separate = ScenarioFlows.of(add(*(member.separate_costs for member in members)), rate)
    pooled = ScenarioFlows.of(components.total, rate)
    factors = discount_factors(rate, horizon)

    active_key_values = {
        member.id: tuple(member.key_value(inputs.split_key) if t >= member.joins_in_year
                         else 0.0 for t in range(horizon))
        for member in members
    }
    # Validation guarantees a member in year 0, so every year's total is above zero.
    active_totals = add(*active_key_values.values())
    split_costs = components.split_by_key
    shares = []
    for member in members:
        onboarding, change, alone = per_member[member.id]
        weights = tuple(value / total
                        for value, total in zip(active_key_values[member.id], active_totals))
        shared_share = tuple(weight * cost for weight, cost in zip(weights, split_costs))
        member_pooled = add(shared_share, onboarding, change, alone)
        shares.append(MemberShare(
            member_id=member.id, name=member.name, joins_in_year=member.joins_in_year,
            key_value=member.key_value(inputs.split_key), separate=member.separate_costs,
            onboarding=onboarding, change_support=change, alone_before_joining=alone,
            active_key_value=active_key_values[member.id], weights=weights,
            shared_share=shared_share, pooled=member_pooled,
            separate_present_value=weighted_sum(member.separate_costs, factors),
            pooled_present_value=weighted_sum(member_pooled, factors),
        ))
    return CashFlows(
        discount_factors=factors,
        separate=separate,
        pooled=pooled,
        components=components,
        component_present_values={
            name: weighted_sum(getattr(components, name), factors)
            for name in ("shared_one_off", "shared_recurring", "overhead", "onboarding",
                         "change_support", "alone_before_joining")
        },
        members=tuple(shares),
        payback_year=payback_year(pooled, separate),
    )


def weighted_sum(costs: Years, factors: Years) -> float:
    """Σ_t C_t · factor_t, as the XLSX's SUMPRODUCT(costs, discount factors)."""
    return sum(cost * factor for cost, factor in zip(costs, factors))
