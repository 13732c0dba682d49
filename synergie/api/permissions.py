"""Who may hold API tokens. What a token lets its holder read and write is decided by each app's
own permissions module, exactly as for the pages."""


def can_hold_tokens(user) -> bool:
    return user.is_authenticated and user.is_active


def can_revoke(user, token) -> bool:
    return can_hold_tokens(user) and token.user_id == user.pk
