"""Turning a need's audit entries into readable lines: field names and values in the reader's
language, foreign keys by name (looked up once per page, not once per line)."""

import re
from dataclasses import dataclass
from datetime import date
from decimal import Decimal

from django.utils import formats
from django.utils.translation import gettext as _

from synergie.institutions.models import Institution
from synergie.needs.models import Need
from synergie.reference.models import BusinessDomain, CpvCode

COST_LINE = re.compile(r"^(?P<year>\d{4}): (?P<one_off>[\d.]+) \+ (?P<recurring>[\d.]+)$")
RELATED_MODELS = {"institution": Institution, "domain": BusinessDomain, "cpv_code": CpvCode}


@dataclass
class ChangeLine:
    label: str
    before: str
    after: str


@dataclass
class HistoryLine:
    timestamp: object
    actor_name: str
    action: str
    note: str  # what the system says, in the reader's language
    comment: str  # what a person wrote, as written
    changes: list[ChangeLine]
    comment_language: str = ""  # when known, e.g. a decision's motivation

    @property
    def only_new_values(self) -> bool:
        """A creation: every field was empty before, so a "before" column would say nothing."""
        return all(change.before == "—" for change in self.changes)


def _field_label(name: str) -> str:
    if name == "costs":
        return _("yearly cost estimates")
    return str(Need._meta.get_field(name).verbose_name)


def _cost_line(stored: str) -> str:
    """A stored cost line ("2027: 140000 + 30000") read in the reader's language."""
    match = COST_LINE.match(stored)
    if match is None:
        return stored
    return _("%(year)s: %(one_off)s one-off + %(recurring)s recurring (EUR)") % {
        "year": match["year"],
        "one_off": formats.number_format(Decimal(match["one_off"]), use_l10n=True,
                                         force_grouping=True),
        "recurring": formats.number_format(Decimal(match["recurring"]), use_l10n=True,
                                           force_grouping=True),
    }


def _display(name: str, value, related: dict) -> str:
    if value in (None, "", []):
        return "—"
    if name == "costs":
        return "; ".join(_cost_line(line) for line in value)
    if name in RELATED_MODELS:
        obj = related.get((name, value))
        return str(obj) if obj is not None else str(value)
    field = Need._meta.get_field(name)
    if field.choices:
        return str(dict(field.flatchoices).get(value, value))
    if isinstance(value, bool):
        return _("yes") if value else _("no")
    if field.get_internal_type() == "DateField":
        return formats.date_format(date.fromisoformat(value), "DATE_FORMAT")
    return str(value)


def describe_history(entries) -> list[HistoryLine]:
    entries = list(entries)
    wanted: dict[str, set] = {name: set() for name in RELATED_MODELS}
    for entry in entries:
        for name, change in entry.changes.items():
            if name in wanted:
                wanted[name].update(v for v in (change["before"], change["after"]) if v)
    related = {}
    for name, ids in wanted.items():
        if ids:
            for obj in RELATED_MODELS[name].objects.filter(pk__in=ids):
                related[(name, obj.pk)] = obj
    lines = []
    for entry in entries:
        changes = [
            ChangeLine(
                _field_label(name),
                _display(name, change["before"], related),
                _display(name, change["after"], related),
            )
            for name, change in entry.changes.items()
        ]
        lines.append(
            HistoryLine(
                entry.timestamp, entry.who, entry.get_action_display(), entry.note,
                entry.comment, changes, entry.event_params.get("comment_language", ""),
            )
        )
    return lines
