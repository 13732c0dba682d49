"""The business case as a workbook whose every derived figure is a live formula on its inputs.

Sheets: "Inputs" (every input in a labelled cell, nothing derived), "Cash flows" (yearly flows,
discounting, present values, payback, the split between members), "Sensitivity" and
"Break-even". Change an input in a spreadsheet program and every figure follows.

    data = business_case_xlsx(result)           # bytes of an .xlsx file

``build_workbook`` also returns the engine's value for every formula cell, which the tests
compare with the workbook's own evaluation, to the cent.
"""

from __future__ import annotations

import io
from collections.abc import Callable

from openpyxl.workbook.defined_name import DefinedName
from openpyxl.worksheet.datavalidation import DataValidation
from openpyxl.worksheet.worksheet import Worksheet

from synergie.business_case.engine.compute import BusinessCaseResult
from synergie.business_case.engine.label import is_positive
from synergie.business_case.engine.model import HALF_CENT, SplitKey
from synergie.business_case.engine.xlsx_analysis import write_break_even, write_sensitivity
from synergie.business_case.engine.xlsx_book import (
    BOLD,
    FACTOR,
    FIRST_YEAR_COLUMN,
    INTEGER,
    MONEY,
    NEVER,
    RATE,
    SHARE,
    Book,
    CashFlowRows,
    InputCells,
    column,
    quoted,
    write_text,
)


def write_inputs(book: Book) -> tuple[Worksheet, InputCells]:
    inputs = book.result.inputs
    sheet = book.workbook.active
    sheet.title = book.translate("Inputs")
    book.text(sheet, 1, 1, "Regional business case: inputs", bold=True)
    book.text(sheet, 2, 1, "Amounts in EUR, costs as positive amounts; the first year is not "
                           "discounted, the year t years after it is divided by (1 + rate)^t.")
    scalars = [
        ("horizon", "Horizon (years)", inputs.horizon, INTEGER),
        ("discount_rate", "Discount rate", inputs.discount_rate, RATE),
        ("split_key", "Split key (" + ", ".join(k.value for k in SplitKey) + ")",
         inputs.split_key.value, "@"),
        ("onboarding_cost", "Onboarding cost per member (one-off, in its joining year)",
         inputs.pooled.onboarding_per_member, MONEY),
        ("variation", "Sensitivity variation (each driver lowered and raised by)",
         inputs.sensitivity_variation, RATE),
        ("first_year", "First year of the horizon", book.first_year, INTEGER),
    ]
    for row, (name, text, value, number_format) in enumerate(scalars, start=4):
        book.label(sheet, row, text)
        sheet.cell(row, 2, value).number_format = number_format
        book.workbook.defined_names[name] = DefinedName(name, attr_text=f"{quoted(sheet)}!$B${row}")
    keys = DataValidation(type="list", formula1='"' + ",".join(k.value for k in SplitKey) + '"')
    sheet.add_data_validation(keys)
    keys.add("B6")

    def year_header(row: int, text: str, calendar: bool = True) -> None:
        book.label(sheet, row, text, bold=True)
        for year in range(book.horizon):
            heading = book.first_year + year if calendar else year
            sheet.cell(row, FIRST_YEAR_COLUMN + year, heading).font = BOLD

    def amounts_row(row: int, text: str, symbol: str, values: tuple[float, ...],
                    translated: bool = True) -> None:
        (book.label if translated else book.name)(sheet, row, text, symbol)
        for year in range(book.horizon):
            value = values[year] if year < len(values) else 0.0
            sheet.cell(row, FIRST_YEAR_COLUMN + year, value).number_format = MONEY

    pooled = inputs.pooled
    year_header(10, "Pooled scenario, by year")
    amounts_row(11, "Shared one-off cost", "S_t", pooled.shared_one_off)
    amounts_row(12, "Shared recurring cost", "R_t", pooled.shared_recurring)
    amounts_row(13, "Orchestrator overhead", "O_t", pooled.orchestrator_overhead)
    year_header(15, "Years since a member joins, k", calendar=False)
    # Padded with zeros to the horizon, so that INDEX finds an amount for every year.
    amounts_row(16, "Change support per member", "C_k", pooled.change_support_per_member)
    book.workbook.defined_names["change_support"] = DefinedName(
        "change_support", attr_text=book.years_span(16, sheet, absolute=True))

    headers = ["Member id", "Name", "Population", "Users", "Declared usage", "Joins in year"]
    for col, text in enumerate(headers, start=1):
        book.text(sheet, 18, col, text, bold=True)
    first_member_row = 19
    for row, member in enumerate(inputs.members, start=first_member_row):
        values = [member.id, member.name, member.population, member.users,
                  member.declared_usage, book.first_year + member.joins_in_year]
        for col, value in enumerate(values, start=1):
            write_text(sheet, row, col, value)

    row = first_member_row + len(inputs.members) + 1
    blocks: dict[str, dict[str, int]] = {}
    for attribute, title, symbol in (
            ("separate_one_off", "Separate scenario: one-off cost of each member alone", "a_i,t"),
            ("separate_recurring", "Separate scenario: recurring cost of each member alone",
             "b_i,t")):
        year_header(row, title)
        blocks[attribute] = {}
        for offset, member in enumerate(inputs.members, start=1):
            amounts_row(row + offset, member.id, symbol, getattr(member, attribute),
                        translated=False)
            blocks[attribute][member.id] = row + offset
        row += len(inputs.members) + 2
    sheet.column_dimensions["A"].width = 58
    sheet.column_dimensions["B"].width = 14
    for year in range(book.horizon):
        sheet.column_dimensions[book.year_column(year)].width = 14
    return sheet, InputCells(
        year_row=10, shared_one_off_row=11, shared_recurring_row=12, overhead_row=13,
        change_support_row=16, first_member_row=first_member_row,
        one_off_rows=blocks["separate_one_off"], recurring_rows=blocks["separate_recurring"])


