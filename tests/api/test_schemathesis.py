"""schemathesis against the committed OpenAPI document, through the WSGI application:
anonymous and with a token of a user holding several roles, a bounded number of examples per
operation. Every answer must be no server error (5xx) and conform to the document.

The summary (operations, examples, failures) is printed at the end of the run and written to
$SYNERGIE_API_SCHEMATHESIS_SUMMARY when set (benchmarks/api_schemathesis.py)."""

from datetime import date

import pytest
import schemathesis
from django.core.signals import request_finished, request_started
from django.core.wsgi import get_wsgi_application
from django.db import close_old_connections
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from schemathesis import GenerationMode
from schemathesis.checks import not_a_server_error
from schemathesis.specs.openapi.checks import response_schema_conformance

from synergie.algorithms.models import Algorithm
from synergie.api.schema import operations
from synergie.catalogue.models import Adoption, Solution
from synergie.datasets.models import Dataset
from synergie.decisions.models import AgendaItem, Decision, Meeting
from synergie.delivery.models import Project
from synergie.landscape.models import Application
from synergie.opportunities.models import Opportunity, OpportunityNeed
from tests.api.summary import CALLS
from tests.factories import InstitutionFactory, NeedFactory, user_with_role

EXAMPLES = 8
CHECKS = [not_a_server_error, response_schema_conformance]


def seed():
    """A little of everything, so that addresses with small ids find objects."""
    a = InstitutionFactory(code="COM-A")
    b = InstitutionFactory(code="CPAS-B", kind="social_welfare_centre")
    author = user_with_role("contributor", a, username="author")
    for confidentiality in ("public", "regional", "institution"):
        NeedFactory(institution=a, confidentiality=confidentiality, created_by=author)
    NeedFactory(institution=b, status="draft", created_by=author)
    grouped = NeedFactory(institution=a, status="grouped", created_by=author)
    opportunity = Opportunity.objects.create(title="Salaires", lead_analyst=author,
                                             created_by=author)
    OpportunityNeed.objects.create(opportunity=opportunity, need=grouped)
    approved = NeedFactory(institution=a, confidentiality="public", status="approved",
                           created_by=author)
    meeting = Meeting.objects.create(title="Comité", date=date(2026, 3, 1), created_by=author)
    decision = Decision.objects.create(
        item=AgendaItem.objects.create(meeting=meeting, need=approved), outcome="approve",
        motivation="Utile.", language="fr", decided_by=author)
    project = Project.objects.create(decision=decision, title="Projet", created_by=author)
    project.institutions.add(a)
    solution = Solution.objects.create(name_fr="Service desk")
    Adoption.objects.create(solution=solution, institution=b, stage="live",
                            since=date(2025, 1, 1))
    Application.objects.create(institution=a, name="Paie", product="Payroll")
    Algorithm.objects.create(institution=a, name="Tri", status="published")
    Algorithm.objects.create(institution=b, name="Score", status="draft")
    Dataset.objects.create(identifier="https://data.example/1", title_fr="Parcs",
                           themes=["ENVI"], keywords=["parcs"])
    return a


@pytest.fixture(autouse=True)
def _keep_the_tests_connection():
    """The WSGI handler closes a connection left outside autocommit when a request starts and
    ends: the test's transaction (PostgreSQL). Django's test client unhooks it the same way."""
    request_started.disconnect(close_old_connections)
    request_finished.disconnect(close_old_connections)
    yield
    request_started.connect(close_old_connections)
    request_finished.connect(close_old_connections)


def load_schema():
    return schemathesis.openapi.from_wsgi("/api/v1/schema/?format=json",
                                          get_wsgi_application())


# The operations, read from the committed document when the tests are collected.
OPERATIONS = [f"{operation['method']} {operation['path']}" for operation in operations()]
SETTINGS = settings(max_examples=EXAMPLES, deadline=None, database=None,
                    suppress_health_check=list(HealthCheck))


def exercise(run: str, label: str, headers=None) -> None:
    """EXAMPLES cases of one operation, valid and invalid ones, through the WSGI application."""
    operation = load_schema().find_operation_by_label(label)
    assert operation is not None, label
    cases = st.one_of(operation.as_strategy(GenerationMode.POSITIVE),
                      operation.as_strategy(GenerationMode.NEGATIVE))

    @SETTINGS
    @given(case=cases)
    def check(case):
        try:
            response = case.call_and_validate(headers=headers, checks=CHECKS)
        except BaseException:
            CALLS.append((run, label, None, False))
            raise
        CALLS.append((run, label, response.status_code, True))

    check()


@pytest.mark.parametrize("label", OPERATIONS)
def test_the_api_anonymous(db, label):
    seed()
    exercise("anonymous", label)


@pytest.mark.parametrize("label", OPERATIONS)
def test_the_api_with_a_token(db, token_for, label):
    institution = seed()
    user = user_with_role("contributor", institution, username="robot")
    for role in ("analyst", "pmo", "administrator"):
        user_with_role(role, username="robot")
    exercise("token", label, {"Authorization": token_for(user)["HTTP_AUTHORIZATION"]})
