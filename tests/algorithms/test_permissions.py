"""Every role against every page and endpoint of the algorithm register, by HTTP status (the
expected table is written by hand), and what a refused request left behind (nothing)."""

import pytest
from django.urls import reverse

from synergie.algorithms.actions import (
    do_describe_algorithm,
    do_leave_feedback,
    do_transition_algorithm,
)
from synergie.algorithms.models import Algorithm, AlgorithmStatus, Feedback, FeedbackStatus
from tests.factories import InstitutionFactory, user_with_role

ROLES = ["anonymous", "contributor_a", "contributor_b", "analyst", "data_office",
         "architecture_board", "pmo", "steering_committee", "administrator"]
EVERYONE = [200] * 9
DESCRIBER_A = [302, 302, 403, 403, 403, 403, 403, 403, 403]
REVIEWER = [302, 403, 403, 403, 302, 403, 403, 403, 403]

MATRIX = {
    "list": ("get", EVERYONE),
    "csv": ("get", EVERYONE),
    "json": ("get", EVERYONE),
    "detail_published": ("get", EVERYONE),
    "detail_draft": ("get", [302, 200, 404, 404, 200, 404, 404, 404, 404]),
    "create": ("get", [302, 200, 200, 403, 403, 403, 403, 403, 403]),
    # contributor_b may not choose institution A: the form comes back, nothing stored.
    "create_send": ("post", [302, 302, 200, 403, 403, 403, 403, 403, 403]),
    "edit": ("get", [302, 200, 403, 403, 403, 403, 403, 403, 403]),
    "edit_send": ("post", DESCRIBER_A),
    "submit": ("post", DESCRIBER_A),
    "publish": ("post", REVIEWER),
    "return": ("post", REVIEWER),
    "confirm": ("post", REVIEWER),
    "revise": ("post", [302, 302, 403, 403, 302, 403, 403, 403, 403]),
    "archive": ("post", [302, 302, 403, 403, 302, 403, 403, 403, 403]),
    "feedback": ("post", [302] * 9),
    "moderation": ("get", [302, 403, 403, 403, 200, 403, 403, 403, 403]),
    "moderate": ("post", REVIEWER),
}

CASES = [pytest.param(page, role, expected, id=f"{page}-{role}")
         for page, (_, row) in MATRIX.items() for role, expected in zip(ROLES, row, strict=True)]


def make_user(role, institution_a, institution_b):
    if role == "anonymous":
        return None
    if role.startswith("contributor"):
        return user_with_role("contributor",
                              institution_a if role.endswith("a") else institution_b,
                              username=role)
    return user_with_role(role, username=role, is_staff=role == "administrator")


def form_data(institution, name):
    return {"institution": institution.pk, "name": name, "risk_category": "minimal",
            "description_short": "", "theme": "", "status": "", "start_date": "",
            "end_date": "", "publication_category": ""}


@pytest.mark.parametrize("page,role,expected", CASES)
def test_algorithm_register_permission_matrix(client, db, page, role, expected):
    institution_a = InstitutionFactory(code="COM-A")
    institution_b = InstitutionFactory(code="CPAS-B", kind="social_welfare_centre")
    author = user_with_role("contributor", institution_a, username="author")
    reviewer = user_with_role("data_office", username="reviewer")

    def entry(name, steps=()):
        algorithm = do_describe_algorithm(acting_user=author, institution=institution_a,
                                          values={"name": name})
        for step in steps:
            algorithm = do_transition_algorithm(
                algorithm, step, acting_user=reviewer if step == "publish" else author)
        return algorithm

    draft = entry("Draft")
    in_review = entry("In review", ["submit"])
    published = entry("Published", ["submit", "publish"])
    feedback = do_leave_feedback(published, message="Vraag")
    user = make_user(role, institution_a, institution_b)
    if user is not None:
        client.force_login(user)
    method, _ = MATRIX[page]
    step = lambda target, name: (reverse("algorithms:transition",  # noqa: E731
                                         args=[target.pk, name]), {})
    url, data = {
        "list": (reverse("algorithms:list"), None),
        "csv": (reverse("algorithms:csv"), None),
        "json": (reverse("algorithms:json"), None),
        "detail_published": (published.get_absolute_url(), None),
        "detail_draft": (draft.get_absolute_url(), None),
        "create": (reverse("algorithms:create"), None),
        "create_send": (reverse("algorithms:create"), form_data(institution_a, "New one")),
        "edit": (reverse("algorithms:edit", args=[draft.pk]), None),
        "edit_send": (reverse("algorithms:edit", args=[draft.pk]),
                      form_data(institution_a, "Renamed")),
        "submit": step(draft, "submit"),
        "publish": step(in_review, "publish"),
        "return": step(in_review, "return"),
        "confirm": step(published, "confirm"),
        "revise": step(published, "revise"),
        "archive": step(published, "archive"),
        "feedback": (reverse("algorithms:feedback", args=[published.pk]),
                     {"message": "Nog een vraag"}),
        "moderation": (reverse("algorithms:moderation"), None),
        "moderate": (reverse("algorithms:moderate", args=[feedback.pk, "published"]), {}),
    }[page]
    before = Algorithm.objects.order_by("pk").values_list("status", "version", "name",
                                                          "last_reviewed_at")
    before = list(before)
    response = client.get(url) if method == "get" else client.post(url, data)
    assert response.status_code == expected, f"{role} on {page}: {response.status_code}"
    if role == "anonymous" and expected == 302 and page != "feedback":
        assert "login" in response["Location"]
    done = expected == 302 and user is not None or page == "feedback"
    after = list(Algorithm.objects.order_by("pk").values_list("status", "version", "name",
                                                              "last_reviewed_at"))
    if method == "get" or not done:
        assert after == before, f"{role} on {page} changed something"
        assert Feedback.objects.count() == 1
        assert Feedback.objects.get().status == FeedbackStatus.PENDING
    elif page == "create_send":
        assert Algorithm.objects.filter(name="New one").exists()
    elif page == "edit_send":
        assert Algorithm.objects.filter(pk=draft.pk, name="Renamed").exists()
    elif page == "publish":
        assert Algorithm.objects.get(pk=in_review.pk).status == AlgorithmStatus.PUBLISHED
    elif page == "moderate":
        assert Feedback.objects.get().status == FeedbackStatus.PUBLISHED
    elif page == "feedback":
        assert Feedback.objects.count() == 2
    else:
        assert after != before
