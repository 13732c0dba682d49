"""Every write to users and their roles, audited."""

from django.core.exceptions import PermissionDenied
from django.db import transaction
from django.utils.translation import gettext as _

from synergie.accounts.models import Membership, Role, User
from synergie.audit.log import diff, record_change, snapshot
from synergie.audit.models import AuditAction


def _require(acting_user, perm: str) -> None:
    # acting_user None is the installation itself: the CLI creating the first administrator.
    if acting_user is not None and not acting_user.has_perm(perm):
        raise PermissionDenied(_("You are not allowed to manage users."))


@transaction.atomic
def do_create_user(
    username: str,
    *,
    acting_user,
    password: str | None = None,
    password_hash: str | None = None,
    is_staff: bool = False,
    is_superuser: bool = False,
    **fields,
) -> User:
    """Create an account. `password_hash` lets a bulk loader hash one password once."""
    _require(acting_user, "accounts.add_user")
    if is_superuser and acting_user is not None and not acting_user.is_superuser:
        raise PermissionDenied(_("Only a superuser can create a superuser."))
    user = User(username=username, is_staff=is_staff, is_superuser=is_superuser, **fields)
    if password_hash:
        user.password = password_hash
    else:
        user.set_password(password)
    user.full_clean(exclude=["password"])
    user.save()
    record_change(
        user,
        action=AuditAction.CREATED,
        acting_user=acting_user,
        changes={
            "username": {"before": None, "after": username},
            "is_staff": {"before": None, "after": is_staff},
            "is_superuser": {"before": None, "after": is_superuser},
        },
    )
    return user


@transaction.atomic
def do_grant_role(user: User, role: Role, institution=None, *, acting_user) -> Membership:
    _require(acting_user, "accounts.add_membership")
    membership = Membership(user=user, role=role, institution=institution)
    membership.full_clean()
    membership.save()
    record_change(
        user,
        action=AuditAction.UPDATED,
        acting_user=acting_user,
        changes={"roles": {"before": None, "after": str(membership)}},
        institution_id=institution.pk if institution else None,
    )
    return membership


@transaction.atomic
def do_revoke_role(membership: Membership, *, acting_user) -> None:
    _require(acting_user, "accounts.delete_membership")
    record_change(
        membership.user,
        action=AuditAction.UPDATED,
        acting_user=acting_user,
        changes={"roles": {"before": str(membership), "after": None}},
        institution_id=membership.institution_id,
    )
    membership.delete()


USER_AUDITED_FIELDS = ["first_name", "last_name", "email", "is_active", "is_staff", "is_superuser"]


@transaction.atomic
def do_update_user(user: User, *, acting_user, **changes) -> User:
    _require(acting_user, "accounts.change_user")
    if changes.get("is_superuser") and not acting_user.is_superuser:
        raise PermissionDenied(_("Only a superuser can make a superuser."))
    user = User.objects.select_for_update().get(pk=user.pk)
    before = snapshot(user, USER_AUDITED_FIELDS)
    for name, value in changes.items():
        setattr(user, name, value)
    user.full_clean(exclude=["password"])
    user.save()
    changed = diff(before, snapshot(user, USER_AUDITED_FIELDS))
    if changed:
        record_change(user, action=AuditAction.UPDATED, acting_user=acting_user, changes=changed)
    return user


@transaction.atomic
def do_update_role(role: Role, *, acting_user, permissions=None, **changes) -> Role:
    """Change a role's names or the permissions it grants: who may do what, so audited."""
    _require(acting_user, "accounts.change_role")
    role = Role.objects.select_for_update().get(pk=role.pk)
    fields = ["name_fr", "name_nl", "name_en", "scope"]
    before = snapshot(role, fields)
    before["permissions"] = sorted(
        f"{p.content_type.app_label}.{p.codename}" for p in role.permissions.all()
    )
    for name, value in changes.items():
        setattr(role, name, value)
    role.full_clean()
    role.save()
    if permissions is not None:
        role.permissions.set(permissions)
    after = snapshot(role, fields)
    after["permissions"] = sorted(
        f"{p.content_type.app_label}.{p.codename}" for p in role.permissions.all()
    )
    changed = diff(before, after)
    if changed:
        record_change(role, action=AuditAction.UPDATED, acting_user=acting_user, changes=changed)
    return role
