"""What a user may do to a pooling opportunity."""

from synergie.needs.models import NeedStatus
from synergie.opportunities.models import READ_PERMISSIONS, Opportunity

# A need leaves its opportunity only before the steering committee decides on the group.
UNDECIDED_STATUSES = (NeedStatus.SUBMITTED, NeedStatus.IN_ANALYSIS, NeedStatus.GROUPED)


def can_manage(user) -> bool:
    return user.is_authenticated and user.has_perm("opportunities.manage_opportunity")


def can_view_all(user) -> bool:
    """Whether the user reads opportunities at all (the lists and the synergy map); which ones
    is `Opportunity.objects.visible_to`, bounded by the scope of the user's roles."""
    return user.is_authenticated and any(user.has_perm(perm) for perm in READ_PERMISSIONS)


def can_view(user, opportunity: Opportunity) -> bool:
    return Opportunity.objects.visible_to(user).filter(pk=opportunity.pk).exists()


def can_edit(user, opportunity: Opportunity) -> bool:
    return can_manage(user) and can_view(user, opportunity)


def can_take_out(user, need) -> bool:
    return can_manage(user) and need.status in UNDECIDED_STATUSES
