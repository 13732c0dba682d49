"""Users and roles in the admin: permissions named in the reader's language, forms whose every
field has a label, and no Django groups (roles alone grant permissions)."""

import re

import pytest
from django.contrib.auth.models import Permission
from django.urls import NoReverseMatch, reverse
from django.utils import translation

from synergie.accounts.models import Role
from synergie.accounts.permission_labels import permission_label
from tests.factories import UserFactory, user_with_role


@pytest.fixture
def superuser(db):
    return UserFactory(username="root", is_staff=True, is_superuser=True)


def _text(html: str) -> str:
    return re.sub(r"\s+", " ", re.sub(r"<[^>]+>", "", html))


def test_custom_permission_names_are_stored_in_english_and_read_in_dutch(db):
    permission = Permission.objects.get(codename="file_need")
    assert permission.name == "File and edit the needs of one's institution"
    with translation.override("nl"):
        assert permission_label(permission) == (
            "Behoeften | behoefte | De behoeften van de eigen instelling registreren en bewerken")


def test_built_in_permissions_are_named_with_the_translated_model(db):
    permission = Permission.objects.get(codename="add_need")
    with translation.override("fr"):
        assert permission_label(permission) == "Besoins | besoin | Ajouter : besoin"
    with translation.override("nl"):
        assert permission_label(permission) == "Behoeften | behoefte | Toevoegen: behoefte"


def test_the_role_form_names_its_permissions_in_dutch_grouped_by_application(client, superuser):
    client.force_login(superuser)
    role = Role.objects.get(code="contributor")
    with translation.override("nl"):
        response = client.get(reverse("admin:accounts_role_change", args=[role.pk]))
    html = response.content.decode()
    text = _text(html)
    assert "Behoeften | behoefte | De behoeften van de eigen instelling registreren en bewerken" \
        in text
    assert "File and edit" not in text and "Can add" not in text
    assert "<legend>Behoeften</legend>" in html
    # Checkboxes, not the two-list widget whose search icon breaks ARIA rules.
    assert 'type="checkbox" name="permissions"' in html
    assert "selectfilter" not in html.lower()


def test_a_role_keeps_its_permissions_when_saved_from_the_admin(client, superuser):
    client.force_login(superuser)
    role = Role.objects.get(code="contributor")
    wanted = [Permission.objects.get(codename="file_need"),
              Permission.objects.get(codename="view_all_need")]
    response = client.post(reverse("admin:accounts_role_change", args=[role.pk]), {
        "code": role.code, "name_fr": role.name_fr, "name_nl": role.name_nl,
        "name_en": role.name_en, "scope": role.scope,
        "permissions": [permission.pk for permission in wanted],
    })
    assert response.status_code == 302
    assert set(role.permissions.all()) == set(wanted)


def test_a_roles_change_in_the_trail_names_the_permissions_in_dutch(client, superuser):
    from synergie.accounts.actions import do_update_role
    from synergie.audit.models import AuditEntry

    role = Role.objects.get(code="contributor")
    do_update_role(role, acting_user=superuser,
                   permissions=[Permission.objects.get(codename="view_all_need")])
    entry = AuditEntry.objects.filter(object_id=str(role.pk)).latest("pk")
    client.force_login(superuser)
    with translation.override("nl"):
        html = client.get(reverse("admin:audit_auditentry_change", args=[entry.pk])) \
            .content.decode()
    assert "Behoeften | behoefte | Alle ingediende behoeften van het Gewest raadplegen" in html
    assert "needs.view_all_need" not in html


def test_the_user_page_labels_every_field_and_shows_dates_read_only(client, superuser,
                                                                     institution):
    member = user_with_role("contributor", institution, username="member")
    client.force_login(superuser)
    with translation.override("fr"):
        html = client.get(reverse("admin:accounts_user_change", args=[member.pk])) \
            .content.decode()
    assert 'id="id_last_login_0"' not in html and 'id="id_date_joined_0"' not in html
    assert '<label class="required" for="id_memberships-0-role">' in html
    assert '<label for="id_memberships-0-institution">' in html
    assert "admin-autocomplete" not in html  # a plain list of institutions, no select2
    assert "Commune d&#x27;Alpha" in html
    # Groups and a user's own permissions grant nothing here: not offered.
    assert 'name="groups"' not in html and 'name="user_permissions"' not in html


