"""Every write of the data office app, audited on the dependency (its history keeps every
verdict given, with its reason)."""

from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from synergie.audit.log import diff, record_change, snapshot
from synergie.audit.models import AuditAction
from synergie.data_office import permissions
from synergie.data_office.models import NeedDataDependency, Verdict
from synergie.needs.models import Need

DEPENDENCY_FIELDS = ["need", "dataset", "description", "purpose"]
VERDICT_FIELDS = ["verdict", "verdict_reason"]


@transaction.atomic
def do_add_dependency(need: Need, *, dataset=None, description: str = "", purpose: str,
                      acting_user) -> NeedDataDependency:
    need = Need.objects.select_for_update().get(pk=need.pk)
    if not permissions.can_manage_dependencies(acting_user, need):
        raise PermissionDenied(_("You cannot change the data this need depends on."))
    description = (description or "").strip()
    if dataset is None and not description:
        raise ValidationError({"description": _(
            "Choose a dataset of the catalogue or describe the data that is not in it.")})
    if not (purpose or "").strip():
        raise ValidationError({"purpose": _("Say why the need depends on this data.")})
    dependency = NeedDataDependency(need=need, dataset=dataset, description=description,
                                    purpose=purpose.strip(), created_by=acting_user)
    dependency.full_clean()
    dependency.save()
    record_change(dependency, action=AuditAction.CREATED, acting_user=acting_user,
                  institution_id=need.institution_id,
                  changes=diff({}, snapshot(dependency, DEPENDENCY_FIELDS)))
    return dependency


@transaction.atomic
def do_remove_dependency(dependency: NeedDataDependency, *, acting_user) -> None:
    dependency = NeedDataDependency.objects.select_for_update().select_related("need").get(
        pk=dependency.pk)
    if not permissions.can_manage_dependencies(acting_user, dependency.need):
        raise PermissionDenied(_("You cannot change the data this need depends on."))
    record_change(dependency, action=AuditAction.DELETED, acting_user=acting_user,
                  institution_id=dependency.need.institution_id,
                  changes=diff(snapshot(dependency, DEPENDENCY_FIELDS + VERDICT_FIELDS),
                               {key: None for key in DEPENDENCY_FIELDS + VERDICT_FIELDS}))
    dependency.delete()


@transaction.atomic
def do_give_verdict(dependency: NeedDataDependency, *, verdict: str, reason: str,
                    acting_user) -> NeedDataDependency:
    """Give or change the feasibility verdict; the earlier one stays in the audit trail."""
    if not permissions.can_give_verdict(acting_user):
        raise PermissionDenied(_("Only the data office gives a feasibility verdict."))
    dependency = NeedDataDependency.objects.select_for_update().select_related("need").get(
        pk=dependency.pk)
    if verdict not in Verdict.values:
        raise ValidationError({"verdict": _("Choose a verdict.")})
    reason = (reason or "").strip()
    if not reason:
        raise ValidationError({"reason": _("Give the reason of the verdict.")})
    before = snapshot(dependency, VERDICT_FIELDS)
    dependency.verdict = verdict
    dependency.verdict_reason = reason
    after = snapshot(dependency, VERDICT_FIELDS)
    if not diff(before, after):
        return dependency
    # Both, even the one unchanged: each entry of the history reads as a whole verdict.
    changes = {key: {"before": before[key], "after": after[key]} for key in VERDICT_FIELDS}
    dependency.verdict_by = acting_user
    dependency.verdict_at = timezone.now()
    dependency.full_clean()
    dependency.save()
    record_change(dependency, action=AuditAction.UPDATED, acting_user=acting_user,
                  institution_id=dependency.need.institution_id, changes=changes)
    return dependency
