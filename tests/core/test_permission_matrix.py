"""Every role against every page and endpoint of the product, by HTTP status.

The expected table is written out by hand: it is the product's promise, not a copy of the code
that enforces it. 200 = shown, 302 = done and redirected (or sent to the login page when
anonymous, also where the object is hidden from anonymous visitors: logging in may show it),
403 = refused, 404 = the object does not exist for this user.
"""

import pytest
from django.urls import reverse

from synergie.business_case.models import BusinessCase
from synergie.decisions.models import AgendaItem, Meeting
from synergie.opportunities.models import Opportunity, OpportunityNeed
from synergie.portfolio.models import Scenario
from tests.factories import InstitutionFactory, NeedFactory, user_with_role

ROLES = ["anonymous", "contributor_a", "contributor_b", "analyst", "data_office",
         "architecture_board", "pmo", "steering_committee", "administrator"]

# page: (method, what, [expected status per role, in the order of ROLES])
MATRIX = {
    "home": ("get", None, [200, 200, 200, 200, 200, 200, 200, 200, 200]),
    "public_list": ("get", None, [200, 200, 200, 200, 200, 200, 200, 200, 200]),
    "login": ("get", None, [200, 302, 302, 302, 302, 302, 302, 302, 302]),
    "dashboard": ("get", None, [302, 200, 200, 200, 200, 200, 200, 200, 200]),
    "my_needs": ("get", None, [302, 200, 200, 403, 403, 403, 403, 403, 403]),
    "inbox": ("get", None, [302, 200, 200, 200, 200, 200, 200, 200, 200]),
    "create": ("get", None, [302, 200, 200, 403, 403, 403, 403, 403, 403]),
    "detail_confidential": ("get", "confidential", [302, 200, 404, 200, 200, 200, 200, 200, 200]),
    "detail_regional": ("get", "regional", [302, 200, 200, 200, 200, 200, 200, 200, 200]),
    "detail_public": ("get", "public", [200, 200, 200, 200, 200, 200, 200, 200, 200]),
    "detail_draft": ("get", "draft", [302, 200, 404, 404, 404, 404, 404, 404, 404]),
    "edit_draft": ("get", "draft", [302, 200, 404, 404, 404, 404, 404, 404, 404]),
    "edit_confidential_of_other": ("get", "confidential", [302, 403, 404, 403, 403, 403, 403, 403, 200]),  # noqa: E501
    "edit_submitted": ("get", "regional", [302, 403, 403, 403, 403, 403, 403, 403, 200]),
    "submit_draft": ("post", "draft", [302, 302, 404, 404, 404, 404, 404, 404, 404]),
    "start_analysis": ("post", "regional", [302, 403, 403, 302, 403, 403, 403, 403, 403]),
    "approve": ("post", "in_analysis", [302, 403, 403, 403, 403, 403, 403, 302, 403]),
    "start_delivery": ("post", "approved", [302, 403, 403, 403, 403, 403, 302, 403, 403]),
    "withdraw_confidential": ("post", "confidential", [302, 302, 404, 403, 403, 403, 403, 403, 403]),  # noqa: E501
    "synergy_map": ("get", None, [302, 403, 403, 200, 200, 200, 200, 200, 200]),
    "opportunity_list": ("get", None, [302, 403, 403, 200, 200, 200, 200, 200, 200]),
    "opportunity_create": ("get", None, [302, 403, 403, 200, 403, 403, 403, 403, 403]),
    "opportunity_detail": ("get", "opportunity", [302, 403, 403, 200, 200, 200, 200, 200, 200]),
    "opportunity_edit": ("get", "opportunity", [302, 403, 403, 200, 403, 403, 403, 403, 403]),
    "opportunity_add_need": ("post", "opportunity", [302, 403, 403, 302, 403, 403, 403, 403, 403]),
    "opportunity_remove_need": ("post", "opportunity", [302, 403, 403, 302, 403, 403, 403, 403,
                                                        403]),
    "decisions_public": ("get", None, [200, 200, 200, 200, 200, 200, 200, 200, 200]),
    "decisions_feed": ("get", None, [200, 200, 200, 200, 200, 200, 200, 200, 200]),
    "meetings": ("get", None, [302, 403, 403, 200, 200, 200, 200, 200, 200]),
    "meeting_create": ("post", None, [302, 403, 403, 403, 403, 403, 403, 302, 403]),
    "meeting_detail": ("get", "meeting", [302, 403, 403, 200, 200, 200, 200, 200, 200]),
    "decide": ("post", "meeting", [302, 403, 403, 403, 403, 403, 403, 302, 403]),
    "drop_agenda_item": ("post", "meeting", [302, 403, 403, 403, 403, 403, 403, 302, 403]),
    "innovation": ("get", None, [302, 403, 403, 200, 200, 200, 200, 200, 200]),
    "innovation_create": ("get", None, [302, 403, 403, 200, 403, 403, 403, 200, 403]),
    "business_case": ("get", "opportunity", [302, 403, 403, 200, 200, 200, 200, 200, 200]),
    "business_case_save": ("post", "opportunity", [302, 403, 403, 302, 403, 403, 403, 403, 403]),
    "business_case_xlsx": ("get", "opportunity", [302, 403, 403, 200, 200, 200, 200, 200, 200]),
    "portfolio": ("get", None, [302, 403, 403, 200, 200, 200, 200, 200, 200]),
    "portfolio_create": ("post", None, [302, 403, 403, 403, 403, 403, 403, 302, 403]),
    "portfolio_compare": ("get", None, [302, 403, 403, 200, 200, 200, 200, 200, 200]),
    "portfolio_scenario": ("get", "regional", [302, 403, 403, 200, 200, 200, 200, 200, 200]),
    "portfolio_pairwise": ("get", "regional", [302, 403, 403, 403, 403, 403, 403, 200, 403]),
    "portfolio_frontier": ("get", "regional", [302, 403, 403, 200, 200, 200, 200, 200, 200]),
    "portfolio_what_if": ("post", "regional", [302, 403, 403, 200, 200, 200, 200, 200, 200]),
    "portfolio_link": ("post", "regional", [302, 403, 403, 403, 403, 403, 403, 302, 403]),
    "portfolio_frontier_start": ("post", "regional", [302, 403, 403, 403, 403, 403, 403, 302,
                                                      403]),
    "portfolio_candidate": ("get", "regional", [302, 403, 403, 403, 403, 403, 403, 200, 403]),
    "admin_index": ("get", None, [302, 302, 302, 302, 302, 302, 302, 302, 200]),
    "admin_needs": ("get", None, [302, 302, 302, 302, 302, 302, 302, 302, 200]),
}

