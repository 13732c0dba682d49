"""Who may prepare meetings, record decisions and read them. Recorded decisions are public."""

from synergie.decisions.models import Decision
from synergie.needs.permissions import PublicNeed, public_view, public_views


def can_manage_meetings(user) -> bool:
    return user.is_authenticated and user.has_perm("decisions.manage_meeting")


def can_decide(user) -> bool:
    return user.is_authenticated and user.has_perm("needs.decide_need")


def can_view_meetings(user) -> bool:
    """Agendas before the decision are internal to the region's offices."""
    return user.is_authenticated and (
        can_manage_meetings(user) or user.has_perm("needs.view_all_need")
    )


def published_decisions():
    """Every recorded decision, newest meeting first, with what its public pages read."""
    return (Decision.objects
            .select_related("item__opportunity", "item__need__institution", "item__meeting")
            .prefetch_related("item__opportunity__needs__institution")
            .order_by("-item__meeting__date", "-decided_at", "-pk"))


def public_subject(decision: Decision) -> str:
    """What the public may read of a decision's subject: an opportunity's title, or its need as
    `needs.permissions.public_view` shows it (a title, or the kind of its institution)."""
    item = decision.item
    if item.opportunity_id:
        return item.opportunity.title
    return public_view(item.need).subject


def public_needs(decision: Decision) -> list[PublicNeed]:
    """The needs a decision concerns, each as the public may read it."""
    return public_views(decision.item.member_needs())
