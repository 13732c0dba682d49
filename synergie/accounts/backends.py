"""Authentication backend that answers `has_perm` from roles and memberships."""

from dataclasses import dataclass, field

from django.contrib.auth.backends import ModelBackend

from synergie.accounts.models import Membership, RoleScope


def institution_id_of(obj) -> int | None:
    """The institution an object belongs to, for institution-scoped roles."""
    from synergie.institutions.models import Institution

    if isinstance(obj, Institution):
        return obj.pk
    return getattr(obj, "institution_id", None)


class RoleBackend(ModelBackend):
    """Password login as usual; permissions come from the user's roles.

    - `user.has_perm("app.codename")`: the user holds it through some role, anywhere.
    - `user.has_perm("app.codename", obj)`: a regional role holds it, or an institution role
      holds it for the institution `obj` belongs to.
    """

    def _role_permissions(self, user_obj) -> tuple[frozenset[str], dict[int, frozenset[str]]]:
        if not hasattr(user_obj, "_synergie_role_perms"):
            regional: set[str] = set()
            per_institution: dict[int, set[str]] = {}
            memberships = Membership.objects.filter(user=user_obj).values_list(
                "role__scope",
                "institution_id",
                "role__permissions__content_type__app_label",
                "role__permissions__codename",
            )
            for scope, institution_id, app_label, codename in memberships:
                if codename is None:
                    continue
                perm = f"{app_label}.{codename}"
                if scope == RoleScope.REGION:
                    regional.add(perm)
                elif institution_id is not None:
                    per_institution.setdefault(institution_id, set()).add(perm)
            user_obj._synergie_role_perms = (
                frozenset(regional),
                {key: frozenset(value) for key, value in per_institution.items()},
            )
        return user_obj._synergie_role_perms

    def get_all_permissions(self, user_obj, obj=None):
        if not user_obj.is_active or user_obj.is_anonymous:
            return set()
        if user_obj.is_superuser:
            return super().get_all_permissions(user_obj)
        regional, per_institution = self._role_permissions(user_obj)
        if obj is None:
            return set(regional).union(*per_institution.values())
        return set(regional) | set(per_institution.get(institution_id_of(obj), ()))

    def has_perm(self, user_obj, perm, obj=None):
        if not user_obj.is_active:
            return False
        if user_obj.is_superuser:
            return True
        return perm in self.get_all_permissions(user_obj, obj)

    def institutions_with_perm(self, user_obj, perm: str) -> set[int] | None:
        """Institutions on which the user holds `perm`; None means every institution."""
        if not user_obj.is_authenticated or not user_obj.is_active:
            return set()
        if user_obj.is_superuser:
            return None
        regional, per_institution = self._role_permissions(user_obj)
        if perm in regional:
            return None
        return {key for key, perms in per_institution.items() if perm in perms}


def institutions_with_perm(user, perm: str) -> set[int] | None:
    return RoleBackend().institutions_with_perm(user, perm)


def institutions_with_any_perm(user, perms) -> set[int] | None:
    """Institutions on which the user holds at least one of `perms`; None means every
    institution (one of them is held through a regional role, or the user is a superuser)."""
    institutions: set[int] = set()
    for perm in perms:
        held = institutions_with_perm(user, perm)
        if held is None:
            return None
        institutions |= held
    return institutions


@dataclass(frozen=True)
class RoleHoldings:
    """The permissions someone holds through roles: everywhere (regional roles) and per
    institution (institution-scoped roles). A user's, or a role's as a member would hold it."""

    regional: frozenset[str] = frozenset()
    per_institution: dict[int, frozenset[str]] = field(default_factory=dict)

    def institutions_with(self, perm: str) -> set[int]:
        return {key for key, perms in self.per_institution.items() if perm in perms}

    def anywhere(self, perm: str) -> bool:
        return perm in self.regional or bool(self.institutions_with(perm))


def role_holdings(user) -> RoleHoldings:
    """What the user's roles grant (nothing for an inactive or anonymous user)."""
    if not user.is_authenticated or not user.is_active:
        return RoleHoldings()
    regional, per_institution = RoleBackend()._role_permissions(user)
    return RoleHoldings(regional, per_institution)