NEED_STATES = {
    "confidential": {"confidentiality": "institution", "status": "submitted"},
    "regional": {"confidentiality": "regional", "status": "submitted"},
    "public": {"confidentiality": "public", "status": "submitted"},
    "draft": {"confidentiality": "regional", "status": "draft"},
    "in_analysis": {"confidentiality": "regional", "status": "in_analysis"},
    "approved": {"confidentiality": "regional", "status": "approved"},
    # A need in analysis on the agenda of a steering committee meeting.
    "meeting": {"confidentiality": "regional", "status": "in_analysis"},
    # An opportunity holding one need; the page's other need is submitted, ready to add.
    "opportunity": {"confidentiality": "regional", "status": "submitted"},
}


def url_for(page: str, need) -> str:
    simple = {
        "home": reverse("site:home"),
        "public_list": reverse("needs:public"),
        "login": reverse("accounts:login"),
        "dashboard": reverse("site:dashboard"),
        "my_needs": reverse("needs:mine"),
        "inbox": reverse("needs:inbox"),
        "create": reverse("needs:create"),
        "admin_index": reverse("admin:index"),
        "synergy_map": reverse("opportunities:map"),
        "opportunity_list": reverse("opportunities:list"),
        "opportunity_create": reverse("opportunities:create"),
        "decisions_public": reverse("decisions:list"),
        "decisions_feed": reverse("decisions:feed"),
        "meetings": reverse("decisions:meetings"),
        "meeting_create": reverse("decisions:meetings"),
        "innovation": reverse("innovation:list"),
        "portfolio": reverse("portfolio:list"),
        "portfolio_create": reverse("portfolio:list"),
        "portfolio_compare": reverse("portfolio:compare"),
        "innovation_create": reverse("innovation:create"),
        "admin_needs": reverse("admin:needs_need_changelist"),
    }
    if page in simple:
        return simple[page]
    if page.startswith("portfolio_") and page not in ("portfolio_create", "portfolio_compare"):
        scenario = optimised_scenario(need)
        name = {"portfolio_scenario": "detail", "portfolio_pairwise": "pairwise",
                "portfolio_frontier": "frontier", "portfolio_what_if": "what_if",
                "portfolio_link": "link", "portfolio_frontier_start": "frontier"}.get(page)
        if page == "portfolio_candidate":
            return reverse("portfolio:candidate",
                           args=[scenario.pk, scenario.candidates.order_by("pk").first().pk])
        return reverse(f"portfolio:{name}", args=[scenario.pk])
    if page in ("meeting_detail", "decide", "drop_agenda_item"):
        item = need.agenda_items.get()
        if page == "decide":
            return reverse("decisions:decide", args=[item.pk])
        if page == "drop_agenda_item":
            return reverse("decisions:drop_item", args=[item.pk])
        return reverse("decisions:meeting", args=[item.meeting_id])
    if page.startswith("business_case"):
        name = "business_case:xlsx" if page.endswith("xlsx") else "business_case:page"
        return reverse(name, args=[need.membership.opportunity_id])
    if page.startswith("opportunity_"):
        opportunity = need.membership.opportunity
        return {
            "opportunity_detail": reverse("opportunities:detail", args=[opportunity.pk]),
            "opportunity_edit": reverse("opportunities:edit", args=[opportunity.pk]),
            "opportunity_add_need": reverse("opportunities:add_needs", args=[opportunity.pk]),
            "opportunity_remove_need": reverse("opportunities:remove_need",
                                               args=[opportunity.pk, need.pk]),
        }[page]
    if page.startswith("detail"):
        return reverse("needs:detail", args=[need.pk])
    if page.startswith("edit"):
        return reverse("needs:edit", args=[need.pk])
    step = {"submit_draft": "submit", "start_analysis": "start_analysis", "approve": "approve",
            "start_delivery": "start_delivery", "withdraw_confidential": "withdraw"}[page]
    return reverse("needs:change_status", args=[need.pk, step])


