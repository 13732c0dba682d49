from synergie.campaigns import permissions as campaign_permissions
from synergie.data_office import permissions as data_office_permissions
from synergie.delivery import permissions as delivery_permissions
from synergie.needs import permissions as need_permissions
from synergie.opportunities import permissions as opportunity_permissions


def navigation(request):
    """Which main menu entries the current user gets."""
    user = getattr(request, "user", None)
    if user is None or not user.is_authenticated:
        return {"nav": {}}
    return {
        "nav": {
            "dashboard": True,
            "my_needs": need_permissions.can_create(user),
            "inbox": need_permissions.can_browse_region(user),
            "opportunities": opportunity_permissions.can_view_all(user),
            "projects": delivery_permissions.can_view_projects(user),
            "project_capacity": delivery_permissions.can_view_capacity(user),
            "campaigns": campaign_permissions.can_view_list(user),
            "data_office": data_office_permissions.can_give_verdict(user),
            "admin": user.is_staff,
        }
    }
