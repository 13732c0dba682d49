"""Reading an institution's multi-year plan from CSV or XLSX: one line per need.

`read_plan` never writes: it returns every line's values or its errors by column, in the
reader's language, for the preview. `import_plan` (actions) reads the same stored file again
and files every need in one transaction, or none.
"""

import csv
import io
import re
import zipfile
from dataclasses import dataclass, field
from datetime import date, datetime
from decimal import Decimal, InvalidOperation

from django.utils import translation
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from synergie.kernel.text import fold
from synergie.needs.actions import CostLine
from synergie.needs.models import MAX_HORIZON_YEARS, Confidentiality, Language
from synergie.reference.models import BusinessDomain, CpvCode

MAX_BYTES = 10 * 1024 * 1024
MAX_LINES = 500
MAX_AMOUNT = Decimal("9999999999.99")
TEMPLATE_LANGUAGES = ("fr", "nl", "en")


@dataclass(frozen=True)
class Column:
    key: str
    label: object  # lazy: the header in the reader's language
    required: bool = False


COLUMNS = (
    Column("title", gettext_lazy("Title"), required=True),
    Column("description", gettext_lazy("Description")),
    Column("language", gettext_lazy("Language (fr, nl, en)")),
    Column("domain", gettext_lazy("Business domain (code)"), required=True),
    Column("cpv", gettext_lazy("CPV code")),
    Column("desired_start", gettext_lazy("Desired start (YYYY-MM-DD)"), required=True),
    Column("deadline", gettext_lazy("Deadline (YYYY-MM-DD)")),
    Column("legal_deadline", gettext_lazy("Legal deadline (yes/no)")),
    Column("confidentiality", gettext_lazy("Confidentiality (institution, regional, public)")),
    Column("year", gettext_lazy("First budget year"), required=True),
    Column("one_off", gettext_lazy("One-off cost (EUR)")),
    Column("recurring", gettext_lazy("Recurring cost per year (EUR)")),
    Column("recurring_years", gettext_lazy("Years of recurring cost")),
)
COLUMNS_BY_KEY = {column.key: column for column in COLUMNS}
YES = {"yes", "y", "oui", "o", "ja", "j", "1", "true", "vrai", "waar", "x"}
NO = {"no", "n", "non", "nee", "0", "false", "faux", "onwaar", ""}


def headers(language: str) -> list[str]:
    with translation.override(language):
        return [str(column.label) for column in COLUMNS]


def _header_keys() -> dict[str, str]:
    """Folded header text (in any of the three languages, or the key itself) -> column key."""
    keys = {}
    for language in TEMPLATE_LANGUAGES:
        for column, text in zip(COLUMNS, headers(language), strict=True):
            keys[fold(text).strip()] = column.key
            keys[fold(text).split("(")[0].strip()] = column.key
    for column in COLUMNS:
        keys[column.key] = column.key
    return keys


@dataclass
class LineError:
    column: str  # the column's header in the reader's language ("" for the whole line)
    message: str


@dataclass
class PlanLine:
    number: int  # as a spreadsheet numbers it: the header is line 1
    values: dict = field(default_factory=dict)  # raw text per column key
    fields: dict = field(default_factory=dict)  # for needs.actions.do_create_need
    costs: list = field(default_factory=list)
    errors: list = field(default_factory=list)

    @property
    def title(self) -> str:
        return self.fields.get("title") or self.values.get("title", "")

    @property
    def total(self) -> Decimal:
        return sum((line.one_off + line.recurring for line in self.costs), Decimal("0"))


@dataclass
class PlanReading:
    lines: list = field(default_factory=list)
    errors: list = field(default_factory=list)  # about the whole file

    @property
    def is_valid(self) -> bool:
        return not self.errors and bool(self.lines) and not any(
            line.errors for line in self.lines)

    @property
    def error_count(self) -> int:
        return len(self.errors) + sum(len(line.errors) for line in self.lines)


class PlanFileError(Exception):
    """The file as a whole cannot be read (its type, size, encoding, headers)."""


def check_upload(name: str, size: int) -> None:
    if size > MAX_BYTES:
        raise PlanFileError(_("The file is larger than 10 MB."))
    if not name.lower().endswith((".csv", ".xlsx")):
        raise PlanFileError(_("Upload a CSV or XLSX file (.csv or .xlsx)."))


