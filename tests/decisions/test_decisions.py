"""The steering committee decides with a motivation; needs follow; the public reads it."""

from datetime import date

import pytest
from django.core.exceptions import PermissionDenied, ValidationError
from django.urls import reverse

from synergie.audit.log import history_of
from synergie.decisions.actions import do_add_agenda_item, do_create_meeting, do_record_decision
from synergie.decisions.models import Decision
from synergie.needs.models import Need
from synergie.opportunities.actions import do_create_opportunity
from tests.factories import user_with_role


@pytest.fixture
def steerco_member(db):
    return user_with_role("steering_committee", username="chair", first_name="Anne",
                          last_name="Chair")


@pytest.fixture
def agenda(indexed_needs, analyst_user, steerco_member):
    needs, _ = indexed_needs
    opportunity = do_create_opportunity(title="Paie mutualisée",
                                        needs=[needs["payroll_fr"], needs["payroll_nl"]],
                                        acting_user=analyst_user)
    meeting = do_create_meeting(title="Steerco de décembre", date=date(2026, 12, 15),
                                acting_user=steerco_member)
    item = do_add_agenda_item(meeting, opportunity=opportunity, acting_user=steerco_member)
    return meeting, item, needs


def test_recording_a_decision_moves_the_member_needs_and_is_audited(agenda, steerco_member):
    meeting, item, needs = agenda
    decision = do_record_decision(item, outcome="approve_with_conditions",
                                  motivation="Gain régional démontré, deux CPAS prêts.",
                                  conditions="Un seul fournisseur, marché conjoint.",
                                  language="fr", acting_user=steerco_member)
    for key in ("payroll_fr", "payroll_nl"):
        need = Need.objects.get(pk=needs[key].pk)
        assert need.status == "approved"
        entry = history_of(need).first()
        assert entry.actor == steerco_member
        assert entry.comment == "Gain régional démontré, deux CPAS prêts."
    assert history_of(decision).get().changes["outcome"]["after"] == "approve_with_conditions"


def test_a_motivation_is_required_and_nothing_changes_without_it(agenda, steerco_member):
    _, item, needs = agenda
    with pytest.raises(ValidationError) as error:
        do_record_decision(item, outcome="reject", motivation="  ", language="nl",
                           acting_user=steerco_member)
    assert "motivation" in error.value.message_dict
    with pytest.raises(ValidationError) as error:
        do_record_decision(item, outcome="approve_with_conditions", motivation="Oui.",
                           language="fr", acting_user=steerco_member)
    assert "conditions" in error.value.message_dict
    assert not Decision.objects.exists()
    assert Need.objects.get(pk=needs["payroll_fr"].pk).status == "grouped"


def test_only_the_steering_committee_decides(agenda, analyst_user):
    _, item, _ = agenda
    with pytest.raises(PermissionDenied):
        do_record_decision(item, outcome="approve", motivation="x", language="fr",
                           acting_user=analyst_user)


def test_a_decision_is_public_only_once_recorded(client, agenda, steerco_member):
    meeting, item, needs = agenda
    assert "Paie mutualisée" not in client.get(reverse("decisions:list")).content.decode()
    assert client.get(reverse("decisions:meeting", args=[meeting.pk])).status_code == 302
    decision = do_record_decision(item, outcome="defer", language="nl",
                                  motivation="Uitgesteld: eerst de OCMW-migratie afronden.",
                                  acting_user=steerco_member)
    html = client.get(reverse("decisions:list")).content.decode()
    assert "Paie mutualisée" in html and "Uitgesteld: eerst de OCMW-migratie" in html
    detail = client.get(decision.get_absolute_url()).content.decode()
    assert 'lang="nl"' in detail and "Deferred" in detail
    feed = client.get(reverse("decisions:feed"))
    assert feed["Content-Type"].startswith("application/atom+xml")
    assert "Uitgesteld: eerst de OCMW-migratie afronden." in feed.content.decode()


def test_a_confidential_need_decided_alone_is_named_only_by_its_kind(indexed_needs,
                                                                   steerco_member, client,
                                                                   analyst_user):
    needs, _ = indexed_needs
    from synergie.needs.actions import do_change_need_status

    need = do_change_need_status(needs["payroll_fr"], "start_analysis", acting_user=analyst_user)
    meeting = do_create_meeting(title="Steerco", date=date(2027, 1, 10),
                                acting_user=steerco_member)
    item = do_add_agenda_item(meeting, need=need, acting_user=steerco_member)
    do_record_decision(item, outcome="reject", motivation="Hors périmètre.", language="fr",
                       acting_user=steerco_member)
    html = client.get(reverse("decisions:list")).content.decode()
    assert need.title not in html
    assert "A need of a social welfare centre (CPAS/OCMW)" in html


