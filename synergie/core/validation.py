"""What every model checks of what people typed, whichever way it came in (a form, the admin,
the demo loader, a command): no control or bidirectional override characters (removed, as
the forms do), no text longer than `kernel.text.LONG_TEXT_MAX`, no date outside the years a
public plan can be about.

A plain mixin, not an abstract model: it adds no field, so no migration, and a model takes it
by listing it first among its bases."""

from datetime import date

from django.core.exceptions import ValidationError
from django.db import models
from django.utils.translation import gettext_lazy as _

from synergie.kernel.text import LONG_TEXT_MAX, strip_unwanted_characters

FIRST_YEAR, LAST_YEAR = 2000, 2100


def date_in_range(value: date | None) -> bool:
    return value is None or FIRST_YEAR <= value.year <= LAST_YEAR


def date_range_error() -> ValidationError:
    return ValidationError(
        _("Give a date between %(first)d and %(last)d."),
        code="date_out_of_range", params={"first": FIRST_YEAR, "last": LAST_YEAR})


# The parameters are those Django's MaxLengthValidator gives its message, so forms use it too.
TOO_LONG = _("Keep this text to %(limit_value)d characters; it has %(show_value)d. Summarise "
             "long documents here rather than pasting them.")


def text_too_long_error(length: int, limit: int = LONG_TEXT_MAX) -> ValidationError:
    return ValidationError(TOO_LONG, code="max_length",
                           params={"limit_value": limit, "show_value": length})


class TypedInputModel:
    """Cleans and bounds the model's text and date fields in `clean_fields`, which
    `full_clean` (every action, every ModelForm) runs."""

    def clean_fields(self, exclude=None):
        errors: dict[str, list] = {}
        for field in self._meta.concrete_fields:
            if exclude and field.name in exclude:
                continue
            value = getattr(self, field.attname)
            if isinstance(field, (models.CharField, models.TextField)) and isinstance(value, str):
                value = strip_unwanted_characters(
                    value, multiline=isinstance(field, models.TextField))
                setattr(self, field.attname, value)
                if (isinstance(field, models.TextField) and field.max_length is None
                        and len(value) > LONG_TEXT_MAX):
                    errors.setdefault(field.name, []).append(text_too_long_error(len(value)))
            elif (type(field) is models.DateField and isinstance(value, date)
                  and not date_in_range(value)):
                errors.setdefault(field.name, []).append(date_range_error())
        try:
            super().clean_fields(exclude=exclude)
        except ValidationError as error:
            errors = error.update_error_dict(errors)
        if errors:
            raise ValidationError(errors)
