"""The engine's error codes written out in the reader's language."""

from django.utils.translation import gettext as _

FIELD_NAMES = {"number", "opened_at", "resolved_at", "closed_at", "priority", "business_service",
               "assignment_group", "short_description", "state"}


def describe_error(code: str, params: dict) -> str:
    field = params.get("field", "")
    if code == "bad_date":
        return _("%(field)s is not a date and time: “%(value)s”.") % {
            "field": field, "value": params.get("value", "")}
    if code == "before_opened":
        return _("%(field)s is before opened_at.") % {"field": field}
    if code == "unknown_priority":
        return _("Unknown priority “%(value)s” (expected 1 - Critical, 2 - High, 3 - Moderate "
                 "or 4 - Low).") % {"value": params.get("value", "")}
    if code == "missing":
        return _("%(field)s is empty.") % {"field": field}
    if code == "too_long":
        return _("%(field)s is longer than %(limit)s characters.") % {
            "field": field, "limit": params.get("limit")}
    if code == "wrong_field_count":
        return _("%(found)s fields where the header has %(expected)s.") % {
            "found": params.get("found"), "expected": params.get("expected")}
    if code == "unreadable":
        return _("The line cannot be read as CSV.")
    if code == "empty":
        return _("The file is empty.")
    if code == "missing_columns":
        return _("The file lacks the columns %(columns)s (a ServiceNow incident list "
                 "export has them).") % {"columns": params.get("columns", "")}
    return code


def describe_line(rejection: dict) -> str:
    return describe_error(rejection["code"], rejection.get("params", {}))
