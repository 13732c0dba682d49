"""The demo a new user meets: `synergie demo` loads real institutions and realistic needs."""

import os
import socket
import subprocess
import sys
import time
import urllib.request
from collections import Counter

import pytest
from django.contrib.auth import authenticate
from django.core.management import call_command
from django.db import transaction
from django.test import override_settings

from synergie.demo.load import DEMO_PASSWORD, FEATURED_LOGINS, read_needs
from synergie.institutions.models import Institution
from synergie.needs.models import Need
from tests.task_queues import RUN_AT_ONCE


@pytest.fixture(scope="module")
def _demo_loaded(django_db_setup, django_db_blocker):
    """Loading the demo takes most of a minute: once for the module, in a transaction rolled
    back at its end (each test then runs in its own, nested, as usual)."""
    as_in_each_test = override_settings(  # what the autouse fixtures of tests/conftest.py set
        PASSWORD_HASHERS=["django.contrib.auth.hashers.MD5PasswordHasher"],
        TASKS=RUN_AT_ONCE)
    with django_db_blocker.unblock(), transaction.atomic(), as_in_each_test:
        call_command("demo", no_serve=True, stdout=open(os.devnull, "w"))
        yield
        transaction.set_rollback(True)


@pytest.fixture
def demo(_demo_loaded, db):
    pass


def test_the_demo_loads_the_brussels_institutions(demo):
    kinds = Counter(Institution.objects.values_list("kind", flat=True))
    assert kinds["municipality"] == 19
    assert kinds["social_welfare_centre"] == 19
    assert kinds["police_zone"] == 6
    assert kinds["regional_body"] >= 15
    assert Institution.objects.get(code="COM-21004").name_nl == "Stad Brussel"
    assert Institution.objects.get(code="OIP-0884649502").name_fr == "Hydria"


def test_the_demo_needs_have_their_status_and_a_real_history(demo):
    from synergie.delivery.models import Project

    expected = {item["title"]: item for item in read_needs()}
    assert len(expected) >= 60
    # The demo's PMO started a project for two decisions: their needs are in delivery.
    in_projects = set()
    for project in Project.objects.select_related("decision__item__opportunity"):
        item = project.decision.item
        in_projects |= ({item.need_id} if item.need_id else set(
            item.opportunity.members.values_list("need_id", flat=True)))
    assert len(in_projects) >= 2
    from synergie.demo.campaigns import PLAN

    # Beside the needs of needs.json, the demo's campaign imported Marie Dubois's plan as drafts.
    from_the_campaign = {row[0] for row in PLAN}
    assert {need.title: need.status for need in Need.objects.exclude(title__in=expected)} == {
        title: "draft" for title in from_the_campaign}
    for need in Need.objects.filter(title__in=expected).prefetch_related("opportunities"):
        item = expected[need.title]
        if need.pk in in_projects:
            assert need.status == "in_delivery"
        elif need.opportunities.exists():  # pooled by the demo's analyst, some then decided
            assert need.status in ("grouped", "approved")
        else:
            assert need.status == item["status"]
        assert need.confidentiality == item["confidentiality"]
        assert need.total_cost == sum(c["one_off"] + c["recurring"] for c in item["costs"])
    approved = Need.objects.filter(status="approved", opportunities__isnull=True).first()
    from synergie.audit.log import history_of

    steps = [entry.changes["status"]["after"] for entry in history_of(approved)
             if entry.action == "status_changed"]
    assert steps == ["approved", "in_analysis", "submitted"]


def test_the_demo_has_twins_across_institutions_and_languages():
    groups: dict[str, list[dict]] = {}
    for item in read_needs():
        if item["twin_group"]:
            groups.setdefault(item["twin_group"], []).append(item)
    assert {"payroll", "bodycam", "social_file"} <= set(groups)
    assert len(groups) >= 10
    for name, members in groups.items():
        assert len({m["institution"] for m in members}) == len(members), name
    cross_language = [name for name, members in groups.items()
                      if len({m["language"] for m in members}) > 1]
    assert len(cross_language) >= 8
    assert {"fr", "nl"} <= {m["language"] for m in groups["payroll"]}


def test_every_demo_login_works_with_the_printed_password(demo):
    for login in FEATURED_LOGINS:
        assert authenticate(username=login.username, password=DEMO_PASSWORD) is not None
    assert authenticate(username="admin", password=DEMO_PASSWORD).is_superuser


def test_running_the_demo_again_keeps_the_data(demo):
    before = Need.objects.count()
    call_command("demo", no_serve=True, stdout=open(os.devnull, "w"))
    assert Need.objects.count() == before


def _free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


def test_the_demo_command_serves_on_a_bare_data_folder(tmp_path):
    """The first README command, on the embedded default whatever database the suite uses."""
    port = _free_port()
    env = {**os.environ, "SYNERGIE_DATA_DIR": str(tmp_path)}
    env.pop("SYNERGIE_DATABASE_URL", None)
    process = subprocess.Popen(
        [sys.executable, "-m", "synergie", "demo", "--port", str(port)],
        env=env, stdout=subprocess.PIPE, stderr=subprocess.STDOUT, text=True,
    )
    try:
        deadline = time.monotonic() + 180  # loading and indexing, on a busy 2-core machine
        while True:
            try:
                with urllib.request.urlopen(f"http://127.0.0.1:{port}/fr/", timeout=2) as reply:
                    html = reply.read().decode()
                break
            except OSError:
                assert process.poll() is None, process.stdout.read()
                assert time.monotonic() < deadline, "the demo did not answer within 180 s"
                time.sleep(0.3)
        assert "Synergie" in html
        with urllib.request.urlopen(f"http://127.0.0.1:{port}/static/synergie/synergie.css") as css:
            assert css.status == 200
    finally:
        process.terminate()
        output = process.communicate(timeout=10)[0]
    assert "marie.dubois" in output
    assert "synergie-demo" in output
    assert (tmp_path / "synergie.sqlite3").exists()


