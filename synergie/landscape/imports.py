"""Importing an institution's applications from a CSV or XLSX file.

Each line stands alone: a line with an error is reported (by line and column, as a
spreadsheet shows them) and nothing of it is written; the good lines are recorded. A line
naming an application the institution already has (same name, any case) changes that
application instead of adding a second one, so a corrected file can be imported again.
"""

import csv
import io
from dataclasses import asdict, dataclass, field
from datetime import date, datetime
from decimal import Decimal, InvalidOperation

from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.utils.translation import gettext as _

from synergie.kernel.text import strip_unwanted_characters
from synergie.landscape import actions, permissions
from synergie.landscape.models import Application, Hosting
from synergie.reference.models import Capability

# The columns of the template, in its order; only the first two are required.
COLUMNS = ["name", "product", "vendor", "capabilities", "contract_end", "yearly_cost", "users",
           "hosting", "notes"]
REQUIRED = ("name", "product")
DATE_FORMATS = ("%Y-%m-%d", "%d/%m/%Y", "%d.%m.%Y", "%d-%m-%Y")
MAX_LINES = 5000


@dataclass(frozen=True)
class LineError:
    line: int
    column: str  # the spreadsheet's letter, "" for the whole line or file
    field: str  # the column's heading
    message: str

    def __str__(self) -> str:
        if self.column:
            return _("Line %(line)d, column %(column)s (%(field)s): %(message)s") % asdict(self)
        return _("Line %(line)d: %(message)s") % asdict(self)


@dataclass
class ImportResult:
    created: int = 0
    changed: int = 0
    unchanged: int = 0  # lines naming an application recorded exactly so already
    errors: list[LineError] = field(default_factory=list)

    def as_dict(self) -> dict:
        return {"created": self.created, "changed": self.changed, "unchanged": self.unchanged,
                "errors": [{**asdict(error), "text": str(error)} for error in self.errors]}


class ImportFileError(ValueError):
    """The file as a whole cannot be read (format, headings)."""


def column_letter(index: int) -> str:
    """0 -> A, 25 -> Z, 26 -> AA."""
    letters = ""
    index += 1
    while index:
        index, remainder = divmod(index - 1, 26)
        letters = chr(ord("A") + remainder) + letters
    return letters


def read_rows(content: bytes, filename: str) -> list[tuple[int, list]]:
    """(line number, cells) of every line of the file, headings first."""
    if filename.lower().endswith(".xlsx"):
        return _xlsx_rows(content)
    if filename.lower().endswith(".csv"):
        return _csv_rows(content)
    raise ImportFileError(_("Send a .csv or .xlsx file."))


def _csv_rows(content: bytes) -> list[tuple[int, list]]:
    try:
        text = content.decode("utf-8-sig")
    except UnicodeDecodeError:
        raise ImportFileError(_("The CSV file is not in UTF-8: save it again as “CSV UTF-8”.")) \
            from None
    first_line = text.split("\n", 1)[0]
    # A spreadsheet set to French or Dutch separates with semicolons.
    delimiter = ";" if first_line.count(";") > first_line.count(",") else ","
    reader = csv.reader(io.StringIO(text, newline=""), delimiter=delimiter)
    rows = []
    for cells in reader:
        rows.append((reader.line_num, cells))
    return rows


def _xlsx_rows(content: bytes) -> list[tuple[int, list]]:
    from openpyxl import load_workbook

    try:
        workbook = load_workbook(io.BytesIO(content), read_only=True, data_only=True)
    except Exception:  # openpyxl raises many kinds for a file that is not a workbook
        raise ImportFileError(_("The file is not a readable XLSX workbook.")) from None
    try:
        sheet = workbook.worksheets[0]
        return [(number, list(cells))
                for number, cells in enumerate(sheet.iter_rows(values_only=True), 1)]
    finally:
        workbook.close()


def _heading(value) -> str:
    return str(value or "").strip().lower().replace(" ", "_").replace("-", "_")


def _text(value) -> str:
    if value is None:
        return ""
    if isinstance(value, float) and value.is_integer():
        value = int(value)
    return strip_unwanted_characters(str(value)).strip()


def _date(value) -> date | None:
    if value in (None, ""):
        return None
    if isinstance(value, datetime):
        return value.date()
    if isinstance(value, date):
        return value
    text = _text(value)
    for pattern in DATE_FORMATS:
        try:
            return datetime.strptime(text, pattern).date()
        except ValueError:
            continue
    raise ValueError(_("“%(value)s” is not a date: write it as 2027-12-31 or 31/12/2027.")
                     % {"value": text})


def _amount(value) -> Decimal | None:
    if value in (None, ""):
        return None
    text = _text(value).replace("\u00a0", "").replace(" ", "").replace("€", "")
    if "," in text and "." not in text:
        text = text.replace(",", ".")  # 1250,50 written the French or Dutch way
    try:
        amount = Decimal(text)
    except InvalidOperation:
        raise ValueError(_("“%(value)s” is not an amount in euros.") % {"value": _text(value)}) \
            from None
    if amount < 0:
        raise ValueError(_("An amount cannot be negative."))
    return amount


def _count(value) -> int | None:
    if value in (None, ""):
        return None
    text = _text(value)
    if not text.isdigit():
        raise ValueError(_("“%(value)s” is not a whole number of users.") % {"value": text})
    return int(text)