def optimised_scenario(need) -> Scenario:
    """A scenario with two candidates (the page's need and another), optimised."""
    from synergie.portfolio.adapters import scenario_instance
    from synergie.portfolio.engine.instance import parse_instance
    from synergie.portfolio.engine.optimiser import optimise
    from synergie.portfolio.models import ScenarioCandidate

    chair = user_with_role("steering_committee", username="secretary")
    scenario = Scenario.objects.create(title="Plan", first_year=2027, budget=[1e6, 1e6, 1e6],
                                       years=3, created_by=chair)
    other = NeedFactory(institution=need.institution, title="Autre", status="in_analysis")
    for subject in (need, other):
        ScenarioCandidate.objects.create(scenario=scenario, need=subject, ratings={"urgency": 3})
    scenario.instance = scenario_instance(scenario)
    scenario.result = optimise(parse_instance(scenario.instance)).as_dict()
    scenario.save()
    return scenario


def make_user(role: str, institution_a, institution_b):
    if role == "anonymous":
        return None
    if role == "contributor_a":
        return user_with_role("contributor", institution_a, username="contributor-a")
    if role == "contributor_b":
        return user_with_role("contributor", institution_b, username="contributor-b")
    return user_with_role(role, username=role, is_staff=(role == "administrator"))


CASES = [
    pytest.param(page, role, expected, id=f"{page}-{role}")
    for page, (_, _, row) in MATRIX.items()
    for role, expected in zip(ROLES, row, strict=True)
]