def write_cash_flows(book: Book, inputs_sheet: Worksheet,
                     cells: InputCells) -> tuple[Worksheet, CashFlowRows]:
    result = book.result
    members, flows, components = result.inputs.members, result.flows, result.pooled_components
    sheet = book.workbook.create_sheet(book.translate("Cash flows"))
    inputs = quoted(inputs_sheet)
    rows = CashFlowRows()
    book.text(sheet, 1, 1, "Regional business case: cash flows", bold=True)
    book.text(sheet, 2, 1, "Every figure is a formula on the Inputs sheet. Costs are positive; "
                           "year t is discounted by (1 + rate)^t, year 0 not at all.")
    # The results come first for the reader; their formulas are written once the rows exist.
    rows.results = {name: 5 + offset for offset, name in enumerate(
        ("separate", "pooled", "gain", "payback", "label"))}
    book.label(sheet, 4, "Results", bold=True)

    row = 11
    rows.calendar_years, rows.years, rows.factors = row - 1, row, row + 1
    book.label(sheet, row - 1, "Year", bold=True)
    book.yearly(sheet, row - 1, lambda t, c: f"=first_year+{c}{row}",
                tuple(book.first_year + t for t in range(book.horizon)), INTEGER)
    book.label(sheet, row, "Years since the first year", "t", bold=True)
    book.yearly(sheet, row, lambda t, c: "=0" if t == 0 else f"={book.year_column(t - 1)}{row}+1",
                tuple(range(book.horizon)), INTEGER)
    book.text(sheet, row, book.present_value_column, "Present value", bold=True)
    book.label(sheet, row + 1, "Discount factor 1 / (1 + r)^t", "D_t")
    book.yearly(sheet, row + 1, lambda t, c: f"=1/(1+discount_rate)^{c}${rows.years}",
                flows.discount_factors, FACTOR)

    def member_rows(first: int, title: str, symbol: str, formula: Callable[..., str],
                    expected: Callable, with_present_value: bool = False) -> dict[str, int]:
        book.label(sheet, first, title, bold=True)
        placed = {}
        for offset, (member, share) in enumerate(zip(members, result.members), start=1):
            placed[member.id] = first + offset
            book.name(sheet, first + offset, member.name, symbol)
            book.yearly(sheet, first + offset,
                        lambda t, c, m=member: formula(m, c), expected(share))
            if with_present_value:
                book.present_value(sheet, first + offset, rows.factors,
                                   share.separate_present_value)
        return placed

    def member_row_of(member) -> int:
        return cells.first_member_row + members.index(member)

    def total_row(at: int, text: str, symbol: str, block: dict[str, int],
                  expected: tuple[float, ...], present_value: float | None = None) -> None:
        first, last = min(block.values()), max(block.values())
        book.label(sheet, at, text, symbol, bold=True)
        book.yearly(sheet, at, lambda t, c: f"=SUM({c}{first}:{c}{last})", expected)
        if present_value is not None:
            book.present_value(sheet, at, rows.factors, present_value)

    def discounted_rows(at: int, source: int, scenario) -> None:
        book.label(sheet, at, "Discounted: cost / (1 + r)^t")
        book.yearly(sheet, at, lambda t, c: f"={c}{source}/(1+discount_rate)^{c}${rows.years}",
                    scenario.discounted)
        book.label(sheet, at + 1, "Cumulative discounted cost")
        first = book.year_column(0)
        book.yearly(sheet, at + 1, lambda t, c: f"=SUM(${first}{at}:{c}{at})",
                    scenario.cumulative_discounted)

    n = len(members)
    alone = member_rows(
        row + 3, "Separate scenario: each member alone", "E_i,t",
        lambda m, c: (f"={inputs}!{c}{cells.one_off_rows[m.id]}"
                         f"+{inputs}!{c}{cells.recurring_rows[m.id]}"),
        lambda share: share.separate, with_present_value=True)
    rows.separate_total = row + 4 + n
    total_row(rows.separate_total, "Separate scenario total", "E_t", alone, result.separate.yearly)
    discounted_rows(rows.separate_total + 1, rows.separate_total, result.separate)

    row = rows.separate_total + 4
    book.label(sheet, row, "Pooled scenario", bold=True)
    present_values = flows.component_present_values
    for offset, (name, source_row, text, symbol) in enumerate((
            ("shared_one_off", cells.shared_one_off_row, "Shared one-off cost", "S_t"),
            ("shared_recurring", cells.shared_recurring_row, "Shared recurring cost", "R_t"),
            ("overhead", cells.overhead_row, "Orchestrator overhead", "O_t")), start=1):
        rows.component_rows[name] = row + offset
        book.label(sheet, row + offset, text, symbol)
        book.yearly(sheet, row + offset, lambda t, c, s=source_row: f"={inputs}!{c}{s}",
                    getattr(components, name))
        book.present_value(sheet, row + offset, rows.factors, present_values[name])
    row += 5

    def joins(member) -> str:
        """The year index the member joins in: the Inputs sheet has it as a calendar year."""
        return f"({inputs}!$F${member_row_of(member)}-first_year)"

    member_blocks = {}
    for name, title, symbol, formula, total_text, total_symbol in (
            ("onboarding", "Onboarding, in the joining year", "J·[t = j_i]",
             lambda m, c: f"=IF({c}${rows.years}={joins(m)},onboarding_cost,0)",
             "Onboarding, all members", "J_t"),
            ("change_support", "Change support, by years since joining", "C_(t−j_i)",
             lambda m, c: (f"=IF({c}${rows.years}>={joins(m)},"
                              f"INDEX(change_support,1,{c}${rows.years}-{joins(m)}+1),0)"),
             "Change support, all members", "C_t"),
            ("alone_before_joining", "Costs alone before joining", "L_i,t",
             lambda m, c: f"=IF({c}${rows.years}<{joins(m)},{c}{alone[m.id]},0)",
             "Costs alone before joining, all members", "L_t")):
        block = member_rows(row, title, symbol, formula,
                            lambda share, attribute=name: getattr(share, attribute))
        member_blocks[name] = block
        rows.component_rows[name] = row + n + 1
        total_row(row + n + 1, total_text, total_symbol, block, getattr(components, name),
                  present_values[name])
        row += n + 3

    rows.pooled_total = row
    parts = [rows.component_rows[name] for name in (
        "shared_one_off", "shared_recurring", "overhead", "onboarding", "change_support",
        "alone_before_joining")]
    book.label(sheet, row, "Pooled scenario total", "P_t", bold=True)
    book.yearly(sheet, row, lambda t, c: "=" + "+".join(f"{c}{part}" for part in parts),
                result.pooled.yearly)
    discounted_rows(row + 1, row, result.pooled)

    row += 4
    book.label(sheet, row, "Payback", bold=True)
    separate_cumulative, pooled_cumulative = rows.separate_total + 2, rows.pooled_total + 2
    book.label(sheet, row + 1, "Cumulative pooled minus separate")
    book.yearly(sheet, row + 1, lambda t, c: f"={c}{pooled_cumulative}-{c}{separate_cumulative}",
                tuple(p - e for p, e in zip(result.pooled.cumulative_discounted,
                                            result.separate.cumulative_discounted)))
    book.label(sheet, row + 2, "Year paid back for good (pooled at or below separate from this "
                               "year to the last, to the cent)")
    last = book.year_column(book.horizon - 1)
    differences = [p - e for p, e in zip(result.pooled.cumulative_discounted,
                                         result.separate.cumulative_discounted)]
    book.yearly(sheet, row + 2,
                lambda t, c: (f'=IF(MAX({c}{row + 1}:{last}{row + 1})<{HALF_CENT},'
                              f'{c}${rows.calendar_years},"")'),
                tuple(book.first_year + t if max(differences[t:]) < HALF_CENT else ""
                      for t in range(book.horizon)),
                INTEGER)
    payback_row = row + 2
    row += 4
    _write_split(book, sheet, inputs, cells, rows, row, alone, member_blocks)
    _write_results(book, sheet, rows, payback_row)
    sheet.column_dimensions["A"].width = 58
    sheet.column_dimensions["B"].width = 16
    for col in range(FIRST_YEAR_COLUMN, book.present_value_column + 1):
        sheet.column_dimensions[column(col)].width = 15
    sheet.freeze_panes = "C12"
    return sheet, rows


