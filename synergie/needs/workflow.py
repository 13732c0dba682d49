"""The life of a need: which status may follow which, and the permission each step requires.

draft → submitted → in analysis → grouped → decided (approved, rejected, deferred)
→ in delivery → delivered; or withdrawn by its institution before a decision.
"""

from dataclasses import dataclass

from django.utils.translation import gettext_lazy as _

from synergie.needs.models import NeedStatus as S


@dataclass(frozen=True)
class Transition:
    name: str
    label: str
    sources: tuple[str, ...]
    target: str
    permission: str
    # A step that makes the need visible to others requires it to be complete.
    requires_complete: bool = False
    # Sending back or refusing must say why, so the author knows what to change.
    requires_comment: bool = False


TRANSITIONS: tuple[Transition, ...] = (
    Transition("submit", _("Submit to the purchasing office"), (S.DRAFT,), S.SUBMITTED,
               "needs.file_need", requires_complete=True),
    Transition("withdraw", _("Withdraw"), (S.DRAFT, S.SUBMITTED, S.IN_ANALYSIS, S.DEFERRED),
               S.WITHDRAWN, "needs.file_need", requires_comment=True),
    Transition("start_analysis", _("Start the analysis"), (S.SUBMITTED,), S.IN_ANALYSIS,
               "needs.analyse_need"),
    Transition("return_to_author", _("Return to the author"), (S.SUBMITTED, S.IN_ANALYSIS),
               S.DRAFT, "needs.analyse_need", requires_comment=True),
    Transition("group", _("Mark as grouped"), (S.IN_ANALYSIS,), S.GROUPED, "needs.analyse_need"),
    Transition("ungroup", _("Take out of its group"), (S.GROUPED,), S.IN_ANALYSIS,
               "needs.analyse_need"),
    Transition("approve", _("Approve"), (S.IN_ANALYSIS, S.GROUPED), S.APPROVED,
               "needs.decide_need", requires_comment=True),
    Transition("reject", _("Reject"), (S.IN_ANALYSIS, S.GROUPED), S.REJECTED,
               "needs.decide_need", requires_comment=True),
    Transition("defer", _("Defer"), (S.IN_ANALYSIS, S.GROUPED), S.DEFERRED,
               "needs.decide_need", requires_comment=True),
    Transition("reopen", _("Reopen the analysis"), (S.DEFERRED,), S.IN_ANALYSIS,
               "needs.analyse_need"),
    Transition("start_delivery", _("Start delivery"), (S.APPROVED,), S.IN_DELIVERY,
               "needs.deliver_need"),
    Transition("deliver", _("Mark as delivered"), (S.IN_DELIVERY,), S.DELIVERED,
               "needs.deliver_need"),
)

TRANSITIONS_BY_NAME = {transition.name: transition for transition in TRANSITIONS}


def transitions_from(status: str) -> list[Transition]:
    return [transition for transition in TRANSITIONS if status in transition.sources]
