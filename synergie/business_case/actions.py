"""Every write to a business case, audited on its opportunity."""

from django.core.exceptions import PermissionDenied
from django.db import transaction
from django.utils.translation import gettext as _

from synergie.audit.log import diff, locked, record_change, snapshot
from synergie.audit.models import AuditAction
from synergie.audit.versions import bump_version, check_version, entries_of, latest_entry
from synergie.business_case.adapters import current_members, new_business_case
from synergie.business_case.models import BusinessCase, BusinessCaseMember
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


MEMBER_FIELDS = ["users", "declared_usage", "joins_in_year"]


def _business_case_change(changes: dict) -> bool:
    return any(key.startswith("business_case.") for key in changes)


def _last_business_case_change(opportunity):
    return latest_entry(entries_of([opportunity]), _business_case_change)


@transaction.atomic
def do_open_business_case(opportunity, *, acting_user) -> BusinessCase:
    """The opportunity's business case, stored with neutral inputs and a member row per
    institution on first use (pages show those inputs unsaved until then)."""
    existing = BusinessCase.objects.filter(opportunity=opportunity).first()
    if existing:
        return existing
    _require(acting_user, opportunity)
    business_case = new_business_case(opportunity)
    business_case.updated_by = acting_user
    business_case.save()
    members = current_members(business_case)
    BusinessCaseMember.objects.bulk_create(members)
    record_change(opportunity, action=AuditAction.UPDATED, acting_user=acting_user,
                  changes={"business_case": {"before": None, "after": "opened"},
                           "business_case.members": {
                               "before": None,
                               "after": [member.institution.code for member in members]}})
    return business_case


def _sync_members(business_case: BusinessCase) -> tuple[dict, dict]:
    """Store one member row per institution of the opportunity's needs (a need added to or
    taken out of the opportunity since the last save). Returns the rows by institution, locked,
    and the change of the member list for the audit entry."""
    stored = list(business_case.members.select_for_update().select_related("institution"))
    wanted = current_members(business_case)
    wanted_ids = {member.institution_id for member in wanted}
    before = sorted(member.institution.code for member in stored)
    gone = [member.pk for member in stored if member.institution_id not in wanted_ids]
    if gone:
        BusinessCaseMember.objects.filter(pk__in=gone).delete()
    BusinessCaseMember.objects.bulk_create([member for member in wanted if member.pk is None])
    rows = {member.institution_id: member for member in business_case.members.select_for_update()
            .select_related("institution")}
    after = sorted(member.institution.code for member in rows.values())
    return rows, ({"members": {"before": before, "after": after}} if before != after else {})


@transaction.atomic
def do_update_business_case(business_case: BusinessCase, *, acting_user, members=(),
                            expected_version: int | None = None, **changes) -> BusinessCase:
    """Change the inputs; `members` is a list of (member, {"users":…, …}) pairs, a member
    being known by its institution (rows of institutions no longer in the opportunity are
    dropped, rows of new ones added). The business case and its members are read again under
    lock: the caller's objects may hold a form's unsaved values (see `audit.log.locked`).
    `expected_version`: the version the editor loaded; `EditConflict` if someone saved since."""
    _require(acting_user, business_case.opportunity)
    business_case = locked(business_case)
    check_version(business_case, expected_version,
                  last_change=lambda: _last_business_case_change(business_case.opportunity))
    before = snapshot(business_case, AUDITED_FIELDS)
    for name, value in changes.items():
        if name not in AUDITED_FIELDS:
            raise TypeError(f"not editable: {name}")
        setattr(business_case, name, value)
    business_case.full_clean(exclude=["updated_by"])
    changed = diff(before, snapshot(business_case, AUDITED_FIELDS))
    rows, members_changed = _sync_members(business_case)
    changed.update(members_changed)
    for member, values in members:
        row = rows.get(member.institution_id)
        if row is None:
            continue  # its institution's needs left the opportunity meanwhile
        unknown = set(values) - set(MEMBER_FIELDS)
        if unknown:
            raise TypeError(f"not editable: {sorted(unknown)}")
        member_before = snapshot(row, MEMBER_FIELDS)
        for name, value in values.items():
            setattr(row, name, value)
        row.full_clean()
        row.save()
        for name, change in diff(member_before, snapshot(row, MEMBER_FIELDS)).items():
            changed[f"{row.institution.code}.{name}"] = change
    if changed:
        bump_version(business_case)
        business_case.updated_by = acting_user
        business_case.save()
        record_change(business_case.opportunity, action=AuditAction.UPDATED,
                      acting_user=acting_user,
                      changes={f"business_case.{k}": v for k, v in changed.items()})
    return business_case
