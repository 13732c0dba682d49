"""The XLSX export: its live formulas, evaluated by the `formulas` package, give the engine's
numbers; nothing derived is pasted as a value; changing an input changes the figures."""

import io
from dataclasses import replace

import formulas
import numpy as np
import openpyxl
import pytest

from synergie.business_case.engine import compute_business_case
from synergie.business_case.engine.xlsx import build_workbook, business_case_xlsx
from tests.business_case.cases import (
    late_joiner,
    late_payback,
    nothing_costs_anything,
    pooling_loses,
    pooling_wins,
    ten_year_region,
)

CASES = {"pooling wins": pooling_wins, "pooling loses": pooling_loses,
         "late joiner": late_joiner, "late payback": late_payback,
         "ten-year region": ten_year_region}


def evaluate(data: bytes, tmp_path, name: str = "case.xlsx") -> dict[tuple[str, str], object]:
    """Every cell's value as the `formulas` package computes it, by (SHEET TITLE, coordinate)."""
    path = tmp_path / name
    path.write_bytes(data)
    solution = formulas.ExcelModel().loads(str(path)).finish().calculate()
    values = {}
    for reference, value in solution.items():
        workbook_sheet, _, cell = str(reference).rpartition("!")
        if ":" in cell or "]" not in workbook_sheet:
            continue  # ranges and defined names
        sheet = workbook_sheet.strip("'").split("]", 1)[1].replace("''", "'")
        values[(sheet, cell)] = value.value[0, 0] if hasattr(value, "value") else value
    return values


def mismatches(expected: dict, evaluated: dict) -> list[str]:
    wrong = []
    for (sheet, cell), wanted in expected.items():
        got = evaluated.get((sheet.upper(), cell))
        if isinstance(wanted, str):
            ok = got == wanted
        else:
            ok = (isinstance(got, (int, float, np.number)) and not isinstance(got, bool)
                  and abs(float(got) - wanted) < 0.005)  # to the cent
        if not ok:
            wrong.append(f"{sheet}!{cell}: engine {wanted!r}, workbook {got!r}")
    return wrong


@pytest.mark.parametrize("case", CASES)
def test_every_derived_cell_evaluates_to_the_engines_number(case, tmp_path):
    result = compute_business_case(CASES[case]())
    book = build_workbook(result)
    buffer = io.BytesIO()
    book.workbook.save(buffer)
    assert mismatches(book.expected, evaluate(buffer.getvalue(), tmp_path)) == []
    # The headline figures are among the checked cells.
    assert {("Cash flows", "C5"), ("Cash flows", "C6"), ("Cash flows", "C7"),
            ("Cash flows", "C8"), ("Break-even", "C10")} <= set(book.expected)
    assert book.expected[("Cash flows", "C7")] == result.regional_gain


def test_the_losing_case_shows_never_in_the_workbook(tmp_path):
    result = compute_business_case(pooling_loses())
    values = evaluate(business_case_xlsx(result), tmp_path)
    assert values[("CASH FLOWS", "C8")] == "never"  # payback
    assert values[("CASH FLOWS", "C9")] == "no"  # label criterion
    assert values[("CASH FLOWS", "C7")] == pytest.approx(-13_952.38, abs=0.005)
    assert values[("BREAK-EVEN", "C10")] == 4


@pytest.mark.parametrize("case", CASES)
def test_no_derived_figure_is_a_pasted_value(case):
    book = build_workbook(compute_business_case(CASES[case]()))
    formula_cells = set()
    for sheet in book.workbook.worksheets:
        for row in sheet.iter_rows():
            for cell in row:
                if cell.data_type == "f":
                    formula_cells.add((sheet.title, cell.coordinate))
                elif sheet.title != "Inputs":
                    # Outside the inputs, a number is always a formula's result.
                    assert not isinstance(cell.value, (int, float)), (sheet.title, cell.coordinate)
    assert not any(sheet == "Inputs" for sheet, _ in formula_cells)
    # Every formula is checked against the engine, and every checked cell is a formula.
    assert formula_cells == set(book.expected)


def test_the_workbook_follows_a_change_of_inputs(tmp_path):
    """Edit the Inputs sheet as a user would; the workbook must agree with the engine run on
    the edited inputs."""
    original = pooling_wins()
    workbook = openpyxl.load_workbook(io.BytesIO(business_case_xlsx(
        compute_business_case(original))))
    inputs = workbook["Inputs"]
    inputs["B5"] = 0.07  # discount rate
    inputs["B6"] = "users"  # split key
    inputs["C11"] = 75_000  # shared one-off, year 0
    inputs["D16"] = 2_000  # change support, one year after joining
    inputs["F20"] = 1  # Beta joins in year 1
    buffer = io.BytesIO()
    workbook.save(buffer)

    alpha, beta = original.members
    edited = replace(
        original, discount_rate=0.07, split_key="users",
        pooled=replace(original.pooled, shared_one_off=(75_000, 0, 0),
                       change_support_per_member=(3_000, 2_000)),
        members=(alpha, replace(beta, joins_in_year=1)))
    edited_result = compute_business_case(edited)
    assert edited_result.members[1].gain < 0 < edited_result.members[0].gain  # a real change
    # Sensitivity rows are laid out in their order at export: the edit keeps that order.
    assert ([r.driver for r in edited_result.sensitivity.rows]
            == [r.driver for r in compute_business_case(original).sensitivity.rows])
    expected = build_workbook(edited_result).expected
    assert mismatches(expected, evaluate(buffer.getvalue(), tmp_path)) == []