def _rows(name: str, content: bytes) -> list[list]:
    if name.lower().endswith(".xlsx"):
        if not zipfile.is_zipfile(io.BytesIO(content)):
            raise PlanFileError(_("This file is not an XLSX workbook."))
        import openpyxl

        try:
            workbook = openpyxl.load_workbook(io.BytesIO(content), read_only=True,
                                              data_only=True)
        except Exception as error:  # openpyxl raises many kinds on a damaged file
            raise PlanFileError(_("This XLSX workbook cannot be read.")) from error
        try:
            sheet = workbook.worksheets[0]
            rows = []
            for row in sheet.iter_rows(values_only=True):
                rows.append(list(row))
                if len(rows) > MAX_LINES + 2:
                    break
            return rows
        finally:
            workbook.close()
    if content[:2] == b"PK" or b"\x00" in content[:4096]:
        raise PlanFileError(_("This file is not a CSV text file."))
    for encoding in ("utf-8-sig", "cp1252"):
        try:
            text = content.decode(encoding)
            break
        except UnicodeDecodeError:
            continue
    first = text.split("\n", 1)[0]
    delimiter = ";" if first.count(";") >= first.count(",") else ","
    if first.count("\t") > max(first.count(";"), first.count(",")):
        delimiter = "\t"
    try:
        return list(csv.reader(io.StringIO(text), delimiter=delimiter))
    except csv.Error as error:
        raise PlanFileError(_("This CSV file cannot be read: %(error)s") % {
            "error": error}) from error


def _text(value) -> str:
    if value is None:
        return ""
    if isinstance(value, datetime):
        return value.date().isoformat()
    if isinstance(value, date):
        return value.isoformat()
    if isinstance(value, float) and value.is_integer():
        return str(int(value))
    return str(value).strip()


_THOUSANDS_DOT = re.compile(r"^-?\d{1,3}(\.\d{3})+$")


def parse_amount(text: str) -> Decimal:
    """An amount as Belgians type it ("12 500,50", "12.500,50") or as a spreadsheet stores it
    ("12500.5"). Raises ValueError."""
    cleaned = re.sub(r"[\s\u00a0\u202f']", "", text).replace("€", "").replace("EUR", "")
    if "," in cleaned and "." in cleaned:
        if cleaned.rfind(",") > cleaned.rfind("."):
            cleaned = cleaned.replace(".", "").replace(",", ".")
        else:
            cleaned = cleaned.replace(",", "")
    elif "," in cleaned:
        if cleaned.count(",") > 1:
            raise ValueError(text)
        cleaned = cleaned.replace(",", ".")
    elif _THOUSANDS_DOT.match(cleaned):
        cleaned = cleaned.replace(".", "")
    try:
        amount = Decimal(cleaned)
    except InvalidOperation as error:
        raise ValueError(text) from error
    if not amount.is_finite():
        raise ValueError(text)
    return amount


_DATE_FORMATS = ("%Y-%m-%d", "%d/%m/%Y", "%d-%m-%Y", "%d.%m.%Y")


def parse_date(text: str) -> date:
    for fmt in _DATE_FORMATS:
        try:
            return datetime.strptime(text.split(" ")[0] if fmt == "%Y-%m-%d" else text,
                                     fmt).date()
        except ValueError:
            continue
    raise ValueError(text)


def _read_line(line: PlanLine, domains: dict, cpv_codes: dict, default_language: str) -> None:
    values = line.values

    def error(key, message):
        line.errors.append(LineError(str(COLUMNS_BY_KEY[key].label), message))

    for column in COLUMNS:
        if column.required and not values.get(column.key):
            error(column.key, _("This column is required."))
    fields = line.fields
    fields["title"] = values.get("title", "")
    if len(fields["title"]) > 200:
        error("title", _("At most 200 characters."))
    fields["description"] = values.get("description", "")
    language = fold(values.get("language", "")) or default_language
    if language not in Language.values:
        error("language", _("Write fr, nl or en."))
    fields["language"] = language
    if values.get("domain"):
        domain = domains.get(fold(values["domain"]))
        if domain is None:
            error("domain", _("Unknown business domain code “%(code)s”.") % {
                "code": values["domain"]})
        fields["domain"] = domain
    if values.get("cpv"):
        digits = re.sub(r"\D", "", values["cpv"].split("-")[0])
        if len(digits) != 8:
            error("cpv", _("A CPV code has 8 digits."))
        elif digits not in cpv_codes:
            error("cpv", _("Unknown CPV code “%(code)s”.") % {"code": values["cpv"]})
        else:
            fields["cpv_code"] = cpv_codes[digits]
    for key in ("desired_start", "deadline"):
        if values.get(key):
            try:
                fields[key] = parse_date(values[key])
            except ValueError:
                error(key, _("“%(value)s” is not a date: write it as 2027-01-31 or "
                             "31/01/2027.") % {"value": values[key]})
    if fields.get("deadline") and fields.get("desired_start") and \
            fields["deadline"] < fields["desired_start"]:
        error("deadline", _("The deadline cannot be before the desired start."))
    legal = fold(values.get("legal_deadline", ""))
    if legal not in YES | NO:
        error("legal_deadline", _("Write yes or no."))
    fields["deadline_is_legal"] = legal in YES
    confidentiality = fold(values.get("confidentiality", "")) or Confidentiality.REGIONAL
    if confidentiality not in Confidentiality.values:
        error("confidentiality", _("Write institution, regional or public."))
    fields["confidentiality"] = confidentiality

    year = None
    if values.get("year"):
        try:
            year = int(values["year"])
            if not 2000 <= year <= 2100:
                raise ValueError
        except ValueError:
            error("year", _("“%(value)s” is not a year.") % {"value": values["year"]})
            year = None
    amounts = {}
    for key in ("one_off", "recurring"):
        try:
            amounts[key] = parse_amount(values[key]) if values.get(key) else Decimal("0")
        except ValueError:
            error(key, _("“%(value)s” is not an amount: write it as 12500,50 or "
                         "12 500,50.") % {"value": values[key]})
            amounts[key] = Decimal("0")
            continue
        if amounts[key] < 0:
            error(key, _("A cost cannot be negative."))
        elif amounts[key] > MAX_AMOUNT:
            error(key, _("This amount is too large."))
    recurring_years = 1
    if values.get("recurring_years"):
        try:
            recurring_years = int(values["recurring_years"])
            if not 1 <= recurring_years <= MAX_HORIZON_YEARS:
                raise ValueError
        except ValueError:
            error("recurring_years", _("Write a number of years from 1 to %(max)d.") % {
                "max": MAX_HORIZON_YEARS})
            recurring_years = 1
    if year is not None and not line.errors:
        years = range(year, year + (recurring_years if amounts["recurring"] else 1))
        line.costs = [CostLine(y, one_off=amounts["one_off"] if y == year else Decimal("0"),
                               recurring=amounts["recurring"]) for y in years]


