"""Who may do what with the data needs depend on, decided here only.

Those who may edit a need (`needs.permissions.can_edit`: its authors while it is a draft,
administrators) list its data; the data office (`data_office.give_verdict`) judges it. The
dependencies and their verdicts are read by signed-in readers of the need."""

from synergie.needs import permissions as need_permissions

GIVE_VERDICT = "data_office.give_verdict"


def can_manage_dependencies(user, need) -> bool:
    return user.is_authenticated and need_permissions.can_edit(user, need)


def can_give_verdict(user) -> bool:
    return user.is_authenticated and user.has_perm(GIVE_VERDICT)


def can_read(user, need) -> bool:
    return need_permissions.can_view_history(user, need)