@pytest.mark.parametrize("page,role,expected", CASES)
def test_permission_matrix(client, db, page, role, expected):
    institution_a = InstitutionFactory(code="COM-A")
    institution_b = InstitutionFactory(code="CPAS-B", kind="social_welfare_centre")
    method, state, _ = MATRIX[page]
    need = NeedFactory(institution=institution_a, **NEED_STATES[state]) if state else None
    other = None
    if state == "opportunity":
        lead = user_with_role("analyst", username="lead-analyst")
        need.status = "grouped"
        need.save()
        opportunity = Opportunity.objects.create(title="Paie", lead_analyst=lead, created_by=lead)
        OpportunityNeed.objects.create(opportunity=opportunity, need=need)
        # A complete case (a pooled cost entered), so that it has figures and a spreadsheet.
        BusinessCase.objects.create(opportunity=opportunity, first_year=2027, updated_by=lead,
                                    shared_one_off=[50000, 0, 0, 0, 0],
                                    shared_recurring=[10000] * 5)
        other = NeedFactory(institution=institution_b, title="Autre besoin")
    if state == "meeting":
        chair = user_with_role("steering_committee", username="chair")
        meeting = Meeting.objects.create(title="Steerco", date="2027-01-01", created_by=chair)
        AgendaItem.objects.create(meeting=meeting, need=need)
    user = make_user(role, institution_a, institution_b)
    if user is not None:
        client.force_login(user)
    url = url_for(page, need)
    if method == "get":
        response = client.get(url)
    elif page == "decide":
        prefix = f"item{need.agenda_items.get().pk}"
        response = client.post(url, {f"{prefix}-outcome": "approve", f"{prefix}-language": "fr",
                                     f"{prefix}-motivation": "Motivation écrite."})
    elif page == "meeting_create":
        response = client.post(url, {"title": "Steerco de mars", "date": "2027-03-01"})
    elif page == "portfolio_create":
        response = client.post(url, {"title": "Plan 2027", "first_year": 2027, "years": 2,
                                     "budget": "100 100", "capacity": ""})
    elif page == "portfolio_what_if":
        response = client.post(url, {"candidate": f"need-{need.pk}", "forced": "out"})
    elif page == "portfolio_link":
        first, second = Scenario.objects.get().candidates.all()
        response = client.post(url, {"kind": "excludes", "first": first.pk,
                                     "second": second.pk})
    elif page == "portfolio_frontier_start":
        response = client.post(url)
    elif page == "business_case_save":
        from synergie.business_case.adapters import current_members

        data = {"first_year": 2027, "horizon": 2, "discount_rate": "4", "split_key": "equal",
                "onboarding_per_member": "0"}
        for member in current_members(BusinessCase.objects.get()):
            prefix = f"m{member.institution_id}"
            data.update({f"{prefix}-users": 10, f"{prefix}-declared_usage": 1,
                         f"{prefix}-joins_in_year": 2027})
        response = client.post(url, data)
    else:
        response = client.post(url, {"comment": "Motivation écrite.",
                                     "needs": [other.pk] if other else []})
    assert response.status_code == expected, f"{role} on {page}: {response.status_code}"
    if role == "anonymous" and expected == 302:
        assert "login" in response["Location"]
    done = expected == 302 and user is not None
    if page == "opportunity_add_need":
        assert other.opportunities.exists() == done
    elif page == "opportunity_remove_need":
        assert need.opportunities.exists() != done
    elif page == "meeting_create":
        assert Meeting.objects.filter(title="Steerco de mars").exists() == done
    elif page == "portfolio_create":
        assert Scenario.objects.filter(title="Plan 2027").exists() == done
    elif page == "portfolio_link":
        first = Scenario.objects.get().candidates.first()
        assert first.excludes.exists() == done
    elif page == "portfolio_what_if":
        pass  # a what-if changes nothing stored
    elif page == "portfolio_frontier_start":
        assert (Scenario.objects.get().frontier_status != "not_run") == done
    elif page == "business_case_save":
        assert (BusinessCase.objects.get().horizon == 2) == done
    elif page == "drop_agenda_item":
        assert (not AgendaItem.objects.exists()) == done
    elif method == "post" and need is not None:
        need.refresh_from_db()
        changed = need.status != NEED_STATES[state]["status"]
        assert changed == done