def read_plan(name: str, content: bytes, *, default_language: str = "fr") -> PlanReading:
    """Every line of the plan with its values or its errors; nothing written."""
    reading = PlanReading()
    try:
        check_upload(name, len(content))
        rows = _rows(name, content)
    except PlanFileError as error:
        reading.errors.append(str(error))
        return reading
    rows = [row for row in rows if any(_text(value) for value in row)] if rows else []
    if not rows:
        reading.errors.append(_("The file is empty: it needs the header line and a line per "
                                "need."))
        return reading
    known = _header_keys()
    keys = []
    for position, header in enumerate(rows[0], start=1):
        text = fold(_text(header)).strip()
        key = known.get(text) or known.get(text.split("(")[0].strip())
        if text and key is None:
            reading.errors.append(_("Column %(number)d: unknown header “%(header)s”.") % {
                "number": position, "header": _text(header)})
        keys.append(key)
    missing = [str(COLUMNS_BY_KEY[c.key].label) for c in COLUMNS
               if c.required and c.key not in keys]
    if missing:
        reading.errors.append(_("Missing columns: %(columns)s.") % {
            "columns": ", ".join(missing)})
    if reading.errors:
        return reading
    data = rows[1:]
    if not data:
        reading.errors.append(_("The file has a header but no need."))
        return reading
    if len(data) > MAX_LINES:
        reading.errors.append(_("Too many lines: at most %(max)d needs per file.") % {
            "max": MAX_LINES})
        return reading
    domains = {fold(d.code): d for d in BusinessDomain.objects.all()}
    wanted = {re.sub(r"\D", "", _text(row[keys.index("cpv")]).split("-")[0])
              for row in data if "cpv" in keys and keys.index("cpv") < len(row)}
    cpv_codes = {c.code: c for c in CpvCode.objects.filter(code__in=wanted)}
    # Line numbers as in the file (blank lines skipped above are rare; count from the data).
    for number, row in enumerate(data, start=2):
        line = PlanLine(number=number)
        for key, value in zip(keys, row, strict=False):
            if key:
                line.values[key] = _text(value)
        _read_line(line, domains, cpv_codes, default_language)
        reading.lines.append(line)
    return reading


def template_csv(language: str) -> bytes:
    out = io.StringIO()
    csv.writer(out, delimiter=";").writerow(headers(language))
    return out.getvalue().encode("utf-8-sig")


def template_xlsx(language: str) -> bytes:
    import openpyxl
    from openpyxl.styles import Font

    workbook = openpyxl.Workbook()
    sheet = workbook.active
    with translation.override(language):
        sheet.title = _("Plan")[:31]
        sheet.append(headers(language))
        for cell in sheet[1]:
            cell.font = Font(bold=True)
            sheet.column_dimensions[cell.column_letter].width = max(14, len(cell.value) + 2)
        codes = workbook.create_sheet(_("Business domains")[:31])
        codes.append([_("Code"), _("Business domain")])
        for domain in BusinessDomain.objects.order_by("code"):
            codes.append([domain.code, domain.name])
    out = io.BytesIO()
    workbook.save(out)
    return out.getvalue()
