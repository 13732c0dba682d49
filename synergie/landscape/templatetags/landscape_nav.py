"""The main menu's landscape entry asks the landscape's permissions (the site's `nav` context
lives in a layer that must not decide for this app)."""

from django import template

from synergie.landscape import permissions

register = template.Library()


@register.filter
def may_view_landscape(user) -> bool:
    # A page rendered without a request (an error page) passes an empty string.
    return bool(getattr(user, "is_authenticated", False)) and permissions.can_view_landscape(user)
