from django import forms
from django.core.exceptions import ValidationError
from django.core.validators import MaxLengthValidator
from django.http import QueryDict

from synergie.kernel.text import (
    LARGEST_ID,
    LONG_TEXT_MAX,
    SHORT_TEXT_MAX,
    strip_unwanted_characters,
)
from synergie.core.validation import TOO_LONG


class TypedInputMixin:
    """What a person submits, made safe before any field sees it: control and bidirectional
    override characters removed from every value (tab and line breaks stay; a one-line field
    turns them into spaces), and every text field bounded (`kernel.text`), so a pasted document is
    refused under its field instead of being stored, indexed and shown everywhere.

    Every form of the site has it through `AccessibleErrorsMixin`; the models check the same
    limits (`core.validation`) for what does not come through a form."""

    def __init__(self, data=None, *args, **kwargs):
        super().__init__(_without_unwanted_characters(data), *args, **kwargs)
        for field in self.fields.values():
            if isinstance(field, forms.ModelChoiceField):
                _refuse_ids_beyond_the_database(field)
            if not isinstance(field, forms.CharField) or field.max_length is not None:
                continue
            if isinstance(field.widget, forms.PasswordInput):
                continue  # a password is taken as typed, and hashed
            # No maxlength attribute: a browser would cut a longer paste without a word,
            # where the field's error says what to shorten and keeps the text.
            field.max_length = (LONG_TEXT_MAX if isinstance(field.widget, forms.Textarea)
                                else SHORT_TEXT_MAX)
            field.validators.append(MaxLengthValidator(field.max_length, message=TOO_LONG))

    def _clean_fields(self):
        super()._clean_fields()
        # A one-line field's text has no line breaks; the data only lost its control characters.
        for name, value in self.cleaned_data.items():
            field = self.fields.get(name)
            if (isinstance(value, str) and isinstance(field, forms.CharField)
                    and not isinstance(field.widget, (forms.Textarea, forms.PasswordInput))):
                self.cleaned_data[name] = strip_unwanted_characters(value, multiline=False)


def _refuse_ids_beyond_the_database(field: forms.ModelChoiceField) -> None:
    """`field` answers an id no row can have as any unknown choice, without asking the
    database. (Set on the form's own copy of the field.)"""
    original = field.clean

    def clean(value):
        values = value if isinstance(value, (list, tuple)) else [value]
        for item in values:
            text = str(item).strip()
            digits = text.lstrip("-")
            if digits.isascii() and digits.isdigit() and (len(digits) > 19
                                                          or int(digits) > LARGEST_ID):
                raise ValidationError(field.error_messages["invalid_choice"],
                                      code="invalid_choice", params={"value": text[:20] + "…"})
        return original(value)

    field.clean = clean


def _without_unwanted_characters(data):
    if data is None:
        return None
    if isinstance(data, QueryDict):
        cleaned = QueryDict(mutable=True, encoding=data.encoding)
        for key, values in data.lists():
            cleaned.setlist(strip_unwanted_characters(key),
                            [strip_unwanted_characters(v) if isinstance(v, str) else v
                             for v in values])
        return cleaned
    if hasattr(data, "items"):
        return {key: strip_unwanted_characters(value) if isinstance(value, str) else value
                for key, value in data.items()}
    return data


class AccessibleErrorsMixin(TypedInputMixin):
    """Tie each error message to its field for screen readers (aria-invalid, aria-describedby).

    Errors added after validation (for example by an action refusing to submit) are covered
    too, because every error goes through `add_error`.
    """

    def add_error(self, field, error):
        super().add_error(field, error)
        names = [field] if field else []
        if isinstance(error, forms.ValidationError) and hasattr(error, "error_dict"):
            names = list(error.error_dict)
        elif isinstance(error, dict):
            names = list(error)
        for name in names:
            if name and name in self.fields:
                self._mark_invalid(name)

    def _mark_invalid(self, name: str) -> None:
        bound = self[name]
        described_by = [f"{bound.auto_id}_error"]
        if self.fields[name].help_text:
            described_by.insert(0, f"{bound.auto_id}_helptext")
        attrs = self.fields[name].widget.attrs
        attrs["aria-invalid"] = "true"
        attrs["aria-describedby"] = " ".join(described_by)
