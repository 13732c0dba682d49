"""Every write of the PMO, audited. Changes to a project's parts are recorded on the project, so
its history tells the whole story."""

import datetime
from decimal import Decimal

from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from synergie.audit.log import (
    apply_audited_changes,
    audit_value,
    diff,
    locked,
    record_change,
    snapshot,
)
from synergie.audit.models import AuditAction
from synergie.decisions.models import Decision, Outcome
from synergie.delivery import permissions
from synergie.delivery.models import (
    Allocation,
    BudgetYear,
    Deliverable,
    Milestone,
    PoolCapacity,
    Project,
    Risk,
    StatusReport,
)
from synergie.needs.actions import do_change_need_status
from synergie.needs.models import Need, NeedStatus
from synergie.portfolio.models import ScenarioCandidate

APPROVED_OUTCOMES = (Outcome.APPROVE, Outcome.APPROVE_WITH_CONDITIONS)
PROJECT_FIELDS = ["title", "owner", "axis", "status", "rag", "progress"]
MILESTONE_FIELDS = ["title", "planned_date", "actual_date"]
DELIVERABLE_FIELDS = ["title", "due_date", "delivered"]
RISK_FIELDS = ["kind", "title", "severity", "owner", "status"]


def _require_manager(user) -> None:
    if not permissions.can_manage(user):
        raise PermissionDenied(_("Only the regional PMO changes projects."))


def decisions_waiting_for_project():
    """Approved decisions that have no project yet, oldest meeting first."""
    return (Decision.objects.filter(outcome__in=APPROVED_OUTCOMES, project__isnull=True)
            .select_related("item__opportunity", "item__need__institution", "item__meeting")
            .order_by("item__meeting__date", "pk"))


def _axis_of(decision: Decision) -> str:
    """The strategic axis the subject had in the latest portfolio scenario naming it."""
    item = decision.item
    candidate = (ScenarioCandidate.objects
                 .filter(opportunity=item.opportunity_id, need=item.need_id)
                 .order_by("-scenario__created_at", "-pk").first())
    return candidate.axis if candidate else ""


def _record(project, acting_user, key: str, before: dict, after: dict,
            action=AuditAction.UPDATED) -> None:
    changes = {f"{key}{name}": change for name, change in diff(before, after).items()}
    if changes:
        record_change(project, action=action, acting_user=acting_user, changes=changes)


@transaction.atomic
def do_start_project(decision: Decision, *, acting_user, owner=None) -> Project:
    """The approved decision becomes a project; its approved needs move to delivery through
    their own workflow step, so each need's history says so."""
    _require_manager(acting_user)
    decision = Decision.objects.select_for_update().select_related("item").get(pk=decision.pk)
    if decision.outcome not in APPROVED_OUTCOMES:
        raise ValidationError(_("Only an approved decision becomes a project."))
    if Project.objects.filter(decision=decision).exists():
        raise ValidationError(_("This decision already has its project."))
    item = decision.item
    subject = item.opportunity or item.need
    project = Project(decision=decision, title=str(subject)[:200], owner=owner,
                      axis=_axis_of(decision), created_by=acting_user)
    project.full_clean()
    project.save()
    needs = list(Need.objects.filter(pk__in=[n.pk for n in item.member_needs()]).order_by("pk"))
    project.institutions.set({need.institution_id for need in needs})
    for need in needs:
        if need.status == NeedStatus.APPROVED:
            do_change_need_status(need, "start_delivery", acting_user=acting_user)
    after = snapshot(project, PROJECT_FIELDS)
    after["decision"] = decision.pk
    after["institutions"] = sorted({need.institution_id for need in needs})
    record_change(project, action=AuditAction.CREATED, acting_user=acting_user,
                  changes=diff({}, after))
    return project


@transaction.atomic
def do_update_project(project: Project, *, acting_user, comment: str = "", on=None,
                      **changes) -> Project:
    """Title, owner, axis, status, RAG and progress. A new RAG adds a status report dated `on`
    (default: today)."""
    _require_manager(acting_user)
    previous_rag = locked(project).rag
    project = apply_audited_changes(project, changes, PROJECT_FIELDS, acting_user=acting_user)
    if project.rag != previous_rag or (comment or "").strip():
        StatusReport.objects.create(project=project, date=on or timezone.localdate(),
                                    rag=project.rag,
                                    comment=(comment or "").strip(), created_by=acting_user)
    return project


def do_report_status(project: Project, *, rag: str, comment: str, acting_user,
                     on=None) -> Project:
    """A dated RAG status with a comment (the status history); `on` defaults to today."""
    if not (comment or "").strip():
        raise ValidationError({"comment": [_("Say what the status rests on.")]})
    return do_update_project(project, rag=rag, comment=comment, on=on, acting_user=acting_user)


def _save_part(project, part, fields, key, acting_user, changes, creating):
    before = {} if creating else snapshot(part, fields)
    for name, value in changes.items():
        if name not in fields:
            raise TypeError(f"not editable: {name}")
        setattr(part, name, value)
    part.full_clean()
    part.save()
    _record(locked(project), acting_user, f"{key}:{part}:", before, snapshot(part, fields),
            action=AuditAction.CREATED if creating else AuditAction.UPDATED)
    return part