# Scoped roles. Every permission that lets a role read beyond its own needs (the region's needs,
# opportunities and business cases, meetings, scenarios, experiments), each held by a role whose
# scope is one institution: the role reads what concerns that institution, never another
# institution's institution-only need, on any page, export or choice list.
VIEW_ALL_PERMISSIONS = ["needs.view_all_need", "opportunities.manage_opportunity",
                        "decisions.manage_meeting", "portfolio.manage_scenario",
                        "innovation.manage_experiment"]
SECRET = "Plan confidentiel de B"
OWN_SECRET = "Plan confidentiel de A"
# Pages of the URLconf the tour of scoped roles leaves out, and why.
NOT_A_READ = {"site:home", "accounts:login", "accounts:logout", "set_language",
              "needs:create", "needs:edit", "needs:change_status", "decisions:detail",
              "decisions:feed", "decisions:list", "needs:public", "healthz",
              # Forms of a project's parts and its start: they name no need.
              "delivery:start", "delivery:report_status", "delivery:budget", "delivery:allocate",
              "delivery:add_part", "delivery:edit_part", "delivery:import"}
# Pages about solutions, incidents and applications: they read no need at all. The needs
# campaigns name institutions and count their needs, never a need's title.
NO_NEED_APPS = ("catalogue:", "service_levels:", "landscape:", "campaigns:", "algorithms:",
                "datasets:", "datasets_export")
# The open data and its feeds are the same bytes for every reader (tests/opendata) and hold only
# what the public reads (tests/core/test_public_confidentiality.py).
PUBLIC_APPS = ("opendata:",)
# The REST API's endpoints and pages: its scoped reads are checked by tests/api/test_scoped.py.
API_APPS = ("api:", "api_pages:")


def scoped_world():
    """Institution A (the scoped role's) and B; B's institution-only need in an opportunity
    with a business case, on an agenda, in a scenario and an experiment; objects of A alone."""
    from synergie.innovation.models import Experiment
    from synergie.portfolio.models import ScenarioCandidate

    a, b = InstitutionFactory(code="COM-A"), InstitutionFactory(code="CPAS-B")
    chair = user_with_role("steering_committee", username="chair")
    secret = NeedFactory(institution=b, confidentiality="institution", status="grouped",
                         title=SECRET)
    other_secret = NeedFactory(institution=b, confidentiality="institution",
                               status="in_analysis", title=f"{SECRET} en analyse")
    own = NeedFactory(institution=a, confidentiality="institution", status="in_analysis",
                      title=OWN_SECRET)
    regional = NeedFactory(institution=b, status="in_analysis", title="Besoin régional de B")
    mixed = Opportunity.objects.create(title="Paie", lead_analyst=chair, created_by=chair)
    OpportunityNeed.objects.create(opportunity=mixed, need=secret)
    BusinessCase.objects.create(opportunity=mixed, first_year=2027, updated_by=chair,
                                shared_one_off=[50000, 0, 0, 0, 0],
                                shared_recurring=[10000] * 5)
    mixed_meeting = Meeting.objects.create(title="Steerco", date="2027-01-01", created_by=chair)
    AgendaItem.objects.create(meeting=mixed_meeting, opportunity=mixed)
    AgendaItem.objects.create(meeting=mixed_meeting, need=secret)
    own_meeting = Meeting.objects.create(title="Steerco A", date="2027-02-01", created_by=chair)
    AgendaItem.objects.create(meeting=own_meeting, need=own)
    scenarios = {}
    for name, subjects in (("mixed", [own, secret, regional]), ("own", [own, regional])):
        scenario = Scenario.objects.create(title=name, first_year=2027, budget=[1e6] * 3,
                                           years=3, created_by=chair)
        for subject in subjects:
            ScenarioCandidate.objects.create(scenario=scenario, need=subject,
                                             ratings={"urgency": 3})
        scenarios[name] = optimised(scenario)
    experiment = Experiment.objects.create(
        need=other_secret, title="Essai", hypothesis="h", success_criteria="c", budget=1,
        start_date="2027-01-01", end_date="2027-06-01", created_by=chair)
    from synergie.decisions.models import Decision
    from synergie.delivery.models import Project
    from synergie.reference.models import Capability

    decided_meeting = Meeting.objects.create(title="Steerco décidé", date="2027-03-01",
                                             created_by=chair)
    decided = AgendaItem.objects.create(meeting=decided_meeting, opportunity=mixed)
    decision = Decision.objects.create(item=decided, outcome="approve", motivation="Oui.",
                                       language="fr", decided_by=chair)
    project = Project.objects.create(decision=decision, title="Paie", created_by=chair)
    from synergie.data_office.models import NeedDataDependency

    data_dependency = NeedDataDependency.objects.create(
        need=secret, description="Registre", purpose="p", created_by=chair)
    return {"a": a, "secret": secret, "own": own, "regional": regional, "mixed": mixed,
            "mixed_meeting": mixed_meeting, "own_meeting": own_meeting, "scenarios": scenarios,
            "experiment": experiment, "item": mixed_meeting.items.first(), "project": project,
            "capability": Capability.objects.order_by("pk").first(),
            "data_dependency": data_dependency}


