"""No admin page writes without an audit entry: every admin registered on the site is either
read-only or has a case below, and each of its adds, changes and deletes — made through the
admin's own forms, as a person would — leaves an entry with the values before and after.
A new admin that can write fails here until it is given a case (and calls its actions)."""

from dataclasses import dataclass, field
from typing import Any

import pytest
from django.contrib import admin
from django.contrib.contenttypes.models import ContentType
from django.forms import CheckboxInput
from django.test import RequestFactory
from django.urls import reverse

from synergie.accounts.models import Role
from synergie.audit.log import audit_value
from synergie.audit.models import AuditAction, AuditEntry
from synergie.reference.models import BusinessDomain
from tests.factories import InstitutionFactory, NeedFactory, UserFactory


@dataclass
class Case:
    make: Any  # () -> an existing object to change and delete
    change: dict  # field -> new value, posted on the change page
    add: dict = field(default_factory=dict)  # posted on the add page (empty: no add)
    find: Any = None  # (model) -> the object the add created


CASES = {
    "reference.BusinessDomain": Case(
        make=lambda: BusinessDomain.objects.create(code="archives_test", name_fr="Archives",
                                                   name_nl="Archieven", name_en="Archives"),
        add={"code": "events", "name_fr": "Événements", "name_nl": "Evenementen",
             "name_en": "Events", "position": 40},
        find=lambda model: model.objects.get(code="events"),
        change={"name_en": "Records"},
    ),
    "accounts.User": Case(
        make=lambda: UserFactory(username="former.name", email="a@example.org"),
        add={"username": "newcomer", "usable_password": "true",
             "password1": "a long enough passphrase 42", "password2": "a long enough passphrase 42"},
        find=lambda model: model.objects.get(username="newcomer"),
        change={"username": "new.name"},
    ),
    "accounts.Role": Case(
        make=lambda: Role.objects.create(code="auditor", name_fr="Auditeur", name_nl="Auditor",
                                         name_en="Auditor", scope="region"),
        add={"code": "observer", "name_fr": "Observateur", "name_nl": "Waarnemer",
             "name_en": "Observer", "scope": "region"},
        find=lambda model: model.objects.get(code="observer"),
        change={"name_en": "Internal auditor"},
    ),
    "institutions.Institution": Case(
        make=lambda: InstitutionFactory(code="COM-ADMIN-T"),
        add={"code": "COM-NEW", "kind": "municipality", "name_fr": "Commune nouvelle",
             "name_nl": "Nieuwe gemeente", "population": 1200, "is_active": True},
        find=lambda model: model.objects.get(code="COM-NEW"),
        change={"population": 4321},
    ),
    "needs.Need": Case(make=lambda: NeedFactory(title="Ancien titre"),
                       change={"title": "Titre corrigé"}),
}

REGISTERED = sorted(admin.site._registry.items(), key=lambda item: item[0]._meta.label)


@pytest.fixture
def superuser(db):
    return UserFactory(username="root", is_staff=True, is_superuser=True)


def _request(user):
    request = RequestFactory().get("/")
    request.user = user
    return request


def _url(model, view, *args):
    return reverse(f"admin:{model._meta.app_label}_{model._meta.model_name}_{view}", args=args)


def _posted(form, data: dict) -> None:
    for name, form_field in form.fields.items():
        if form_field.disabled:
            continue
        value = form[name].value()
        if value is None and getattr(form_field.widget, "allow_multiple_selected", False):
            continue  # nothing chosen in a list: nothing posted
        if isinstance(form_field.widget, CheckboxInput):
            if value:
                data[form.add_prefix(name)] = "on"
        else:
            data[form.add_prefix(name)] = "" if value is None else value


def _page_data(response, changes: dict) -> dict:
    """What the page would post unchanged, with `changes` typed in."""
    data: dict = {}
    _posted(response.context["adminform"].form, data)
    for inline in response.context["inline_admin_formsets"]:
        formset = inline.formset
        initial = formset.initial_form_count()
        data[f"{formset.prefix}-TOTAL_FORMS"] = initial
        data[f"{formset.prefix}-INITIAL_FORMS"] = initial
        for form in formset.initial_forms:
            _posted(form, data)
    for name, value in changes.items():
        if value is True:
            data[name] = "on"
        elif value is False:
            data.pop(name, None)
        else:
            data[name] = value
    return data


def _entries(obj, action):
    return AuditEntry.objects.filter(
        content_type=ContentType.objects.get_for_model(obj, for_concrete_model=True),
        object_id=str(obj.pk), action=action)


