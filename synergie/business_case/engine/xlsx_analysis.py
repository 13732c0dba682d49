"""The "Sensitivity" and "Break-even" sheets of the XLSX export, as formulas on the
"Cash flows" sheet."""

from __future__ import annotations

from openpyxl.worksheet.worksheet import Worksheet

from synergie.business_case.engine.explain import DRIVER_COMPONENTS
from synergie.business_case.engine.flows import discount_factors
from synergie.business_case.engine.model import HALF_CENT
from synergie.business_case.engine.sensitivity import Driver
from synergie.business_case.engine.xlsx_book import (
    FACTOR,
    FIRST_YEAR_COLUMN,
    INTEGER,
    MONEY,
    NEVER,
    Book,
    CashFlowRows,
    InputCells,
    column,
    quoted,
)


def write_sensitivity(book: Book, cash_flows: Worksheet, rows: CashFlowRows) -> None:
    result, table = book.result, book.result.sensitivity
    sheet = book.workbook.create_sheet(book.translate("Sensitivity"))
    flows = quoted(cash_flows)
    pv = column(book.present_value_column)
    separate = f"{flows}!$C${rows.results['separate']}"
    pooled = f"{flows}!$C${rows.results['pooled']}"
    book.text(sheet, 1, 1, "Sensitivity of the regional gain", bold=True)
    book.text(sheet, 2, 1, "Each driver lowered and raised by the variation on the Inputs sheet. "
                           "Cost drivers move the present values in proportion; the discount "
                           "rate is recomputed with its own discount factors (below). Rows are "
                           "in the order of the swing at export; Rank follows any change.")
    book.label(sheet, 4, "Regional gain G")
    book.formula(sheet, 4, 3, f"={flows}!$C${rows.results['gain']}", table.base_gain)

    headers = ["Driver", "Low factor 1 − v", "High factor 1 + v", "V_E low", "V_P low",
               "G low", "V_E high", "V_P high", "G high", "Swing |G high − G low|", "Rank"]
    for col, text in enumerate(headers, start=1):
        book.text(sheet, 6, col, text, bold=True)
    first = 7
    last = first + len(table.rows) - 1
    factors_low, factors_high = last + 4, last + 5
    for at, row in enumerate(table.rows, start=first):
        book.text(sheet, at, 1, row.label)
        book.formula(sheet, at, 2, "=1-variation", row.low_factor, FACTOR)
        book.formula(sheet, at, 3, "=1+variation", row.high_factor, FACTOR)
        for side, factor_cell, factors_row, start in (
                ("low", f"B{at}", factors_low, 4), ("high", f"C{at}", factors_high, 7)):
            if row.driver is Driver.DISCOUNT_RATE:
                factors = book.years_span(factors_row, absolute=True)
                separate_costs = book.years_span(rows.separate_total, cash_flows)
                pooled_costs = book.years_span(rows.pooled_total, cash_flows)
                separate_formula = f"=SUMPRODUCT({separate_costs},{factors})"
                pooled_formula = f"=SUMPRODUCT({pooled_costs},{factors})"
            else:
                component = DRIVER_COMPONENTS[row.driver]
                component_value = f"{flows}!${pv}${rows.component_rows[component]}"
                separate_formula = (f"={factor_cell}*{separate}"
                                    if row.driver is Driver.SEPARATE_COSTS else f"={separate}")
                pooled_formula = f"={pooled}+({factor_cell}-1)*{component_value}"
            book.formula(sheet, at, start, separate_formula,
                         getattr(row, f"separate_present_value_{side}"))
            book.formula(sheet, at, start + 1, pooled_formula,
                         getattr(row, f"pooled_present_value_{side}"))
            book.formula(sheet, at, start + 2,
                         f"={column(start)}{at}-{column(start + 1)}{at}",
                         getattr(row, f"gain_{side}"))
        book.formula(sheet, at, 10, f"=ABS(I{at}-F{at})", row.swing)
        book.formula(sheet, at, 11, f'=1+COUNTIF($J${first}:$J${last},">"&(J{at}+{HALF_CENT}))',
                     table.rank(row), INTEGER)

    years = last + 3
    book.label(sheet, years - 1, "Discount factors at the varied rates", bold=True)
    book.label(sheet, years, "Years since the first year", "t")
    book.yearly(sheet, years, lambda t, c: f"={flows}!{c}${rows.years}",
                tuple(range(book.horizon)), INTEGER)
    rate = result.inputs.discount_rate
    for at, sign, factor in ((factors_low, "-", table.rows[0].low_factor),
                             (factors_high, "+", table.rows[0].high_factor)):
        book.label(sheet, at, f"1 / (1 + r × (1 {sign} v))^t")
        book.yearly(sheet, at,
                    lambda t, c, s=sign: f"=1/(1+discount_rate*(1{s}variation))^{c}${years}",
                    discount_factors(rate * factor, book.horizon), FACTOR)
    sheet.column_dimensions["A"].width = 32
    for col in range(2, max(12, FIRST_YEAR_COLUMN + book.horizon)):
        sheet.column_dimensions[column(col)].width = 15