def test_inputs_sheet_holds_every_input_in_labelled_cells():
    inputs = pooling_wins()
    workbook = openpyxl.load_workbook(io.BytesIO(business_case_xlsx(
        compute_business_case(inputs))))
    assert workbook.sheetnames == ["Inputs", "Cash flows", "Sensitivity", "Break-even"]
    sheet = workbook["Inputs"]
    labelled = {sheet.cell(row, 1).value: sheet.cell(row, 2).value for row in range(4, 9)}
    assert labelled == {
        "Horizon (years)": 3, "Discount rate": 0.1,
        "Split key (equal, population, users, declared_usage)": "population",
        "Onboarding cost per member (one-off, in its joining year)": 5_000,
        "Sensitivity variation (each driver lowered and raised by)": 0.2}
    assert [cell.value for cell in sheet[19]][:6] == ["alpha", "Alpha", 30_000, 100, 600, 0]
    assert set(workbook.defined_names) >= {"discount_rate", "split_key", "onboarding_cost",
                                           "variation", "change_support"}


def test_translated_labels_and_sheet_names_keep_the_formulas_working(tmp_path):
    names = {"Inputs": "Données", "Cash flows": "Flux de trésorerie", "Break-even": "Seuil"}
    result = compute_business_case(pooling_loses())
    book = build_workbook(result, translate=lambda text: names.get(text, text))
    assert book.workbook.sheetnames == ["Données", "Flux de trésorerie", "Sensitivity", "Seuil"]
    buffer = io.BytesIO()
    book.workbook.save(buffer)
    assert mismatches(book.expected, evaluate(buffer.getvalue(), tmp_path)) == []


def test_a_case_where_nothing_costs_anything_still_exports(tmp_path):
    result = compute_business_case(nothing_costs_anything())
    assert (result.regional_gain, result.payback_year, result.break_even.participants) == (0, 0, 1)
    book = build_workbook(result)
    buffer = io.BytesIO()
    book.workbook.save(buffer)
    assert mismatches(book.expected, evaluate(buffer.getvalue(), tmp_path)) == []


def test_names_that_look_like_formulas_stay_text():
    inputs = pooling_loses()
    first, second = inputs.members
    hostile = replace(inputs, members=(
        replace(first, id="=1+1", name='=HYPERLINK("http://example.org","click")'), second))
    translated = []
    book = build_workbook(compute_business_case(hostile),
                          translate=lambda text: translated.append(text) or text)
    workbook = openpyxl.load_workbook(io.BytesIO(business_case_xlsx(
        compute_business_case(hostile))))
    assert workbook["Inputs"]["A19"].value == "=1+1"
    assert workbook["Inputs"]["A19"].data_type == "s"
    assert workbook["Cash flows"]["A15"].data_type == "s"
    formula_cells = {(sheet.title, cell.coordinate) for sheet in book.workbook.worksheets
                     for row in sheet.iter_rows() for cell in row if cell.data_type == "f"}
    assert formula_cells == set(book.expected)
    # Members' names are theirs: not passed to the translation.
    assert not any("HYPERLINK" in text or text == "=1+1" for text in translated)


def test_headings_are_calendar_years_and_the_workbook_still_matches(tmp_path):
    """The engine counts years from 0; the workbook a person opens says 2027, 2028, 2029, with
    the joining year and the payback year as calendar years, and every formula still agrees."""
    result = compute_business_case(late_joiner())
    book = build_workbook(result, first_year=2027)
    buffer = io.BytesIO()
    book.workbook.save(buffer)
    values = evaluate(buffer.getvalue(), tmp_path)
    assert mismatches(book.expected, values) == []
    inputs = book.workbook["Inputs"]
    assert [inputs.cell(10, col).value for col in (3, 4, 5)] == [2027, 2028, 2029]
    assert inputs["F20"].value == 2028  # Beta joins in the engine's year 1
    assert [values[("CASH FLOWS", f"{col}10")] for col in "CDE"] == [2027, 2028, 2029]
    assert values[("CASH FLOWS", "C8")] == 2027 + result.payback_year


def test_words_in_result_cells_are_in_the_readers_language(tmp_path):
    words = {"never": "jamais", "no": "non", "yes": "oui"}
    book = build_workbook(compute_business_case(pooling_loses()),
                          translate=lambda text: words.get(text, text))
    buffer = io.BytesIO()
    book.workbook.save(buffer)
    values = evaluate(buffer.getvalue(), tmp_path)
    assert mismatches(book.expected, values) == []
    assert (values[("CASH FLOWS", "C8")], values[("CASH FLOWS", "C9")]) == ("jamais", "non")