def _write_split(book: Book, sheet: Worksheet, inputs: str, cells: InputCells,
                 rows: CashFlowRows, row: int, alone: dict[str, int],
                 member_blocks: dict[str, dict[str, int]]) -> None:
    result = book.result
    members, shares = result.inputs.members, result.members
    n = len(members)
    book.label(sheet, row, "Cost split by key", bold=True)
    headers = ["Member", "Key value k_i", "NPV alone V_E,i", "NPV share pooled V_P,i",
               "Own gain G_i", "Share of pooled NPV"]
    for col, text in enumerate(headers, start=1):
        book.text(sheet, row + 1, col, text, bold=True)
    summary = {member.id: row + 2 + offset for offset, member in enumerate(members)}
    active_first = row + n + 3
    weights_first = active_first + n + 2
    pooled_first = weights_first + n + 1
    pv = column(book.present_value_column)
    pooled_present_value = f"$C${rows.results['pooled']}"
    for offset, (member, share) in enumerate(zip(members, shares)):
        at, member_row = summary[member.id], cells.first_member_row + offset
        book.name(sheet, at, member.name)
        book.formula(sheet, at, 2,
                     f'=IF(split_key="equal",1,IF(split_key="population",{inputs}!$C${member_row},'
                     f'IF(split_key="users",{inputs}!$D${member_row},'
                     f'IF(split_key="declared_usage",{inputs}!$E${member_row},NA()))))',
                     share.key_value, "#,##0.##")
        book.formula(sheet, at, 3, f"={pv}{alone[member.id]}", share.separate_present_value)
        book.formula(sheet, at, 4, f"={pv}{pooled_first + offset}", share.pooled_present_value)
        book.formula(sheet, at, 5, f"=C{at}-D{at}", share.gain)
        # A pool that costs nothing at all has no shares to speak of: 0, not a division error.
        book.formula(sheet, at, 6,
                     f"=IF({pooled_present_value}=0,0,D{at}/{pooled_present_value})",
                     result.pooled_share(share), SHARE)

    book.label(sheet, active_first - 1, "Key value of members already joined", "k_i·[t ≥ j_i]",
               bold=True)
    for offset, (member, share) in enumerate(zip(members, shares)):
        joins = f"({inputs}!$F${cells.first_member_row + offset}-first_year)"
        book.name(sheet, active_first + offset, member.name)
        key_cell = f"$B${summary[member.id]}"
        book.yearly(sheet, active_first + offset,
                    lambda t, c, j=joins, k=key_cell: f"=IF({c}${rows.years}>={j},{k},0)",
                    share.active_key_value, "#,##0.##")
    total = active_first + n
    book.label(sheet, total, "Sum of key values of members already joined", "Σ k_m·[t ≥ j_m]")
    book.yearly(sheet, total,
                lambda t, c: f"=SUM({c}{active_first}:{c}{active_first + n - 1})",
                tuple(sum(column_values) for column_values in
                      zip(*(share.active_key_value for share in shares))), "#,##0.##")

    book.label(sheet, weights_first - 1, "Share of shared costs and overhead", "w_i,t", bold=True)
    for offset, share in enumerate(shares):
        book.name(sheet, weights_first + offset, share.name)
        book.yearly(sheet, weights_first + offset,
                    lambda t, c, a=active_first + offset: f"={c}{a}/{c}${total}",
                    share.weights, SHARE)

    split = [rows.component_rows[name]
             for name in ("shared_one_off", "shared_recurring", "overhead")]
    book.label(sheet, pooled_first - 1, "Pooled cost of each member", "P_i,t", bold=True)
    for offset, (member, share) in enumerate(zip(members, shares)):
        at = pooled_first + offset
        own = [member_blocks[name][member.id]
               for name in ("onboarding", "change_support", "alone_before_joining")]
        book.name(sheet, at, share.name)
        book.yearly(sheet, at,
                    lambda t, c, w=weights_first + offset, own=own: (
                        f"={c}{w}*(" + "+".join(f"{c}{s}" for s in split) + ")+"
                        + "+".join(f"{c}{o}" for o in own)),
                    share.pooled)
        book.present_value(sheet, at, rows.factors, share.pooled_present_value)


