"""The audit trail in the admin: read-only, each change shown as a table of the fields' values
before and after, and texts people wrote marked with their language where the object knows it."""

from collections import defaultdict
from collections.abc import Callable
from dataclasses import dataclass
from typing import Any

from django.contrib import admin
from django.contrib.contenttypes.models import ContentType
from django.core.exceptions import FieldDoesNotExist, ValidationError
from django.utils import formats, timezone
from django.utils.html import format_html, format_html_join
from django.utils.safestring import mark_safe
from django.utils.translation import gettext
from django.utils.translation import gettext_lazy as _

from synergie.audit.models import AuditEntry
from synergie.core.admin_display import ObjectHeadingMixin, in_language


@dataclass(frozen=True)
class WrittenIn:
    language_field: str  # the object's field holding the language its texts are written in
    text_fields: tuple[str, ...]  # its fields written in that language (its name among them)


# Models whose name and some texts are written in a language the object records. The apps above
# the audit trail add theirs (needs/admin.py), so this module imports none of them.
WRITTEN_IN: dict[type, WrittenIn] = {}


def texts_written_in(model, language_field: str, text_fields: tuple[str, ...]) -> None:
    WRITTEN_IN[model] = WrittenIn(language_field, text_fields)


# How to read a stored value that is a code (e.g. a role's permissions): {(model, field): reader},
# added by the apps that know the codes (accounts/admin.py).
VALUE_READERS: dict[tuple[type, str], Callable[[Any], str]] = {}


def read_values_with(model, field_name: str, reader: Callable[[Any], str]) -> None:
    VALUE_READERS[(model, field_name)] = reader


def _languages(entries) -> dict[tuple[int, str], str]:
    """The language of each entry's object, for the objects that record one: one query per
    kind of object on the page."""
    wanted: dict[int, set[str]] = defaultdict(set)
    for entry in entries:
        wanted[entry.content_type_id].add(entry.object_id)
    languages = {}
    for content_type_id, object_ids in wanted.items():
        model = ContentType.objects.get_for_id(content_type_id).model_class()
        if model not in WRITTEN_IN:
            continue
        try:
            keys = [model._meta.pk.to_python(object_id) for object_id in object_ids]
        except ValidationError:
            continue
        rows = model._default_manager.filter(pk__in=keys).values_list(
            "pk", WRITTEN_IN[model].language_field)
        languages.update({(content_type_id, str(pk)): language for pk, language in rows})
    return languages


def _object_language(entry: AuditEntry) -> str:
    if not hasattr(entry, "_object_language"):
        entry._object_language = _languages([entry]).get(
            (entry.content_type_id, entry.object_id), "")
    return entry._object_language


def _field_label(model, name: str) -> str:
    try:
        return str(model._meta.get_field(name).verbose_name) if model else name
    except FieldDoesNotExist:
        return name  # a name the action chose (e.g. "roles", "costs")


def _value(value):
    if value in (None, "", [], {}):
        return "—"
    if isinstance(value, bool):
        return gettext("yes") if value else gettext("no")
    if isinstance(value, list):
        return format_html_join(mark_safe("<br>"), "{}", ((item,) for item in value))
    return str(value)


@admin.register(AuditEntry)
class AuditEntryAdmin(ObjectHeadingMixin, admin.ModelAdmin):
    """The trail is append-only: readable here, never edited or deleted."""

    list_display = ["timestamp", "who", "action", "content_type", "object_name"]
    list_filter = ["action", ("content_type", admin.RelatedOnlyFieldListFilter)]
    search_fields = ["actor_name", "object_repr", "comment"]
    date_hierarchy = "timestamp"
    fields = readonly_fields = ["timestamp", "who", "action", "content_type", "object_id",
                                "object_name", "institution", "change_table", "note", "comment"]

    @admin.display(description=_("who"))
    def who(self, entry):
        return entry.who

    def lookup_allowed(self, lookup, value, request=None):
        # One object's entries, as linked from each admin history page.
        if lookup in ("object_id", "content_type__app_label", "content_type__model"):
            return True
        return super().lookup_allowed(lookup, value, request)

    def get_changelist_instance(self, request):
        changelist = super().get_changelist_instance(request)
        languages = _languages(changelist.result_list)
        for entry in changelist.result_list:
            entry._object_language = languages.get((entry.content_type_id, entry.object_id), "")
        return changelist

    @admin.display(description=_("object"), ordering="object_repr")
    def object_name(self, entry: AuditEntry):
        language = _object_language(entry)
        return in_language(entry.object_repr, language) if language else entry.object_repr

    def object_heading(self, entry: AuditEntry):
        when = formats.date_format(timezone.localtime(entry.timestamp), "SHORT_DATETIME_FORMAT")
        return format_html("{} · {} · {} · {}", when, entry.who,
                           entry.get_action_display(), self.object_name(entry))

    @admin.display(description=_("changes"))
    def change_table(self, entry: AuditEntry):
        if not entry.changes:
            return self.get_empty_value_display()
        model = entry.content_type.model_class()
        written_in = WRITTEN_IN.get(model)
        language = _object_language(entry) if written_in else ""
        rows = []
        for name, change in entry.changes.items():
            before, after = ((change.get("before"), change.get("after"))
                             if isinstance(change, dict) else (None, change))
            reader = VALUE_READERS.get((model, name))
            values = [_value(reader(value) if reader and value not in (None, "", []) else value)
                      for value in (before, after)]
            if language and name in written_in.text_fields:
                values = [value if value == "—" else in_language(value, language)
                          for value in values]
            rows.append((_field_label(model, name), *values))
        return format_html(
            '<table class="audit-changes"><thead><tr><th scope="col">{}</th>'
            '<th scope="col">{}</th><th scope="col">{}</th></tr></thead><tbody>{}</tbody></table>',
            gettext("Field"), gettext("Before"), gettext("After"),
            format_html_join("", '<tr><th scope="row">{}</th><td>{}</td><td>{}</td></tr>', rows),
        )

    @admin.display(description=_("what the system noted"))
    def note(self, entry: AuditEntry) -> str:
        return entry.note or self.get_empty_value_display()

    def has_add_permission(self, request):
        return False

    def has_change_permission(self, request, obj=None):
        return False

    def has_delete_permission(self, request, obj=None):
        return False
