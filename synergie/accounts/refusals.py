"""Why a person the region's identity provider vouches for is not let in: what they read."""

from django.utils.translation import gettext_lazy as _


class SignInRefused(Exception):
    """Claims that cannot make a Synergie user; `message` is what the person reads."""

    def __init__(self, message, **params):
        super().__init__(str(message))
        self.message, self.params = message, params

    def text(self) -> str:
        return str(self.message) % self.params if self.params else str(self.message)


NO_INSTITUTION = _(
    "Your account at the region's identity provider does not say which institution you work "
    "for, so Synergie cannot tell which needs are yours. Ask whoever manages your institution's "
    "accounts at the identity provider to add it, then log in again.")
UNKNOWN_INSTITUTION = _(
    "Your account at the region's identity provider names an institution Synergie does not know "
    "(%(value)s). Ask an administrator of Synergie to check that institution's code.")
LOCAL_ACCOUNT = _(
    "A Synergie account with its own password already has the name %(username)s: the identity "
    "provider cannot take it over. Log in with its password, or ask an administrator of "
    "Synergie.")
DEACTIVATED = _("Your Synergie account is deactivated. Ask an administrator of Synergie.")