def _writes(model_admin, request, obj=None) -> bool:
    return (model_admin.has_add_permission(request)
            or model_admin.has_change_permission(request, obj)
            or model_admin.has_delete_permission(request, obj))


def test_every_admin_that_writes_has_a_case(superuser):
    request = _request(superuser)
    writing = {model._meta.label for model, model_admin in REGISTERED
               if _writes(model_admin, request)}
    assert writing - set(CASES) == set(), "an admin writes without a case here"
    assert set(CASES) <= {model._meta.label for model, _ in REGISTERED}


@pytest.mark.parametrize("model, model_admin", REGISTERED,
                         ids=[model._meta.label for model, _ in REGISTERED])
def test_an_admin_add_is_audited_or_refused(client, superuser, model, model_admin):
    client.force_login(superuser)
    case = CASES.get(model._meta.label)
    if not model_admin.has_add_permission(_request(superuser)):
        assert client.post(_url(model, "add"), {}).status_code == 403
        return
    assert case.add, f"{model._meta.label} can be added to: give its case an `add`"
    response = client.get(_url(model, "add"))
    response = client.post(_url(model, "add"), _page_data(response, case.add))
    assert response.status_code == 302, response.context["adminform"].form.errors
    created = case.find(model)
    entry = _entries(created, AuditAction.CREATED).get()
    assert entry.actor == superuser
    for name, value in case.add.items():
        if name in entry.changes:
            assert entry.changes[name] == {"before": None, "after": value}
    assert any(name in entry.changes for name in case.add)


@pytest.mark.parametrize("model, model_admin", REGISTERED,
                         ids=[model._meta.label for model, _ in REGISTERED])
def test_an_admin_change_is_audited_with_before_and_after_or_refused(client, superuser, model,
                                                                    model_admin):
    client.force_login(superuser)
    case = CASES.get(model._meta.label)
    if case is None:
        obj = model._default_manager.first()
        if obj is not None:
            assert not model_admin.has_change_permission(_request(superuser), obj)
            response = client.post(_url(model, "change", obj.pk), {})
            assert response.status_code in (403, 200)  # refused, or shown read-only
            assert not _entries(obj, AuditAction.UPDATED).exists()
        return
    obj = case.make()
    before = {name: audit_value(getattr(obj, model._meta.get_field(name).attname))
              for name in case.change}
    response = client.get(_url(model, "change", obj.pk))
    response = client.post(_url(model, "change", obj.pk), _page_data(response, case.change))
    assert response.status_code == 302, response.context["adminform"].form.errors
    entry = _entries(obj, AuditAction.UPDATED).get()
    assert entry.actor == superuser
    assert entry.changes == {name: {"before": before[name], "after": value}
                             for name, value in case.change.items()}


@pytest.mark.parametrize("model, model_admin", REGISTERED,
                         ids=[model._meta.label for model, _ in REGISTERED])
def test_an_admin_delete_is_audited_or_refused(client, superuser, model, model_admin):
    client.force_login(superuser)
    case = CASES.get(model._meta.label)
    obj = case.make() if case else model._default_manager.first()
    if obj is None:
        return
    if not model_admin.has_delete_permission(_request(superuser), obj):
        assert client.post(_url(model, "delete", obj.pk), {"post": "yes"}).status_code == 403
        assert model._default_manager.filter(pk=obj.pk).exists()
        return
    response = client.post(_url(model, "delete", obj.pk), {"post": "yes"})
    assert response.status_code == 302
    assert not model._default_manager.filter(pk=obj.pk).exists()
    entry = _entries(obj, AuditAction.DELETED).get()
    assert entry.actor == superuser
    assert all(change["after"] is None for change in entry.changes.values())


@pytest.mark.parametrize("model, model_admin", REGISTERED,
                         ids=[model._meta.label for model, _ in REGISTERED])
def test_deleting_from_an_admin_list_is_audited_for_each_object_or_refused(
        client, superuser, model, model_admin):
    client.force_login(superuser)
    case = CASES.get(model._meta.label)
    obj = case.make() if case else model._default_manager.first()
    if obj is None:
        return
    response = client.post(_url(model, "changelist"), {
        "action": "delete_selected", "_selected_action": [obj.pk], "post": "yes"})
    if not model_admin.has_delete_permission(_request(superuser), obj):
        assert model._default_manager.filter(pk=obj.pk).exists()
        return
    assert response.status_code == 302
    assert not model._default_manager.filter(pk=obj.pk).exists()
    assert _entries(obj, AuditAction.DELETED).count() == 1
