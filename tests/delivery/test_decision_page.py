"""The public page of an approved decision says where its delivery stands; the PMO starts the
project from there."""

from django.urls import reverse

from synergie.delivery.models import Project


def test_the_pmo_starts_the_project_from_the_decision_page(client, approved_decision, pmo):
    page = reverse("decisions:detail", args=[approved_decision.pk])
    assert "has not started its project yet" in client.get(page).content.decode()
    assert "Start the project" not in client.get(page).content.decode()  # the public
    client.force_login(pmo)
    assert "Start the project" in client.get(page).content.decode()
    client.post(reverse("delivery:start", args=[approved_decision.pk]))
    assert Project.objects.filter(decision=approved_decision).exists()
    client.logout()
    html = client.get(page).content.decode()
    assert "In delivery by the regional PMO: 0 % done" in html
    assert reverse("delivery:public") in html
