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
        "home": reverse("core:home"),
        "public_list": reverse("needs:public"),
        "login": reverse("accounts:login"),
        "dashboard": reverse("core:dashboard"),
        "my_needs": reverse("needs:mine"),
        "inbox": reverse("needs:inbox"),
        "create": reverse("needs:create"),
        "admin_index": reverse("admin:index"),
        "synergy_map": reverse("matching:map"),
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
    if page in ("meeting_detail", "decide"):
        item = need.agenda_items.get()
        if page == "decide":
            return reverse("decisions:decide", args=[item.pk])
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
    elif method == "post" and need is not None:
        need.refresh_from_db()
        changed = need.status != NEED_STATES[state]["status"]
        assert changed == done
