"""Every write to a pooling opportunity. Adding a need moves it to "grouped", removing it
moves it back to "in analysis": both through the needs' workflow, so both are audited."""

from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.utils.translation import gettext as _

from synergie.audit.events import NEED_GROUPED, NEED_UNGROUPED
from synergie.audit.log import apply_audited_changes, diff, record_change, snapshot
from synergie.audit.models import AuditAction
from synergie.audit.versions import entries_of, latest_entry
from synergie.needs.actions import do_change_need_status
from synergie.needs.models import Need, NeedStatus
from synergie.opportunities import permissions
from synergie.opportunities.models import Opportunity, OpportunityNeed

AUDITED_FIELDS = ["title", "notes", "status", "lead_analyst"]
GROUPABLE_STATUSES = (NeedStatus.SUBMITTED, NeedStatus.IN_ANALYSIS)


def _require_manager(user) -> None:
    if not permissions.can_manage(user):
        raise PermissionDenied(_("Only the purchasing office manages pooling opportunities."))


def _member_ids(opportunity: Opportunity) -> list[int]:
    return sorted(opportunity.members.values_list("need_id", flat=True))


def _event_params(opportunity: Opportunity) -> dict:
    return {"opportunity": opportunity.title, "opportunity_id": opportunity.pk}


def _group(opportunity: Opportunity, needs: list[Need], acting_user) -> None:
    # Read again, locked: the caller's objects may predate another analyst's grouping.
    needs = list(Need.objects.select_for_update().filter(pk__in=[need.pk for need in needs])
                 .order_by("pk"))
    memberships = {
        member.need_id: member
        for member in OpportunityNeed.objects.filter(need__in=needs).select_related("opportunity")
    }
    problems = []
    for need in needs:
        member = memberships.get(need.pk)
        if member is not None and member.opportunity_id != opportunity.pk:
            problems.append(_("“%(need)s” already belongs to the opportunity “%(other)s”.")
                            % {"need": need.title, "other": member.opportunity.title})
        elif need.status not in GROUPABLE_STATUSES:
            problems.append(_("“%(need)s” is “%(status)s”: only submitted needs or needs in "
                              "analysis can be grouped.")
                            % {"need": need.title, "status": need.get_status_display()})
    if problems:
        raise ValidationError({"needs": problems})
    for need in needs:
        if need.status == NeedStatus.SUBMITTED:
            need = do_change_need_status(need, "start_analysis", acting_user=acting_user)
        do_change_need_status(need, "group", acting_user=acting_user, event=NEED_GROUPED,
                              event_params=_event_params(opportunity))
        OpportunityNeed.objects.create(opportunity=opportunity, need=need)


@transaction.atomic
def do_create_opportunity(*, title: str, needs: list[Need], acting_user, lead_analyst=None,
                          notes: str = "") -> Opportunity:
    _require_manager(acting_user)
    if len(needs) < 1:
        raise ValidationError({"needs": [_("Choose at least one need.")]})
    opportunity = Opportunity(title=title, notes=notes, created_by=acting_user,
                              lead_analyst=lead_analyst or acting_user)
    opportunity.full_clean()
    opportunity.save()
    _group(opportunity, needs, acting_user)
    after = snapshot(opportunity, AUDITED_FIELDS)
    after["needs"] = _member_ids(opportunity)
    record_change(opportunity, action=AuditAction.CREATED, acting_user=acting_user,
                  changes=diff({}, after))
    return opportunity


@transaction.atomic
def do_add_needs_to_opportunity(opportunity: Opportunity, needs: list[Need], *,
                                acting_user) -> Opportunity:
    _require_manager(acting_user)
    opportunity = Opportunity.objects.select_for_update().get(pk=opportunity.pk)
    before = _member_ids(opportunity)
    _group(opportunity, [need for need in needs if need.pk not in before], acting_user)
    record_change(opportunity, action=AuditAction.UPDATED, acting_user=acting_user,
                  changes={"needs": {"before": before, "after": _member_ids(opportunity)}})
    return opportunity


@transaction.atomic
def do_remove_need_from_opportunity(opportunity: Opportunity, need: Need, *,
                                    acting_user) -> Opportunity:
    _require_manager(acting_user)
    opportunity = Opportunity.objects.select_for_update().get(pk=opportunity.pk)
    before = _member_ids(opportunity)
    if need.pk not in before:
        raise ValidationError({"needs": [_("This need is not part of the opportunity.")]})
    need.refresh_from_db()
    if need.status not in permissions.UNDECIDED_STATUSES:
        raise ValidationError({"needs": [
            _("“%(need)s” is “%(status)s”: the steering committee decided on it within this "
              "opportunity, so it stays in it.")
            % {"need": need.title, "status": need.get_status_display()}]})
    OpportunityNeed.objects.filter(opportunity=opportunity, need=need).delete()
    need.refresh_from_db()
    if need.status == NeedStatus.GROUPED:
        do_change_need_status(need, "ungroup", acting_user=acting_user, event=NEED_UNGROUPED,
                              event_params=_event_params(opportunity))
    record_change(opportunity, action=AuditAction.UPDATED, acting_user=acting_user,
                  changes={"needs": {"before": before, "after": _member_ids(opportunity)}})
    return opportunity


@transaction.atomic
def do_update_opportunity(opportunity: Opportunity, *, acting_user,
                          expected_version: int | None = None, **changes) -> Opportunity:
    """`expected_version`: the version the editor loaded (`audit.versions.EditConflict` if
    someone saved since)."""
    _require_manager(acting_user)
    return apply_audited_changes(
        opportunity, changes, AUDITED_FIELDS, acting_user=acting_user,
        expected_version=expected_version,
        last_change=lambda: latest_entry(entries_of([opportunity]),
                                         lambda changes: bool(set(changes) & set(AUDITED_FIELDS))))
