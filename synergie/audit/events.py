"""What the system itself says in the audit trail, kept as a code and parameters.

An action never stores a sentence it wrote: the sentence would stay in the language of the person
who clicked. It records an event code and its parameters (titles, ids, ISO dates), and each page
renders the event in its reader's language from the templates below. What people write
(comments, motivations) stays as they wrote it, in `AuditEntry.comment`.
"""

import logging
from dataclasses import dataclass, field
from datetime import date

from django.utils import formats
from django.utils.translation import gettext, gettext_noop

logger = logging.getLogger(__name__)


@dataclass(frozen=True)
class Event:
    code: str
    template: str  # an English msgid with %(name)s placeholders, translated when rendered
    dates: tuple[str, ...] = field(default=())  # parameters holding ISO dates

    def render(self, params: dict) -> str:
        values = {}
        for name, value in params.items():
            if name in self.dates and value:
                value = formats.date_format(date.fromisoformat(value), "DATE_FORMAT")
            values[name] = value
        return gettext(self.template) % _Tolerant(values)


class _Tolerant(dict):
    """A parameter an older entry did not record is shown as an ellipsis, not an error."""

    def __missing__(self, key):
        return "…"


NEED_GROUPED = Event("need.grouped",
                     gettext_noop("Grouped into the pooling opportunity “%(opportunity)s”."))
NEED_UNGROUPED = Event("need.ungrouped",
                       gettext_noop("Taken out of the pooling opportunity “%(opportunity)s”."))
NEED_DECIDED = Event(
    "need.decided",
    gettext_noop("Decided by the steering committee at its meeting “%(meeting)s” of %(date)s."),
    dates=("date",),
)

# A password is never recorded, not even hashed: only that it was set, or that it was disabled.
USER_PASSWORD_SET = Event("user.password_set", gettext_noop("Password changed."))
USER_PASSWORD_DISABLED = Event("user.password_disabled",
                               gettext_noop("Password-based login disabled."))

REGISTRY = {event.code: event for event in (NEED_GROUPED, NEED_UNGROUPED, NEED_DECIDED,
                                            USER_PASSWORD_SET, USER_PASSWORD_DISABLED)}


def render_event(code: str, params: dict | None) -> str:
    """The event's sentence in the active language; empty for an entry without event."""
    if not code:
        return ""
    event = REGISTRY.get(code)
    if event is None:
        logger.warning("audit event %r has no template", code)
        return ""
    return event.render(params or {})
