"""Single sign-on through the region's OpenID Connect provider (mozilla-django-oidc).

The provider vouches for who the person is; its claims say which institution they work for and
which roles they hold. A person whose claims name no institution Synergie knows is refused with a
page saying why. Decisions and their reasons: docs/adr/0005-single-sign-on-with-openid-connect.md.
"""

import re
from dataclasses import dataclass, field

from django.conf import settings
from django.core.exceptions import SuspiciousOperation
from django.shortcuts import render
from mozilla_django_oidc.auth import OIDCAuthenticationBackend
from mozilla_django_oidc.views import OIDCAuthenticationCallbackView

from synergie.accounts import actions
from synergie.accounts.models import Role
from synergie.accounts.refusals import NO_INSTITUTION, SignInRefused


@dataclass(frozen=True)
class ProviderIdentity:
    """What the claims say, in Synergie's terms (no database involved)."""

    username: str
    institution_value: str
    role_codes: tuple[str, ...]
    first_name: str = ""
    last_name: str = ""
    email: str = ""
    raw_roles: tuple[str, ...] = field(default=())


def _claimed_roles(value) -> list[str]:
    """A roles claim is a list, or words separated by spaces or commas."""
    if value is None:
        return []
    if isinstance(value, str):
        return [word for word in re.split(r"[\s,]+", value) if word]
    return [str(item) for item in value]


def identity_from_claims(claims: dict, *, username_claim: str, institution_claim: str,
                         roles_claim: str, role_map: dict[str, str], known_roles: set[str],
                         default_roles: list[str]) -> ProviderIdentity:
    username = str(claims.get(username_claim) or "").strip()
    if not username:
        raise SuspiciousOperation(f"the provider's claims have no {username_claim}")
    institution_value = str(claims.get(institution_claim) or "").strip()
    if not institution_value:
        raise SignInRefused(NO_INSTITUTION)
    raw = _claimed_roles(claims.get(roles_claim))
    mapped = [role_map[name] for name in raw if name in role_map] if role_map else raw
    roles = sorted({code for code in mapped if code in known_roles})
    if not roles:
        roles = sorted(code for code in default_roles if code in known_roles)
    return ProviderIdentity(
        username=username[:150],
        institution_value=institution_value,
        role_codes=tuple(roles),
        first_name=str(claims.get("given_name") or "")[:150],
        last_name=str(claims.get("family_name") or "")[:150],
        email=str(claims.get("email") or "")[:254],
        raw_roles=tuple(raw),
    )


class InstitutionOIDCBackend(OIDCAuthenticationBackend):
    """Turns the provider's claims into a user with an institution and roles."""

    def verify_token(self, token, **kwargs):
        payload = super().verify_token(token, **kwargs)
        if "nonce" in kwargs:  # the ID token (the library leaves issuer and audience unchecked)
            issuer = settings.SYNERGIE_OIDC_ISSUER
            if issuer and payload.get("iss") != issuer:
                raise SuspiciousOperation("ID token from another issuer")
            audience = payload.get("aud")
            audiences = [audience] if isinstance(audience, str) else list(audience or [])
            if self.OIDC_RP_CLIENT_ID not in audiences:
                raise SuspiciousOperation("ID token for another client")
        return payload

    def get_or_create_user(self, access_token, id_token, payload):
        claims = self.get_userinfo(access_token, id_token, payload)
        if claims.get("sub") != payload.get("sub"):
            raise SuspiciousOperation("userinfo of another person than the ID token")
        try:
            identity = identity_from_claims(
                {**payload, **claims},
                username_claim=settings.SYNERGIE_OIDC_USERNAME_CLAIM,
                institution_claim=settings.SYNERGIE_OIDC_INSTITUTION_CLAIM,
                roles_claim=settings.SYNERGIE_OIDC_ROLES_CLAIM,
                role_map=settings.SYNERGIE_OIDC_ROLE_MAP,
                known_roles=set(Role.objects.values_list("code", flat=True)),
                default_roles=settings.SYNERGIE_OIDC_DEFAULT_ROLES,
            )
            return actions.do_sign_in_from_provider(
                identity, institution_field=settings.SYNERGIE_OIDC_INSTITUTION_FIELD,
                acting_user=None)
        except SignInRefused as refusal:
            # Read by the callback view, which shows the reason instead of a bare failure.
            self.request.synergie_sign_in_refused = refusal
            return None


class CallbackView(OIDCAuthenticationCallbackView):
    """The provider sends the person back here; a failure gets a page saying why (HTTP 403)."""

    def login_failure(self):
        refusal = getattr(self.request, "synergie_sign_in_refused", None)
        return render(self.request, "accounts/sign_in_refused.html",
                      {"reason": refusal.text() if refusal else None}, status=403)


def is_single_sign_on(request, credentials) -> bool:
    """Login throttling leaves the provider's logins alone: no password is tried here (the
    provider throttles its own), and a refused claim is not a guess."""
    match = getattr(request, "resolver_match", None)
    return bool(match and match.view_name == "oidc:callback")
