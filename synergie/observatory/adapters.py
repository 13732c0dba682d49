"""From the database to the observatory's figures: thin readers that turn rows into the plain
records of `synergie.observatory.figures`, for one audience.

The audience decides what is read. `staff` (the orchestrator's regional readers) read every
submitted need, every business case, experiment, project budget and the service levels, and see
institutions by name. The public reads only public objects: public needs (their cost lines and
the decisions about them), the catalogue and its adoption; nothing is built from a need that is
not public, from a business case, an experiment, a project's budget, an application's cost or an
incident, and no figure is broken down by institution."""

from collections import defaultdict
from dataclasses import dataclass
from datetime import date
from decimal import Decimal

from django.contrib.auth.models import AnonymousUser
from django.contrib.contenttypes.models import ContentType

from synergie.audit.models import AuditAction, AuditEntry
from synergie.business_case.adapters import engine_inputs
from synergie.business_case.engine import compute_business_case
from synergie.business_case.engine.model import InvalidBusinessCase
from synergie.business_case.models import BusinessCase
from synergie.catalogue.models import AdoptionStep, PriceModel, Solution
from synergie.decisions.models import Decision, Outcome
from synergie.delivery.models import BudgetYear, Project
from synergie.innovation.models import Experiment, ExperimentStatus
from synergie.landscape.models import Application, Hosting
from synergie.needs.models import Need, NeedCost, NeedStatus
from synergie.observatory import figures as f
from synergie.service_levels.compliance import compliance_rows

APPROVING = (Outcome.APPROVE, Outcome.APPROVE_WITH_CONDITIONS)
NOT_SPENDING = (NeedStatus.DRAFT, NeedStatus.WITHDRAWN, NeedStatus.REJECTED)


@dataclass(frozen=True)
class Audience:
    staff: bool
    institution_id: int | None = None  # staff only: one institution's figures

    def needs(self):
        readable = Need.objects.all() if self.staff else Need.objects.visible_to(AnonymousUser())
        readable = readable.exclude(status=NeedStatus.DRAFT)
        if self.institution_id:
            readable = readable.filter(institution_id=self.institution_id)
        return readable

    def name(self, institution) -> str:
        return institution.name if self.staff else ""


def _approved_need_ids() -> tuple[set[int], set[int]]:
    """(needs the committee approved, those of them approved within a pooling opportunity)."""
    alone, pooled = set(), set()
    for item_need, opportunity in Decision.objects.filter(outcome__in=APPROVING).values_list(
            "item__need_id", "item__opportunity_id"):
        if item_need:
            alone.add(item_need)
        if opportunity:
            pooled.update(Need.objects.filter(membership__opportunity_id=opportunity)
                          .values_list("pk", flat=True))
    return alone | pooled, pooled


def investment_lines(audience: Audience) -> list[f.InvestmentLine]:
    approved, _pooled = _approved_need_ids()
    lines = []
    costs = (NeedCost.objects.filter(need__in=audience.needs().exclude(status__in=NOT_SPENDING))
             .select_related("need__institution"))
    for cost in costs:
        name = audience.name(cost.need.institution)
        lines.append(f.InvestmentLine(name, cost.year, "estimated", cost.total))
        if cost.need_id in approved:
            lines.append(f.InvestmentLine(name, cost.year, "approved", cost.total))
    if audience.staff:
        lines.extend(_project_lines(audience))
    return lines


def _project_lines(audience: Audience) -> list[f.InvestmentLine]:
    lines = []
    projects = Project.objects.prefetch_related("institutions").select_related(
        "decision__item__opportunity", "decision__item__need")
    for project in projects:
        weights = {institution.name: Decimal(0) for institution in project.institutions.all()}
        for need in project.decision.item.member_needs():
            name = need.institution.name
            if name in weights:
                weights[name] += need.total_cost
        budget = [(line.year, line.planned, line.spent)
                  for line in BudgetYear.objects.filter(project=project)]
        lines.extend(f.split_project_budget(budget, weights))
    if audience.institution_id:
        from synergie.institutions.models import Institution

        chosen = Institution.objects.get(pk=audience.institution_id).name
        lines = [line for line in lines if line.institution == chosen]
    return lines


