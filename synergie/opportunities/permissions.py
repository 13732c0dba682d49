"""What a user may do to a pooling opportunity."""

from synergie.needs.models import NeedStatus
from synergie.opportunities.models import Opportunity

# A need leaves its opportunity only before the steering committee decides on the group.
UNDECIDED_STATUSES = (NeedStatus.SUBMITTED, NeedStatus.IN_ANALYSIS, NeedStatus.GROUPED)


def can_manage(user) -> bool:
    return user.is_authenticated and user.has_perm("opportunities.manage_opportunity")


def can_view_all(user) -> bool:
    """The region's offices read every opportunity; the public reads decisions (later)."""
    return user.is_authenticated and (can_manage(user) or user.has_perm("needs.view_all_need"))


def can_view(user, opportunity: Opportunity) -> bool:
    return can_view_all(user)


def can_edit(user, opportunity: Opportunity) -> bool:
    return can_manage(user)


def can_take_out(user, need) -> bool:
    return can_manage(user) and need.status in UNDECIDED_STATUSES
