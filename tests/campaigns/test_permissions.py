"""Every role against every page of the needs campaigns, by HTTP status (the expected table is
written by hand)."""

from datetime import date

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse

from synergie.campaigns.models import Campaign, PlanUpload
from tests.factories import InstitutionFactory, human_resources_domain, user_with_role

ROLES = ["anonymous", "contributor_a", "contributor_b", "analyst", "data_office",
         "architecture_board", "pmo", "steering_committee", "administrator"]

MATRIX = {
    "list": ("get", [302, 200, 200, 200, 403, 403, 403, 403, 403]),
    "create": ("get", [302, 403, 403, 200, 403, 403, 403, 403, 403]),
    "create_send": ("post", [302, 403, 403, 302, 403, 403, 403, 403, 403]),
    "detail": ("get", [302, 403, 403, 200, 403, 403, 403, 403, 403]),
    "answer": ("get", [302, 200, 200, 403, 403, 403, 403, 403, 403]),
    "answer_send": ("post", [302, 302, 302, 403, 403, 403, 403, 403, 403]),
    "nothing": ("post", [302, 302, 302, 403, 403, 403, 403, 403, 403]),
    "nothing_get": ("get", [302, 405, 405, 405, 405, 405, 405, 405, 405]),
    # The upload is contributor_a's: no one else sees it.
    "preview": ("get", [302, 200, 404, 403, 403, 403, 403, 403, 403]),
    "preview_send": ("post", [302, 302, 404, 403, 403, 403, 403, 403, 403]),
    "template_csv": ("get", [302, 200, 200, 200, 403, 403, 403, 403, 403]),
    "template_xlsx": ("get", [302, 200, 200, 200, 403, 403, 403, 403, 403]),
}

CASES = [pytest.param(page, role, expected, id=f"{page}-{role}")
         for page, (_, row) in MATRIX.items() for role, expected in zip(ROLES, row, strict=True)]
HEADER = ("Title;Description;Language (fr, nl, en);Business domain (code);CPV code;"
          "Desired start (YYYY-MM-DD);Deadline (YYYY-MM-DD);Legal deadline (yes/no);"
          "Confidentiality (institution, regional, public);First budget year;"
          "One-off cost (EUR);Recurring cost per year (EUR);Years of recurring cost\n")
PLAN = (HEADER + "Payroll;x;fr;hr;;2027-01-01;;no;regional;2027;100;;\n").encode()


@pytest.mark.parametrize("page,role,expected", CASES)
def test_campaigns_permission_matrix(client, db, page, role, expected):
    human_resources_domain()
    institution_a = InstitutionFactory(code="COM-A")
    institution_b = InstitutionFactory(code="CPAS-B", kind="social_welfare_centre")
    contributor_a = user_with_role("contributor", institution_a, username="contributor_a")
    orchestrator = user_with_role("analyst", username="orchestrator")
    campaign = Campaign.objects.create(year=2027, deadline=date(2026, 11, 30),
                                       opened_by=orchestrator)
    upload = PlanUpload.objects.create(campaign=campaign, institution=institution_a,
                                       uploaded_by=contributor_a, filename="plan.csv",
                                       content=PLAN)
    if role == "contributor_a":
        user = contributor_a
    elif role == "contributor_b":
        user = user_with_role("contributor", institution_b, username="contributor_b")
    elif role != "anonymous":
        user = user_with_role(role, username=role, is_staff=role == "administrator")
    if role != "anonymous":
        client.force_login(user)
    own = institution_b if role == "contributor_b" else institution_a
    method, _ = MATRIX[page]
    url, data = {
        "list": (reverse("campaigns:list"), None),
        "create": (reverse("campaigns:create"), None),
        "create_send": (reverse("campaigns:create"),
                        {"year": 2028, "deadline": "2027-11-30", "reminder_dates": ""}),
        "detail": (campaign.get_absolute_url(), None),
        "answer": (reverse("campaigns:answer", args=[campaign.pk]), None),
        "answer_send": (reverse("campaigns:answer", args=[campaign.pk]),
                        {"institution": own.pk,
                         "file": SimpleUploadedFile("plan.csv", PLAN)}),
        "nothing": (reverse("campaigns:nothing", args=[campaign.pk]),
                    {"nothing-institution": own.pk}),
        "nothing_get": (reverse("campaigns:nothing", args=[campaign.pk]), None),
        "preview": (reverse("campaigns:preview", args=[campaign.pk, upload.pk]), None),
        "preview_send": (reverse("campaigns:preview", args=[campaign.pk, upload.pk]), {}),
        "template_csv": (reverse("campaigns:template", args=["nl", "csv"]), None),
        "template_xlsx": (reverse("campaigns:template", args=["fr", "xlsx"]), None),
    }[page]
    response = client.get(url) if method == "get" else client.post(url, data)
    assert response.status_code == expected, f"{role} on {page}: {response.status_code}"