def optimised(scenario) -> Scenario:
    from synergie.portfolio.adapters import scenario_instance
    from synergie.portfolio.engine.instance import parse_instance
    from synergie.portfolio.engine.optimiser import optimise

    scenario.instance = scenario_instance(scenario)
    scenario.result = optimise(parse_instance(scenario.instance)).as_dict()
    scenario.save()
    return scenario


def scoped_pages(world) -> list[tuple[str, str, dict | None]]:
    """(URL name, URL, POST data or None for a GET): every page that reads something."""
    mixed, own = world["scenarios"]["mixed"], world["scenarios"]["own"]
    candidate = mixed.candidates.get(need=world["secret"])
    return [
        ("site:dashboard", reverse("site:dashboard"), None),
        ("needs:inbox", reverse("needs:inbox"), None),
        ("needs:inbox", reverse("needs:inbox") + "?q=confidentiel", None),
        ("needs:mine", reverse("needs:mine"), None),
        ("needs:detail", reverse("needs:detail", args=[world["secret"].pk]), None),
        ("opportunities:map", reverse("opportunities:map"), None),
        ("opportunities:list", reverse("opportunities:list"), None),
        ("opportunities:create",
         reverse("opportunities:create") + f"?need={world['secret'].pk}&need={world['own'].pk}",
         None),
        ("opportunities:detail", reverse("opportunities:detail", args=[world["mixed"].pk]), None),
        ("opportunities:edit", reverse("opportunities:edit", args=[world["mixed"].pk]), None),
        ("opportunities:add_needs", reverse("opportunities:add_needs", args=[world["mixed"].pk]),
         {"needs": [world["regional"].pk]}),
        ("opportunities:remove_need", reverse("opportunities:remove_need",
                                              args=[world["mixed"].pk, world["secret"].pk]), {}),
        ("business_case:page", reverse("business_case:page", args=[world["mixed"].pk]), None),
        ("business_case:xlsx", reverse("business_case:xlsx", args=[world["mixed"].pk]), None),
        ("decisions:meetings", reverse("decisions:meetings"), None),
        ("decisions:meeting", reverse("decisions:meeting", args=[world["mixed_meeting"].pk]),
         None),
        ("decisions:meeting", reverse("decisions:meeting", args=[world["own_meeting"].pk]), None),
        ("decisions:add_item", reverse("decisions:add_item", args=[world["own_meeting"].pk]),
         {"need": world["secret"].pk}),
        ("decisions:add_scenario", reverse("decisions:add_scenario",
                                           args=[world["own_meeting"].pk]), {"scenario": mixed.pk}),
        ("decisions:decide", reverse("decisions:decide", args=[world["item"].pk]), None),
        ("decisions:drop_item", reverse("decisions:drop_item", args=[world["item"].pk]), {}),
        ("innovation:list", reverse("innovation:list"), None),
        ("innovation:create", reverse("innovation:create"), None),
        ("innovation:detail", reverse("innovation:detail", args=[world["experiment"].pk]), None),
        ("portfolio:list", reverse("portfolio:list"), None),
        ("portfolio:compare", reverse("portfolio:compare") + f"?a={mixed.pk}&b={own.pk}", None),
        ("portfolio:detail", reverse("portfolio:detail", args=[mixed.pk]), None),
        ("portfolio:detail", reverse("portfolio:detail", args=[own.pk]), None),
        ("portfolio:frontier", reverse("portfolio:frontier", args=[mixed.pk]), None),
        ("portfolio:pairwise", reverse("portfolio:pairwise", args=[mixed.pk]), None),
        ("portfolio:candidate", reverse("portfolio:candidate", args=[mixed.pk, candidate.pk]),
         None),
        ("portfolio:what_if", reverse("portfolio:what_if", args=[mixed.pk]),
         {"candidate": f"need-{world['secret'].pk}", "forced": "out"}),
        ("portfolio:link", reverse("portfolio:link", args=[mixed.pk]),
         {"kind": "excludes", "first": candidate.pk, "second": candidate.pk}),
        ("delivery:list", reverse("delivery:list"), None),
        ("delivery:detail", reverse("delivery:detail", args=[world["project"].pk]), None),
        ("delivery:edit", reverse("delivery:edit", args=[world["project"].pk]), None),
        ("delivery:roadmap", reverse("delivery:roadmap"), None),
        ("delivery:capacity", reverse("delivery:capacity"), None),
        ("delivery:public", reverse("delivery:public"), None),
        ("delivery:export", reverse("delivery:export"), None),
        ("landscape:propose", reverse("landscape:propose", args=[world["capability"].pk]),
         None),
        ("observatory:index", reverse("observatory:index"), None),
        ("observatory:csv", reverse("observatory:csv", args=["lead_time"]), None),
        ("observatory:csv", reverse("observatory:csv", args=["investment"]), None),
        ("site:transparency", reverse("site:transparency"), None),
        ("site:search", reverse("site:search") + "?q=confidentiel", None),
        ("data_office:queue", reverse("data_office:queue"), None),
        ("data_office:detail", reverse("data_office:detail",
                                       args=[world["data_dependency"].pk]), None),
        ("data_office:add", reverse("data_office:add", args=[world["secret"].pk]), None),
        ("data_office:remove", reverse("data_office:remove",
                                       args=[world["data_dependency"].pk]), {}),
    ]


