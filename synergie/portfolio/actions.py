"""Every write to a portfolio scenario, audited; optimisation runs as a background task."""

from datetime import date

from django.core.exceptions import PermissionDenied
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from synergie.audit.log import apply_audited_changes, diff, record_change, snapshot
from synergie.audit.models import AuditAction
from synergie.needs.models import NeedStatus
from synergie.opportunities.models import Opportunity, OpportunityStatus
from synergie.portfolio import permissions
from synergie.portfolio.models import Axis, RunStatus, Scenario, ScenarioCandidate

AUDITED_FIELDS = ["title", "notes", "first_year", "years", "budget", "capacity", "weights",
                  "axis_bounds"]
CANDIDATE_FIELDS = ["ratings", "axis", "demand", "mandatory", "forced", "forced_reason"]


def _require(user) -> None:
    if not permissions.can_manage(user):
        raise PermissionDenied(_("Only the steering committee's secretariat builds scenarios."))


def _default_candidate(scenario: Scenario, *, opportunity=None, need=None) -> ScenarioCandidate:
    needs = list(opportunity.needs.all()) if opportunity else [need]
    legal = any(n.deadline_is_legal for n in needs)
    return ScenarioCandidate(
        scenario=scenario, opportunity=opportunity, need=need,
        ratings={"legal_obligation": 5 if legal else 0, "strategic_value": 3,
                 "regional_gain": 3 if opportunity else 1},
        axis=Axis.REGULATORY if legal else Axis.IMPROVEMENT,
        mandatory=legal,
    )


@transaction.atomic
def do_create_scenario(*, title: str, first_year: int | None = None, years: int = 5,
                       budget: list[float], capacity: dict, acting_user) -> Scenario:
    """A scenario with every open opportunity and every need in analysis as candidates."""
    _require(acting_user)
    scenario = Scenario(title=title, first_year=first_year or date.today().year + 1,
                        years=years, budget=budget, capacity=capacity, created_by=acting_user)
    scenario.full_clean()
    scenario.save()
    opportunities = Opportunity.objects.exclude(status=OpportunityStatus.ABANDONED).exclude(
        agenda_items__decision__isnull=False).prefetch_related("needs")
    candidates = [_default_candidate(scenario, opportunity=o) for o in opportunities
                  if o.needs.exists()]
    from synergie.needs.models import Need

    singles = Need.objects.filter(status=NeedStatus.IN_ANALYSIS, opportunities__isnull=True)
    candidates += [_default_candidate(scenario, need=need) for need in singles]
    ScenarioCandidate.objects.bulk_create(candidates)
    record_change(scenario, action=AuditAction.CREATED, acting_user=acting_user,
                  changes=diff({}, snapshot(scenario, AUDITED_FIELDS)))
    return scenario


@transaction.atomic
def do_update_scenario(scenario: Scenario, *, acting_user, **changes) -> Scenario:
    _require(acting_user)
    scenario = Scenario.objects.select_for_update().get(pk=scenario.pk)
    apply_audited_changes(scenario, changes, AUDITED_FIELDS, acting_user=acting_user)
    return scenario


@transaction.atomic
def do_update_candidate(candidate: ScenarioCandidate, *, acting_user,
                        **changes) -> ScenarioCandidate:
    _require(acting_user)
    apply_audited_changes(candidate, changes, CANDIDATE_FIELDS, acting_user=acting_user,
                          audit_object=candidate.scenario, key_prefix=f"{candidate.key}.")
    return candidate


@transaction.atomic
def do_queue_optimisation(scenario: Scenario, *, acting_user) -> Scenario:
    """Store the instance the optimiser will solve, then queue the run once committed."""
    from synergie.portfolio.adapters import scenario_instance
    from synergie.portfolio.tasks import optimise_scenario

    _require(acting_user)
    scenario = Scenario.objects.select_for_update().get(pk=scenario.pk)
    scenario.instance = scenario_instance(scenario)
    scenario.run_status = RunStatus.QUEUED
    scenario.run_message = ""
    scenario.save(update_fields=["instance", "run_status", "run_message"])
    record_change(scenario, action=AuditAction.UPDATED, acting_user=acting_user,
                  changes={"optimisation": {"before": None, "after": "queued"}})
    transaction.on_commit(lambda: optimise_scenario.enqueue(scenario.pk))
    return scenario


def record_run(scenario_id: int, *, status: str, message: str = "", result=None) -> None:
    """The task's progress and answer; written by the system, not by a user."""
    fields = {"run_status": status, "run_message": message[:300]}
    if result is not None:
        fields.update(result=result, solved_at=timezone.now())
    Scenario.objects.filter(pk=scenario_id).update(**fields)


@transaction.atomic
def do_link_candidates(first: ScenarioCandidate, second: ScenarioCandidate, kind: str, *,
                       acting_user, remove: bool = False) -> None:
    """`kind` "depends": first needs second; "excludes": they cannot both be chosen."""
    _require(acting_user)
    relation = first.depends_on if kind == "depends" else first.excludes
    (relation.remove if remove else relation.add)(second)
    change = {"before": None, "after": second.key} if not remove else {
        "before": second.key, "after": None}
    record_change(first.scenario, action=AuditAction.UPDATED, acting_user=acting_user,
                  changes={f"{first.key}.{kind}": change})
