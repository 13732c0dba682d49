"""Projects' progress as CSV, out and back in.

The columns are the same both ways; an exported file imported unchanged changes nothing, so a
round trip is exact. `next_milestone` is derived from the milestones and is only read, never
written. Each line is applied on its own (all or nothing per line); a bad line is named by its
line number and column and leaves its project as it was."""

import csv
import io
from dataclasses import dataclass, field

from django.core.exceptions import PermissionDenied, ValidationError
from django.utils.translation import gettext as _

from synergie.delivery.actions import do_update_project
from synergie.delivery.models import Project, ProjectStatus, Rag

COLUMNS = ["project_id", "title", "status", "rag", "progress", "next_milestone"]
MAX_BYTES = 2 * 1024 * 1024


def export_rows(projects) -> list[list[str]]:
    rows = [COLUMNS]
    for project in projects.prefetch_related("milestones").order_by("pk"):
        upcoming = project.next_milestone()
        rows.append([str(project.pk), project.title, project.status, project.rag,
                     str(project.progress),
                     f"{upcoming.planned_date:%Y-%m-%d} {upcoming.title}" if upcoming else ""])
    return rows


def export_csv(projects) -> str:
    out = io.StringIO()
    csv.writer(out, lineterminator="\r\n").writerows(export_rows(projects))
    return out.getvalue()


@dataclass
class ImportReport:
    changed: int = 0
    unchanged: int = 0
    errors: list = field(default_factory=list)  # [(line, column, message)]


def _decode(data: bytes) -> str:
    if len(data) > MAX_BYTES:
        raise ValidationError(_("The file is larger than 2 MB."))
    try:
        return data.decode("utf-8-sig")
    except UnicodeDecodeError as error:
        raise ValidationError(_("The file is not UTF-8 text.")) from error


def _parse_line(values: dict, projects: dict) -> tuple[Project | None, dict, list]:
    errors, fields = [], {}
    project = None
    raw_id = values["project_id"].strip()
    if not raw_id.isdigit() or int(raw_id) not in projects:
        errors.append(("project_id", _("No project of yours has the number “%(value)s”.")
                       % {"value": raw_id}))
    else:
        project = projects[int(raw_id)]
    title = values["title"].strip()
    if not title:
        errors.append(("title", _("The title is empty.")))
    elif len(title) > 200:
        errors.append(("title", _("The title is longer than 200 characters.")))
    fields["title"] = title
    for column, choices in (("status", ProjectStatus), ("rag", Rag)):
        value = values[column].strip()
        if value not in choices.values:
            errors.append((column, _("“%(value)s” is not one of: %(allowed)s.")
                           % {"value": value, "allowed": ", ".join(choices.values)}))
        fields[column] = value
    progress = values["progress"].strip()
    if not progress.isdigit() or int(progress) > 100:
        errors.append(("progress", _("“%(value)s” is not a whole number from 0 to 100.")
                       % {"value": progress}))
    else:
        fields["progress"] = int(progress)
    return project, fields, errors


def import_csv(data: bytes, *, acting_user) -> ImportReport:
    """Apply each valid line; report the bad ones by line and column."""
    text = _decode(data)
    reader = csv.reader(io.StringIO(text, newline=""))
    header = next(reader, None)
    if header is None or [name.strip() for name in header] != COLUMNS:
        raise ValidationError(_("Line 1 must name the columns: %(columns)s.")
                              % {"columns": ",".join(COLUMNS)})
    projects = {project.pk: project for project in Project.objects.visible_to(acting_user)}
    report = ImportReport()
    for values in reader:
        line = reader.line_num
        if not any(value.strip() for value in values):
            continue
        if len(values) != len(COLUMNS):
            report.errors.append((line, "", _("%(found)d values where %(expected)d columns are "
                                              "expected.")
                                  % {"found": len(values), "expected": len(COLUMNS)}))
            continue
        project, fields, errors = _parse_line(dict(zip(COLUMNS, values, strict=True)), projects)
        if errors:
            report.errors.extend((line, column, message) for column, message in errors)
            continue
        current = {name: getattr(project, name) for name in fields}
        if current == fields:
            report.unchanged += 1
            continue
        try:
            projects[project.pk] = do_update_project(project, acting_user=acting_user, **fields)
        except (ValidationError, PermissionDenied) as error:
            messages = error.messages if isinstance(error, ValidationError) else [str(error)]
            report.errors.extend((line, "", message) for message in messages)
        else:
            report.changed += 1
    return report
