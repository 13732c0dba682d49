"""A need withdrawn after it was put on a meeting's agenda: the meeting page says why it can no
longer be decided, recording a decision on it says so instead of a bare refusal, and the
secretary takes the item off the agenda, which the meeting's history keeps with the reason."""

import re
from datetime import date

import pytest
from django.urls import reverse

from synergie.audit.log import history_of
from synergie.decisions.actions import (
    do_add_agenda_item,
    do_create_meeting,
    do_record_decision,
)
from synergie.decisions.models import AgendaItem, Decision
from synergie.needs.actions import do_change_need_status
from synergie.needs.models import Need, NeedStatus
from synergie.opportunities.actions import do_create_opportunity
from tests.factories import user_with_role


@pytest.fixture
def steerco_member(db):
    return user_with_role("steering_committee", username="chair", first_name="Anne",
                          last_name="Chair")


@pytest.fixture
def meeting(steerco_member):
    return do_create_meeting(title="Steerco de mars", date=date(2027, 3, 9),
                             acting_user=steerco_member)


@pytest.fixture
def withdrawn_item(indexed_needs, analyst_user, steerco_member, meeting):
    """The parking need, put on the agenda in analysis, then withdrawn by its institution."""
    needs, authors = indexed_needs
    need = do_change_need_status(needs["parking"], "start_analysis", acting_user=analyst_user)
    item = do_add_agenda_item(meeting, need=need, acting_user=steerco_member)
    do_change_need_status(need, "withdraw", acting_user=authors["parking"],
                          comment="Budget communal gelé.")
    return item, need


def _text(response) -> str:
    return re.sub(r"\s+", " ", re.sub(r"<[^>]+>", " ", response.content.decode()))


def test_the_meeting_page_says_why_a_withdrawn_need_cannot_be_decided(
        client, withdrawn_item, steerco_member, meeting):
    item, need = withdrawn_item
    client.force_login(steerco_member)
    response = client.get(reverse("decisions:meeting", args=[meeting.pk]))
    text = _text(response)
    assert f"“{need.title}” is now “Withdrawn”: it can no longer be decided." in text
    assert "There is nothing left to decide on this item: remove it from the agenda." in text
    html = response.content.decode()
    assert reverse("decisions:decide", args=[item.pk]) not in html  # no decision to record
    assert reverse("decisions:drop_item", args=[item.pk]) in html


def test_recording_a_decision_on_it_says_why_instead_of_refusing_bare(
        client, withdrawn_item, steerco_member):
    item, need = withdrawn_item
    client.force_login(steerco_member)
    prefix = f"item{item.pk}"
    response = client.post(reverse("decisions:decide", args=[item.pk]), {
        f"{prefix}-outcome": "approve", f"{prefix}-motivation": "Gain démontré.",
        f"{prefix}-conditions": "", f"{prefix}-language": "fr"})
    assert response.status_code == 200
    text = _text(response)
    assert f"“{need.title}” is now “Withdrawn”: it can no longer be decided." in text
    assert "Remove the item from the agenda instead" in text
    assert not Decision.objects.exists()
    assert Need.objects.get(pk=need.pk).status == NeedStatus.WITHDRAWN


def test_the_secretary_removes_it_from_the_agenda_and_the_history_keeps_why(
        client, withdrawn_item, steerco_member, meeting):
    item, need = withdrawn_item
    client.force_login(steerco_member)
    response = client.post(reverse("decisions:drop_item", args=[item.pk]),
                           {f"drop{item.pk}-reason": "Besoin retiré par la commune."},
                           follow=True)
    assert response.redirect_chain[-1][0] == meeting.get_absolute_url()
    text = _text(response)
    assert "Removed from the agenda." in text
    assert "The agenda is empty." in text
    assert not AgendaItem.objects.filter(pk=item.pk).exists()
    entry = history_of(meeting).filter(changes__has_key="agenda").latest("pk")
    assert entry.actor == steerco_member
    assert entry.changes == {"agenda": {"before": str(need), "after": None}}
    assert entry.comment == "Besoin retiré par la commune."
    assert Need.objects.get(pk=need.pk).status == NeedStatus.WITHDRAWN


def test_only_who_prepares_meetings_removes_items(client, withdrawn_item, analyst_user):
    item, _need = withdrawn_item
    client.force_login(analyst_user)
    assert client.post(reverse("decisions:drop_item", args=[item.pk])).status_code == 403
    assert AgendaItem.objects.filter(pk=item.pk).exists()
    assert client.get(reverse("decisions:drop_item", args=[item.pk])).status_code == 405


def test_a_decided_item_stays_on_the_agenda(client, indexed_needs, analyst_user, steerco_member,
                                            meeting):
    needs, _authors = indexed_needs
    need = do_change_need_status(needs["waste"], "start_analysis", acting_user=analyst_user)
    item = do_add_agenda_item(meeting, need=need, acting_user=steerco_member)
    do_record_decision(item, outcome="defer", motivation="Attendre le budget.", language="fr",
                       acting_user=steerco_member)
    client.force_login(steerco_member)
    response = client.post(reverse("decisions:drop_item", args=[item.pk]), follow=True)
    assert "This item has been decided: it stays on the agenda with its decision." \
        in _text(response)
    assert AgendaItem.objects.filter(pk=item.pk).exists()


def test_an_opportunitys_other_needs_are_still_decided(client, indexed_needs, analyst_user,
                                                       steerco_member, meeting):
    needs, _authors = indexed_needs
    opportunity = do_create_opportunity(title="Paie mutualisée",
                                        needs=[needs["payroll_fr"], needs["payroll_nl"]],
                                        acting_user=analyst_user)
    item = do_add_agenda_item(meeting, opportunity=opportunity, acting_user=steerco_member)
    # Set up directly: the workflow lets no grouped need be withdrawn, but older data may hold one.
    Need.objects.filter(pk=needs["payroll_nl"].pk).update(status=NeedStatus.WITHDRAWN)
    client.force_login(steerco_member)
    page = _text(client.get(reverse("decisions:meeting", args=[meeting.pk])))
    assert f"“{needs['payroll_nl'].title}” is now “Withdrawn”" in page
    assert "A decision on this item applies to its other needs only." in page
    prefix = f"item{item.pk}"
    response = client.post(reverse("decisions:decide", args=[item.pk]), {
        f"{prefix}-outcome": "approve", f"{prefix}-motivation": "Gain démontré.",
        f"{prefix}-conditions": "", f"{prefix}-language": "fr"})
    assert response.status_code == 302
    assert Need.objects.get(pk=needs["payroll_fr"].pk).status == NeedStatus.APPROVED
    assert Need.objects.get(pk=needs["payroll_nl"].pk).status == NeedStatus.WITHDRAWN