def _hosting(value) -> str:
    text = _text(value)
    if not text:
        return ""
    by_label = {str(label).lower(): code for code, label in Hosting.choices}
    code = text if text in Hosting.values else by_label.get(text.lower())
    if code is None:
        raise ValueError(_("“%(value)s” is not a kind of hosting; use one of: %(codes)s.")
                         % {"value": text, "codes": ", ".join(Hosting.values)})
    return code


class _Capabilities:
    def __init__(self):
        self.by_code = {capability.code.lower(): capability
                        for capability in Capability.objects.all()}

    def __call__(self, value) -> list[Capability]:
        codes = [code.strip() for code in _text(value).replace(",", ";").split(";")
                 if code.strip()]
        unknown = [code for code in codes if code.lower() not in self.by_code]
        if unknown:
            raise ValueError(_("Unknown capability code: %(codes)s (the template's "
                               "“capabilities” sheet lists them).")
                             % {"codes": ", ".join(unknown)})
        return [self.by_code[code.lower()] for code in codes]


def import_applications(content: bytes, filename: str, *, institution,
                        acting_user) -> ImportResult:
    """Record the file's applications for `institution`; see the module's docstring."""
    if not permissions.can_record_for(acting_user, institution):
        raise PermissionDenied(_("You may record applications only for your own institution."))
    rows = read_rows(content, filename)
    rows = [(number, cells) for number, cells in rows if any(_text(cell) for cell in cells)]
    if not rows:
        raise ImportFileError(_("The file is empty."))
    header_line, header = rows[0]
    headings = [_heading(cell) for cell in header]
    unknown = [(index, cell) for index, (cell, name) in enumerate(zip(header, headings,
                                                                       strict=True))
               if name and name not in COLUMNS]
    result = ImportResult()
    for index, cell in unknown:
        result.errors.append(LineError(header_line, column_letter(index), _text(cell),
                                       _("Unknown column; the columns are: %(columns)s.")
                                       % {"columns": ", ".join(COLUMNS)}))
    missing = [name for name in REQUIRED if name not in headings]
    if missing:
        result.errors.append(LineError(header_line, "", "", _("Missing column: %(columns)s.")
                                       % {"columns": ", ".join(missing)}))
    if result.errors:
        return result
    if len(rows) - 1 > MAX_LINES:
        raise ImportFileError(_("At most %(count)d lines at a time; split the file.")
                              % {"count": MAX_LINES})
    parsers = {"contract_end": _date, "yearly_cost": _amount, "users": _count,
               "hosting": _hosting, "capabilities": _Capabilities()}
    position = {name: index for index, name in enumerate(headings) if name}
    existing = {application.name.lower(): application
                for application in Application.objects.filter(institution=institution)}
    for number, cells in rows[1:]:
        _import_line(number, cells, position, parsers, existing, institution, acting_user,
                     result)
    return result


def _import_line(number, cells, position, parsers, existing, institution, acting_user,
                 result: ImportResult) -> None:
    fields, errors = {}, []
    for name, index in position.items():
        value = cells[index] if index < len(cells) else None
        try:
            fields[name] = parsers[name](value) if name in parsers else _text(value)
        except ValueError as error:
            errors.append(LineError(number, column_letter(index), name, str(error)))
    for name in REQUIRED:
        if name in fields and not fields[name]:
            errors.append(LineError(number, column_letter(position[name]), name,
                                    _("This column is required.")))
    if errors:
        # In the order of the columns, as the eye reads the line.
        result.errors.extend(sorted(errors, key=lambda error: (len(error.column),
                                                               error.column)))
        return
    current = existing.get(fields["name"].lower())
    try:
        with transaction.atomic():
            if current is None:
                existing[fields["name"].lower()] = actions.do_record_application(
                    acting_user=acting_user, institution=institution, **fields)
                result.created += 1
            else:
                before = actions.application_state(current)
                current = actions.do_change_application(current, acting_user=acting_user,
                                                        **fields)
                existing[fields["name"].lower()] = current
                if before == actions.application_state(current):
                    result.unchanged += 1
                else:
                    result.changed += 1
    except ValidationError as error:
        for name, messages in error.message_dict.items():
            index = position.get(name)
            for message in messages:
                result.errors.append(LineError(
                    number, column_letter(index) if index is not None else "",
                    name if index is not None else "", message))


def template_xlsx() -> bytes:
    """The import template: the headings on the first sheet, the capability codes and the
    kinds of hosting on the next ones."""
    from openpyxl import Workbook

    workbook = Workbook()
    sheet = workbook.active
    sheet.title = "applications"
    sheet.append(COLUMNS)
    capabilities = workbook.create_sheet("capabilities")
    capabilities.append(["code", "name_fr", "name_nl", "name_en"])
    for capability in Capability.objects.order_by("position", "code"):
        capabilities.append([capability.code, capability.name_fr, capability.name_nl,
                             capability.name_en])
    hosting = workbook.create_sheet("hosting")
    hosting.append(["code", "label"])
    for code, label in Hosting.choices:
        hosting.append([code, str(label)])
    buffer = io.BytesIO()
    workbook.save(buffer)
    return buffer.getvalue()


def template_csv() -> bytes:
    return ("\ufeff" + ",".join(COLUMNS) + "\r\n").encode("utf-8")
