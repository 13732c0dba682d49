"""What the system says in a need's history is stored as an event and read in the reader's
language, whatever the language of the person who clicked; what people write stays as written."""

import importlib
from datetime import date

import pytest
from django.utils import translation

from synergie.audit.events import render_event
from synergie.audit.log import history_of
from synergie.decisions.actions import do_add_agenda_item, do_create_meeting, do_record_decision
from synergie.needs.models import NeedStatus
from synergie.opportunities.actions import (
    do_create_opportunity,
    do_remove_need_from_opportunity,
)
from tests.factories import NeedFactory

OPPORTUNITY = "Paie mutualisée des CPAS"


@pytest.fixture
def grouped_in_french(analyst, institution, other_institution):
    """An analyst working in French groups two needs."""
    needs = [NeedFactory(institution=institution, status=NeedStatus.IN_ANALYSIS),
             NeedFactory(institution=other_institution, status=NeedStatus.SUBMITTED)]
    with translation.override("fr"):
        opportunity = do_create_opportunity(title=OPPORTUNITY, needs=needs, acting_user=analyst)
    return opportunity, needs


def history_notes(client, user, need, language: str) -> list[str]:
    client.force_login(user)
    response = client.get(f"/{language}/needs/{need.pk}/")
    assert response.status_code == 200
    return [line.note for line in response.context["history"] if line.note]


@pytest.mark.parametrize("language,expected,not_expected", [
    ("nl", "Gegroepeerd in de mutualisatiekans “Paie mutualisée des CPAS”.", "Regroupé"),
    ("en", "Grouped into the pooling opportunity “Paie mutualisée des CPAS”.", "Regroupé"),
    ("fr", "Regroupé dans l'opportunité de mutualisation «\u00a0Paie mutualisée des CPAS\u00a0».",
     "Gegroepeerd"),
])
def test_grouping_reads_in_the_readers_language(client, grouped_in_french, other_contributor,
                                                language, expected, not_expected):
    _, needs = grouped_in_french
    notes = history_notes(client, other_contributor, needs[1], language)
    assert notes == [expected]
    html = client.get(f"/{language}/needs/{needs[1].pk}/").content.decode()
    assert not_expected not in html


def test_the_entry_keeps_a_code_and_parameters_not_a_sentence(grouped_in_french):
    opportunity, needs = grouped_in_french
    entry = history_of(needs[0]).first()
    assert entry.comment == ""
    assert entry.event == "need.grouped"
    assert entry.event_params == {"opportunity": OPPORTUNITY, "opportunity_id": opportunity.pk}


def test_taking_a_need_out_is_an_event_too(client, grouped_in_french, analyst, contributor):
    opportunity, needs = grouped_in_french
    with translation.override("fr"):
        do_remove_need_from_opportunity(opportunity, needs[0], acting_user=analyst)
    notes = history_notes(client, contributor, needs[0], "nl")
    assert notes[0] == "Uit de mutualisatiekans “Paie mutualisée des CPAS” gehaald."


def test_a_decision_names_its_meeting_and_keeps_the_motivation_as_written(
        client, grouped_in_french, steerco, contributor):
    opportunity, needs = grouped_in_french
    meeting = do_create_meeting(title="Comité de février", date=date(2027, 2, 17),
                                acting_user=steerco)
    item = do_add_agenda_item(meeting, opportunity=opportunity, acting_user=steerco)
    with translation.override("fr"):
        do_record_decision(item, outcome="approve", language="fr", acting_user=steerco,
                           motivation="Gain régional démontré.")
    client.force_login(contributor)
    history = client.get(f"/nl/needs/{needs[0].pk}/").context["history"]
    assert history[0].note == ("Beslist door het Digitaal Coördinatiecomité op zijn vergadering "
                               "“Comité de février” van 17 februari 2027.")
    assert history[0].comment == "Gain régional démontré."
    assert history[0].comment_language == "fr"


def test_a_person_written_comment_is_kept_as_written(client, analyst, contributor, institution):
    from synergie.needs.actions import do_change_need_status

    need = NeedFactory(institution=institution, status=NeedStatus.SUBMITTED)
    do_change_need_status(need, "return_to_author", acting_user=analyst,
                          comment="Précisez le nombre de guichets.")
    client.force_login(contributor)
    line = client.get(f"/nl/needs/{need.pk}/").context["history"][0]
    assert (line.note, line.comment) == ("", "Précisez le nombre de guichets.")


def test_an_unknown_event_or_a_missing_parameter_does_not_break_the_page():
    assert render_event("no.such.event", {"x": 1}) == ""
    with translation.override("en"):
        assert render_event("need.grouped", {}) == "Grouped into the pooling opportunity “…”."


@pytest.mark.parametrize("old_comment", [
    "Regroupé dans « Paie mutualisée des CPAS ».",
    "Gegroepeerd in “Paie mutualisée des CPAS”.",
    "Grouped into “Paie mutualisée des CPAS”.",
])
def test_sentences_stored_before_events_become_events(db, old_comment, client, contributor,
                                                     institution):
    """The data migration turns the old frozen sentences into events, whatever their language."""
    from django.apps import apps

    from synergie.audit.models import AuditEntry

    migration = importlib.import_module("synergie.audit.migrations.0003_system_comments_to_events")
    need = NeedFactory(institution=institution, status=NeedStatus.GROUPED)
    from synergie.audit.log import record_change

    record_change(need, action="status_changed", acting_user=contributor, comment=old_comment,
                  changes={"status": {"before": "in_analysis", "after": "grouped"}})
    record_change(need, action="status_changed", acting_user=contributor,
                  comment="Regroupé avec la commune voisine, à voir.")
    migration.comments_to_events(apps, None)
    entries = list(AuditEntry.objects.filter(object_id=str(need.pk)).order_by("pk"))
    assert (entries[0].event, entries[0].event_params, entries[0].comment) == (
        "need.grouped", {"opportunity": "Paie mutualisée des CPAS"}, "")
    assert (entries[1].event, entries[1].comment) == (
        "", "Regroupé avec la commune voisine, à voir.")
    client.force_login(contributor)
    notes = [line.note for line in client.get(f"/nl/needs/{need.pk}/").context["history"]]
    assert "Gegroepeerd in de mutualisatiekans “Paie mutualisée des CPAS”." in notes


@pytest.mark.parametrize("language,name", [("fr", "Synergie (automatique)"),
                                           ("nl", "Synergie (automatisch)")])
def test_a_change_made_by_synergie_itself_is_signed_in_the_readers_language(
        institution, language, name):
    from synergie.audit.log import record_change
    from synergie.audit.models import AuditEntry

    need = NeedFactory(institution=institution)
    entry = record_change(need, action="updated", acting_user=None)
    legacy = AuditEntry.objects.create(actor_name="system", action="updated",
                                       content_type=entry.content_type, object_id=entry.object_id,
                                       object_repr="x")
    with translation.override(language):
        assert entry.who == name
        assert legacy.who == name
