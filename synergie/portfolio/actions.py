"""Every write to a portfolio scenario, audited; optimisation runs as a background task."""

from datetime import date

from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.db.models import F
from django.utils import timezone
from django.utils.translation import gettext as _

from synergie.audit.log import apply_audited_changes, diff, locked, record_change, snapshot
from synergie.audit.models import AuditAction
from synergie.audit.versions import entries_of, latest_entry
from synergie.core.tasks import enqueue_durably
from synergie.needs.models import NeedStatus
from synergie.opportunities.models import Opportunity, OpportunityStatus
from synergie.portfolio import permissions
from synergie.portfolio.engine.criteria import CRITERIA
from synergie.portfolio.models import (
    Axis,
    FrontierStatus,
    RunStatus,
    Scenario,
    ScenarioCandidate,
)

AUDITED_FIELDS = ["title", "notes", "first_year", "years", "budget", "beyond_horizon_budget",
                  "capacity", "weights", "axis_bounds"]
CANDIDATE_FIELDS = ["ratings", "axis", "demand", "mandatory", "forced", "forced_reason"]


def _require(user) -> None:
    if not permissions.can_manage(user):
        raise PermissionDenied(_("Only the steering committee's secretariat builds scenarios."))


def _default_candidate(scenario: Scenario, *, opportunity=None, need=None) -> ScenarioCandidate:
    needs = list(opportunity.needs.all()) if opportunity else [need]
    legal = any(n.deadline_is_legal for n in needs)
    return ScenarioCandidate(
        scenario=scenario, opportunity=opportunity, need=need,
        ratings={**dict.fromkeys(CRITERIA, 0), "legal_obligation": 5 if legal else 0,
                 "strategic_value": 3, "regional_gain": 3 if opportunity else 1},
        axis=Axis.REGULATORY if legal else Axis.IMPROVEMENT,
        mandatory=legal,
    )


@transaction.atomic
def do_create_scenario(*, title: str, first_year: int | None = None, years: int = 5,
                       budget: list[float], capacity: dict, acting_user,
                       beyond_horizon_budget: float | None = None) -> Scenario:
    """A scenario with every open opportunity and every need in analysis as candidates."""
    _require(acting_user)
    scenario = Scenario(title=title, first_year=first_year or date.today().year + 1,
                        years=years, budget=budget, capacity=capacity, created_by=acting_user,
                        beyond_horizon_budget=beyond_horizon_budget)
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


def _last_scenario_change(scenario: Scenario):
    """The latest save of the scenario's page: its own fields or a candidate's."""
    return latest_entry(entries_of([scenario, *scenario.candidates.all()]), bool)


@transaction.atomic
def do_update_scenario(scenario: Scenario, *, acting_user, expected_version: int | None = None,
                       **changes) -> Scenario:
    """`expected_version`: the version the editor loaded (`audit.versions.EditConflict` if
    someone saved since)."""
    _require(acting_user)
    return apply_audited_changes(scenario, changes, AUDITED_FIELDS, acting_user=acting_user,
                                 expected_version=expected_version,
                                 last_change=lambda: _last_scenario_change(scenario))


@transaction.atomic
def do_update_candidate(candidate: ScenarioCandidate, *, acting_user,
                        **changes) -> ScenarioCandidate:
    """One audit entry on the candidate, with the fields that changed; none if nothing did. The
    scenario's version goes up too: its page shows the candidates' ratings, so a page loaded
    before this change must not save over it."""
    _require(acting_user)
    scenario = locked(candidate.scenario)
    candidate = apply_audited_changes(candidate, changes, CANDIDATE_FIELDS,
                                      acting_user=acting_user)
    if candidate.last_audited_changes:
        Scenario.objects.filter(pk=scenario.pk).update(version=F("version") + 1)
    return candidate


