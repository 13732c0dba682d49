"""Permissions as a person reads them, in their language.

Django stores a permission's name in English when the permission is created; the names of our
own permissions are declared with `gettext_noop`, so they are in the catalogue and translated
here when shown. Django's four built-in permissions ("Can add need") are rebuilt from our own
sentences and the model's translated name.
"""

from django import forms
from django.contrib.auth.models import Permission
from django.forms.models import ModelChoiceIterator
from django.utils.html import format_html
from django.utils.translation import gettext
from django.utils.translation import gettext_lazy as _

BUILT_IN_ACTIONS = {
    "add": _("Can add %(model)s"),
    "change": _("Can change %(model)s"),
    "delete": _("Can delete %(model)s"),
    "view": _("Can view %(model)s"),
}
ACTION_ORDER = {action: position for position, action in enumerate(BUILT_IN_ACTIONS)}


def _built_in_action(permission: Permission) -> str | None:
    action, _separator, model_name = permission.codename.partition("_")
    if action in BUILT_IN_ACTIONS and model_name == permission.content_type.model:
        return action
    return None


def permission_name(permission: Permission) -> str:
    """What the permission allows, in the reader's language."""
    model = permission.content_type.model_class()
    action = _built_in_action(permission)
    if action and model is not None:
        return BUILT_IN_ACTIONS[action] % {"model": model._meta.verbose_name}
    return gettext(permission.name)


def app_name(permission: Permission) -> str:
    model = permission.content_type.model_class()
    if model is None:  # a model gone from the code; its permission rows remain
        return permission.content_type.app_label
    return str(model._meta.app_config.verbose_name)


def model_name(permission: Permission) -> str:
    model = permission.content_type.model_class()
    return str(model._meta.verbose_name) if model else permission.content_type.model


def permission_label(permission: Permission) -> str:
    """"<application> | <model> | <what it allows>", all in the reader's language."""
    return f"{app_name(permission)} | {model_name(permission)} | {permission_name(permission)}"


def _sort_key(permission: Permission) -> tuple:
    action = _built_in_action(permission)
    return (app_name(permission).casefold(), model_name(permission).casefold(),
            ACTION_ORDER.get(action, len(ACTION_ORDER)), permission_name(permission).casefold())


class _GroupedByApplication(ModelChoiceIterator):
    """The permissions in the order a person looks for them, one group per application."""

    def __iter__(self):
        groups: dict[str, list] = {}
        for permission in sorted(self.queryset.select_related("content_type"), key=_sort_key):
            groups.setdefault(app_name(permission), []).append(self.choice(permission))
        yield from groups.items()


class GroupedCheckboxes(forms.CheckboxSelectMultiple):
    """Checkboxes in one titled group (fieldset and legend) per application."""

    template_name = "accounts/widgets/grouped_checkboxes.html"


class PermissionsField(forms.ModelMultipleChoiceField):
    """Permissions to tick, grouped by application, each named in the reader's language. The
    group's title names the application, so a box shows "<model> | <what it allows>"; its
    label still holds the whole name for whoever hears it out of its group."""

    iterator = _GroupedByApplication
    widget = GroupedCheckboxes

    def __init__(self, **kwargs):
        kwargs.setdefault("queryset", Permission.objects.all())
        super().__init__(**kwargs)

    def label_from_instance(self, permission: Permission) -> str:
        return format_html('<span class="visually-hidden">{} | </span>{} | {}',
                           app_name(permission), model_name(permission),
                           permission_name(permission))
