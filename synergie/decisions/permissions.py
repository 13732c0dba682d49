"""Who may prepare meetings, record decisions and read them. Recorded decisions are public."""

from django.utils.translation import gettext as _

from synergie.decisions.models import Decision
from synergie.needs.models import Confidentiality


def can_manage_meetings(user) -> bool:
    return user.is_authenticated and user.has_perm("decisions.manage_meeting")


def can_decide(user) -> bool:
    return user.is_authenticated and user.has_perm("needs.decide_need")


def can_view_meetings(user) -> bool:
    """Agendas before the decision are internal to the region's offices."""
    return user.is_authenticated and (
        can_manage_meetings(user) or user.has_perm("needs.view_all_need")
    )


def public_subject(decision: Decision) -> str:
    """What the public may read of a decision's subject: an opportunity's title, a public
    need's title, otherwise only the kind of institution that filed it."""
    item = decision.item
    if item.opportunity_id:
        return item.opportunity.title
    need = item.need
    if need.confidentiality == Confidentiality.PUBLIC:
        return need.title
    return _("A need of an institution of the kind “%(kind)s”") % {
        "kind": need.institution.get_kind_display()
    }