@transaction.atomic
def do_save_scenario_page(scenario: Scenario, *, weights: dict, axis_bounds: dict,
                          ratings: dict[int, dict[str, int]], acting_user,
                          expected_version: int | None = None) -> Scenario:
    """The scenario page's one form, saved together: criteria weights, budget shares per axis
    and each candidate's ratings (by candidate id). One entry per object actually changed.
    `expected_version`: the scenario's version the page was loaded with."""
    scenario = do_update_scenario(scenario, acting_user=acting_user, weights=weights,
                                  axis_bounds=axis_bounds, expected_version=expected_version)
    for candidate in scenario.candidates.filter(pk__in=ratings):
        # A criterion never rated counts as 0, as the page shows it: saving it as 0 is no change.
        shown = {criterion: candidate.ratings.get(criterion, 0) for criterion in CRITERIA}
        if ratings[candidate.pk] != shown:
            do_update_candidate(candidate, acting_user=acting_user,
                                ratings=ratings[candidate.pk])
    scenario.refresh_from_db()
    return scenario


@transaction.atomic
def do_queue_optimisation(scenario: Scenario, *, acting_user) -> Scenario:
    """Store the instance the optimiser will solve and queue the run, in one transaction."""
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
    enqueue_durably(optimise_scenario, scenario.pk)
    return scenario


@transaction.atomic
def do_queue_frontier(scenario: Scenario, *, acting_user) -> Scenario:
    """Queue the efficient frontier of the scenario's last optimised inputs (a no-op while one
    is already on its way)."""
    from synergie.portfolio.tasks import compute_frontier

    _require(acting_user)
    scenario = Scenario.objects.select_for_update().get(pk=scenario.pk)
    if not scenario.instance:
        raise ValidationError(_("Optimise the scenario first."))
    if scenario.frontier_status in (FrontierStatus.QUEUED, FrontierStatus.RUNNING):
        return scenario
    before = scenario.frontier_status
    scenario.frontier_status = FrontierStatus.QUEUED
    scenario.frontier_message = ""
    scenario.save(update_fields=["frontier_status", "frontier_message"])
    record_change(scenario, action=AuditAction.UPDATED, acting_user=acting_user,
                  changes={"frontier_status": {"before": before, "after": FrontierStatus.QUEUED}})
    enqueue_durably(compute_frontier, scenario.pk)
    return scenario


def record_frontier(scenario_id: int, *, status: str, points: list | None = None,
                    message: str = "") -> None:
    """The frontier task's progress and points; written by the system, not by a user."""
    fields = {"frontier_status": status, "frontier_message": message[:300]}
    if points is not None:
        fields["frontier"] = points
    if status == FrontierStatus.DONE:
        fields["frontier_computed_at"] = timezone.now()
    Scenario.objects.filter(pk=scenario_id).update(**fields)


def record_run(scenario_id: int, *, status: str, message: str = "", result=None) -> None:
    """The task's progress and answer; written by the system, not by a user."""
    fields = {"run_status": status, "run_message": message[:300]}
    if result is not None:
        fields.update(result=result, solved_at=timezone.now())
    Scenario.objects.filter(pk=scenario_id).update(**fields)


@transaction.atomic
def do_link_candidates(first: ScenarioCandidate, second: ScenarioCandidate, kind: str, *,
                       acting_user, remove: bool = False) -> None:
    """`kind` "depends": first needs second; "excludes": they cannot both be chosen. Recorded on
    the first candidate, naming the other by its key."""
    _require(acting_user)
    first = ScenarioCandidate.objects.select_for_update().get(pk=first.pk)
    relation = first.depends_on if kind == "depends" else first.excludes
    linked = relation.filter(pk=second.pk).exists()
    if linked != remove:
        return  # already as asked: nothing changed, nothing to record
    (relation.remove if remove else relation.add)(second)
    change = {"before": None, "after": second.key} if not remove else {
        "before": second.key, "after": None}
    field = "depends_on" if kind == "depends" else "excludes"
    record_change(first, action=AuditAction.UPDATED, acting_user=acting_user,
                  changes={field: change})


def do_ask_what_if(scenario: Scenario, candidate_id: str, forced: str, *, language: str,
                   acting_user):
    """Queue a what-if question for the worker, unless the same question on the same inputs is
    already waiting, running or answered (portfolio/whatif.py). Returns its task result.

    Not audited: it changes nothing of the scenario, only asks for a computation, like the
    task progress written by `record_run`. Any reader of the portfolio may ask."""
    from synergie.portfolio.whatif import answer_what_if, asked, question

    if not permissions.can_view(acting_user):
        raise PermissionDenied
    arguments = question(scenario, candidate_id, forced, language)
    existing = asked(arguments)
    if existing is not None:
        return existing.task_result
    return answer_what_if.enqueue(*arguments)
