"""Every default role and anonymous against every endpoint and method of the REST API, by HTTP
status (written by hand, as tests/core/test_permission_matrix.py), and every write that succeeds
leaves an audit entry.

200/201/204 = done, 401 = sign in (send a token), 403 = refused, 404 = not there for this user."""

import json
from datetime import date

import pytest

from synergie.algorithms.models import Algorithm
from synergie.audit.models import AuditEntry
from synergie.catalogue.models import Adoption, Solution
from synergie.datasets.models import Dataset
from synergie.decisions.models import AgendaItem, Decision, Meeting
from synergie.delivery.models import Project
from synergie.landscape.models import Application
from synergie.opportunities.models import Opportunity, OpportunityNeed
from tests.factories import InstitutionFactory, NeedFactory, user_with_role

ROLES = ["anonymous", "contributor_a", "contributor_b", "analyst", "data_office",
         "architecture_board", "pmo", "steering_committee", "administrator"]

# case: (method, address, body, [expected status per role, in the order of ROLES])
MATRIX = {
    "needs_list": ("get", "/api/v1/needs/", None, [200] * 9),
    "need_public": ("get", "/api/v1/needs/{public}/", None, [200] * 9),
    "need_regional": ("get", "/api/v1/needs/{regional}/", None,
                      [404, 200, 200, 200, 200, 200, 200, 200, 200]),
    "need_confidential": ("get", "/api/v1/needs/{confidential}/", None,
                          [404, 200, 404, 200, 200, 200, 200, 200, 200]),
    "need_draft": ("get", "/api/v1/needs/{draft}/", None,
                   [404, 200, 404, 404, 404, 404, 404, 404, 404]),
    "need_create": ("post", "/api/v1/needs/", "new_need",
                    [401, 201, 403, 403, 403, 403, 403, 403, 403]),
    "need_update_draft": ("patch", "/api/v1/needs/{draft}/", {"title": "Nouveau titre"},
                          [401, 200, 404, 404, 404, 404, 404, 404, 404]),
    "need_update_submitted": ("patch", "/api/v1/needs/{regional}/", {"title": "Nouveau titre"},
                              [401, 403, 403, 403, 403, 403, 403, 403, 200]),
    "need_submit": ("post", "/api/v1/needs/{draft}/transition/", {"transition": "submit"},
                    [401, 200, 404, 404, 404, 404, 404, 404, 404]),
    "need_start_analysis": ("post", "/api/v1/needs/{regional}/transition/",
                            {"transition": "start_analysis"},
                            [401, 403, 403, 200, 403, 403, 403, 403, 403]),
    "opportunities_list": ("get", "/api/v1/opportunities/", None,
                           [401, 403, 403, 200, 200, 200, 200, 200, 200]),
    "opportunity": ("get", "/api/v1/opportunities/{opportunity}/", None,
                    [401, 403, 403, 200, 200, 200, 200, 200, 200]),
    "opportunity_create": ("post", "/api/v1/opportunities/", "new_opportunity",
                           [401, 403, 403, 201, 403, 403, 403, 403, 403]),
    "opportunity_update": ("patch", "/api/v1/opportunities/{opportunity}/", {"notes": "Vu."},
                           [401, 403, 403, 200, 403, 403, 403, 403, 403]),
    "decisions_list": ("get", "/api/v1/decisions/", None, [200] * 9),
    "decision": ("get", "/api/v1/decisions/{decision}/", None, [200] * 9),
    "solutions_list": ("get", "/api/v1/solutions/", None, [200] * 9),
    "solution": ("get", "/api/v1/solutions/{solution}/", None, [200] * 9),
    "solution_join": ("post", "/api/v1/solutions/{solution}/join/", "join",
                      [401, 201, 201, 403, 403, 403, 403, 403, 403]),
    "adoptions_list": ("get", "/api/v1/adoptions/", None, [200] * 9),
    "adoption": ("get", "/api/v1/adoptions/{adoption}/", None, [200] * 9),
    "adoption_create": ("post", "/api/v1/adoptions/", "new_adoption",
                        [401, 403, 403, 201, 403, 403, 403, 403, 403]),
    "projects_list": ("get", "/api/v1/projects/", None, [200] * 9),
    "project": ("get", "/api/v1/projects/{project}/", None, [200] * 9),
    "project_progress": ("patch", "/api/v1/projects/{project}/", {"progress": 40},
                         [401, 403, 403, 403, 403, 403, 200, 403, 403]),
    "applications_list": ("get", "/api/v1/applications/", None,
                          [401, 200, 200, 200, 200, 200, 200, 200, 200]),
    "application": ("get", "/api/v1/applications/{application}/", None,
                    [401, 200, 200, 200, 200, 200, 200, 200, 200]),
    "application_create": ("post", "/api/v1/applications/", "new_application",
                           [401, 201, 403, 403, 403, 403, 403, 403, 403]),
    "application_update": ("patch", "/api/v1/applications/{application}/", {"users": 12},
                           [401, 200, 403, 403, 403, 403, 403, 403, 403]),
    "application_remove": ("delete", "/api/v1/applications/{application}/", None,
                           [401, 204, 403, 403, 403, 403, 403, 403, 403]),
    "algorithms_list": ("get", "/api/v1/algorithms/", None, [200] * 9),
    "algorithm_published": ("get", "/api/v1/algorithms/{algorithm}/", None, [200] * 9),
    "algorithm_draft": ("get", "/api/v1/algorithms/{algorithm_draft}/", None,
                        [404, 200, 404, 404, 200, 404, 404, 404, 404]),
    "datasets_list": ("get", "/api/v1/datasets/", None, [200] * 9),
    "dataset": ("get", "/api/v1/datasets/{dataset}/", None, [200] * 9),
}

