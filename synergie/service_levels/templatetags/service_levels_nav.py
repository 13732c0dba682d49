"""The main menu's service-levels entry asks this app's permissions (the site's `nav` context
lives in a layer that must not decide for this app)."""

from django import template

from synergie.service_levels import permissions

register = template.Library()


@register.filter
def may_view_service_levels(user) -> bool:
    # A page rendered without a request (an error page) passes an empty string.
    return bool(getattr(user, "is_authenticated", False)) and permissions.can_view(user)
