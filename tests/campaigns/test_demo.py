"""The demo's needs campaign and data office verdicts, as a new user meets them (one demo load
for both: it takes most of a minute)."""

import os

import pytest
from django.core.management import call_command
from django.db import transaction
from django.test import override_settings
from django.urls import reverse

from synergie.campaigns.follow import follow
from synergie.campaigns.models import Campaign
from synergie.data_office.models import NeedDataDependency
from synergie.data_office.risks import data_risks_for_needs
from synergie.opportunities.models import Opportunity
from tests.task_queues import RUN_AT_ONCE


@pytest.fixture(scope="module")
def _demo_loaded(django_db_setup, django_db_blocker):
    as_in_each_test = override_settings(
        PASSWORD_HASHERS=["django.contrib.auth.hashers.MD5PasswordHasher"], TASKS=RUN_AT_ONCE)
    with django_db_blocker.unblock(), transaction.atomic(), as_in_each_test:
        call_command("demo", no_serve=True, stdout=open(os.devnull, "w"))
        yield
        transaction.set_rollback(True)


@pytest.fixture
def demo(_demo_loaded, db):
    pass


def test_the_demo_campaign_is_open_with_a_few_answers(demo, client):
    campaign = Campaign.objects.get()
    kinds = [row.kind for row in follow(campaign)]
    assert kinds.count("imported") == 1 and kinds.count("nothing") == 1
    assert kinds.count("") > 10
    client.login(username="lucas.martin", password="synergie-demo")
    page = client.get(campaign.get_absolute_url())
    assert page.status_code == 200 and "Not answered yet" in page.content.decode()
    client.login(username="marie.dubois", password="synergie-demo")
    assert client.get(reverse("campaigns:answer", args=[campaign.pk])).status_code == 200


def test_the_demo_data_office_has_verdicts_and_a_queue(demo, client):
    dependencies = NeedDataDependency.objects.all()
    assert dependencies.count() >= 7
    assert dependencies.filter(verdict="").exists()
    assert dependencies.filter(verdict="personal").exists()
    client.login(username="eva.claes", password="synergie-demo")
    assert client.get(reverse("data_office:queue")).status_code == 200
    bodycams = Opportunity.objects.filter(needs__title__icontains="cam").distinct().first()
    risks = data_risks_for_needs(bodycams.needs.all())
    assert risks.missing == 1 and risks.personal == 1


def test_every_campaign_and_data_office_page_of_the_tour_answers(demo, client):
    """The browser tour's fillers for these pages, as each demo role: no page fails."""
    from synergie.demo.load import ADMIN_USERNAME, FEATURED_LOGINS
    from tests.browser.tour_pages import FILLERS, url_patterns

    names = [name for name, _, _ in url_patterns()
             if name and name.startswith(("campaigns:", "data_office:"))]
    urls = []
    for name in names:
        for _label, kwargs in (FILLERS[name]() if name in FILLERS else [("", {})]):
            urls.append(reverse(name, kwargs=kwargs))
    assert len(urls) >= 12
    for username in [None, *[login.username for login in FEATURED_LOGINS], ADMIN_USERNAME]:
        client.logout()
        if username:
            client.login(username=username, password="synergie-demo")
        for url in urls:
            status = client.get(url).status_code
            assert status in (200, 302, 403, 404, 405), f"{username} {url}: {status}"