def page_text(response) -> str:
    """What a person reads of a response: the page, or every cell of a spreadsheet."""
    if response.get("Content-Type", "").startswith("application/vnd.openxmlformats"):
        import io

        import openpyxl

        book = openpyxl.load_workbook(io.BytesIO(response.content))
        return "\n".join(str(cell.value) for sheet in book for row in sheet.iter_rows()
                         for cell in row if cell.value is not None)
    return response.content.decode()


def scoped_reader(permission: str, institution, scope: str = "institution"):
    from django.contrib.auth.models import Permission

    from synergie.accounts.models import Membership, Role
    from tests.factories import UserFactory

    app_label, codename = permission.split(".")
    role = Role.objects.create(code=f"reader-{scope}", name_fr="Lecteur", name_nl="Lezer",
                               name_en="Reader", scope=scope)
    role.permissions.add(Permission.objects.get(content_type__app_label=app_label,
                                                codename=codename))
    user = UserFactory(username=f"reader-{scope}")
    Membership.objects.create(user=user, role=role,
                              institution=institution if scope == "institution" else None)
    return user


def test_scoped_tour_covers_every_page():
    """A new page fails here until the tour of scoped roles reads it (or says why not)."""
    from tests.browser.tour_pages import url_patterns

    names = {name for name, _, _ in url_patterns() if name and not name.startswith("admin:")
             and not name.startswith(API_APPS) and not name.startswith(PUBLIC_APPS)
             and (not name.startswith(NO_NEED_APPS) or name == "landscape:propose")}
    toured = {"site:dashboard", "needs:inbox", "needs:mine", "needs:detail", "opportunities:map",
              "opportunities:list", "opportunities:create", "opportunities:detail",
              "opportunities:edit", "opportunities:add_needs", "opportunities:remove_need",
              "business_case:page", "business_case:xlsx", "decisions:meetings",
              "decisions:meeting", "decisions:add_item", "decisions:add_scenario",
              "decisions:decide", "decisions:drop_item", "innovation:list", "innovation:create",
              "innovation:detail", "delivery:list", "delivery:detail", "delivery:edit",
              "delivery:roadmap", "delivery:capacity", "delivery:public", "delivery:export",
              "landscape:propose", "data_office:queue", "data_office:detail", "data_office:add",
              "data_office:remove", "observatory:index", "observatory:csv", "site:transparency",
              "site:search",
              "portfolio:list", "portfolio:compare", "portfolio:detail", "portfolio:frontier",
              "portfolio:pairwise", "portfolio:candidate", "portfolio:what_if", "portfolio:link"}
    assert names - NOT_A_READ - toured == set()