def _write_results(book: Book, sheet: Worksheet, rows: CashFlowRows, payback_row: int) -> None:
    result = book.result
    at = rows.results
    book.label(sheet, at["separate"], "Net present value, separate scenario", "V_E")
    book.formula(sheet, at["separate"], 3, f"=SUM({book.years_span(rows.separate_total + 1)})",
                 result.separate.present_value)
    book.label(sheet, at["pooled"], "Net present value, pooled scenario", "V_P")
    book.formula(sheet, at["pooled"], 3, f"=SUM({book.years_span(rows.pooled_total + 1)})",
                 result.pooled.present_value)
    book.label(sheet, at["gain"], "Regional gain", "G = V_E − V_P", bold=True)
    book.formula(sheet, at["gain"], 3, f"=C{at['separate']}-C{at['pooled']}",
                 result.regional_gain)
    book.label(sheet, at["payback"], "Payback year", "T")
    span = book.years_span(payback_row)
    payback = None if result.payback_year is None else book.first_year + result.payback_year
    book.formula(sheet, at["payback"], 3,
                 f"=IF(COUNT({span})=0,{book.literal(NEVER)},MIN({span}))", payback, INTEGER)
    book.label(sheet, at["label"], "Positive regional business case (label criterion 4)", "G > 0")
    book.formula(sheet, at["label"], 3,
                 f'=IF(C{at["gain"]}>={HALF_CENT},{book.literal("yes")},{book.literal("no")})',
                 book.translate("yes" if is_positive(result.regional_gain) else "no"), "@")


def build_workbook(result: BusinessCaseResult, translate: Callable[[str], str] = str,
                   first_year: int = 0) -> Book:
    """The workbook and, per formula cell (sheet title, coordinate), the engine's value.
    ``first_year`` is the calendar year of the engine's year 0, for the headings."""
    book = Book(result, translate, first_year)
    inputs_sheet, cells = write_inputs(book)
    cash_flows_sheet, rows = write_cash_flows(book, inputs_sheet, cells)
    write_sensitivity(book, cash_flows_sheet, rows)
    write_break_even(book, inputs_sheet, cells, cash_flows_sheet, rows)
    # Spreadsheet programs recompute everything on opening: no stale cached values.
    book.workbook.calculation.fullCalcOnLoad = True
    return book


def business_case_xlsx(result: BusinessCaseResult, translate: Callable[[str], str] = str,
                       first_year: int = 0) -> bytes:
    buffer = io.BytesIO()
    build_workbook(result, translate, first_year).workbook.save(buffer)
    return buffer.getvalue()
