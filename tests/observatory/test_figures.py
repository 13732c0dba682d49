"""The observatory's pure figures on small data a person can check by hand."""

from datetime import date
from decimal import Decimal as D

from synergie.observatory import figures as f
from synergie.observatory.figures.charts import bar_chart, line_chart, nice_ceiling


def test_a_project_budget_is_shared_in_proportion_and_adds_up_to_the_cent():
    lines = f.split_project_budget([(2027, D("100000"), D("10000"))],
                                   {"Alpha": D("1"), "Beta": D("2")})
    planned = {line.institution: line.amount for line in lines if line.kind == "project_planned"}
    assert planned == {"Alpha": D("33333.33"), "Beta": D("66666.67")}
    spent = [line.amount for line in lines if line.kind == "project_spent"]
    assert sum(spent) == D("10000")


def test_without_weights_the_budget_is_shared_equally():
    lines = f.split_project_budget([(2027, D("90"), D("0"))], {"A": D(0), "B": D(0), "C": D(0)})
    assert [line.amount for line in lines if line.kind == "project_planned"] == [D("30")] * 3


def test_investment_rows_and_year_totals():
    lines = [f.InvestmentLine("Alpha", 2027, "estimated", D("120000")),
             f.InvestmentLine("Beta", 2027, "estimated", D("30000")),
             f.InvestmentLine("Alpha", 2027, "approved", D("120000")),
             f.InvestmentLine("Alpha", 2028, "estimated", D("20000"))]
    rows = f.investment_rows(lines)
    assert rows[0] == ("Alpha", 2027, D("120000.00"), D("120000.00"), D("0.00"), D("0.00"))
    summary = f.investment_summary(rows)
    assert summary[2027]["estimated"] == D("150000")
    assert summary[2028]["estimated"] == D("20000")
    only_2028 = f.investment_rows(lines, years=f.YearRange(2028, 2028))
    assert [row[1] for row in only_2028] == [2028]
    by_year = f.investment_rows(lines, by_institution=False)
    assert by_year[0][0] == "" and by_year[0][2] == D("150000.00")


def test_pooled_share():
    rows = f.pooled_rows([f.SpendingLine(2027, D("300"), True),
                          f.SpendingLine(2027, D("700"), False),
                          f.SpendingLine(2028, D("0"), False)])
    assert rows == [(2027, D("300.00"), D("1000.00"), D("30.0"))]
    assert f.pooled_summary(rows) == {2027: D("30.0")}


def test_realised_savings_count_the_part_of_the_year_the_solution_was_used():
    # TOPdesk cost 14 000 a year; the shared desk costs 20 users × 180 = 3 600: 10 400 a year,
    # used the second half of 2026 (184 of 365 days) and all of 2027.
    used = [f.UsedSolution("Desk", "Beta", date(2026, 7, 1), date(2028, 1, 1), D("3600"),
                           D("14000"))]
    savings = {saving.year: saving.amount for saving in f.realised_savings(used)}
    assert savings == {2026: D("5242.74"), 2027: D("10400.00")}
    unknown = [f.UsedSolution("Desk", "Beta", date(2026, 7, 1), date(2028, 1, 1), D("0"), None)]
    assert f.realised_savings(unknown) == []


def test_savings_rows_and_summary():
    rows = f.savings_rows([f.ProjectedSaving("Cameras", "Alpha", 2027, D("1000"))],
                          [f.ProjectedSaving("Desk", "Beta", 2027, D("250.5"))])
    assert f.savings_summary(rows) == {2027: {"projected": D("1000"), "realised": D("250.50")}}


def test_adoption_counts_institutions_using_a_solution_at_each_months_end():
    steps = [f.AdoptionStep("Desk", "A", "interested", date(2026, 1, 10)),
             f.AdoptionStep("Desk", "A", "live", date(2026, 2, 15)),
             f.AdoptionStep("Desk", "B", "live", date(2026, 3, 1)),
             f.AdoptionStep("Desk", "B", "leaving", date(2026, 3, 20)),
             f.AdoptionStep("Desk", "B", "left", date(2026, 4, 10))]
    rows = f.adoption_rows(steps, date(2026, 5, 5))
    assert rows == [("Desk", "2026-01", 0), ("Desk", "2026-02", 1), ("Desk", "2026-03", 2),
                    ("Desk", "2026-04", 1), ("Desk", "2026-05", 1)]


def test_lead_time_medians_per_year_of_decision():
    journeys = [f.Journey("N1", "A", date(2027, 1, 1), date(2027, 1, 11), date(2027, 3, 12)),
                f.Journey("N2", "B", date(2027, 1, 1), date(2027, 1, 31), None),
                f.Journey("N3", "B", date(2027, 1, 1), None, None)]
    rows = f.lead_time_rows(journeys)
    assert [row[5] for row in rows] == [10, 30]
    assert rows[0][6] == 60 and rows[1][6] is None
    assert f.lead_time_summary(rows) == {2027: {"needs": 2, "to_decision": D("20.0"),
                                                "to_delivery": D("60.0")}}


def test_a_no_go_keeps_its_roll_out_cost_from_being_risked():
    rows = f.experiment_rows([
        f.ExperimentResult("Stopped", date(2026, 11, 30), False, D("18000"), D("245000")),
        f.ExperimentResult("Went on", date(2026, 10, 1), True, D("5000"), D("90000"))])
    summary = f.experiment_summary(rows)
    assert summary[2026] == {"stopped": 1, "stopped_budget": D("18000"),
                             "not_risked": D("245000")}


def test_service_level_compliance_adds_up_months_and_priorities():
    rows = f.service_level_rows([f.ComplianceCount("Desk", "2026-01", 10, 9, D("95")),
                                 f.ComplianceCount("Desk", "2026-02", 10, 8, D("90")),
                                 f.ComplianceCount("Desk", "2026-02", 3, None, None)])
    assert rows == [("Desk", 20, 17, D("85.0"), D("90"))]


def test_charts_write_coordinates_with_a_point_and_stay_empty_without_data():
    chart = bar_chart(["2027", "2028"], [("A", [1500.5, None]), ("B", [0, 200])])
    assert chart and all("," not in bar["x"] for bar in chart["bars"])
    assert len(chart["bars"]) == 3
    assert bar_chart(["2027"], [("A", [0])]) is None
    assert line_chart([], []) is None
    assert nice_ceiling(1234) == 2000 and nice_ceiling(0) == 1


def test_negative_bars_hang_below_the_zero_line_and_counts_have_whole_ticks():
    chart = bar_chart(["2026", "2027"], [("Saving", [-2500, 7500])])
    zero = float(chart["zero_y"])
    below, above = chart["bars"]
    assert float(below["y"]) == zero and float(above["y"]) + float(above["height"]) == zero
    counts = line_chart(["2026-01", "2026-02"], [("Desk", [1, 4])], whole=True)
    assert [tick["label"] for tick in counts["y_ticks"]] == ["0", "1", "2", "3", "4"]


def test_long_category_names_are_wrapped():
    chart = bar_chart(["Guichet électronique IRISbox", "Service desk régional (ServiceNow)",
                       "Fix My Street"], [("Compliance", [96, 95, 93])])
    assert all(len(line["text"]) <= 30 for tick in chart["x_ticks"] for line in tick["lines"])
    second = chart["x_ticks"][1]["lines"]
    assert len(second) > 1 and second[1]["y"] > second[0]["y"]
