"""Every write to users and their roles, audited."""

from django.core.exceptions import PermissionDenied
from django.db import transaction
from django.utils.translation import gettext as _

from synergie.accounts.models import Membership, Role, RoleScope, User
from synergie.accounts.refusals import (DEACTIVATED, LOCAL_ACCOUNT, UNKNOWN_INSTITUTION,
                                        SignInRefused)
from synergie.audit.events import USER_PASSWORD_DISABLED, USER_PASSWORD_SET
from synergie.audit.log import diff, record_change, snapshot
from synergie.audit.models import AuditAction
from synergie.institutions.models import Institution


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


USER_AUDITED_FIELDS = ["username", "first_name", "last_name", "email", "is_active", "is_staff",
                       "is_superuser"]


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
def do_set_user_password(user: User, *, acting_user, password_hash: str) -> User:
    """Give an account a new password (as its hash, or an unusable one to disable password
    login). The trail says that it changed, never what it is."""
    _require(acting_user, "accounts.change_user")
    user = User.objects.select_for_update().get(pk=user.pk)
    user.password = password_hash
    user.save(update_fields=["password"])
    event = USER_PASSWORD_SET if user.has_usable_password() else USER_PASSWORD_DISABLED
    record_change(user, action=AuditAction.UPDATED, acting_user=acting_user, event=event)
    return user


ROLE_FIELDS = ["code", "name_fr", "name_nl", "name_en", "scope"]


def _role_values(role: Role) -> dict:
    values = snapshot(role, ROLE_FIELDS)
    values["permissions"] = sorted(
        f"{p.content_type.app_label}.{p.codename}"
        for p in role.permissions.select_related("content_type")
    )
    return values


@transaction.atomic
def do_create_role(*, acting_user, permissions=(), **fields) -> Role:
    """A new role and the permissions it grants: who may do what, so audited."""
    _require(acting_user, "accounts.add_role")
    role = Role(**fields)
    role.full_clean()
    role.save()
    role.permissions.set(permissions)
    record_change(role, action=AuditAction.CREATED, acting_user=acting_user,
                  changes=diff({}, _role_values(role)))
    return role


@transaction.atomic
def do_update_role(role: Role, *, acting_user, permissions=None, **changes) -> Role:
    """Change a role's names, scope or the permissions it grants: who may do what, so audited.
    Its code is how settings and other systems name it, so it stays as created."""
    _require(acting_user, "accounts.change_role")
    unknown = set(changes) - set(ROLE_FIELDS[1:])
    if unknown:
        raise TypeError(f"not editable: {sorted(unknown)}")
    role = Role.objects.select_for_update().get(pk=role.pk)
    before = _role_values(role)
    for name, value in changes.items():
        setattr(role, name, value)
    role.full_clean()
    role.save()
    if permissions is not None:
        role.permissions.set(permissions)
    changed = diff(before, _role_values(role))
    if changed:
        record_change(role, action=AuditAction.UPDATED, acting_user=acting_user, changes=changed)
    return role


@transaction.atomic
def do_sign_in_from_provider(identity, *, institution_field: str, acting_user=None) -> User:
    """The account of a person the region's identity provider vouches for, made to match its
    claims: created on first login (without a password: it cannot log in locally), names and
    e-mail updated, and roles set to what the provider says, each change in the audit trail.
    `acting_user` None: the provider decides, Synergie records.

    Refuses (SignInRefused, with the reason the person reads) claims naming no institution
    Synergie knows, a local account with a password of the same name (never taken over) and a
    deactivated account.
    """
    if institution_field not in ("code", "enterprise_number"):
        raise ValueError(f"institutions are not found by {institution_field!r}")
    institution = Institution.objects.filter(
        is_active=True, **{institution_field: identity.institution_value}).first()
    if institution is None:
        raise SignInRefused(UNKNOWN_INSTITUTION, value=identity.institution_value)
    profile = {"first_name": identity.first_name, "last_name": identity.last_name,
               "email": identity.email}
    user = User.objects.select_for_update().filter(username=identity.username).first()
    if user is None:
        user = do_create_user(identity.username, acting_user=acting_user, password=None,
                              **profile)
    elif user.has_usable_password():
        raise SignInRefused(LOCAL_ACCOUNT, username=identity.username)
    elif not user.is_active:
        raise SignInRefused(DEACTIVATED)
    elif any(getattr(user, name) != value for name, value in profile.items()):
        user = do_update_user(user, acting_user=acting_user, **profile)

    roles = {role.code: role for role in Role.objects.filter(code__in=identity.role_codes)}
    wanted = {(role.pk, institution.pk if role.scope == RoleScope.INSTITUTION else None)
              for role in roles.values()}
    for membership in Membership.objects.filter(user=user).select_related("role", "institution"):
        if (membership.role_id, membership.institution_id) not in wanted:
            do_revoke_role(membership, acting_user=acting_user)
        else:
            wanted.discard((membership.role_id, membership.institution_id))
    by_pk = {role.pk: role for role in roles.values()}
    for role_pk, institution_pk in sorted(wanted, key=lambda pair: pair[0]):
        do_grant_role(user, by_pk[role_pk], institution if institution_pk else None,
                      acting_user=acting_user)
    return user
