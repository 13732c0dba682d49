"""Importing applications from CSV and XLSX: good lines are recorded, each bad line is
reported by its line and column and leaves nothing behind."""

import io
import json
from datetime import date
from decimal import Decimal

import pytest
from django.core.management import call_command
from django.urls import reverse
from openpyxl import Workbook, load_workbook

from synergie.landscape.imports import ImportFileError, import_applications
from synergie.landscape.models import Application
from tests.factories import user_with_role

CSV = (
    "name;product;vendor;capabilities;contract_end;yearly_cost;users;hosting;notes\n"
    "Paie;Persée;Civadis;payroll;30/06/2027;12 500,50;40;saas;\n"
    "GED;Alfresco;;document_management, mail_registry;2028-01-31;;;on_premises;\n"
    "Cartes;ArcGIS;Esri;gis;31/02/2027;abc;;;\n"
    ";Sans nom;;;;;;;\n"
    "Tickets;GLPI;;service_desk;;;douze;nuage;\n"
)


@pytest.fixture
def contributor(institution):
    return user_with_role("contributor", institution)


def test_good_lines_are_kept_and_bad_lines_named_by_line_and_column(institution, contributor):
    result = import_applications(CSV.encode(), "apps.csv", institution=institution,
                                 acting_user=contributor)
    assert result.created == 2
    assert sorted(Application.objects.values_list("name", flat=True)) == ["GED", "Paie"]
    paie = Application.objects.get(name="Paie")
    assert paie.contract_end == date(2027, 6, 30)
    assert paie.yearly_cost == Decimal("12500.50")
    assert sorted(paie.capabilities.values_list("code", flat=True)) == ["payroll"]
    assert Application.objects.get(name="GED").capabilities.count() == 2
    errors = [(error.line, error.column, error.field) for error in result.errors]
    assert errors == [(4, "E", "contract_end"), (4, "F", "yearly_cost"), (5, "A", "name"),
                      (6, "G", "users"), (6, "H", "hosting")]
    assert str(result.errors[0]).startswith("Line 4, column E (contract_end): “31/02/2027” is "
                                            "not a date")


def test_importing_again_changes_instead_of_doubling(institution, contributor):
    import_applications(CSV.encode(), "apps.csv", institution=institution,
                        acting_user=contributor)
    again = "name,product,contract_end\nPAIE,Persée,2029-12-31\n"
    result = import_applications(again.encode(), "again.csv", institution=institution,
                                 acting_user=contributor)
    assert (result.created, result.changed, result.errors) == (0, 1, [])
    assert Application.objects.filter(name__iexact="paie").get().contract_end == date(2029, 12,
                                                                                      31)
    result = import_applications(again.encode(), "again.csv", institution=institution,
                                 acting_user=contributor)
    assert (result.created, result.changed, result.unchanged) == (0, 0, 1)


def test_an_unknown_capability_code_refuses_its_line(institution, contributor):
    text = "name,product,capabilities\nPaie,Persée,payroll;payrol\n"
    result = import_applications(text.encode(), "a.csv", institution=institution,
                                 acting_user=contributor)
    assert result.created == 0
    assert result.errors[0].column == "C"
    assert "payrol" in result.errors[0].message and "payroll," not in result.errors[0].message


def test_unknown_or_missing_headings_stop_the_file(institution, contributor):
    result = import_applications(b"name,prodcut\nPaie,Persee\n", "a.csv",
                                 institution=institution, acting_user=contributor)
    assert [(error.line, error.column) for error in result.errors] == [(1, "B"), (1, "")]
    assert "product" in result.errors[1].message
    assert not Application.objects.exists()


def test_other_files_are_refused_as_a_whole(institution, contributor):
    with pytest.raises(ImportFileError, match="csv or .xlsx"):
        import_applications(b"x", "apps.ods", institution=institution, acting_user=contributor)
    with pytest.raises(ImportFileError, match="UTF-8"):
        import_applications("name,product\nPaie,Persée\n".encode("latin-1"), "a.csv",
                            institution=institution, acting_user=contributor)
    with pytest.raises(ImportFileError, match="XLSX"):
        import_applications(b"not a zip", "a.xlsx", institution=institution,
                            acting_user=contributor)


def xlsx(rows) -> bytes:
    workbook = Workbook()
    for row in rows:
        workbook.active.append(row)
    buffer = io.BytesIO()
    workbook.save(buffer)
    return buffer.getvalue()


def test_an_xlsx_file_with_typed_cells(institution, contributor):
    content = xlsx([["Name", "Product", "Contract end", "Yearly cost", "Users"],
                    ["Paie", "Persée", date(2027, 6, 30), 12000.5, 40],
                    ["Compta", "Phoenix", "demain", -3, 2.5]])
    result = import_applications(content, "apps.xlsx", institution=institution,
                                 acting_user=contributor)
    assert result.created == 1
    paie = Application.objects.get()
    assert (paie.contract_end, paie.yearly_cost, paie.users) == (
        date(2027, 6, 30), Decimal("12000.50"), 40)
    assert [(error.line, error.column) for error in result.errors] == [
        (3, "C"), (3, "D"), (3, "E")]


def test_a_contributor_imports_only_for_its_own_institution(client, institution,
                                                            other_institution, contributor):
    client.force_login(contributor)
    page = client.get(reverse("landscape:import"))
    assert list(page.context["form"].fields["institution"].queryset) == [institution]
    response = client.post(reverse("landscape:import"), {
        "institution": other_institution.pk,
        "file": _upload("name,product\nPaie,Persée\n", "a.csv")})
    assert response.status_code == 200
    assert not Application.objects.exists()
    response = client.post(reverse("landscape:import"), {
        "institution": institution.pk, "file": _upload(CSV, "apps.csv")})
    assert Application.objects.filter(institution=institution).count() == 2
    assert "Line 4, column" not in response.content.decode()  # shown as a table
    assert "“31/02/2027” is not a date" in response.content.decode()


def _upload(text: str, name: str):
    from django.core.files.uploadedfile import SimpleUploadedFile

    return SimpleUploadedFile(name, text.encode("utf-8"), content_type="text/csv")


def test_the_templates_have_the_headings_and_the_capability_codes(client, contributor):
    client.force_login(contributor)
    csv_template = client.get(reverse("landscape:template_csv"))
    assert csv_template.content.decode("utf-8-sig").splitlines()[0].startswith("name,product,")
    workbook = load_workbook(io.BytesIO(client.get(reverse("landscape:template_xlsx")).content))
    assert [cell.value for cell in workbook["applications"][1]][:2] == ["name", "product"]
    codes = [row[0] for row in workbook["capabilities"].iter_rows(min_row=2, values_only=True)]
    assert "payroll" in codes and "civil_status" in codes


def test_the_command_imports_and_reports_in_json(tmp_path, institution, capsys):
    path = tmp_path / "apps.csv"
    path.write_text(CSV, encoding="utf-8")
    with pytest.raises(SystemExit) as exit_status:
        call_command("landscape", "import", str(path), "--institution", institution.code,
                     "--json")
    assert exit_status.value.code == 1
    report = json.loads(capsys.readouterr().out)
    assert report["created"] == 2
    assert {"line": 5, "column": "A", "field": "name"}.items() <= report["errors"][2].items()
    assert Application.objects.filter(institution=institution).count() == 2