@transaction.atomic
def do_add_milestone(project: Project, *, acting_user, **fields) -> Milestone:
    _require_manager(acting_user)
    return _save_part(project, Milestone(project=project), MILESTONE_FIELDS,
                      "milestone", acting_user, fields, creating=True)


@transaction.atomic
def do_update_milestone(milestone: Milestone, *, acting_user, **changes) -> Milestone:
    _require_manager(acting_user)
    milestone = locked(milestone)
    return _save_part(milestone.project, milestone, MILESTONE_FIELDS, "milestone",
                      acting_user, changes, creating=False)


@transaction.atomic
def do_add_deliverable(project: Project, *, acting_user, **fields) -> Deliverable:
    _require_manager(acting_user)
    return _save_part(project, Deliverable(project=project), DELIVERABLE_FIELDS,
                      "deliverable", acting_user, fields, creating=True)


@transaction.atomic
def do_update_deliverable(deliverable: Deliverable, *, acting_user, **changes) -> Deliverable:
    _require_manager(acting_user)
    deliverable = locked(deliverable)
    return _save_part(deliverable.project, deliverable, DELIVERABLE_FIELDS, "deliverable",
                      acting_user, changes, creating=False)


@transaction.atomic
def do_add_risk(project: Project, *, acting_user, **fields) -> Risk:
    _require_manager(acting_user)
    return _save_part(project, Risk(project=project), RISK_FIELDS, "risk", acting_user,
                      fields, creating=True)


@transaction.atomic
def do_update_risk(risk: Risk, *, acting_user, **changes) -> Risk:
    _require_manager(acting_user)
    risk = locked(risk)
    return _save_part(risk.project, risk, RISK_FIELDS, "risk", acting_user, changes,
                      creating=False)


@transaction.atomic
def do_set_budget_year(project: Project, *, year: int, planned: Decimal, spent: Decimal,
                       acting_user) -> BudgetYear:
    _require_manager(acting_user)
    line = BudgetYear.objects.select_for_update().filter(project=project, year=year).first()
    creating = line is None
    line = line or BudgetYear(project=project, year=year)
    return _save_part(project, line, ["year", "planned", "spent"], "budget", acting_user,
                      {"year": year, "planned": planned, "spent": spent}, creating=creating)


def months_between(first: datetime.date, last: datetime.date) -> list[datetime.date]:
    """First days of the months from `first`'s to `last`'s, both included."""
    months, month = [], first.replace(day=1)
    while month <= last:
        months.append(month)
        month = (month + datetime.timedelta(days=32)).replace(day=1)
    return months


def _check_months(first, last, limit: int = 120) -> list[datetime.date]:
    if last < first:
        raise ValidationError({"last_month": [_("The last month cannot be before the first.")]})
    months = months_between(first, last)
    if len(months) > limit:
        raise ValidationError({"last_month": [_("At most %(count)d months at once.")
                                              % {"count": limit}]})
    return months


@transaction.atomic
def do_allocate(project: Project, *, pool: str, first_month, last_month, fte: Decimal,
                acting_user) -> None:
    """People of a skill pool on the project in each month from `first_month` to `last_month`;
    0 FTE takes them off."""
    _require_manager(acting_user)
    pool = (pool or "").strip()
    if not pool:
        raise ValidationError({"pool": [_("Name the skill pool.")]})
    project = locked(project)
    before, after = {}, {}
    for month in _check_months(first_month, last_month):
        row = Allocation.objects.select_for_update().filter(project=project, pool=pool,
                                                            month=month).first()
        key = f"{month:%Y-%m}"
        before[key] = audit_fte(row)
        if fte == 0:
            if row:
                row.delete()
        else:
            row = row or Allocation(project=project, pool=pool, month=month)
            row.fte = fte
            row.full_clean()
            row.save()
        after[key] = audit_value(fte) if fte else None
    # One entry for the range, one change per month: the history reads as the PMO acted.
    changes = {f"people:{pool} {month}:fte": change
               for month, change in diff(before, after).items()}
    if changes:
        record_change(project, action=AuditAction.UPDATED, acting_user=acting_user,
                      changes=changes)


def audit_fte(row) -> str | None:
    return audit_value(row.fte) if row else None


@transaction.atomic
def do_set_capacity(*, pool: str, first_month, last_month, fte: Decimal, acting_user) -> None:
    """The people a skill pool has in each month from `first_month` to `last_month`."""
    _require_manager(acting_user)
    pool = (pool or "").strip()
    if not pool:
        raise ValidationError({"pool": [_("Name the skill pool.")]})
    for month in _check_months(first_month, last_month):
        row = PoolCapacity.objects.select_for_update().filter(pool=pool, month=month).first()
        before = {"fte": audit_fte(row)}
        row = row or PoolCapacity(pool=pool, month=month)
        row.fte = fte
        row.full_clean()
        row.save()
        _record(row, acting_user, "", before, {"fte": audit_fte(row)})