def _own_applications(institution_ids) -> dict[tuple[int, int], list[Application]]:
    """{(institution, capability): its own applications with a known yearly cost}; the regional
    shared services are the solutions themselves, not a separate cost."""
    found = defaultdict(list)
    applications = (Application.objects.filter(institution_id__in=institution_ids,
                                               yearly_cost__isnull=False)
                    .exclude(hosting=Hosting.REGIONAL).prefetch_related("capabilities"))
    for application in applications:
        for capability in application.capabilities.all():
            found[(application.institution_id, capability.pk)].append(application)
    return found


def used_solutions(audience: Audience, today: date) -> list[f.UsedSolution]:
    """Every stretch an institution used a catalogue solution, with the agreed yearly price and
    (for staff) the cost of its own applications for the same capabilities."""
    steps = list(_steps(audience))
    periods = f.live_periods([step for step, _ids in steps], today)
    ids = {(step.solution, step.institution): pair for step, pair in steps}
    solutions = Solution.objects.prefetch_related("capabilities").in_bulk(
        {pair[0] for pair in ids.values()})
    own = _own_applications({pair[1] for pair in ids.values()}) if audience.staff else {}
    used = []
    for solution_name, institution_name, start, until in periods:
        solution_id, institution_id = ids[(solution_name, institution_name)]
        solution = solutions[solution_id]
        applications = {app.pk: app for capability in solution.capabilities.all()
                        for app in own.get((institution_id, capability.pk), [])}.values()
        separate = sum((app.yearly_cost for app in applications), Decimal(0)) or None
        users = sum(app.users or 0 for app in applications)
        used.append(f.UsedSolution(solution_name, institution_name, start, until,
                                   _agreed_price(solution, users, audience), separate))
    return used


def _agreed_price(solution: Solution, users: int, audience: Audience) -> Decimal | None:
    price = solution.price_per_institution or Decimal(0)
    if solution.price_model == PriceModel.FREE:
        return Decimal(0)
    if solution.price_model == PriceModel.FLAT:
        return price
    if solution.price_model == PriceModel.PER_USER and audience.staff and users:
        return price * users
    return None  # per use, or per user without a known number of users


def _steps(audience: Audience):
    steps = AdoptionStep.objects.select_related("adoption__solution", "adoption__institution")
    if audience.institution_id:
        steps = steps.filter(adoption__institution_id=audience.institution_id)
    for step in steps.order_by("on", "pk"):
        adoption = step.adoption
        # The public reads adoption in the catalogue by institution: the name is kept to tell
        # stretches apart, and no figure shows it to the public.
        yield (f.AdoptionStep(adoption.solution.name, adoption.institution.name, step.stage,
                              step.on), (adoption.solution_id, adoption.institution_id))


def adoption_steps(audience: Audience) -> list[f.AdoptionStep]:
    return [step for step, _ids in _steps(audience)]


def spending_lines(audience: Audience, today: date) -> list[f.SpendingLine]:
    """Needs' yearly estimates (pooled when approved within an opportunity) and the agreed
    price paid for the solutions institutions use (always pooled)."""
    _approved, pooled = _approved_need_ids()
    lines = [f.SpendingLine(year, one_off + recurring, need_id in pooled)
             for need_id, year, one_off, recurring in NeedCost.objects.filter(
                 need__in=audience.needs().exclude(status__in=NOT_SPENDING)).values_list(
                 "need_id", "year", "one_off", "recurring")]
    for stretch in used_solutions(audience, today):
        if stretch.agreed_price:
            for year, fraction in f.yearly_fractions(stretch.start, stretch.until).items():
                lines.append(f.SpendingLine(year, f.cents(stretch.agreed_price * fraction), True))
    return lines


