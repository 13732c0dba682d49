"""Creating and revoking personal API tokens, audited like every other write."""

import secrets

from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.utils.translation import gettext as _

from synergie.api import permissions
from synergie.api.models import PREFIX_LENGTH, ApiToken, digest_of
from synergie.audit.log import record_change
from synergie.audit.models import AuditAction


@transaction.atomic
def do_create_api_token(*, name: str, acting_user) -> tuple[ApiToken, str]:
    """A new token for `acting_user`: (the stored token, the key to show once)."""
    if not permissions.can_hold_tokens(acting_user):
        raise PermissionDenied(_("You cannot create API tokens."))
    name = (name or "").strip()
    if not name:
        raise ValidationError({"name": [_("Give the token a name, to recognise it later.")]})
    key = secrets.token_urlsafe(32)
    token = ApiToken(user=acting_user, name=name, prefix=key[:PREFIX_LENGTH],
                     digest=digest_of(key))
    token.full_clean()
    token.save()
    record_change(token, action=AuditAction.CREATED, acting_user=acting_user,
                  changes={"name": {"before": None, "after": name},
                           "prefix": {"before": None, "after": token.prefix}})
    return token, key


@transaction.atomic
def do_revoke_api_token(token: ApiToken, *, acting_user) -> None:
    token = ApiToken.objects.select_for_update().get(pk=token.pk)
    if not permissions.can_revoke(acting_user, token):
        raise PermissionDenied(_("You can revoke only your own tokens."))
    record_change(token, action=AuditAction.DELETED, acting_user=acting_user,
                  changes={"name": {"before": token.name, "after": None}})
    token.delete()