def test_the_meeting_page_records_a_decision(client, agenda, steerco_member):
    meeting, item, needs = agenda
    client.force_login(steerco_member)
    page = client.get(reverse("decisions:meeting", args=[meeting.pk])).content.decode()
    assert "Paie mutualisée" in page
    prefix = f"item{item.pk}"
    response = client.post(reverse("decisions:decide", args=[item.pk]), {
        f"{prefix}-outcome": "reject", f"{prefix}-motivation": "",
        f"{prefix}-conditions": "", f"{prefix}-language": "fr"})
    assert response.status_code == 200
    assert f'id="id_{prefix}-motivation_error"' in response.content.decode()
    response = client.post(reverse("decisions:decide", args=[item.pk]), {
        f"{prefix}-outcome": "reject", f"{prefix}-motivation": "Coût trop élevé.",
        f"{prefix}-conditions": "", f"{prefix}-language": "fr"})
    assert response.status_code == 302
    assert Need.objects.get(pk=needs["payroll_nl"].pk).status == "rejected"


@pytest.fixture
def decided_later(agenda, steerco_member):
    """A decision typed in on 2 December 2026 for the meeting of 17 February 2027."""
    from datetime import datetime
    from unittest import mock

    from django.utils import timezone

    meeting, item, needs = agenda
    type_day = timezone.make_aware(datetime(2026, 12, 2, 10, 30))
    meeting.date = date(2027, 2, 17)
    meeting.save()
    from synergie.audit.models import AuditEntry

    # The audit entry's default was bound to timezone.now when its model was defined.
    stamp = AuditEntry._meta.get_field("timestamp")
    with mock.patch("django.utils.timezone.now", return_value=type_day), \
            mock.patch.object(stamp, "_get_default", lambda: type_day):
        decision = do_record_decision(item, outcome="approve", language="fr",
                                      motivation="Gain régional démontré.",
                                      acting_user=steerco_member)
    return decision


@pytest.mark.parametrize("language,meeting_day,typing_day", [
    ("fr", "17 février 2027", "2 décembre 2026"),
    ("nl", "17 februari 2027", "2 december 2026"),
])
def test_a_decision_is_dated_by_its_meeting(client, decided_later, language, meeting_day,
                                            typing_day):
    decision = decided_later
    assert decision.decided_at.date() == date(2026, 12, 2)
    for url in (f"/{language}/decisions/", f"/{language}/decisions/{decision.pk}/"):
        html = client.get(url).content.decode()
        assert meeting_day in html and '<time datetime="2027-02-17">' in html
        assert typing_day not in html
    feed = client.get(f"/{language}/decisions/feed/").content.decode()
    assert "<published>2027-02-17T00:00:00+01:00</published>" in feed
    assert "<updated>2027-02-17T00:00:00+01:00</updated>" in feed
    assert "2026-12-02" not in feed
    # The day it was typed in stays in the audit trail.
    assert history_of(decision).get().timestamp.date() == date(2026, 12, 2)


def test_decisions_are_listed_by_meeting_date(client, indexed_needs, analyst_user,
                                             steerco_member):
    from synergie.needs.actions import do_change_need_status

    needs, _ = indexed_needs
    for key, day in (("payroll_fr", date(2027, 3, 1)), ("payroll_nl", date(2027, 1, 5))):
        need = do_change_need_status(needs[key], "start_analysis", acting_user=analyst_user)
        meeting = do_create_meeting(title=f"Comité {day}", date=day, acting_user=steerco_member)
        item = do_add_agenda_item(meeting, need=need, acting_user=steerco_member)
        do_record_decision(item, outcome="defer", motivation=f"Motivation {key}.",
                           language="fr", acting_user=steerco_member)
    html = client.get(reverse("decisions:list")).content.decode()
    assert html.index("Motivation payroll_fr.") < html.index("Motivation payroll_nl.")


@pytest.mark.parametrize("language,labels", [
    ("fr", ["Approuvé", "Approuvé sous conditions", "Reporté", "Refusé"]),
    ("nl", ["Goedgekeurd", "Goedgekeurd onder voorwaarden", "Uitgesteld", "Afgewezen"]),
])
def test_the_outcome_is_one_of_four_real_choices(client, agenda, steerco_member, language,
                                                labels):
    import re

    meeting, item, _ = agenda
    client.force_login(steerco_member)
    html = client.get(f"/{language}/decisions/meetings/{meeting.pk}/").content.decode()
    radios = re.findall(r'<input type="radio" name="item\d+-outcome"[^>]*>', html)
    assert len(radios) == 4
    assert not any('value=""' in radio or "checked" in radio for radio in radios)
    assert "---------" not in html
    for label in labels:
        assert f"> {label}</label>" in html or f">{label}</label>" in html


def test_the_decision_form_starts_on_the_readers_language(client, agenda, steerco_member):
    _, item, _ = agenda
    client.force_login(steerco_member)
    html = client.get(f"/nl/decisions/items/{item.pk}/decide/").content.decode()
    assert '<option value="nl" selected>' in html
    assert "---------" not in html
