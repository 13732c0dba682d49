"""Optimistic locking: two people editing the same object must not silently undo each other.

An edit form carries the `version` of the object it was loaded from; the action locks the row,
compares, and refuses the save with `EditConflict` when someone saved in between. The view
then shows the form again with what the person typed and the other person's values. Versions
go up only when a save changes something, so an idle "save" starts no conflict for others.
"""

from collections.abc import Callable, Iterable
from datetime import datetime

from django.db import models

from synergie.audit.models import AuditAction, AuditEntry


class EditConflict(Exception):
    """Someone saved `current` after the editor loaded version `expected`."""

    def __init__(self, current: models.Model, expected: int, *, who: str = "",
                 when: datetime | None = None):
        super().__init__(f"{type(current).__name__} {current.pk}: version {current.version} "
                         f"saved after version {expected} was loaded")
        self.current, self.expected, self.who, self.when = current, expected, who, when


def has_version(instance: models.Model) -> bool:
    return any(field.name == "version" for field in instance._meta.concrete_fields)


def bump_version(instance: models.Model) -> None:
    if has_version(instance):
        instance.version += 1


def check_version(current: models.Model, expected: int | None, *,
                  last_change: Callable[[], AuditEntry | None] | None = None) -> None:
    """`current` is the row as locked by the action. `last_change` finds the audit entry of
    the other person's save (default: the object's latest change), to name them and the time."""
    if expected is None or not has_version(current) or current.version == int(expected):
        return
    entry = last_change() if last_change else latest_entry(
        entries_of([current]), lambda changes: True)
    raise EditConflict(current, int(expected), who=entry.who if entry else "",
                       when=entry.timestamp if entry else None)


def entries_of(objects: Iterable[models.Model]):
    """The "changed" entries of `objects`, newest first."""
    from django.contrib.contenttypes.models import ContentType
    from django.db.models import Q

    query = Q(pk__in=[])
    for obj in objects:
        query |= Q(content_type=ContentType.objects.get_for_model(obj, for_concrete_model=True),
                   object_id=str(obj.pk))
    return AuditEntry.objects.filter(query, action=AuditAction.UPDATED).select_related("actor")


def latest_entry(entries, concerns: Callable[[dict], bool], *, look_back: int = 50):
    """The newest entry whose changes `concerns` says are about the edited object (an
    opportunity's trail also holds its business case's changes, for instance)."""
    for entry in entries[:look_back]:
        if concerns(entry.changes or {}):
            return entry
    return None
