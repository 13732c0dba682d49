"""From the database to the engine: an opportunity's business case as engine inputs.

Each member's separate scenario is what its own needs in the opportunity declared: the yearly
one-off and recurring estimates, placed on the business case's years."""

from collections import defaultdict
from decimal import Decimal

from synergie.business_case.engine import BusinessCaseInputs, Member, PooledScenario
from synergie.business_case.engine import SplitKey as EngineSplitKey
from synergie.business_case.models import BusinessCase, BusinessCaseMember
from synergie.needs.models import NeedCost


def _padded(values, horizon: int) -> tuple[float, ...]:
    values = [float(v or 0) for v in values][:horizon]
    return tuple(values + [0.0] * (horizon - len(values)))


def separate_costs(business_case: BusinessCase) -> dict[int, tuple[list[float], list[float]]]:
    """Per institution: (one-off per year, recurring per year) from its needs' estimates."""
    horizon, first = business_case.horizon, business_case.first_year
    costs = defaultdict(lambda: ([0.0] * horizon, [0.0] * horizon))
    lines = NeedCost.objects.filter(
        need__in=business_case.opportunity.needs.all()
    ).values_list("need__institution_id", "year", "one_off", "recurring")
    for institution_id, year, one_off, recurring in lines:
        index = year - first
        if 0 <= index < horizon:
            costs[institution_id][0][index] += float(one_off)
            costs[institution_id][1][index] += float(recurring)
    return costs


def sync_members(business_case: BusinessCase) -> list[BusinessCaseMember]:
    """One member row per institution of the opportunity's needs, kept in step with it."""
    institution_ids = set(business_case.opportunity.needs.values_list("institution_id",
                                                                      flat=True))
    business_case.members.exclude(institution_id__in=institution_ids).delete()
    known = set(business_case.members.values_list("institution_id", flat=True))
    BusinessCaseMember.objects.bulk_create([
        BusinessCaseMember(business_case=business_case, institution_id=institution_id)
        for institution_id in institution_ids - known
    ])
    return list(business_case.members.select_related("institution"))


def engine_inputs(business_case: BusinessCase, members=None) -> BusinessCaseInputs:
    horizon = business_case.horizon
    members = members if members is not None else sync_members(business_case)
    costs = separate_costs(business_case)
    return BusinessCaseInputs(
        horizon=horizon,
        discount_rate=float(business_case.discount_rate) / 100,
        members=tuple(
            Member(
                id=str(member.institution_id), name=member.institution.name,
                population=member.institution.population or 0, users=member.users,
                declared_usage=float(member.declared_usage),
                separate_one_off=tuple(costs[member.institution_id][0]),
                separate_recurring=tuple(costs[member.institution_id][1]),
                joins_in_year=member.joins_in_year,
            )
            for member in members
        ),
        pooled=PooledScenario(
            shared_one_off=_padded(business_case.shared_one_off, horizon),
            shared_recurring=_padded(business_case.shared_recurring, horizon),
            onboarding_per_member=float(business_case.onboarding_per_member or Decimal("0")),
            change_support_per_member=_padded(business_case.change_support_per_member, horizon),
            orchestrator_overhead=_padded(business_case.orchestrator_overhead, horizon),
        ),
        split_key=EngineSplitKey(business_case.split_key),
    )
