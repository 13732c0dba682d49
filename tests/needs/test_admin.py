"""The Django admin writes through the actions layer: checked and audited like the pages."""

from django.urls import reverse

from synergie.audit.log import history_of
from tests.factories import NeedFactory, user_with_role


def test_an_admin_edit_of_a_need_is_audited(client, institution):
    admin = user_with_role("administrator", username="admin-user", is_staff=True)
    need = NeedFactory(institution=institution, title="Ancien titre")
    client.force_login(admin)
    url = reverse("admin:needs_need_change", args=[need.pk])
    form = client.get(url).context["adminform"].form
    data = {name: form[name].value() if form[name].value() is not None else ""
            for name in form.fields}
    data.update({"title": "Titre corrigé", "costs-TOTAL_FORMS": "1", "costs-INITIAL_FORMS": "1",
                 "costs-0-id": need.costs.get().pk, "costs-0-need": need.pk})
    response = client.post(url, data)
    assert response.status_code == 302, response.context["adminform"].form.errors
    need.refresh_from_db()
    assert need.title == "Titre corrigé"
    entry = history_of(need).get()
    assert entry.actor == admin
    assert entry.changes == {"title": {"before": "Ancien titre", "after": "Titre corrigé"}}


def test_needs_cannot_be_deleted_or_added_in_the_admin(client, institution):
    admin = user_with_role("administrator", username="admin-user", is_staff=True)
    need = NeedFactory(institution=institution)
    client.force_login(admin)
    assert client.get(reverse("admin:needs_need_delete", args=[need.pk])).status_code == 403
    assert client.get(reverse("admin:needs_need_add")).status_code == 403


def test_the_admin_list_and_pages_mark_a_title_with_the_needs_language(client, institution):
    from django.utils import translation

    admin = user_with_role("administrator", username="admin-user", is_staff=True)
    need = NeedFactory(institution=institution, language="en",
                       title="Shared platform for parking permits")
    client.force_login(admin)
    marked = '<span lang="en">Shared platform for parking permits</span>'
    with translation.override("fr"):
        assert marked in client.get(reverse("admin:needs_need_changelist")).content.decode()
        change = client.get(reverse("admin:needs_need_change", args=[need.pk])).content.decode()
        history = client.get(reverse("admin:needs_need_history", args=[need.pk])).content.decode()
    assert f"<h2>{marked}</h2>" in change
    assert f"<h1>Historique des changements : {marked}</h1>" in history
    # The window's title has the words only.
    assert "<title>Historique des changements : Shared platform for parking permits |" in history


def test_the_admin_shows_amounts_grouped_in_euros(client, institution):
    from django.utils import translation

    admin = user_with_role("administrator", username="admin-user", is_staff=True)
    NeedFactory(institution=institution, costs=[(2027, "1250000", "30000")])
    client.force_login(admin)
    with translation.override("nl"):
        html = client.get(reverse("admin:needs_need_changelist")).content.decode()
    assert "1.280.000\u00a0€" in html
