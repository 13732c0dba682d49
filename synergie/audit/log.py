"""Writing and reading the audit trail. Actions call `record_change` inside their transaction."""

from datetime import date, datetime
from decimal import Decimal
from typing import Any

from django.contrib.contenttypes.models import ContentType
from django.db import models

from synergie.audit.events import Event
from synergie.audit.models import AuditEntry


def audit_value(value: Any) -> Any:
    """A JSON-safe form of a field value, stable enough to compare before and after."""
    if isinstance(value, models.Model):
        return value.pk
    if isinstance(value, Decimal):
        # By value, not by how it was typed or stored: 1.5 typed and 1.50 read back are equal.
        return (str(value.quantize(Decimal(1))) if value == value.to_integral()
                else str(value.normalize()))
    if isinstance(value, datetime | date):
        return value.isoformat()
    return value


def snapshot(instance: models.Model, fields: list[str]) -> dict[str, Any]:
    """The audited values of `fields`; foreign keys by id."""
    values = {}
    for name in fields:
        field = instance._meta.get_field(name)
        values[name] = audit_value(getattr(instance, field.attname))
    return values


def diff(before: dict[str, Any], after: dict[str, Any]) -> dict[str, dict[str, Any]]:
    return {
        key: {"before": before.get(key), "after": after.get(key)}
        for key in after
        if before.get(key) != after.get(key)
    }


def record_change(
    obj: models.Model,
    *,
    action: str,
    acting_user,
    changes: dict | None = None,
    comment: str = "",
    event: Event | None = None,
    event_params: dict | None = None,
    institution_id: int | None = None,
) -> AuditEntry:
    """Record one change. `comment` is what a person wrote; what the system has to say goes in
    `event` and `event_params`, rendered later in each reader's language."""
    actor_name = acting_user.get_full_name() or acting_user.get_username() if acting_user else ""
    return AuditEntry.objects.create(
        actor=acting_user if acting_user and acting_user.pk else None,
        actor_name=actor_name,  # empty: Synergie itself (see AuditEntry.who)
        action=action,
        content_type=ContentType.objects.get_for_model(obj, for_concrete_model=True),
        object_id=str(obj.pk),
        object_repr=str(obj)[:300],
        institution_id=institution_id
        if institution_id is not None
        else getattr(obj, "institution_id", None),
        changes=changes or {},
        comment=comment,
        event=event.code if event else "",
        event_params=event_params or {},
    )


def history_of(obj: models.Model):
    return AuditEntry.objects.filter(
        content_type=ContentType.objects.get_for_model(obj, for_concrete_model=True),
        object_id=str(obj.pk),
    ).select_related("actor")


def locked(instance: models.Model) -> models.Model:
    """The row as stored, read again and locked until the transaction ends. Actions snapshot
    this copy, never the caller's: a view's bound ModelForm has already written the submitted
    values on its instance, and a "before" taken from it equals the "after" (nothing recorded)."""
    return type(instance)._default_manager.select_for_update().get(pk=instance.pk)


def apply_audited_changes(instance: models.Model, changes: dict[str, Any], fields: list[str],
                          *, acting_user, audit_object: models.Model | None = None,
                          key_prefix: str = "", expected_version: int | None = None,
                          last_change=None) -> models.Model:
    """Set `changes` on the stored row of `instance` (only `fields` may change), validate, save,
    and record what actually changed on `audit_object` (default: the row). Returns the saved
    row, read again under lock (see `locked`), not the caller's object.

    A model with a `version` field is checked against `expected_version` (the version the
    editor loaded; None: not checked) and its version goes up when something changed; see
    `audit.versions`. The common body of the actions' "update" functions; call it inside their
    transaction.
    """
    from synergie.audit.versions import bump_version, check_version

    unknown = set(changes) - set(fields)
    if unknown:
        raise TypeError(f"not editable: {sorted(unknown)}")
    instance = locked(instance)
    check_version(instance, expected_version, last_change=last_change)
    before = snapshot(instance, fields)
    for name, value in changes.items():
        setattr(instance, name, value)
    instance.full_clean()
    changed = {f"{key_prefix}{name}": change
               for name, change in diff(before, snapshot(instance, fields)).items()}
    if changed:
        bump_version(instance)
    instance.save()
    if changed:
        from synergie.audit.models import AuditAction

        record_change(audit_object or instance, action=AuditAction.UPDATED,
                      acting_user=acting_user, changes=changed)
    instance.last_audited_changes = changed  # for a caller that acts on what changed
    return instance