def projected_savings(audience: Audience) -> list[f.ProjectedSaving]:
    """Each member's yearly separate cost minus its pooled cost, in the business cases of the
    opportunities the committee approved. Staff only."""
    if not audience.staff:
        return []
    approved = Decision.objects.filter(outcome__in=APPROVING, item__opportunity__isnull=False)
    savings = []
    cases = BusinessCase.objects.filter(
        opportunity__in=approved.values("item__opportunity")).select_related("opportunity")
    for case in cases:
        try:
            result = compute_business_case(engine_inputs(case))
        except InvalidBusinessCase:
            continue
        if not result.is_complete:
            continue
        names = {str(member.institution_id): member.institution
                 for member in case.members.select_related("institution")}
        for member in result.members:
            institution = names.get(member.member_id)
            if audience.institution_id and (institution is None
                                            or institution.pk != audience.institution_id):
                continue
            for index, (alone, pooled) in enumerate(zip(member.separate, member.pooled,
                                                        strict=True)):
                savings.append(f.ProjectedSaving(
                    case.opportunity.title, member.name, case.first_year + index,
                    f.cents(Decimal(str(alone)) - Decimal(str(pooled)))))
    return savings


def realised_savings(audience: Audience, today: date) -> list[f.ProjectedSaving]:
    if not audience.staff:
        return []
    return f.realised_savings(used_solutions(audience, today))


def compliance_counts(audience: Audience) -> list[f.ComplianceCount]:
    if not audience.staff:
        return []
    return [f.ComplianceCount(row.solution, row.month, row.incidents, row.within_target,
                              row.goal) for row in compliance_rows()]


def journeys(audience: Audience) -> list[f.Journey]:
    """Each decided need: when it was filed, the date of the (last) meeting that decided it,
    and when it was marked delivered (its audit trail)."""
    needs = audience.needs().select_related("institution")
    decided: dict[int, date] = {}
    decisions = Decision.objects.select_related("item__meeting").values_list(
        "item__need_id", "item__opportunity_id", "item__meeting__date")
    members = defaultdict(list)
    for need_id, opportunity_id in Need.objects.filter(membership__isnull=False).values_list(
            "pk", "membership__opportunity_id"):
        members[opportunity_id].append(need_id)
    for need_id, opportunity_id, on in decisions:
        for pk in ([need_id] if need_id else members.get(opportunity_id, [])):
            decided[pk] = max(on, decided.get(pk, on))
    delivered = {}
    entries = AuditEntry.objects.filter(
        content_type=ContentType.objects.get_for_model(Need),
        action=AuditAction.STATUS_CHANGED, changes__status__after=NeedStatus.DELIVERED)
    for object_id, timestamp in entries.values_list("object_id", "timestamp"):
        delivered[int(object_id)] = timestamp.date()
    return [f.Journey(need.title, audience.name(need.institution) or need.institution.name,
                      need.submitted_at.date(), decided[need.pk], delivered.get(need.pk))
            for need in needs.filter(pk__in=list(decided), submitted_at__isnull=False)]


def experiment_results(audience: Audience) -> list[f.ExperimentResult]:
    if not audience.staff:
        return []
    experiments = Experiment.objects.exclude(status=ExperimentStatus.RUNNING).filter(
        concluded_at__isnull=False)
    if audience.institution_id:
        experiments = experiments.filter(
            models_q_institution(audience.institution_id)).distinct()
    return [f.ExperimentResult(experiment.title, experiment.concluded_at.date(),
                               experiment.status == ExperimentStatus.GO, experiment.budget,
                               experiment.rollout_cost_at_stake)
            for experiment in experiments]


def models_q_institution(institution_id: int):
    from django.db.models import Q

    return (Q(need__institution_id=institution_id)
            | Q(opportunity__members__need__institution_id=institution_id))
