"""A small region a person can add up by hand, for the observatory's page tests.

- Alpha (municipality) filed a PUBLIC need: 2027 100 000 one-off + 20 000 recurring;
- Beta (social welfare centre) filed a need confidential to itself: 2027 777 777.77 one-off;
- both are grouped in an opportunity the committee approved on 2027-01-20; its business case
  (2 years from 2027, equal split) pools 10 000 one-off + 5 000 a year;
- the project born from the decision planned 60 000 and spent 30 000 in 2027;
- Beta uses the regional service desk (24 000 flat a year) since 2026-07-01 instead of its own
  TOPdesk (34 000 a year): 10 000 a year saved;
- an experiment about Beta's need was stopped with 245 000 of roll-out at stake."""

from datetime import UTC, date, datetime
from decimal import Decimal

from synergie.business_case.models import BusinessCase
from synergie.catalogue.models import Adoption, AdoptionStep, Solution
from synergie.decisions.models import AgendaItem, Decision, Meeting
from synergie.delivery.models import BudgetYear, Project
from synergie.innovation.models import Experiment
from synergie.landscape.models import Application
from synergie.needs.models import Confidentiality
from synergie.opportunities.models import Opportunity, OpportunityNeed
from synergie.reference.models import Capability
from tests.factories import InstitutionFactory, NeedFactory, user_with_role

SECRET = "777777"  # Beta's confidential amount, in every way it could be written
SECRET_FORMS = ("777777", "777 777", "777,777", "777.777", "777 777", "777 777")


def build():
    alpha = InstitutionFactory(code="COM-ALPHA", name_fr="Commune d'Alpha",
                               name_nl="Gemeente Alpha")
    beta = InstitutionFactory(code="CPAS-BETA", kind="social_welfare_centre",
                              name_fr="CPAS de Bêta", name_nl="OCMW Bèta")
    analyst = user_with_role("analyst", username="scenario.analyst")
    filed = datetime(2026, 12, 1, 10, tzinfo=UTC)
    public = NeedFactory(institution=alpha, title="Gestion des salaires publique",
                         confidentiality=Confidentiality.PUBLIC, status="approved",
                         submitted_at=filed, costs=[(2027, "100000", "20000")])
    secret = NeedFactory(institution=beta, title="Besoin confidentiel de Bêta",
                         confidentiality=Confidentiality.INSTITUTION, status="approved",
                         submitted_at=filed, costs=[(2027, "777777.77", "0")])
    opportunity = Opportunity.objects.create(title="Paie mutualisée", lead_analyst=analyst,
                                             created_by=analyst)
    for need in (public, secret):
        OpportunityNeed.objects.create(opportunity=opportunity, need=need)
    BusinessCase.objects.create(
        opportunity=opportunity, first_year=2027, horizon=2, split_key="equal",
        shared_one_off=[10000, 0], shared_recurring=[5000, 5000], orchestrator_overhead=[0, 0],
        change_support_per_member=[0, 0], updated_by=analyst)
    meeting = Meeting.objects.create(title="Comité", date=date(2027, 1, 20), created_by=analyst)
    item = AgendaItem.objects.create(meeting=meeting, opportunity=opportunity)
    decision = Decision.objects.create(item=item, outcome="approve", motivation="Gain régional",
                                       language="fr", decided_by=analyst)
    project = Project.objects.create(decision=decision, title="Paie", created_by=analyst)
    project.institutions.set([alpha, beta])
    BudgetYear.objects.create(project=project, year=2027, planned=Decimal("60000"),
                              spent=Decimal("30000"))
    capability = Capability.objects.create(code="test_service_desk", name_fr="Service desk",
                                           name_nl="Servicedesk", name_en="Service desk")
    desk = Solution.objects.create(name_fr="Service desk régional", price_model="flat",
                                   price_per_institution=Decimal("24000"))
    desk.capabilities.set([capability])
    adoption = Adoption.objects.create(solution=desk, institution=beta, stage="live",
                                       since=date(2026, 7, 1))
    AdoptionStep.objects.create(adoption=adoption, stage="live", on=date(2026, 7, 1),
                                recorded_by=analyst)
    application = Application.objects.create(institution=beta, name="Tickets", product="TOPdesk",
                                             yearly_cost=Decimal("34000"), users=20)
    application.capabilities.set([capability])
    Experiment.objects.create(
        need=secret, title="Pré-remplissage", hypothesis="h", success_criteria="c",
        budget=Decimal("18000"), rollout_cost_at_stake=Decimal("245000"),
        start_date=date(2026, 9, 1), end_date=date(2026, 11, 30), status="no_go",
        outcome_reason="45 %", concluded_at=datetime(2026, 11, 30, 12, tzinfo=UTC),
        created_by=analyst)
    return {"alpha": alpha, "beta": beta, "public": public, "secret": secret, "desk": desk}
