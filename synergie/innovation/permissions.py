"""Who runs the innovation lab's experiments and who reads them."""


def can_manage(user) -> bool:
    return user.is_authenticated and user.has_perm("innovation.manage_experiment")


def can_view(user) -> bool:
    return user.is_authenticated and (can_manage(user) or user.has_perm("needs.view_all_need"))
