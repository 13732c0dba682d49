"""Small helpers for the admin's columns and read-only fields."""

from django.contrib import admin
from django.contrib.admin.utils import unquote
from django.utils import formats
from django.utils.html import conditional_escape, format_html
from django.utils.safestring import SafeString, mark_safe
from django.utils.translation import gettext


def in_language(text: str, language: str) -> SafeString | str:
    """Text written in a known language, marked so: a screen reader reads it with the right
    voice, and a French page does not pass English words for French."""
    if not text:
        return admin.site.empty_value_display
    return format_html('<span lang="{}">{}</span>', language, text)


def euros(amount) -> str:
    """An amount of euros as a person reads it: grouped digits, cents only when there are."""
    if amount is None:
        return admin.site.empty_value_display
    decimals = 0 if amount == amount.to_integral_value() else 2
    return formats.number_format(amount, decimals, use_l10n=True, force_grouping=True) + "\u00a0€"


def field_in_language(model, field_name: str, language: str):
    """A list column showing `model.field_name`, a text stored in `language`, marked so."""

    @admin.display(description=model._meta.get_field(field_name).verbose_name,
                   ordering=field_name)
    def column(obj):
        return in_language(getattr(obj, field_name), language)

    column.__name__ = field_name
    return column


class ObjectHeadingMixin:
    """For objects whose name the admin cannot show as it is (written in another language than
    the page's, or a program's description): the change page's heading, the history's title and
    the breadcrumbs show `object_heading(obj)` instead (templates/admin/change_form.html and
    object_history.html)."""

    def object_heading(self, obj) -> SafeString:
        raise NotImplementedError

    def _heading_context(self, request, object_id, extra_context) -> tuple[dict, object]:
        obj = self.get_object(request, unquote(object_id))
        if obj is None:
            return extra_context, None
        return {**(extra_context or {}), "object_heading": self.object_heading(obj)}, obj

    def change_view(self, request, object_id, form_url="", extra_context=None):
        context, obj = self._heading_context(request, object_id, extra_context)
        if obj is not None:
            context["subtitle"] = context["object_heading"]
        return super().change_view(request, object_id, form_url, context)

    def history_view(self, request, object_id, extra_context=None):
        context, obj = self._heading_context(request, object_id, extra_context)
        if obj is not None:
            title = conditional_escape(gettext("Change history: %s"))
            context["title"] = mark_safe(title % context["object_heading"])
        return super().history_view(request, object_id, context)
