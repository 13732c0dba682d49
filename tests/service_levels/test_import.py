"""Importing exports: compliance in business and calendar hours on a hand-computed example,
re-imports that update, and `synergie sla import` with its JSON and its exit status."""

import io
import json
from datetime import date

import pytest
from django.core.management import call_command

from synergie.service_levels.actions import do_import_incidents
from synergie.service_levels.compliance import breaches, compliance_rows
from synergie.service_levels.models import Incident, Service
from tests.service_levels.exports import export_text, hand_computed_rows, incident

pytestmark = pytest.mark.django_db


def import_text(text: str):
    return do_import_incidents(io.StringIO(text), "export.csv", acting_user=None)[1]


def figures(rows):
    return {(row.solution, row.month, row.priority): (row.incidents, row.within_target,
                                                       row.compliance) for row in rows}


def test_business_hours_and_calendar_hours_give_the_hand_computed_compliance(mapped_solutions):
    business, calendar = mapped_solutions
    import_text(export_text(hand_computed_rows("Desk A", "A") + hand_computed_rows("Desk B", "B")
                            + [incident("A9", "2026-12-01 09:00:00", "2026-12-03 09:00:00", "3")]))
    assert figures(compliance_rows()) == {
        # Business hours: 3 and 3 hours against 4 for priority 1; 4 and 10 against 8.
        ("Guichet A", "2026-12", "1"): (2, 2, 100.0),
        ("Guichet A", "2026-12", "2"): (2, 1, 50.0),
        ("Guichet A", "2026-12", "3"): (1, None, None),  # no target agreed for priority 3
        # Calendar hours: 65 and 3 against 4; 90 and 24 against 8.
        ("Guichet B", "2026-12", "1"): (2, 1, 50.0),
        ("Guichet B", "2026-12", "2"): (2, 0, 0.0),
    }
    assert [(i.number, i.hours_taken) for i in breaches(business, _december())] == [("A4", 10.0)]
    assert [(i.number, i.hours_taken) for i in breaches(calendar, _december())] == [
        ("B1", 65.0), ("B3", 90.0), ("B4", 24.0)]


def _december():
    return date(2026, 12, 1)


def test_changing_the_agreement_or_the_mapping_needs_no_reimport(mapped_solutions):
    business, calendar = mapped_solutions
    import_text(export_text(hand_computed_rows("Desk A", "A")))
    business.support_hours = "calendar"
    business.save()
    assert figures(compliance_rows())[("Guichet A", "2026-12", "1")] == (2, 1, 50.0)
    Service.objects.filter(name="Desk A").update(solution=None)
    assert compliance_rows() == []


def test_reimporting_an_overlapping_export_updates_by_number_never_duplicates(mapped_solutions):
    first = import_text(export_text(hand_computed_rows("Desk A", "A")))
    assert (first.imported, first.updated) == (4, 0)
    overlapping = hand_computed_rows("Desk A", "A")[2:] + [
        incident("A5", "2026-12-15 09:00:00", "2026-12-15 10:00:00")]
    overlapping[1]["resolved_at"] = "2026-12-09 12:00:00"  # A4: now resolved in 4 hours
    second = import_text(export_text(overlapping))
    assert (second.imported, second.updated) == (1, 2)
    assert Incident.objects.count() == 5
    assert Incident.objects.get(number="A4").business_hours == 4.0
    assert figures(compliance_rows())[("Guichet A", "2026-12", "2")] == (2, 2, 100.0)


def test_an_incident_twice_in_one_file_is_one_incident_the_later_line_winning(mapped_solutions):
    outcome = import_text(export_text([
        incident("A1", "2026-12-07 09:00:00", ""),
        incident("A1", "2026-12-07 09:00:00", "2026-12-07 11:00:00")]))
    assert (outcome.imported, outcome.updated) == (1, 1)
    assert Incident.objects.get().business_hours == 2.0


def test_a_refused_line_leaves_nothing_of_itself(mapped_solutions):
    outcome = import_text(export_text([
        incident("A1", "2026-12-07 09:00:00", "2026-12-07 11:00:00"),
        incident("A2", "2026-12-07 09:00:00", "2026-12-07 08:00:00")]))
    assert [(error.line, error.code) for error in outcome.rejected] == [(3, "before_opened")]
    assert list(Incident.objects.values_list("number", flat=True)) == ["A1"]


def test_new_services_are_listed_to_map(mapped_solutions):
    import_text(export_text([incident("X1", "2026-12-07 09:00:00", "2026-12-07 11:00:00",
                                      service="Mail relay")]))
    assert Service.objects.get(name="Mail relay").solution is None
    assert compliance_rows() == []


def run_command(path, *options):
    out, err = io.StringIO(), io.StringIO()
    try:
        call_command("sla", "import", str(path), *options, stdout=out, stderr=err)
    except SystemExit as exit_:
        return exit_.code, out.getvalue(), err.getvalue()
    return 0, out.getvalue(), err.getvalue()


def test_the_command_prints_one_json_object_of_the_promised_shape(mapped_solutions, tmp_path):
    path = tmp_path / "export.csv"
    path.write_text(export_text(hand_computed_rows("Desk B", "B") + [
        incident("B9", "2026-12-07 09:00:00", "2026-12-07 10:00:00", "9 - Whenever")]),
        encoding="utf-8")
    status, out, _ = run_command(path, "--json")
    result = json.loads(out)
    assert status == 2  # a line was refused, the others imported
    assert list(result) == ["imported", "updated", "rejected", "compliance"]
    assert (result["imported"], result["updated"]) == (4, 0)
    assert result["rejected"] == [{"line": 6, "error": "Unknown priority “9 - Whenever” "
                                   "(expected 1 - Critical, 2 - High, 3 - Moderate or 4 - Low)."}]
    assert result["compliance"] == [
        {"solution": "Guichet B", "month": "2026-12", "priority": "1", "incidents": 2,
         "within_target": 1, "compliance": 50.0},
        {"solution": "Guichet B", "month": "2026-12", "priority": "2", "incidents": 2,
         "within_target": 0, "compliance": 0.0},
    ]
    status, out, _ = run_command(path, "--json")
    assert (json.loads(out)["imported"], json.loads(out)["updated"]) == (0, 4)


def test_the_command_exits_0_when_every_line_is_imported_and_1_on_an_unreadable_file(
        mapped_solutions, tmp_path):
    good = tmp_path / "good.csv"
    good.write_text(export_text(hand_computed_rows("Desk A", "A")), encoding="utf-8")
    status, out, _ = run_command(good)
    assert status == 0
    assert "4 incidents new, 0 updated, 0 lines refused" in out
    assert "Guichet A\t2026-12\tP2\t2 incidents\t50.00 %" in out
    wrong = tmp_path / "wrong.csv"
    wrong.write_text("id,title\n1,x\n", encoding="utf-8")
    status, out, _ = run_command(wrong, "--json")
    assert status == 1
    assert "lacks the columns number, opened_at, resolved_at, priority, business_service" in (
        json.loads(out)["error"])
    with pytest.raises(Exception) as missing:
        call_command("sla", "import", str(tmp_path / "none.csv"), stdout=io.StringIO())
    assert getattr(missing.value, "returncode", None) == 1
