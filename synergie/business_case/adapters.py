"""From the database to the engine: an opportunity's business case as engine inputs.

Each member's separate scenario is what its own needs in the opportunity declared: the yearly
one-off and recurring estimates, placed on the business case's years."""

from collections import defaultdict
from datetime import date
from decimal import Decimal

from synergie.business_case.engine import BusinessCaseInputs, Member, PooledScenario
from synergie.business_case.engine import SplitKey as EngineSplitKey
from synergie.business_case.models import BusinessCase, BusinessCaseMember, SplitKey
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


def new_business_case(opportunity) -> BusinessCase:
    """The neutral inputs a business case starts from, unsaved: the page shows them until the
    purchasing office saves it (a page that is only read writes nothing)."""
    needs = list(opportunity.needs.select_related("institution"))
    years = [need.first_year for need in needs if need.first_year]
    # Regional bodies have no population: splitting by it would leave the case uncomputable.
    everyone_has_a_population = all(need.institution.population for need in needs)
    return BusinessCase(
        opportunity=opportunity, first_year=min(years) if years else date.today().year + 1,
        split_key=SplitKey.POPULATION if everyone_has_a_population else SplitKey.EQUAL,
    )


def current_members(business_case: BusinessCase) -> list[BusinessCaseMember]:
    """One member per institution of the opportunity's needs as they are now: the stored row,
    or an unsaved one with neutral values for an institution that came in since the last save.
    Nothing is written; `actions.do_update_business_case` stores the list when the case is
    saved."""
    institutions = {need.institution_id: need.institution
                    for need in business_case.opportunity.needs.select_related("institution")}
    stored = {}
    if business_case.pk:
        stored = {member.institution_id: member
                  for member in business_case.members.select_related("institution")}
    members = [stored.get(pk) or BusinessCaseMember(business_case=business_case, institution=inst)
               for pk, inst in institutions.items()]
    return sorted(members, key=lambda member: (member.institution.name_fr, member.institution_id))


def engine_inputs(business_case: BusinessCase, members=None) -> BusinessCaseInputs:
    horizon = business_case.horizon
    members = members if members is not None else current_members(business_case)
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
