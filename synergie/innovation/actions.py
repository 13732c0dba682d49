"""Every write of the innovation lab, audited."""

from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from synergie.audit.log import diff, record_change, snapshot
from synergie.audit.models import AuditAction
from synergie.innovation import permissions
from synergie.innovation.models import Experiment, ExperimentStatus

AUDITED_FIELDS = ["title", "hypothesis", "success_criteria", "budget", "rollout_cost_at_stake",
                  "start_date", "end_date", "status", "outcome_reason"]


@transaction.atomic
def do_start_experiment(*, acting_user, **fields) -> Experiment:
    if not permissions.can_manage(acting_user):
        raise PermissionDenied(_("Only the innovation lab's managers start experiments."))
    experiment = Experiment(created_by=acting_user, **fields)
    experiment.full_clean()
    experiment.save()
    record_change(experiment, action=AuditAction.CREATED, acting_user=acting_user,
                  changes=diff({}, snapshot(experiment, AUDITED_FIELDS)))
    return experiment


@transaction.atomic
def do_conclude_experiment(experiment: Experiment, *, go: bool, reason: str,
                           acting_user) -> Experiment:
    """Go or no-go, with the reason. A no-go is a result: the roll-out cost stated at the start
    is not committed."""
    if not permissions.can_manage(acting_user):
        raise PermissionDenied(_("Only the innovation lab's managers conclude experiments."))
    experiment = Experiment.objects.select_for_update().get(pk=experiment.pk)
    if experiment.status != ExperimentStatus.RUNNING:
        raise ValidationError(_("This experiment is already concluded."))
    if not (reason or "").strip():
        raise ValidationError({"reason": [_("Give the reason of the go or no-go.")]})
    before = snapshot(experiment, AUDITED_FIELDS)
    experiment.status = ExperimentStatus.GO if go else ExperimentStatus.NO_GO
    experiment.outcome_reason = reason.strip()
    experiment.concluded_at = timezone.now()
    experiment.save()
    record_change(experiment, action=AuditAction.STATUS_CHANGED, acting_user=acting_user,
                  changes=diff(before, snapshot(experiment, AUDITED_FIELDS)))
    return experiment