def test_a_membership_granted_in_the_admin_is_audited(client, superuser, institution):
    from synergie.audit.models import AuditEntry

    member = UserFactory(username="newcomer")
    client.force_login(superuser)
    url = reverse("admin:accounts_user_change", args=[member.pk])
    form = client.get(url).context["adminform"].form
    data = {name: form[name].value() or "" for name in form.fields if name != "password"}
    data.update({
        "is_active": "on",
        "memberships-TOTAL_FORMS": "1", "memberships-INITIAL_FORMS": "0",
        "memberships-0-role": Role.objects.get(code="contributor").pk,
        "memberships-0-institution": institution.pk,
    })
    response = client.post(url, data)
    assert response.status_code == 302, response.context["adminform"].form.errors
    assert member.memberships.get().institution == institution
    assert AuditEntry.objects.filter(object_id=str(member.pk), changes__has_key="roles").exists()


def test_users_are_deactivated_not_deleted(client, superuser):
    member = UserFactory(username="leaving")
    client.force_login(superuser)
    assert client.get(reverse("admin:accounts_user_delete", args=[member.pk])).status_code == 403


def test_django_groups_are_not_in_the_admin():
    with pytest.raises(NoReverseMatch):
        reverse("admin:auth_group_changelist")


def test_a_username_changed_in_the_admin_is_saved_and_audited(client, superuser):
    from synergie.audit.log import history_of

    member = UserFactory(username="j.dupont")
    client.force_login(superuser)
    url = reverse("admin:accounts_user_change", args=[member.pk])
    form = client.get(url).context["adminform"].form
    data = {name: form[name].value() or "" for name in form.fields if name != "password"}
    data.update({"username": "j.dupont-martin", "is_active": "on",
                 "memberships-TOTAL_FORMS": "0", "memberships-INITIAL_FORMS": "0"})
    response = client.post(url, data)
    assert response.status_code == 302, response.context["adminform"].form.errors
    member.refresh_from_db()
    assert member.username == "j.dupont-martin"
    assert history_of(member).get().changes == {
        "username": {"before": "j.dupont", "after": "j.dupont-martin"}}


def test_a_password_set_in_the_admin_is_audited_without_the_password(client, superuser):
    from synergie.audit.log import history_of

    member = UserFactory(username="forgetful")
    client.force_login(superuser)
    response = client.post(reverse("admin:auth_user_password_change", args=[member.pk]), {
        "usable_password": "true", "set_usable_password": "true",
        "password1": "a brand new passphrase 7", "password2": "a brand new passphrase 7"})
    assert response.status_code == 302
    member.refresh_from_db()
    assert member.check_password("a brand new passphrase 7")
    entry = history_of(member).get()
    assert entry.actor == superuser and entry.changes == {}
    with translation.override("fr"):
        assert entry.note == "Mot de passe modifié."
    assert member.password not in str(entry.changes) + entry.comment + str(entry.event_params)


def test_a_role_created_in_the_admin_is_audited_with_its_permissions(client, superuser):
    from synergie.audit.log import history_of
    from synergie.audit.models import AuditAction

    client.force_login(superuser)
    permission = Permission.objects.get(codename="view_all_need")
    response = client.post(reverse("admin:accounts_role_add"), {
        "code": "observer", "name_fr": "Observateur", "name_nl": "Waarnemer",
        "name_en": "Observer", "scope": "region", "permissions": [permission.pk]})
    assert response.status_code == 302, response.context["adminform"].form.errors
    role = Role.objects.get(code="observer")
    assert list(role.permissions.all()) == [permission]
    entry = history_of(role).get()
    assert entry.action == AuditAction.CREATED and entry.actor == superuser
    assert entry.changes["permissions"] == {"before": None, "after": ["needs.view_all_need"]}
    assert entry.changes["scope"] == {"before": None, "after": "region"}


def test_a_roles_code_is_shown_read_only_with_the_reason(client, superuser):
    role = Role.objects.get(code="contributor")
    client.force_login(superuser)
    with translation.override("nl"):
        html = client.get(reverse("admin:accounts_role_change", args=[role.pk])).content.decode()
    assert 'name="code"' not in html
    assert "De code van een rol kan niet meer worden gewijzigd" in html
    # A forged code is not taken.
    client.post(reverse("admin:accounts_role_change", args=[role.pk]), {"code": "renamed", "name_fr": role.name_fr, "name_nl": role.name_nl,
                      "name_en": role.name_en, "scope": role.scope})
    assert Role.objects.filter(code="contributor").exists()
