"""Every write to an institution, audited."""

from django.core.exceptions import PermissionDenied
from django.db import transaction
from django.utils.translation import gettext as _

from synergie.audit.log import apply_audited_changes, diff, record_change, snapshot
from synergie.audit.models import AuditAction
from synergie.institutions.models import Institution

AUDITED_FIELDS = [
    "code", "kind", "name_fr", "name_nl", "name_en", "population", "enterprise_number", "is_active",
]


@transaction.atomic
def do_create_institution(*, acting_user, **fields) -> Institution:
    if not acting_user.has_perm("institutions.add_institution"):
        raise PermissionDenied(_("You cannot add institutions."))
    institution = Institution(**fields)
    institution.full_clean()
    institution.save()
    record_change(
        institution,
        action=AuditAction.CREATED,
        acting_user=acting_user,
        changes=diff({}, snapshot(institution, AUDITED_FIELDS)),
        institution_id=institution.pk,
    )
    return institution


@transaction.atomic
def do_update_institution(institution: Institution, *, acting_user, **changes) -> Institution:
    if not acting_user.has_perm("institutions.change_institution", institution):
        raise PermissionDenied(_("You cannot change this institution."))
    return apply_audited_changes(institution, changes, AUDITED_FIELDS, acting_user=acting_user)
