"""Entries written before events existed kept the system's sentence, in the language of whoever
clicked, as their comment. Turn those sentences back into events, so they read in each reader's
language; comments that people wrote are left alone."""

import re

from django.db import migrations

SPACE = r"[\s\u00a0\u202f]*"
# The sentences the opportunities' actions wrote, in every language the interface had then.
OLD_SENTENCES = {
    "need.grouped": [
        rf"Grouped into “(?P<title>.+)”\.",
        rf"Regroupé dans «{SPACE}(?P<title>.+?){SPACE}»\.",
        rf"Gegroepeerd in “(?P<title>.+)”\.",
    ],
    "need.ungrouped": [
        rf"Taken out of “(?P<title>.+)”\.",
        rf"Retiré de «{SPACE}(?P<title>.+?){SPACE}»\.",
        rf"Uit “(?P<title>.+)” gehaald\.",
    ],
}
PATTERNS = [(code, re.compile(rf"^{pattern}$", re.DOTALL))
            for code, patterns in OLD_SENTENCES.items() for pattern in patterns]


def event_of(comment: str) -> tuple[str, dict] | None:
    text = comment.strip()
    for code, pattern in PATTERNS:
        match = pattern.match(text)
        if match:
            return code, {"opportunity": match["title"]}
    return None


def comments_to_events(apps, schema_editor):
    AuditEntry = apps.get_model("audit", "AuditEntry")
    entries = AuditEntry.objects.filter(action="status_changed", event="").exclude(comment="")
    for entry in entries.iterator():
        found = event_of(entry.comment)
        if found:
            entry.event, entry.event_params = found
            entry.comment = ""
            entry.save(update_fields=["event", "event_params", "comment"])


class Migration(migrations.Migration):

    dependencies = [("audit", "0002_audit_entry_event")]

    operations = [migrations.RunPython(comments_to_events, migrations.RunPython.noop)]
