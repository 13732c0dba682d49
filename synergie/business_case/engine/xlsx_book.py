"""The shared machinery of the XLSX export: a workbook being written with the engine's value for
each formula cell, and where each sheet keeps the figures other sheets refer to."""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass, field

from openpyxl import Workbook
from openpyxl.cell.cell import Cell
from openpyxl.styles import Font
from openpyxl.utils import get_column_letter
from openpyxl.worksheet.worksheet import Worksheet

from synergie.business_case.engine.compute import BusinessCaseResult

MONEY = "#,##0.00"
RATE = "0.00%"
SHARE = "0.0000"
FACTOR = "0.000000"
INTEGER = "0"
BOLD = Font(bold=True)
FIRST_YEAR_COLUMN = 3  # A: label, B: symbol, C..: years
NEVER = "never"


def column(index: int) -> str:
    return get_column_letter(index)


def write_text(sheet: Worksheet, row: int, col: int, text: object) -> Cell:
    """A label or a name as plain text, even if it starts with "=": names come from users, and
    a member called "=HYPERLINK(...)" must not become a formula."""
    cell = sheet.cell(row, col, text)
    if cell.data_type == "f":
        cell.data_type = "s"
    return cell


def quoted(sheet: Worksheet) -> str:
    return "'" + sheet.title.replace("'", "''") + "'"


@dataclass
class Book:
    """A workbook being written, with the engine's value for each formula cell."""

    result: BusinessCaseResult
    translate: Callable[[str], str]
    # The calendar year of year index 0: a reader sees 2027, 2028… where the engine counts 0, 1…
    first_year: int = 0
    workbook: Workbook = field(default_factory=Workbook)
    expected: dict[tuple[str, str], float | int | str] = field(default_factory=dict)

    @property
    def horizon(self) -> int:
        return self.result.inputs.horizon

    def year_column(self, year: int) -> str:
        return column(FIRST_YEAR_COLUMN + year)

    @property
    def present_value_column(self) -> int:
        return FIRST_YEAR_COLUMN + self.horizon

    def years_span(self, row: int, sheet: Worksheet | None = None, absolute: bool = False) -> str:
        dollar = "$" if absolute else ""
        first, last = self.year_column(0), self.year_column(self.horizon - 1)
        span = f"{dollar}{first}{dollar}{row}:{dollar}{last}{dollar}{row}"
        return f"{quoted(sheet)}!{span}" if sheet is not None else span

    def literal(self, text: str) -> str:
        """A translated word as a string inside a formula: "never", "jamais"."""
        return '"' + self.translate(text).replace('"', '""') + '"'

    def text(self, sheet: Worksheet, row: int, col: int, text: str, bold: bool = False) -> None:
        cell = write_text(sheet, row, col, self.translate(text))
        if bold:
            cell.font = BOLD

    def label(self, sheet: Worksheet, row: int, text: str, symbol: str = "",
              bold: bool = False) -> None:
        """Column A's label (translated) and column B's symbol."""
        self.text(sheet, row, 1, text, bold)
        if symbol:
            write_text(sheet, row, 2, symbol)

    def name(self, sheet: Worksheet, row: int, name: str, symbol: str = "") -> None:
        """A member's name or id in column A, as the user wrote it (never translated)."""
        write_text(sheet, row, 1, name)
        if symbol:
            write_text(sheet, row, 2, symbol)

    def formula(self, sheet: Worksheet, row: int, col: int, formula: str,
                expected: float | int | str | None, number_format: str = MONEY) -> None:
        cell = sheet.cell(row, col, formula)
        cell.number_format = number_format
        self.expected[(sheet.title, cell.coordinate)] = (self.translate(NEVER) if expected is None
                                                          else expected)

    def yearly(self, sheet: Worksheet, row: int, formula: Callable[[int, str], str],
               expected: tuple[float, ...], number_format: str = MONEY) -> None:
        """One formula per year column; ``formula(year, column_letter)``."""
        for year in range(self.horizon):
            self.formula(sheet, row, FIRST_YEAR_COLUMN + year,
                         formula(year, self.year_column(year)), expected[year], number_format)

    def present_value(self, sheet: Worksheet, row: int, factors_row: int, expected: float) -> None:
        """Σ_t C_t · 1/(1+r)^t in the column after the years."""
        factors = self.years_span(factors_row, absolute=True)
        self.formula(sheet, row, self.present_value_column,
                     f"=SUMPRODUCT({self.years_span(row)},{factors})", expected)


@dataclass
class InputCells:
    """Where the Inputs sheet keeps each input."""

    year_row: int
    shared_one_off_row: int
    shared_recurring_row: int
    overhead_row: int
    change_support_row: int
    first_member_row: int
    one_off_rows: dict[str, int]
    recurring_rows: dict[str, int]


@dataclass
class CashFlowRows:
    """Rows of the "Cash flows" sheet that other sheets refer to (values in column C or in
    the present-value column)."""

    calendar_years: int = 0
    years: int = 0
    factors: int = 0
    separate_total: int = 0
    pooled_total: int = 0
    component_rows: dict[str, int] = field(default_factory=dict)
    results: dict[str, int] = field(default_factory=dict)