CASES = [pytest.param(case, role, expected, id=f"{case}-{role}")
         for case, (_, _, _, row) in MATRIX.items()
         for role, expected in zip(ROLES, row, strict=True)]


@pytest.fixture
def world(db):
    a = InstitutionFactory(code="COM-A")
    b = InstitutionFactory(code="CPAS-B", kind="social_welfare_centre")
    author = user_with_role("contributor", a, username="author")
    needs = {
        "public": NeedFactory(institution=a, confidentiality="public", created_by=author),
        "regional": NeedFactory(institution=a, created_by=author),
        "confidential": NeedFactory(institution=a, confidentiality="institution",
                                    created_by=author),
        "draft": NeedFactory(institution=a, status="draft", created_by=author),
    }
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
    adoption = Adoption.objects.create(solution=solution, stage="live",
                                       institution=InstitutionFactory(code="ZP-C"),
                                       since=date(2025, 1, 1))
    application = Application.objects.create(institution=a, name="Paie", product="Payroll")
    algorithm = Algorithm.objects.create(institution=a, name="Tri", status="published")
    algorithm_draft = Algorithm.objects.create(institution=a, name="Score", status="draft")
    dataset = Dataset.objects.create(identifier="https://data.example/1", title_fr="Parcs")
    ids = {name: need.pk for name, need in needs.items()}
    ids.update(algorithm=algorithm.pk, algorithm_draft=algorithm_draft.pk, dataset=dataset.pk)
    ids.update(opportunity=opportunity.pk, decision=decision.pk, project=project.pk,
               solution=solution.pk, adoption=adoption.pk, application=application.pk)
    return {"a": a, "b": b, "ids": ids, "submitted": NeedFactory(institution=a)}


def body_for(name, world, role):
    own = world["b"] if role == "contributor_b" else world["a"]
    bodies = {
        "new_need": {"institution": world["a"].pk, "title": "Un besoin"},
        "new_opportunity": {"title": "Ensemble", "needs": [world["submitted"].pk]},
        "join": {"institution": own.pk, "message": "Nous voulons."},
        "new_adoption": {"solution": world["ids"]["solution"], "institution": world["b"].pk,
                         "stage": "interested", "on": "2026-01-05"},
        "new_application": {"institution": world["a"].pk, "name": "GRH", "product": "HR"},
    }
    return bodies[name]


def make_user(role, world):
    if role == "anonymous":
        return None
    if role.startswith("contributor"):
        return user_with_role("contributor", world["a"] if role.endswith("a") else world["b"],
                              username=role)
    return user_with_role(role, username=role, is_staff=role == "administrator")


@pytest.mark.parametrize("case,role,expected", CASES)
def test_api_permission_matrix(client, world, token_for, case, role, expected):
    method, address, body, _ = MATRIX[case]
    user = make_user(role, world)
    headers = token_for(user) if user else {}
    if isinstance(body, str):
        body = body_for(body, world, role)
    entries = AuditEntry.objects.count()
    call = getattr(client, method)
    kwargs = {"content_type": "application/json", "data": json.dumps(body)} if body else {}
    response = call(address.format(**world["ids"]), **kwargs, **headers)
    assert response.status_code == expected, (case, role, response.content[:300])
    if method != "get":
        if response.status_code < 300:
            assert AuditEntry.objects.count() > entries, f"{case}: no audit entry"
        else:
            assert AuditEntry.objects.count() == entries, f"{case}: refused, yet audited"
    if response.status_code >= 400:
        assert response["Content-Type"].startswith("application/json")
