"""Every write to a business case, audited on its opportunity."""

from datetime import date

from django.core.exceptions import PermissionDenied
from django.db import transaction
from django.utils.translation import gettext as _

from synergie.audit.log import diff, record_change, snapshot
from synergie.audit.models import AuditAction
from synergie.business_case.adapters import sync_members
from synergie.business_case.models import BusinessCase, SplitKey
from synergie.opportunities import permissions as opportunity_permissions

AUDITED_FIELDS = [
    "first_year", "horizon", "discount_rate", "split_key", "shared_one_off", "shared_recurring",
    "orchestrator_overhead", "onboarding_per_member", "change_support_per_member",
    "has_technical_product", "technical_product_note", "has_public_contract",
    "public_contract_note",
]


def _require(user, opportunity) -> None:
    if not opportunity_permissions.can_edit(user, opportunity):
        raise PermissionDenied(_("Only the purchasing office builds business cases."))


@transaction.atomic
def do_open_business_case(opportunity, *, acting_user) -> BusinessCase:
    """The opportunity's business case, created with neutral inputs on first use."""
    existing = BusinessCase.objects.filter(opportunity=opportunity).first()
    if existing:
        return existing
    _require(acting_user, opportunity)
    needs = list(opportunity.needs.select_related("institution"))
    years = [need.first_year for need in needs if need.first_year]
    # Regional bodies have no population: splitting by it would leave the case uncomputable.
    everyone_has_a_population = all(need.institution.population for need in needs)
    business_case = BusinessCase.objects.create(
        opportunity=opportunity, first_year=min(years) if years else date.today().year + 1,
        split_key=SplitKey.POPULATION if everyone_has_a_population else SplitKey.EQUAL,
        updated_by=acting_user,
    )
    sync_members(business_case)
    record_change(opportunity, action=AuditAction.UPDATED, acting_user=acting_user,
                  changes={"business_case": {"before": None, "after": "opened"}})
    return business_case


@transaction.atomic
def do_update_business_case(business_case: BusinessCase, *, acting_user, members=(),
                            **changes) -> BusinessCase:
    """Change the inputs; `members` is a list of (member, {"users":…, …}) pairs."""
    _require(acting_user, business_case.opportunity)
    business_case = BusinessCase.objects.select_for_update().get(pk=business_case.pk)
    before = snapshot(business_case, AUDITED_FIELDS)
    for name, value in changes.items():
        if name not in AUDITED_FIELDS:
            raise TypeError(f"not editable: {name}")
        setattr(business_case, name, value)
    business_case.updated_by = acting_user
    business_case.full_clean()
    business_case.save()
    changed = diff(before, snapshot(business_case, AUDITED_FIELDS))
    for member, values in members:
        member_before = snapshot(member, ["users", "declared_usage", "joins_in_year"])
        for name, value in values.items():
            setattr(member, name, value)
        member.full_clean()
        member.save()
        for name, change in diff(member_before, snapshot(member, list(values))).items():
            changed[f"{member.institution.code}.{name}"] = change
    if changed:
        record_change(business_case.opportunity, action=AuditAction.UPDATED,
                      acting_user=acting_user,
                      changes={f"business_case.{k}": v for k, v in changed.items()})
    return business_case
