"""Who can read a need, computed from the roles as they are stored (an administrator may change
them at any time), with the very rule that decides what each user reads (`readable_q`).

Each role is tried as a member would hold it: a regional role once; an institution-scoped role
twice, as a member of the need's institution and as a member of another institution.
"""

from dataclasses import dataclass

from django.db.models import Count, Q
from django.utils.translation import gettext as _

from synergie.accounts.backends import RoleHoldings
from synergie.accounts.models import Role, RoleScope
from synergie.needs.models import PUBLIC_Q, Confidentiality, Need, NeedStatus, readable_q

# An institution that is not the need's: ids are positive, so this one holds no need.
ANOTHER_INSTITUTION = -1


@dataclass(frozen=True)
class Readers:
    everyone: bool  # published: read without signing in
    roles: list[str]  # "Data office", "Institution contributor of Commune A", ...


def _role_permissions() -> list[tuple[Role, frozenset[str]]]:
    # As tuples: the administrator's role holds every permission, and model instances of
    # them all cost a need page 12 ms.
    granted: dict[int, set[str]] = {}
    for role_id, app_label, codename in Role.permissions.through.objects.values_list(
            "role_id", "permission__content_type__app_label", "permission__codename"):
        granted.setdefault(role_id, set()).add(f"{app_label}.{codename}")
    return [(role, frozenset(granted.get(role.pk, ()))) for role in Role.objects.all()]


def _counted(q: Q | None, key: str) -> dict:
    # Count(filter=...) cannot hold "every need": count the need itself then.
    return {key: Count("pk", filter=q) if q is not None else Count("pk")}


def readers_of(need: Need) -> Readers:
    """The roles that can read `need`, each with where its members must be for that."""
    roles = _role_permissions()
    counts = {}
    for index, (role, perms) in enumerate(roles):
        if role.scope == RoleScope.REGION:
            counts |= _counted(readable_q(RoleHoldings(regional=perms)), f"r{index}")
        else:
            for where, institution in (("here", need.institution_id),
                                       ("elsewhere", ANOTHER_INSTITUTION)):
                holdings = RoleHoldings(per_institution={institution: perms})
                counts |= _counted(readable_q(holdings), f"{where}{index}")
    counts |= _counted(PUBLIC_Q, "everyone")
    found = Need.objects.filter(pk=need.pk).aggregate(**counts)
    names = []
    for index, (role, _perms) in enumerate(roles):
        if role.scope == RoleScope.REGION:
            if found[f"r{index}"]:
                names.append(role.name)
        elif found[f"elsewhere{index}"]:
            names.append(_("%(role)s of every institution") % {"role": role.name})
        elif found[f"here{index}"]:
            names.append(_("%(role)s of %(institution)s")
                         % {"role": role.name, "institution": need.institution.name})
    return Readers(everyone=bool(found["everyone"]), roles=names)


def roles_reading_every_submitted_need() -> list[str]:
    """The regional roles whose members read the submitted needs of every institution,
    institution-only ones included (the need form says so next to the confidentiality choice).
    The rule is tried on such a need, described rather than stored."""
    confidential = {"confidentiality": Confidentiality.INSTITUTION,
                    "status": NeedStatus.SUBMITTED, "institution_id": ANOTHER_INSTITUTION}
    names = []
    for role, perms in _role_permissions():
        if role.scope != RoleScope.REGION:
            continue
        readable = readable_q(RoleHoldings(regional=perms))
        if readable is None or readable.check(confidential):
            names.append(role.name)
    return names
