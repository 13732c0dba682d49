"""Every write to a need. Views, admin, CLI and the demo loader call these and nothing else.

Each action checks the acting user's right (synergie.needs.permissions), runs in one
transaction and writes its audit entry, so a change is either whole and audited or not made.
"""

from collections.abc import Iterable
from dataclasses import dataclass
from decimal import Decimal

from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.db.models import F
from django.utils import timezone
from django.utils.translation import gettext as _

from synergie.audit.events import Event
from synergie.audit.log import audit_value, diff, locked, record_change, snapshot
from synergie.audit.models import AuditAction
from synergie.audit.versions import check_version, entries_of, latest_entry
from synergie.needs import permissions
from synergie.needs.models import MAX_HORIZON_YEARS, Need, NeedCost, NeedStatus
from synergie.needs.signals import need_changed
from synergie.needs.workflow import TRANSITIONS_BY_NAME

EDITABLE_FIELDS = [
    "institution",
    "title",
    "description",
    "language",
    "domain",
    "cpv_code",
    "desired_start",
    "deadline",
    "deadline_is_legal",
    "data_dependencies",
    "confidentiality",
]
AUDITED_FIELDS = [*EDITABLE_FIELDS, "status"]


@dataclass(frozen=True)
class CostLine:
    year: int
    one_off: Decimal = Decimal("0")
    recurring: Decimal = Decimal("0")

    def describe(self) -> str:
        return f"{self.year}: {audit_value(self.one_off)} + {audit_value(self.recurring)}"


def _check_cost_lines(lines: list[CostLine]) -> None:
    years = [line.year for line in lines]
    if len(set(years)) != len(years):
        raise ValidationError({"costs": _("Each year can appear only once.")})
    if years and max(years) - min(years) + 1 > MAX_HORIZON_YEARS:
        raise ValidationError(
            {"costs": _("The horizon is at most %(years)d years.") % {"years": MAX_HORIZON_YEARS}}
        )
    if any(line.one_off < 0 or line.recurring < 0 for line in lines):
        raise ValidationError({"costs": _("A cost cannot be negative.")})


def _costs_audit_value(lines: Iterable[CostLine]) -> list[str]:
    return [line.describe() for line in sorted(lines, key=lambda line: line.year)]


def _current_cost_lines(need: Need) -> list[CostLine]:
    return [CostLine(c.year, c.one_off, c.recurring) for c in need.costs.all()]


def _write_costs(need: Need, lines: list[CostLine]) -> None:
    need.costs.all().delete()
    rows = [
        NeedCost(need=need, year=line.year, one_off=line.one_off, recurring=line.recurring)
        for line in sorted(lines, key=lambda line: line.year)
        if line.one_off or line.recurring
    ]
    NeedCost.objects.bulk_create(rows)
    need.set_cost_summary(rows)


def _validate(need: Need) -> None:
    need.full_clean(exclude=["created_by", "search_text"])


@transaction.atomic
def do_create_need(
    *, institution, title: str, costs: list[CostLine] = (), acting_user, **fields
) -> Need:
    """File a new need as a draft of `institution`."""
    if not acting_user.has_perm("needs.file_need", institution):
        raise PermissionDenied(_("You cannot file needs for this institution."))
    unknown = set(fields) - set(EDITABLE_FIELDS)
    if unknown:
        raise TypeError(f"not editable: {sorted(unknown)}")
    need = Need(institution=institution, title=title, created_by=acting_user, **fields)
    costs = list(costs)
    _check_cost_lines(costs)
    need.set_cost_summary([line for line in costs if line.one_off or line.recurring])
    need.refresh_search_text()
    _validate(need)
    need.save()
    _write_costs(need, costs)
    after = snapshot(need, AUDITED_FIELDS)
    after["costs"] = _costs_audit_value(_current_cost_lines(need))
    record_change(
        need,
        action=AuditAction.CREATED,
        acting_user=acting_user,
        changes=diff({}, {k: v for k, v in after.items() if v not in ("", None, [])}),
    )
    need_changed.send(sender=Need, need_id=need.pk)
    return need


@transaction.atomic
def do_update_need(
    need: Need, *, costs: list[CostLine] | None = None, acting_user,
    expected_version: int | None = None, **changes
) -> Need:
    """Change a need's fields and, when `costs` is given, replace its yearly estimates.

    The need is read again under lock (see `audit.log.locked`); `expected_version` is the
    version the editor loaded (`audit.versions.EditConflict` if someone saved since)."""
    need = locked(need)
    if not permissions.can_edit(acting_user, need):
        raise PermissionDenied(_("You cannot change this need."))
    check_version(need, expected_version,
                  last_change=lambda: latest_entry(entries_of([need]), bool))
    unknown = set(changes) - set(EDITABLE_FIELDS)
    if unknown:
        raise TypeError(f"not editable: {sorted(unknown)}")
    if "institution" in changes and not acting_user.has_perm(
        "needs.file_need", changes["institution"]
    ) and not acting_user.has_perm("needs.change_need", changes["institution"]):
        raise PermissionDenied(_("You cannot move a need to this institution."))

    before = snapshot(need, AUDITED_FIELDS)
    before["costs"] = _costs_audit_value(_current_cost_lines(need))
    for name, value in changes.items():
        setattr(need, name, value)
    if costs is not None:
        costs = list(costs)
        _check_cost_lines(costs)
        _write_costs(need, costs)
    need.refresh_search_text()
    _validate(need)
    need.save()

    after = snapshot(need, AUDITED_FIELDS)
    after["costs"] = _costs_audit_value(_current_cost_lines(need))
    changed = diff(before, after)
    if changed:
        Need.objects.filter(pk=need.pk).update(version=F("version") + 1)
        need.version += 1
        record_change(need, action=AuditAction.UPDATED, acting_user=acting_user, changes=changed)
        need_changed.send(sender=Need, need_id=need.pk)
    return need


@transaction.atomic
def do_change_need_status(
    need: Need, transition_name: str, *, acting_user, comment: str = "",
    event: Event | None = None, event_params: dict | None = None,
) -> Need:
    """Move a need along its workflow (submit, analyse, decide, deliver, withdraw...).

    `comment` is what the acting person wrote; an action that moves the need for its own reason
    (grouping, a decision) says so with an `event` of `audit.events`, rendered in the reader's
    language."""
    transition = TRANSITIONS_BY_NAME.get(transition_name)
    if transition is None:
        raise ValidationError(_("Unknown step: %(name)s.") % {"name": transition_name})
    need = Need.objects.select_for_update().get(pk=need.pk)
    if not permissions.can_transition(acting_user, need, transition):
        raise PermissionDenied(
            _("You cannot do “%(step)s” on a need that is “%(status)s”.")
            % {"step": transition.label, "status": need.get_status_display()}
        )
    if transition.requires_complete:
        missing = need.missing_for_submission()
        if missing:
            raise ValidationError(missing)
    comment = (comment or "").strip()
    if transition.requires_comment and not comment:
        raise ValidationError({"comment": _("Say why: this step requires a comment.")})

    previous = need.status
    need.status = transition.target
    update_fields = ["status", "updated_at"]
    if transition.target == NeedStatus.SUBMITTED:
        need.submitted_at = timezone.now()
        update_fields.append("submitted_at")
    need.save(update_fields=update_fields)
    record_change(
        need,
        action=AuditAction.STATUS_CHANGED,
        acting_user=acting_user,
        changes={"status": {"before": previous, "after": need.status}},
        comment=comment,
        event=event,
        event_params=event_params,
    )
    need_changed.send(sender=Need, need_id=need.pk)
    return need
