"""Who may read and write the application landscape and the capability map: the one place that
decides it. The answers rest on permissions that roles grant, never on a role's name.

- Reading: anyone holding `landscape.view_landscape`, in any scope. A contributor holds it for
  its own institution, yet reads the whole landscape: looking at the neighbours is the point.
- Recording applications: `landscape.record_application` on the application's institution
  (a contributor for its own institution only).
- The capability map and the ArchiMate export: `reference.keep_capability_map`.
- Opening a pooling opportunity from the landscape: the opportunities' own rule.
"""

from synergie.accounts.backends import institutions_with_perm
from synergie.opportunities import permissions as opportunity_permissions

VIEW = "landscape.view_landscape"
RECORD = "landscape.record_application"
KEEP_MAP = "reference.keep_capability_map"


def can_view_landscape(user) -> bool:
    return user.is_authenticated and user.has_perm(VIEW)


def recording_institution_ids(user) -> set[int] | None:
    """Institutions whose applications the user records (None: every institution)."""
    return institutions_with_perm(user, RECORD)


def can_record_any(user) -> bool:
    ids = recording_institution_ids(user)
    return ids is None or bool(ids)


def can_record_for(user, institution) -> bool:
    return user.is_authenticated and user.has_perm(RECORD, institution)


def can_change(user, application) -> bool:
    """Edit or remove: the same right as recording, on the application's institution."""
    return user.is_authenticated and user.has_perm(RECORD, application)


def can_keep_capability_map(user) -> bool:
    return user.is_authenticated and user.has_perm(KEEP_MAP)


def can_export_archimate(user) -> bool:
    return can_keep_capability_map(user)


def can_open_opportunity(user) -> bool:
    return opportunity_permissions.can_manage(user)
