"""The public record is searchable by what the public may read, and by nothing else."""

from datetime import date

from django.urls import reverse

from synergie.decisions.actions import do_add_agenda_item, do_create_meeting, do_record_decision
from synergie.needs.actions import do_change_need_status
from tests.decisions.test_decisions import agenda, steerco_member  # noqa: F401, F811


def _titles(client, **query):
    html = client.get(reverse("decisions:list"), query).content.decode()
    return html


def test_the_public_finds_a_decision_by_its_motivation_subject_and_year(client, agenda,  # noqa: F811
                                                                         steerco_member):  # noqa: F811
    _, item, _ = agenda
    do_record_decision(item, outcome="defer", language="nl",
                       motivation="Uitgesteld: eerst de OCMW-migratie afronden.",
                       acting_user=steerco_member)
    assert "Paie mutualisée" in _titles(client, q="OCMW-migratie")
    assert "Paie mutualisée" in _titles(client, q="paie")
    assert "Paie mutualisée" in _titles(client, q="paie", year=2026, outcome="defer")
    html = _titles(client, q="paie", outcome="reject")
    assert "Paie mutualisée" not in html and "No decision matches these filters." in html
    assert "Paie mutualisée" not in _titles(client, year=2027)


def test_a_confidential_need_is_not_found_by_its_title(indexed_needs, steerco_member, client,  # noqa: F811
                                                       analyst_user):
    needs, _ = indexed_needs
    need = do_change_need_status(needs["payroll_fr"], "start_analysis", acting_user=analyst_user)
    meeting = do_create_meeting(title="Steerco", date=date(2027, 1, 10),
                                acting_user=steerco_member)
    item = do_add_agenda_item(meeting, need=need, acting_user=steerco_member)
    do_record_decision(item, outcome="reject", motivation="Hors périmètre.", language="fr",
                       acting_user=steerco_member)
    title_word = max(need.title.split(), key=len)
    assert "Hors périmètre." not in _titles(client, q=title_word)
    assert "Hors périmètre." in _titles(client, q="périmètre")
