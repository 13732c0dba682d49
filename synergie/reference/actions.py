"""Every write to the reference lists, audited. Business domains are the region's to extend;
the CPV vocabulary is official and read-only (its admin offers no write)."""

from django.core.exceptions import PermissionDenied
from django.db import transaction
from django.utils.translation import gettext as _

from synergie.audit.log import apply_audited_changes, diff, record_change, snapshot
from synergie.audit.models import AuditAction
from synergie.reference.models import BusinessDomain

DOMAIN_FIELDS = ["code", "name_fr", "name_nl", "name_en", "position"]


def _require(acting_user, perm: str) -> None:
    if not acting_user.has_perm(perm):
        raise PermissionDenied(_("You are not allowed to manage business domains."))


@transaction.atomic
def do_create_business_domain(*, acting_user, **fields) -> BusinessDomain:
    _require(acting_user, "reference.add_businessdomain")
    domain = BusinessDomain(**fields)
    domain.full_clean()
    domain.save()
    record_change(domain, action=AuditAction.CREATED, acting_user=acting_user,
                  changes=diff({}, snapshot(domain, DOMAIN_FIELDS)))
    return domain


@transaction.atomic
def do_update_business_domain(domain: BusinessDomain, *, acting_user,
                              **changes) -> BusinessDomain:
    _require(acting_user, "reference.change_businessdomain")
    return apply_audited_changes(domain, changes, DOMAIN_FIELDS, acting_user=acting_user)


@transaction.atomic
def do_delete_business_domain(domain: BusinessDomain, *, acting_user) -> None:
    """Delete a domain no need uses (needs protect theirs: the delete fails and nothing is
    recorded)."""
    _require(acting_user, "reference.delete_businessdomain")
    domain = BusinessDomain.objects.select_for_update().get(pk=domain.pk)
    before = snapshot(domain, DOMAIN_FIELDS)
    record_change(domain, action=AuditAction.DELETED, acting_user=acting_user,
                  changes={name: {"before": value, "after": None}
                           for name, value in before.items()})
    domain.delete()
