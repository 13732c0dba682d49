"""Every write of the steering committee: meetings, agenda, decisions. Recording a decision
moves the member needs to their decided status through the needs' workflow, in one transaction,
so the decision and its effects are audited together or not made at all."""

from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.utils.translation import gettext as _

from synergie.audit.events import NEED_DECIDED
from synergie.audit.log import diff, locked, record_change, snapshot
from synergie.audit.models import AuditAction
from synergie.decisions import permissions
from synergie.decisions.models import AgendaItem, Decision, Meeting, Outcome
from synergie.needs.actions import do_change_need_status
from synergie.needs.models import Need, NeedStatus

DECIDABLE_STATUSES = (NeedStatus.IN_ANALYSIS, NeedStatus.GROUPED)
STEP_FOR_OUTCOME = {
    Outcome.APPROVE: "approve",
    Outcome.APPROVE_WITH_CONDITIONS: "approve",
    Outcome.DEFER: "defer",
    Outcome.REJECT: "reject",
}


@transaction.atomic
def do_create_meeting(*, title: str, date, acting_user) -> Meeting:
    if not permissions.can_manage_meetings(acting_user):
        raise PermissionDenied(_("Only the steering committee prepares its meetings."))
    meeting = Meeting(title=title, date=date, created_by=acting_user)
    meeting.full_clean()
    meeting.save()
    record_change(meeting, action=AuditAction.CREATED, acting_user=acting_user,
                  changes=diff({}, snapshot(meeting, ["title", "date"])))
    return meeting


@transaction.atomic
def do_add_agenda_item(meeting: Meeting, *, acting_user, opportunity=None,
                       need=None) -> AgendaItem:
    if not permissions.can_manage_meetings(acting_user):
        raise PermissionDenied(_("Only the steering committee prepares its meetings."))
    item = AgendaItem(meeting=meeting, opportunity=opportunity, need=need,
                      position=meeting.items.count() + 1)
    item.full_clean()
    needs = item.member_needs()
    if not needs:
        raise ValidationError({"opportunity": [_("This opportunity has no need to decide on.")]})
    undecidable = [n for n in needs if n.status not in DECIDABLE_STATUSES]
    if undecidable:
        raise ValidationError({"need": [
            _("“%(need)s” is “%(status)s”: only needs in analysis or grouped can be decided.")
            % {"need": n.title, "status": n.get_status_display()} for n in undecidable
        ]})
    item.save()
    record_change(meeting, action=AuditAction.UPDATED, acting_user=acting_user,
                  changes={"agenda": {"before": None, "after": str(item.subject)}})
    return item


def undecidable_needs(item: AgendaItem) -> list:
    """The item's needs that can no longer be decided: withdrawn, or sent back to their author,
    since the item was put on the agenda."""
    return [need for need in item.member_needs() if need.status not in DECIDABLE_STATUSES]


def no_longer_decidable_messages(needs) -> list[str]:
    return [_("“%(need)s” is now “%(status)s”: it can no longer be decided.")
            % {"need": need.title, "status": need.get_status_display()} for need in needs]