@pytest.mark.parametrize("permission", VIEW_ALL_PERMISSIONS)
def test_scoped_role_never_reads_another_institutions_confidential_need(client, db, permission):
    world = scoped_world()
    client.force_login(scoped_reader(permission, world["a"]))
    pages = scoped_pages(world)
    assert {name for name, _, _ in pages} >= {"site:dashboard", "portfolio:what_if"}
    for name, url, data in pages:
        response = client.get(url) if data is None else client.post(url, data, follow=True)
        assert response.status_code in (200, 403, 404, 405), f"{name} {url}"
        assert SECRET not in page_text(response), f"{permission}: {name} {url} shows it"
    # Nothing was written on its behalf either.
    assert world["secret"].agenda_items.count() == 1
    assert world["mixed_meeting"].items.count() == 2
    assert world["secret"].membership.opportunity == world["mixed"]


@pytest.mark.parametrize("permission", VIEW_ALL_PERMISSIONS)
def test_scoped_role_form_choices_hold_only_what_it_reads(db, permission):
    from synergie.decisions.forms import AgendaItemForm, ScenarioAgendaForm
    from synergie.innovation.forms import ExperimentForm

    world = scoped_world()
    user = scoped_reader(permission, world["a"])
    for form in (AgendaItemForm(user=user), ScenarioAgendaForm(user=user),
                 ExperimentForm(user=user)):
        for field in form.fields.values():
            labels = [str(label) for _, label in getattr(field, "choices", [])]
            assert not any(SECRET in label for label in labels), (permission, field.label)


def test_scoped_reader_reads_its_institution_and_the_regional_needs(client, db):
    world = scoped_world()
    client.force_login(scoped_reader("needs.view_all_need", world["a"]))
    inbox = client.get(reverse("needs:inbox")).content.decode()
    assert OWN_SECRET in inbox and "Besoin régional de B" in inbox and SECRET not in inbox
    assert client.get(reverse("needs:detail", args=[world["own"].pk])).status_code == 200
    assert client.get(reverse("needs:detail", args=[world["secret"].pk])).status_code == 404
    meetings = client.get(reverse("decisions:meetings")).content.decode()
    assert reverse("decisions:meeting", args=[world["own_meeting"].pk]) in meetings
    assert reverse("decisions:meeting", args=[world["mixed_meeting"].pk]) not in meetings
    assert client.get(reverse("portfolio:detail",
                              args=[world["scenarios"]["own"].pk])).status_code == 200
    assert client.get(reverse("portfolio:detail",
                              args=[world["scenarios"]["mixed"].pk])).status_code == 404


@pytest.mark.parametrize("permission", VIEW_ALL_PERMISSIONS)
def test_the_same_permission_held_regionally_reads_it(client, db, permission):
    """The tour above can see the need: a regional role with the same permission does."""
    world = scoped_world()
    client.force_login(scoped_reader(permission, None, scope="region"))
    seen = [name for name, url, data in scoped_pages(world) if data is None
            and SECRET in page_text(client.get(url))]
    assert seen, permission
