"""What an editor sees when someone saved the same object while they were editing it
(`audit.versions.EditConflict`): a message naming the other person and the time, and the other
person's values next to what the editor typed. The editor's form is shown again as typed, its
version moved on to the one now stored, so a second save goes through on purpose."""

from dataclasses import dataclass

from django import forms
from django.utils import timezone
from django.utils.formats import time_format
from django.utils.translation import gettext as _

from synergie.audit.versions import EditConflict

MESSAGES = {
    "need": lambda: _("%(person)s changed this need at %(time)s while you were editing; their "
                      "version is shown below — your text is kept, check and save again."),
    "opportunity": lambda: _("%(person)s changed this opportunity at %(time)s while you were "
                             "editing; their version is shown below — your text is kept, check "
                             "and save again."),
    "business_case": lambda: _("%(person)s changed this business case at %(time)s while you "
                               "were editing; their version is shown below — your text is "
                               "kept, check and save again."),
    "scenario": lambda: _("%(person)s changed this scenario at %(time)s while you were editing; "
                          "their version is shown below — your text is kept, check and save "
                          "again."),
}


class VersionField(forms.IntegerField):
    """The hidden field of an edit form carrying the version it was loaded from."""

    def __init__(self, **kwargs):
        super().__init__(widget=forms.HiddenInput, required=False, min_value=0, **kwargs)


@dataclass
class Difference:
    label: str
    theirs: str
    yours: str


@dataclass
class Conflict:
    message: str
    differences: list[Difference]


def describe(conflict: EditConflict, kind: str, pairs) -> Conflict:
    """`pairs`: (form as submitted, the same form unbound on the stored values[, what the form
    is about, added to its labels]) of each form of the page; the fields whose values differ
    are listed, with the other person's first."""
    person = conflict.who or _("Someone")
    when = timezone.localtime(conflict.when) if conflict.when else None
    message = MESSAGES[kind]() % {"person": person,
                                  "time": time_format(when, "H:i") if when else "?"}
    differences = []
    for yours_form, theirs_form, *about in pairs:
        for name, field in yours_form.fields.items():
            if isinstance(field.widget, forms.HiddenInput):
                continue
            theirs = _shown(field, theirs_form[name].value())
            yours = _shown(field, yours_form[name].value())
            if theirs != yours:
                label = str(field.label or name)
                if about:
                    label = _("%(field)s (%(about)s)") % {"field": label, "about": about[0]}
                differences.append(Difference(label, theirs, yours))
    return Conflict(message, differences)


def _shown(field: forms.Field, value) -> str:
    """A field's value as a person reads it: a choice by its label, a box ticked or not."""
    if isinstance(field, forms.BooleanField):
        return _("yes") if value not in (False, None, "", "false", "False", "off") else _("no")
    if isinstance(value, list | tuple):
        return ", ".join(_shown(field, item) for item in value)
    if value is None:
        return ""
    choices = getattr(field, "choices", None)
    if choices is not None:
        for key, label in choices:
            if str(getattr(key, "value", key)) == str(value):
                return str(label)
    return str(value).strip()


def moved_on(data, version: int):
    """The submitted data, with the version now stored: a second save is made knowing."""
    data = data.copy()
    data["version"] = str(version)
    return data
