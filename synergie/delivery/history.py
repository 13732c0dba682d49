"""A project's audit entries as sentences in the reader's language: the keys the actions record
("milestone:Go-live:planned_date", "people:Architectes 2027-03:fte") with their parts named, and
coded values (status, RAG, people, institutions) written out."""

from django.contrib.auth import get_user_model
from django.utils.translation import gettext_lazy as _

from synergie.audit.log import history_of
from synergie.delivery.models import ProjectStatus, Rag, RiskKind, RiskStatus, Severity
from synergie.institutions.models import Institution
from synergie.portfolio.models import Axis

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
CHOICES = {"axis": dict(Axis.choices), "rag": dict(Rag.choices), "kind": dict(RiskKind.choices),
           "severity": dict(Severity.choices)}


def _split(key: str) -> tuple[str, str, str]:
    """(part, subject, field); part and subject empty for the project's own fields."""
    part, _sep, rest = key.partition(":")
    if part in PARTS and rest:
        subject, _sep, field = rest.rpartition(":")
        return part, subject, field
    return "", "", key


def _label(part: str, subject: str, field: str) -> str:
    name = FIELDS.get(field, field)
    return f"{PARTS[part]} “{subject}”, {name}" if part else str(name)


def _names(entries) -> dict:
    """Names of the people and institutions the entries refer to by id."""
    users, institutions = set(), set()
    for entry in entries:
        for key, change in (entry.changes or {}).items():
            field = _split(key)[2]
            for value in (change.get("before"), change.get("after")):
                if field == "owner" and value:
                    users.add(value)
                if field == "institutions" and value:
                    institutions.update(value)
    return {"owner": {user.pk: str(user) for user in
                      get_user_model().objects.filter(pk__in=users)},
            "institutions": {institution.pk: str(institution) for institution in
                             Institution.objects.filter(pk__in=institutions)}}


def _value(part: str, field: str, value, names: dict) -> str:
    if value is None or value == "" or value == []:
        return "—"
    if field == "status":
        choices = dict(RiskStatus.choices) if part == "risk" else dict(ProjectStatus.choices)
        return str(choices.get(value, value))
    if field in CHOICES:
        return str(CHOICES[field].get(value, value))
    if field == "owner":
        return names["owner"].get(value, str(value))
    if field == "institutions":
        return ", ".join(names["institutions"].get(pk, str(pk)) for pk in value)
    if isinstance(value, bool):
        return str(_("yes") if value else _("no"))
    return str(value)


def project_history(project) -> list[dict]:
    entries = list(history_of(project))
    names = _names(entries)
    rows = []
    for entry in entries:
        changes = []
        for key, change in (entry.changes or {}).items():
            part, subject, field = _split(key)
            if field == "decision":
                continue  # the page names its decision above
            changes.append(f"{_label(part, subject, field)}: "
                           f"{_value(part, field, change.get('before'), names)} → "
                           f"{_value(part, field, change.get('after'), names)}")
        rows.append({"entry": entry, "changes": changes})
    return rows
