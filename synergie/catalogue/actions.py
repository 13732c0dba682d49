"""Every write to the catalogue of regional solutions, audited."""

from datetime import date

from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from synergie.audit.log import apply_audited_changes, diff, locked, record_change, snapshot
from synergie.audit.models import AuditAction
from synergie.catalogue import permissions
from synergie.catalogue.models import (
    Adoption,
    AdoptionStage,
    AdoptionStep,
    ComplianceDocument,
    Contract,
    DocumentationLink,
    JoinRequest,
    JoinRequestStatus,
    Referent,
    ServiceTarget,
    Solution,
)

EDITABLE_FIELDS = [
    "name_fr", "name_nl", "name_en", "summary_fr", "summary_nl", "summary_en",
    "description_fr", "description_nl", "description_en", "domain",
    "meets_business_need", "has_fitting_product", "has_public_contract", "has_regional_gain",
    "label_status", "code_url", "landing_url", "software_version", "release_date", "licence",
    "development_status", "software_type", "platforms",
    "availability_target", "support_hours", "price_model", "price_per_institution",
    "implementation_support", "change_support",
]
# The things a solution lists, added and removed as a whole, each with its audited fields.
ITEMS = {
    "contract": (Contract, ["supplier", "framework_reference", "start_date", "end_date",
                            "ceiling", "consumed", "ola_availability", "ola_response_hours",
                            "ola_resolution_hours"]),
    "referent": (Referent, ["institution", "name", "email"]),
    "link": (DocumentationLink, ["title", "url", "language"]),
    "document": (ComplianceDocument, ["kind", "title", "url", "issued_on", "valid_until"]),
}
STAGES_NEEDING_A_REASON = {AdoptionStage.LEAVING, AdoptionStage.LEFT}


def _require_manager(user) -> None:
    if not permissions.can_manage(user):
        raise PermissionDenied(_("Only the orchestrator that runs the catalogue changes it."))


def _set_related(solution: Solution, capabilities, cpv_codes) -> dict:
    """Set the solution's capabilities and CPV codes; the audit changes they make."""
    changes = {}
    for name, values in (("capabilities", capabilities), ("cpv_codes", cpv_codes)):
        if values is None:
            continue
        manager = getattr(solution, name)
        before = sorted(str(pk) for pk in manager.values_list("pk", flat=True))
        manager.set(values)
        after = sorted(str(getattr(value, "pk", value)) for value in values)
        if before != after:
            changes[name] = {"before": before, "after": after}
    return changes


@transaction.atomic
def do_create_solution(*, acting_user, capabilities=None, cpv_codes=None, **fields) -> Solution:
    _require_manager(acting_user)
    solution = Solution(**fields)
    solution.full_clean()
    solution.save()
    changes = diff({}, snapshot(solution, EDITABLE_FIELDS))
    changes.update(_set_related(solution, capabilities, cpv_codes))
    record_change(solution, action=AuditAction.CREATED, acting_user=acting_user, changes=changes)
    return solution


@transaction.atomic
def do_change_solution(solution: Solution, changes: dict, *, acting_user, capabilities=None,
                       cpv_codes=None) -> Solution:
    _require_manager(acting_user)
    solution = apply_audited_changes(solution, changes, EDITABLE_FIELDS, acting_user=acting_user)
    related = _set_related(solution, capabilities, cpv_codes)
    if related:
        record_change(solution, action=AuditAction.UPDATED, acting_user=acting_user,
                      changes=related)
    return solution


@transaction.atomic
def do_set_service_targets(solution: Solution, targets: dict[str, dict], *,
                           acting_user) -> Solution:
    """`targets`: {"1": {"response_hours": .., "resolution_hours": .., "compliance_goal": ..}}
    per priority; a priority left out has no target any more."""
    _require_manager(acting_user)
    solution = locked(solution)
    fields = ["response_hours", "resolution_hours", "compliance_goal"]
    before = {target.priority: snapshot(target, fields) for target in solution.targets.all()}
    solution.targets.exclude(priority__in=list(targets)).delete()
    for priority, values in targets.items():
        target = ServiceTarget.objects.filter(solution=solution, priority=priority).first() \
            or ServiceTarget(solution=solution, priority=priority)
        for name, value in values.items():
            setattr(target, name, value)
        target.full_clean()
        target.save()
    after = {target.priority: snapshot(target, fields) for target in solution.targets.all()}
    changes = {f"target {priority}": {"before": before.get(priority), "after": after.get(priority)}
               for priority in sorted(set(before) | set(after))
               if before.get(priority) != after.get(priority)}
    if changes:
        record_change(solution, action=AuditAction.UPDATED, acting_user=acting_user,
                      changes=changes)
    return solution