@transaction.atomic
def do_record_decision(item: AgendaItem, *, outcome: str, motivation: str, language: str,
                       acting_user, conditions: str = "") -> Decision:
    if not permissions.can_decide(acting_user):
        raise PermissionDenied(_("Only the steering committee records decisions."))
    item = AgendaItem.objects.select_for_update().get(pk=item.pk)
    if hasattr(item, "decision"):
        raise ValidationError(_("This item has already been decided."))
    errors = {}
    if not (motivation or "").strip():
        errors["motivation"] = [_("Write the motivation: the public reads it with the decision.")]
    if outcome == Outcome.APPROVE_WITH_CONDITIONS and not (conditions or "").strip():
        errors["conditions"] = [_("State the conditions of the approval.")]
    if errors:
        raise ValidationError(errors)
    # Locked, so a need withdrawn while the decision is typed in is seen here, not half-moved.
    needs = list(Need.objects.select_for_update().filter(
        pk__in=[need.pk for need in item.member_needs()]).order_by("pk"))
    decidable = [need for need in needs if need.status in DECIDABLE_STATUSES]
    if not decidable:
        # A withdrawn need cannot be approved, rejected or deferred: the item is dropped instead.
        raise ValidationError([
            *no_longer_decidable_messages(needs),
            _("Remove the item from the agenda instead: a need that cannot be decided has no "
              "decision."),
        ])
    decision = Decision(item=item, outcome=outcome, motivation=motivation.strip(),
                        conditions=(conditions or "").strip(), language=language,
                        decided_by=acting_user)
    decision.full_clean()
    decision.save()
    meeting = item.meeting
    # An opportunity's other needs are decided; one withdrawn meanwhile stays as its institution
    # left it.
    for need in decidable:
        do_change_need_status(need, STEP_FOR_OUTCOME[outcome], acting_user=acting_user,
                              comment=decision.motivation, event=NEED_DECIDED,
                              event_params={"meeting": meeting.title,
                                            "date": meeting.date.isoformat(),
                                            "decision_id": decision.pk,
                                            "comment_language": decision.language})
    record_change(decision, action=AuditAction.CREATED, acting_user=acting_user,
                  changes=diff({}, snapshot(decision, ["outcome", "motivation", "conditions",
                                                       "language"])))
    return decision


@transaction.atomic
def do_drop_agenda_item(item: AgendaItem, *, acting_user, reason: str = "") -> None:
    """Take an undecided item off its meeting's agenda (say, its need was withdrawn). The
    meeting's trail keeps what was on it and why it went."""
    if not permissions.can_manage_meetings(acting_user):
        raise PermissionDenied(_("Only the steering committee prepares its meetings."))
    item = (AgendaItem.objects.select_for_update().select_related("meeting")
            .filter(pk=item.pk).first())
    if item is None:
        raise ValidationError(_("This item is no longer on the agenda."))
    if Decision.objects.filter(item=item).exists():
        raise ValidationError(_("This item has been decided: it stays on the agenda with its "
                                "decision."))
    record_change(item.meeting, action=AuditAction.UPDATED, acting_user=acting_user,
                  changes={"agenda": {"before": str(item.subject), "after": None}},
                  comment=(reason or "").strip())
    item.delete()


@transaction.atomic
def do_put_scenario_on_agenda(meeting: Meeting, scenario, *, acting_user) -> list[str]:
    """The optimised scenario's chosen candidates become the meeting's agenda. Returns the
    titles that could not be added, with the reason, so nothing is silently dropped."""
    from synergie.opportunities.models import Opportunity

    if not permissions.can_manage_meetings(acting_user):
        raise PermissionDenied(_("Only the steering committee prepares its meetings."))
    if not scenario.result or not scenario.result.get("selected"):
        raise ValidationError(_("This scenario has not been optimised yet."))
    skipped = []
    for chosen in scenario.result["selected"]:
        kind, _sep, pk = chosen["id"].partition("-")
        model = Opportunity if kind == "opportunity" else Need
        subject = model.objects.filter(pk=pk).first()
        if subject is None or subject.agenda_items.exists():
            continue
        try:
            do_add_agenda_item(meeting, acting_user=acting_user,
                               **{"opportunity" if kind == "opportunity" else "need": subject})
        except ValidationError as error:
            skipped.append(f"{subject}: {' '.join(error.messages)}")
    # The scenario the meeting had, as stored (read again under lock, see `audit.log.locked`).
    previous = locked(meeting).scenario
    Meeting.objects.filter(pk=meeting.pk).update(scenario=scenario)
    if previous != scenario:
        record_change(meeting, action=AuditAction.UPDATED, acting_user=acting_user,
                      changes={"scenario": {"before": previous.title if previous else None,
                                            "after": scenario.title}})
    return skipped
