"""Forms that choose one need (an experiment's, an agenda item's) list only the needs found
with the page's search box, never the region's needs; the server accepts only a need the user
may read and the form allows, whatever is posted."""

from datetime import date

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from synergie.decisions.actions import do_create_meeting
from synergie.innovation.models import Experiment
from synergie.needs.choices import MAX_OFFERED
from tests.factories import NeedFactory, user_with_role


@pytest.fixture
def lab(db):
    return user_with_role("analyst", username="lab")


@pytest.fixture
def chair(db):
    return user_with_role("steering_committee", username="chair")


@pytest.fixture
def meeting(chair):
    return do_create_meeting(title="Steerco de mars", date=date(2027, 3, 9), acting_user=chair)


def options(html: str, field: str) -> list[str]:
    """The labels of a select's options but the empty one."""
    select = html.split(f'name="{field}"')[1].split("</select>")[0]
    return [part.split(">", 1)[1].split("</option>")[0]
            for part in select.split("<option")[1:] if 'value=""' not in part.split(">")[0]]


def experiment_data(need, **changes) -> dict:
    return {"opportunity": "", "need": need.pk if need else "", "title": "Essai",
            "hypothesis": "h", "success_criteria": "c", "budget": "1000",
            "rollout_cost_at_stake": "5000", "start_date": "2027-04-01",
            "end_date": "2027-05-01", **changes}


def page_queries(client, url, **params) -> int:
    client.get(url, params)  # the first page after logging in also saves the session
    with CaptureQueriesContext(connection) as queries:
        assert client.get(url, params).status_code == 200
    return len(queries)


def test_the_experiment_form_lists_no_need_until_one_is_searched(client, lab):
    for k in range(3):
        NeedFactory(title=f"Gestion des cimetières {k}")
    NeedFactory(title="Parkeerbeheer", language="nl")
    client.force_login(lab)
    page = client.get(reverse("innovation:create")).content.decode()
    assert options(page, "need") == []
    assert 'type="search"' in page and 'name="need_search"' in page
    assert "Find the need with the search box above" in page
    found = client.get(reverse("innovation:create"), {"need_search": "CIMETIERE"})
    labels = options(found.content.decode(), "need")
    assert len(labels) == 3 and all("Gestion des cimetières" in label for label in labels)
    assert "3 needs match “CIMETIERE”." in found.content.decode()


def test_the_experiment_form_shows_at_most_a_page_of_needs_found(client, lab):
    for k in range(MAX_OFFERED + 5):
        NeedFactory(title=f"Archivage {k:02d}")
    client.force_login(lab)
    page = client.get(reverse("innovation:create"), {"need_search": "archivage"})
    html = page.content.decode()
    assert len(options(html, "need")) == MAX_OFFERED
    assert f"The first {MAX_OFFERED} of the {MAX_OFFERED + 5} needs matching" in html


def test_the_experiment_form_asks_the_same_whatever_the_needs(client, lab):
    NeedFactory(title="Archivage 0")
    client.force_login(lab)
    url = reverse("innovation:create")
    few = page_queries(client, url), page_queries(client, url, need_search="archivage")
    for k in range(1, 40):
        NeedFactory(title=f"Archivage {k}")
    assert (page_queries(client, url), page_queries(client, url, need_search="archivage")) == few


def test_a_chosen_need_stays_listed_when_the_form_comes_back_with_errors(client, lab):
    need = NeedFactory(title="Guichet en ligne")
    client.force_login(lab)
    response = client.post(reverse("innovation:create"), experiment_data(need, title=""))
    assert response.status_code == 200
    assert options(response.content.decode(), "need") == [
        f"Guichet en ligne · {need.institution.name}"]


def test_the_server_accepts_only_a_need_the_user_may_read(client, lab, institution):
    readable = NeedFactory(title="Guichet en ligne")
    draft = NeedFactory(title="Brouillon", status="draft", institution=institution)
    confidential = NeedFactory(title="Interne", confidentiality="institution",
                               institution=institution)
    contributor = user_with_role("contributor", NeedFactory().institution, username="c.other")
    for user, need in ((lab, draft), (contributor, confidential)):
        client.force_login(user)
        response = client.post(reverse("innovation:create"), experiment_data(need))
        if user is contributor:
            assert response.status_code == 403  # a contributor runs no experiment
        else:
            assert response.status_code == 200
            assert "Select a valid choice" in response.content.decode()
    assert not Experiment.objects.exists()
    client.force_login(lab)
    response = client.post(reverse("innovation:create"), experiment_data(readable))
    assert response.status_code == 302
    assert Experiment.objects.get().need == readable


def test_the_agenda_form_finds_needs_in_analysis_only(client, chair, meeting):
    in_analysis = NeedFactory(title="Paie des agents", status="in_analysis")
    NeedFactory(title="Paie communale", status="submitted")
    client.force_login(chair)
    url = reverse("decisions:meeting", args=[meeting.pk])
    assert options(client.get(url).content.decode(), "need") == []
    found = client.get(url, {"need_search": "paie"}).content.decode()
    assert options(found, "need") == [f"Paie des agents · {in_analysis.institution.name}"]
    assert "1 need matches “paie”." in found


def test_the_agenda_form_refuses_a_need_it_would_not_offer(client, chair, meeting):
    submitted = NeedFactory(title="Paie communale", status="submitted")
    client.force_login(chair)
    client.post(reverse("decisions:add_item", args=[meeting.pk]),
                {"opportunity": "", "need": submitted.pk})
    assert not meeting.items.exists()
    in_analysis = NeedFactory(title="Paie des agents", status="in_analysis")
    client.post(reverse("decisions:add_item", args=[meeting.pk]),
                {"opportunity": "", "need": in_analysis.pk})
    assert list(meeting.items.values_list("need", flat=True)) == [in_analysis.pk]


def test_the_meeting_page_asks_the_same_whatever_the_needs_in_analysis(client, chair, meeting):
    NeedFactory(title="Paie 0", status="in_analysis")
    client.force_login(chair)
    url = reverse("decisions:meeting", args=[meeting.pk])
    few = page_queries(client, url, need_search="paie")
    for k in range(1, 30):
        NeedFactory(title=f"Paie {k}", status="in_analysis")
    assert page_queries(client, url, need_search="paie") == few
