"""Who builds portfolio scenarios and who reads them."""


def can_manage(user) -> bool:
    return user.is_authenticated and user.has_perm("portfolio.manage_scenario")


def can_view(user) -> bool:
    return user.is_authenticated and (can_manage(user) or user.has_perm("needs.view_all_need"))
