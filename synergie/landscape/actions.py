"""Every write to the application landscape and to the capability map, audited."""

from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.db.models import Max
from django.utils.translation import gettext as _

from synergie.audit.log import apply_audited_changes, diff, record_change, snapshot
from synergie.audit.models import AuditAction
from synergie.landscape import permissions
from synergie.landscape.models import Application
from synergie.reference.models import Capability

APPLICATION_FIELDS = ["institution", "name", "product", "vendor", "contract_end", "yearly_cost",
                      "users", "hosting", "notes"]
CAPABILITY_FIELDS = ["code", "name_fr", "name_nl", "name_en", "domain", "position"]


def application_state(application: Application) -> dict:
    """The audited values of an application, its capabilities' ids included."""
    state = snapshot(application, APPLICATION_FIELDS)
    state["capabilities"] = sorted(application.capabilities.values_list("pk", flat=True))
    return state


def _refuse_recording(institution) -> None:
    raise PermissionDenied(
        _("You may record applications only for your own institution, not for %(institution)s.")
        % {"institution": institution})


@transaction.atomic
def do_record_application(*, acting_user, institution, capabilities=(), **fields) -> Application:
    if not permissions.can_record_for(acting_user, institution):
        _refuse_recording(institution)
    application = Application(institution=institution, **fields)
    application.full_clean()
    application.save()
    application.capabilities.set(capabilities)
    record_change(application, action=AuditAction.CREATED, acting_user=acting_user,
                  changes=diff({}, application_state(application)))
    return application


@transaction.atomic
def do_change_application(application: Application, *, acting_user,
                          **changes) -> Application:
    """Change some fields (`capabilities` included). Moving an application to another
    institution needs the right on both."""
    unknown = set(changes) - {*APPLICATION_FIELDS, "capabilities"}
    if unknown:
        raise TypeError(f"not editable: {sorted(unknown)}")
    # The stored row, not the caller's: a bound form has already written the new values on it.
    application = Application.objects.select_for_update().get(pk=application.pk)
    if not permissions.can_change(acting_user, application):
        _refuse_recording(application.institution)
    target = changes.get("institution")
    if target is not None and not permissions.can_record_for(acting_user, target):
        _refuse_recording(target)
    before = application_state(application)
    capabilities = changes.pop("capabilities", None)
    for name, value in changes.items():
        setattr(application, name, value)
    application.full_clean()
    application.save()
    if capabilities is not None:
        application.capabilities.set(capabilities)
    changed = diff(before, application_state(application))
    if changed:
        record_change(application, action=AuditAction.UPDATED, acting_user=acting_user,
                      changes=changed)
    return application


@transaction.atomic
def do_remove_application(application: Application, *, acting_user) -> None:
    application = Application.objects.select_for_update().get(pk=application.pk)
    if not permissions.can_change(acting_user, application):
        _refuse_recording(application.institution)
    before = application_state(application)
    record_change(application, action=AuditAction.DELETED, acting_user=acting_user,
                  changes={name: {"before": value, "after": None}
                           for name, value in before.items()})
    application.delete()


def _require_map_keeper(acting_user) -> None:
    if not permissions.can_keep_capability_map(acting_user):
        raise PermissionDenied(_("Only the architecture board keeps the capability map."))


@transaction.atomic
def do_add_capability(*, acting_user, **fields) -> Capability:
    """A new capability, at the end of the map unless a position is given."""
    _require_map_keeper(acting_user)
    if fields.get("position") is None:
        last = Capability.objects.aggregate(last=Max("position"))["last"] or 0
        fields["position"] = last + 10
    capability = Capability(**fields)
    capability.full_clean()
    capability.save()
    record_change(capability, action=AuditAction.CREATED, acting_user=acting_user,
                  changes=diff({}, snapshot(capability, CAPABILITY_FIELDS)))
    return capability


@transaction.atomic
def do_change_capability(capability: Capability, *, acting_user, **changes) -> Capability:
    """Rename (names in the three languages), move to another domain, or change the code."""
    _require_map_keeper(acting_user)
    return apply_audited_changes(capability, changes, CAPABILITY_FIELDS, acting_user=acting_user)


@transaction.atomic
def do_move_capability(capability: Capability, *, up: bool, acting_user) -> Capability:
    """Swap a capability with its neighbour above (or below) in the map. The whole map is
    numbered again 10, 20, 30… first, so equal positions cannot make the swap a no-op."""
    _require_map_keeper(acting_user)
    ordered = list(Capability.objects.select_for_update().order_by("position", "code"))
    index = next((i for i, item in enumerate(ordered) if item.pk == capability.pk), None)
    if index is None:
        raise ValidationError(_("This capability no longer exists."))
    other = index - 1 if up else index + 1
    if not 0 <= other < len(ordered):
        return ordered[index]
    before = {item.pk: item.position for item in ordered}
    ordered[index], ordered[other] = ordered[other], ordered[index]
    for position, item in enumerate(ordered, 1):
        item.position = position * 10
    for item in ordered:
        if item.position != before[item.pk]:
            item.save(update_fields=["position"])
            record_change(item, action=AuditAction.UPDATED, acting_user=acting_user,
                          changes={"position": {"before": before[item.pk],
                                                "after": item.position}})
    return next(item for item in ordered if item.pk == capability.pk)
