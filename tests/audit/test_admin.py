"""The audit trail in the admin reads in the reader's language: a need's title marked with the
need's language, the changes as a table of fields rather than stored JSON."""

import pytest
from django.urls import reverse
from django.utils import translation

from synergie.audit.models import AuditEntry
from synergie.needs.actions import do_update_need
from tests.factories import NeedFactory, UserFactory


@pytest.fixture
def superuser(db):
    return UserFactory(username="root", is_staff=True, is_superuser=True)


@pytest.fixture
def english_need(institution, superuser):
    need = NeedFactory(institution=institution, language="en",
                       title="Grant management system for research funding")
    do_update_need(need, acting_user=superuser,
                   title="Grant management system for research and innovation funding")
    return need


def test_the_trail_marks_a_need_title_with_the_needs_language(client, superuser, english_need):
    client.force_login(superuser)
    with translation.override("fr"):
        html = client.get(reverse("admin:audit_auditentry_changelist")).content.decode()
    assert ('<span lang="en">Grant management system for research and innovation funding</span>'
            in html)


def test_an_entry_shows_its_changes_as_a_table_in_the_readers_language(client, superuser,
                                                                        english_need):
    entry = AuditEntry.objects.get(object_id=str(english_need.pk), action="updated")
    client.force_login(superuser)
    with translation.override("nl"):
        html = client.get(reverse("admin:audit_auditentry_change", args=[entry.pk])) \
            .content.decode()
    assert '<table class="audit-changes">' in html
    assert '<th scope="row">titel</th>' in html
    assert '<td><span lang="en">Grant management system for research funding</span></td>' in html
    assert '{"title"' not in html and "{&quot;title&quot;" not in html
    # The heading names the entry in Dutch, with the title in its own language.
    assert "gewijzigd · " in html
    assert " changed " not in html


def test_an_objects_admin_history_leads_to_its_entries_in_the_trail(client, superuser,
                                                                     english_need):
    other = NeedFactory(institution=english_need.institution, title="Autre besoin")
    do_update_need(other, acting_user=superuser, title="Autre besoin, renommé")
    client.force_login(superuser)
    with translation.override("fr"):
        history = client.get(reverse("admin:needs_need_history", args=[english_need.pk]))
    link = history.content.decode().split('class="audit-trail-link"><a href="')[1].split('"')[0]
    entries = client.get(link.replace("&amp;", "&"))
    assert entries.status_code == 200
    shown = list(entries.context["cl"].result_list)
    assert shown and {entry.object_id for entry in shown} == {str(english_need.pk)}
