"""A project's audit entries as sentences in the reader's language: the keys the actions record
("milestone:Go-live:planned_date", "people:Architectes 2027-03:fte") with their parts named."""

from django.utils.translation import gettext_lazy as _

from synergie.audit.log import history_of

PARTS = {"milestone": _("Milestone"), "deliverable": _("Deliverable"), "risk": _("Risk"),
         "budget": _("Budget"), "people": _("People")}
FIELDS = {
    "title": _("title"), "owner": _("owner"), "axis": _("strategic axis"),
    "status": _("status"), "rag": _("RAG status"), "progress": _("progress (%)"),
    "planned_date": _("planned date"), "actual_date": _("actual date"),
    "due_date": _("due date"), "delivered": _("delivered"), "kind": _("kind"),
    "severity": _("severity"), "fte": _("FTE"), "year": _("year"), "planned": _("planned (EUR)"),
    "spent": _("spent (EUR)"), "decision": _("decision"), "institutions": _("member institutions"),
}


def _label(key: str) -> str:
    part, _sep, rest = key.partition(":")
    if part in PARTS and rest:
        subject, _sep, field = rest.rpartition(":")
        return f"{PARTS[part]} “{subject}”, {FIELDS.get(field, field)}"
    return str(FIELDS.get(key, key))


def _value(value) -> str:
    if value is None or value == "":
        return "—"
    if isinstance(value, list):
        return ", ".join(str(item) for item in value)
    return str(value)


def project_history(project) -> list[dict]:
    return [{"entry": entry,
             "changes": [f"{_label(key)}: {_value(change.get('before'))} → "
                         f"{_value(change.get('after'))}"
                         for key, change in (entry.changes or {}).items()]}
            for entry in history_of(project)]
