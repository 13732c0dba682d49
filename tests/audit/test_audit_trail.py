"""Every change to a need is in the audit trail and shown as the need's history."""

from datetime import date
from decimal import Decimal

import pytest
from django.urls import reverse

from synergie.audit.log import history_of
from synergie.audit.models import AuditEntry
from synergie.needs.actions import CostLine, do_change_need_status, do_create_need, do_update_need
from synergie.reference.models import BusinessDomain


@pytest.fixture
def need(contributor, institution):
    return do_create_need(
        institution=institution,
        title="Plateforme de rendez-vous",
        description="Prise de rendez-vous en ligne pour le service population.",
        domain=BusinessDomain.objects.get(code="citizen_services"),
        desired_start=date(2027, 3, 1),
        costs=[CostLine(2027, Decimal("40000"), Decimal("8000"))],
        acting_user=contributor,
    )


def test_creation_is_recorded_with_the_initial_values(need, contributor):
    entry = history_of(need).get()
    assert entry.action == "created"
    assert entry.actor == contributor
    assert entry.changes["title"] == {"before": None, "after": "Plateforme de rendez-vous"}
    assert entry.changes["costs"] == {"before": None, "after": ["2027: 40000 + 8000"]}
    assert entry.changes["status"] == {"before": None, "after": "draft"}


def test_an_edit_records_only_the_changed_fields_before_and_after(need, contributor):
    do_update_need(need, title="Rendez-vous en ligne", deadline=date(2027, 12, 31),
                   costs=[CostLine(2027, Decimal("40000"), Decimal("9000"))],
                   acting_user=contributor)
    entry = history_of(need).first()
    assert entry.action == "updated"
    assert entry.changes == {
        "title": {"before": "Plateforme de rendez-vous", "after": "Rendez-vous en ligne"},
        "deadline": {"before": None, "after": "2027-12-31"},
        "costs": {"before": ["2027: 40000 + 8000"], "after": ["2027: 40000 + 9000"]},
    }


def test_saving_without_change_writes_no_entry(need, contributor):
    do_update_need(need, title=need.title, acting_user=contributor)
    assert history_of(need).count() == 1


def test_a_refused_change_leaves_no_trace(need, other_contributor):
    from django.core.exceptions import PermissionDenied

    with pytest.raises(PermissionDenied):
        do_update_need(need, title="Piraté", acting_user=other_contributor)
    need.refresh_from_db()
    assert need.title == "Plateforme de rendez-vous"
    assert history_of(need).count() == 1


def test_the_history_page_says_who_did_what_and_when(client, need, contributor, analyst):
    do_update_need(need, confidentiality="public", acting_user=contributor)
    do_change_need_status(need, "submit", acting_user=contributor)
    do_change_need_status(need, "return_to_author", acting_user=analyst,
                          comment="Précisez le nombre de guichets.")
    client.force_login(contributor)  # back to draft: only its institution reads it now
    response = client.get(reverse("needs:detail", args=[need.pk]))
    history = response.context["history"]
    assert [line.action for line in history] == [
        "changed the status", "changed the status", "changed", "created"]
    assert history[0].actor_name == analyst.get_full_name()
    assert history[0].comment == "Précisez le nombre de guichets."
    assert [(c.label, c.before, c.after) for c in history[0].changes] == [
        ("status", "Submitted", "Draft")]
    assert [(c.label, c.before, c.after) for c in history[2].changes] == [
        ("confidentiality", "Regional (all institutions of the region)", "Public")]
    html = response.content.decode()
    assert "Précisez le nombre de guichets." in html
    assert contributor.get_full_name() in html


def test_history_labels_follow_the_reader_language(client, need, contributor):
    from django.utils import translation

    do_update_need(need, domain=BusinessDomain.objects.get(code="hr"), acting_user=contributor)
    client.force_login(contributor)
    with translation.override("nl"):
        response = client.get(reverse("needs:detail", args=[need.pk]))
    changes = response.context["history"][0].changes
    assert [(c.before, c.after) for c in changes] == [
        ("Dienstverlening aan burgers en loket", "Personeelszaken (HR)")]


def test_institution_and_role_changes_are_audited(db):
    from synergie.accounts.actions import do_create_user, do_grant_role
    from synergie.accounts.models import Role
    from synergie.institutions.actions import do_create_institution, do_update_institution

    admin = do_create_user("root", acting_user=None, password="x-very-long-password",
                           is_superuser=True, is_staff=True)
    institution = do_create_institution(acting_user=admin, code="COM-9", kind="municipality",
                                        name_fr="Commune", name_nl="Gemeente")
    do_update_institution(institution, acting_user=admin, population=1000)
    user = do_create_user("someone", acting_user=admin, password="x-very-long-password")
    do_grant_role(user, Role.objects.get(code="contributor"), institution, acting_user=admin)
    assert list(history_of(institution).values_list("action", flat=True)) == [
        "updated", "created"]
    assert history_of(institution).first().changes == {
        "population": {"before": None, "after": 1000}}
    granted = history_of(user).first()
    assert granted.changes["roles"]["after"].endswith("Commune")
    assert AuditEntry.objects.filter(actor=admin).count() == 4


def test_the_creation_shows_its_values_without_an_empty_before_column(client, need, contributor):
    do_update_need(need, title="Rendez-vous en ligne", acting_user=contributor)
    client.force_login(contributor)
    html = client.get(f"/nl/needs/{need.pk}/").content.decode()
    history = html[html.index('id="history-title"'):]
    edit, creation = history.split('class="changes"')[1:3]
    assert "<th scope=\"col\">Vóór</th>" in edit
    assert "<th scope=\"col\">Vóór</th>" not in creation
    assert "<th scope=\"col\">Waarde</th>" in creation
