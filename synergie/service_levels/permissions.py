"""Who imports the service desk's exports and maps its services (the orchestrator's analysts,
who run the catalogue), and who reads the service levels: whoever reads across the region.

Incidents are regional figures, not an institution's: a permission held in one institution only
does not open them."""

from synergie.accounts.backends import institutions_with_any_perm

MANAGE = "catalogue.manage_catalogue"
READ_ACROSS_THE_REGION = "needs.view_all_need"


def _held_regionally(user, *perms: str) -> bool:
    return user.is_authenticated and institutions_with_any_perm(user, perms) is None


def can_manage(user) -> bool:
    return _held_regionally(user, MANAGE)


def can_view(user) -> bool:
    return _held_regionally(user, MANAGE, READ_ACROSS_THE_REGION)