@transaction.atomic
def do_add_solution_item(solution: Solution, item_kind: str, *, acting_user, **fields):
    """Add a contract, referent, documentation link or compliance document to the solution
    (`item_kind`, a key of ITEMS; a compliance document's own `kind` is one of its fields)."""
    _require_manager(acting_user)
    model, audited = ITEMS[item_kind]
    solution = locked(solution)
    item = model(solution=solution, **fields)
    item.full_clean()
    item.save()
    record_change(solution, action=AuditAction.UPDATED, acting_user=acting_user,
                  changes={f"{item_kind} {item.pk}": {"before": None,
                                                  "after": snapshot(item, audited)}})
    return item


@transaction.atomic
def do_remove_solution_item(solution: Solution, item_kind: str, item_id: int, *,
                            acting_user) -> None:
    _require_manager(acting_user)
    model, audited = ITEMS[item_kind]
    solution = locked(solution)
    item = model.objects.select_for_update().get(pk=item_id, solution=solution)
    before = snapshot(item, audited)
    item.delete()
    record_change(solution, action=AuditAction.UPDATED, acting_user=acting_user,
                  changes={f"{item_kind} {item_id}": {"before": before, "after": None}})


@transaction.atomic
def do_change_adoption(solution: Solution, institution, *, stage: str, on: date, reason: str = "",
                       acting_user) -> Adoption:
    """Move an institution to a stage of adoption on a date; leaving needs its reason."""
    _require_manager(acting_user)
    return _move_adoption(solution, institution, stage=stage, on=on, reason=reason,
                          acting_user=acting_user)


def _move_adoption(solution, institution, *, stage, on, reason, acting_user) -> Adoption:
    reason = (reason or "").strip()
    if stage in STAGES_NEEDING_A_REASON and not reason:
        raise ValidationError({"reason": [_("Say why the institution leaves the solution.")]})
    if on > timezone.localdate():
        raise ValidationError({"on": [_("The date of a step cannot be in the future.")]})
    adoption = Adoption.objects.select_for_update().filter(
        solution=solution, institution=institution).first()
    before = snapshot(adoption, ["stage", "since"]) if adoption else {}
    if adoption is None:
        adoption = Adoption(solution=solution, institution=institution)
    elif adoption.since and on < adoption.since:
        raise ValidationError({"on": [_("This date is before the institution's last step "
                                        "(%(date)s).") % {"date": adoption.since}]})
    adoption.stage, adoption.since = stage, on
    adoption.save()
    AdoptionStep.objects.create(adoption=adoption, stage=stage, on=on, reason=reason,
                                recorded_by=acting_user)
    record_change(adoption, action=AuditAction.STATUS_CHANGED if before else AuditAction.CREATED,
                  acting_user=acting_user, comment=reason,
                  changes=diff(before, snapshot(adoption, ["stage", "since"])))
    return adoption


@transaction.atomic
def do_request_joining(solution: Solution, institution, *, message: str = "",
                       acting_user) -> JoinRequest:
    if institution.pk not in permissions.institutions_that_may_join(acting_user):
        raise PermissionDenied(_("You may ask to join only for your own institution."))
    adoption = Adoption.objects.filter(solution=solution, institution=institution).first()
    if adoption and adoption.stage in {AdoptionStage.ONBOARDING, AdoptionStage.LIVE}:
        raise ValidationError(_("Your institution already uses this solution."))
    if JoinRequest.objects.filter(solution=solution, institution=institution,
                                  status=JoinRequestStatus.PENDING).exists():
        raise ValidationError(_("Your institution's request is already waiting for the "
                                "orchestrator."))
    request = JoinRequest(solution=solution, institution=institution, message=message,
                          requested_by=acting_user)
    request.full_clean()
    request.save()
    record_change(request, action=AuditAction.CREATED, acting_user=acting_user,
                  institution_id=institution.pk,
                  changes=diff({}, snapshot(request, ["solution", "institution", "message"])))
    return request


@transaction.atomic
def do_handle_join_request(request: JoinRequest, *, accept: bool, answer: str,
                           acting_user) -> JoinRequest:
    """Accept (the institution starts onboarding today) or decline, with an answer the
    institution reads."""
    _require_manager(acting_user)
    request = locked(request)
    if request.status != JoinRequestStatus.PENDING:
        raise ValidationError(_("This request was already handled."))
    answer = (answer or "").strip()
    if not accept and not answer:
        raise ValidationError({"answer": [_("Tell the institution why its request is "
                                            "declined.")]})
    before = snapshot(request, ["status", "answer"])
    request.status = JoinRequestStatus.ACCEPTED if accept else JoinRequestStatus.DECLINED
    request.answer, request.handled_by, request.handled_at = answer, acting_user, timezone.now()
    request.save()
    record_change(request, action=AuditAction.STATUS_CHANGED, acting_user=acting_user,
                  institution_id=request.institution_id,
                  changes=diff(before, snapshot(request, ["status", "answer"])))
    if accept:
        _move_adoption(request.solution, request.institution, stage=AdoptionStage.ONBOARDING,
                       on=timezone.localdate(), reason=answer, acting_user=acting_user)
    return request