def test_the_demo_twins_are_found_across_languages(demo):
    """The matching story on the demo: each twin finds another member of its group."""
    from synergie.accounts.models import User
    from synergie.matching.explain import similar_needs
    from synergie.matching.synergies import synergy_clusters

    groups = {item["title"]: item["twin_group"] for item in read_needs()}
    analyst = User.objects.get(username="lucas.martin")
    twins = [need for need in Need.objects.filter(title__in=groups) if groups[need.title]
             and need.status not in ("draft", "withdrawn")]
    first, top3, cross_language = 0, 0, 0
    for need in twins:
        found = [r.need for r in similar_needs(need, analyst, k=3) if r.need]
        hits = [other for other in found if groups[other.title] == groups[need.title]]
        first += bool(found) and groups[found[0].title] == groups[need.title]
        top3 += bool(hits)
        cross_language += any(other.language != need.language for other in hits)
    assert top3 / len(twins) >= 0.9, f"top-3 {top3}/{len(twins)}"
    assert first / len(twins) >= 0.7, f"top-1 {first}/{len(twins)}"
    assert cross_language >= len(twins) / 2

    clusters, _ = synergy_clusters(Need.objects.all())
    assert len(clusters) >= 10
    for cluster in clusters:
        assert len({groups[need.title] for need in cluster.needs}) == 1, cluster.needs


def test_the_demo_shows_a_decided_opportunity_and_a_stopped_experiment(demo, client):
    from django.urls import reverse

    from synergie.business_case.adapters import engine_inputs
    from synergie.business_case.engine import compute_business_case
    from synergie.business_case.models import BusinessCase
    from synergie.innovation.models import Experiment

    result = compute_business_case(engine_inputs(BusinessCase.objects.get()))
    assert result.regional_gain > 0
    html = client.get(reverse("decisions:list")).content.decode()
    assert "Caméras corporelles mutualisées" in html
    assert Experiment.objects.get().status == "no_go"
    # Decided, and since then taken into delivery by the demo's PMO.
    assert Need.objects.filter(status__in=["approved", "in_delivery"],
                               opportunities__isnull=False).count() == 3
    from synergie.portfolio.models import Scenario

    scenario = Scenario.objects.get()
    assert scenario.run_status == "done" and scenario.result["selected"]
    spend, budget = scenario.result["spend"], scenario.result["budget"]
    assert all(used <= limit for used, limit in zip(spend, budget))
    # Every cost counts: what falls after 2031 within the budget the scenario declares for it.
    assert scenario.instance["beyond_horizon_budget"] == scenario.beyond_horizon_budget > 0
    assert scenario.result["beyond_horizon_spend"] <= scenario.beyond_horizon_budget


def test_the_demo_catalogue_has_servicenow_adopted_by_several_institutions(demo, client):
    from django.urls import reverse

    from synergie.catalogue.models import Adoption, JoinRequest, Solution
    from synergie.matching.models import DocumentKind, IndexedDocument

    desk = Solution.objects.get(name_en__contains="ServiceNow")
    assert desk.is_regional_label and desk.targets.count() == 4
    assert Adoption.objects.filter(solution=desk, stage="live").count() >= 3
    leaving = Adoption.objects.get(solution=desk, stage="leaving")
    assert leaving.steps.last().reason  # a leaving institution says why
    assert JoinRequest.objects.filter(status="pending").exists()
    assert Solution.objects.count() >= 4
    from synergie.matching.related import object_of

    indexed = {object_of(document)[0] for document in IndexedDocument.objects.filter(
        kind=DocumentKind.SOLUTION).values_list("object_id", flat=True)}
    assert indexed == set(Solution.objects.values_list("pk", flat=True))
    html = client.get(reverse("catalogue:list")).content.decode()
    assert "Regional service desk (ServiceNow)" in html


def test_the_demo_has_a_year_of_incidents_with_a_few_breaches(demo):
    from synergie.service_levels.models import Incident

    from synergie.service_levels.compliance import compliance_rows

    assert Incident.objects.count() > 100
    rows = compliance_rows()
    assert len({row.month for row in rows}) >= 12
    breaches = sum(row.breaches or 0 for row in rows)
    assert 0 < breaches < 0.2 * sum(row.incidents for row in rows)
    assert any(row.meets_goal is False for row in rows)  # some month misses the agreement


def test_the_demo_has_two_projects_in_delivery_and_an_over_allocated_pool(demo):
    from synergie.delivery.capacity import over_allocations
    from synergie.delivery.models import Project

    projects = Project.objects.all()
    assert projects.count() == 2
    assert all(project.milestones.exists() for project in projects)
    assert {need.status for project in projects
            for need in project.decision.item.member_needs()} == {"in_delivery"}
    assert {cell.pool for cell in over_allocations()} == {"Architectes"}