def write_break_even(book: Book, inputs: Worksheet, cells: InputCells, cash_flows: Worksheet,
                     rows: CashFlowRows) -> None:
    found = book.result.break_even
    sheet = book.workbook.create_sheet(book.translate("Break-even"))
    flows, pv = quoted(cash_flows), column(book.present_value_column)
    book.text(sheet, 1, 1, "Break-even number of participants", bold=True)
    book.text(sheet, 2, 1, "Assumption: each participant added or removed is like the average "
                           "member (its separate costs and its own pooled costs are the members' "
                           "averages); shared costs and overhead do not change.")
    book.text(sheet, 3, 1, "G(n) = n × (V_E − V_M) / N − V_F; n* is the smallest n with "
                           f"G(n) ≥ 0, up to {found.bound}.")

    def component(name: str) -> str:
        return f"{flows}!${pv}${rows.component_rows[name]}"

    last_member = cells.first_member_row + found.member_count - 1
    figures = [
        ("Number of members", "N",
         f"=COUNTA({quoted(inputs)}!$A${cells.first_member_row}:$A${last_member})",
         found.member_count, INTEGER),
        ("Net present value, separate scenario", "V_E",
         f"={flows}!$C${rows.results['separate']}", found.separate_present_value, MONEY),
        ("Present value of the members' own pooled costs", "V_M = V_J + V_C + V_L",
         "=" + "+".join(component(name) for name in
                        ("onboarding", "change_support", "alone_before_joining")),
         found.members_own_present_value, MONEY),
        ("Present value of shared costs and overhead", "V_F = V_S + V_R + V_O",
         "=" + "+".join(component(name) for name in
                        ("shared_one_off", "shared_recurring", "overhead")),
         found.fixed_present_value, MONEY),
        ("Gain per participant", "(V_E − V_M) / N", "=(C6-C7)/C5",
         found.gain_per_participant, MONEY),
    ]
    for at, (text, symbol, formula, expected, number_format) in enumerate(figures, start=5):
        book.label(sheet, at, text, symbol)
        book.formula(sheet, at, 3, formula, expected, number_format)

    first = 13
    last = first + found.bound - 1
    book.label(sheet, 10, "Break-even number of participants", "n*", bold=True)
    found_span = f"C{first}:C{last}"
    book.formula(sheet, 10, 3,
                 f"=IF(COUNT({found_span})=0,{book.literal(NEVER)},MIN({found_span}))",
                 found.participants, INTEGER)
    for col, text in enumerate(("Participants n", "Regional gain G(n)", "n if G(n) ≥ 0"),
                               start=1):
        book.text(sheet, first - 1, col, text, bold=True)
    for n, gain in enumerate(found.gains, start=1):
        at = first + n - 1
        book.formula(sheet, at, 1, "=1" if n == 1 else f"=A{at - 1}+1", n, INTEGER)
        book.formula(sheet, at, 2, f"=A{at}*($C$6-$C$7)/$C$5-$C$8", gain)
        book.formula(sheet, at, 3, f'=IF(B{at}>{-HALF_CENT},A{at},"")',
                     n if gain > -HALF_CENT else "", INTEGER)
    sheet.column_dimensions["A"].width = 48
    sheet.column_dimensions["B"].width = 26
    sheet.column_dimensions["C"].width = 16
    sheet.freeze_panes = f"A{first}"
