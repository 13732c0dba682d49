"""Progress out to CSV and back: the same columns, an exact round trip, bad lines named."""

from datetime import date

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse

from synergie.delivery import actions
from synergie.delivery.models import Project
from synergie.delivery.progress_csv import COLUMNS, export_csv, import_csv
from tests.delivery.conftest import decide
from tests.factories import NeedFactory


@pytest.fixture
def projects(chair, pmo, institution_a):
    made = []
    for title in ("Paie, « agents »", 'Archives "papier"'):
        need = NeedFactory(institution=institution_a, title=title, status="in_analysis")
        made.append(actions.do_start_project(decide(need, chair=chair), acting_user=pmo))
    actions.do_add_milestone(made[0], title="Recette", planned_date=date(2027, 6, 1),
                             acting_user=pmo)
    actions.do_update_project(made[1], progress=35, status="on_hold", acting_user=pmo)
    return made


def test_the_round_trip_is_exact(projects, pmo):
    exported = export_csv(Project.objects.all())
    report = import_csv(exported.encode("utf-8"), acting_user=pmo)
    assert (report.changed, report.unchanged, report.errors) == (0, 2, [])
    assert export_csv(Project.objects.all()) == exported
    assert exported.splitlines()[0] == ",".join(COLUMNS)
    assert "2027-06-01 Recette" in exported


def test_changed_lines_are_applied_and_audited(projects, pmo):
    lines = export_csv(Project.objects.all()).splitlines()
    lines[1] = lines[1].replace(",green,0,", ",amber,60,")
    report = import_csv("\n".join(lines).encode(), acting_user=pmo)
    assert (report.changed, report.unchanged) == (1, 1)
    project = Project.objects.get(pk=projects[0].pk)
    assert (project.rag, project.progress) == ("amber", 60)
    assert project.reports.get().rag == "amber"
    # What changed comes back out as it went in.
    assert export_csv(Project.objects.all()).splitlines()[1] == lines[1]


def test_bad_lines_are_named_by_line_and_column_and_change_nothing(projects, pmo):
    lines = export_csv(Project.objects.all()).splitlines()
    good = lines[2].replace(",35,", ",80,")
    bad = lines[1].replace(",green,0,", ",violet,120,")
    report = import_csv("\n".join([lines[0], bad, good, "999,X,in_delivery,green,0,"]).encode(),
                        acting_user=pmo)
    assert report.changed == 1
    assert [(line, column) for line, column, _ in report.errors] == [
        (2, "rag"), (2, "progress"), (4, "project_id")]
    assert Project.objects.get(pk=projects[0].pk).rag == "green"
    assert Project.objects.get(pk=projects[1].pk).progress == 80


def test_a_file_with_other_columns_is_refused_whole(projects, pmo):
    from django.core.exceptions import ValidationError

    with pytest.raises(ValidationError, match="Line 1"):
        import_csv(b"id;title\n1;x\n", acting_user=pmo)


def test_the_import_page_lists_the_bad_lines(client, projects, pmo):
    client.force_login(pmo)
    exported = client.get(reverse("delivery:export")).content.decode()
    broken = exported.replace(",green,0,", ",green,beaucoup,", 1)
    page = client.post(reverse("delivery:import"), {
        "file": SimpleUploadedFile("progress.csv", broken.encode())}).content.decode()
    assert "1 project(s) changed" not in page and "beaucoup" in page
    assert "<td class=\"num\">2</td><td>progress</td>" in page


def test_the_command_exports_and_imports_the_same_file(projects, pmo, tmp_path, capsys):
    from django.core.management import call_command

    path = tmp_path / "progress.csv"
    call_command("projects", "export", str(path), "--user", "pmo")
    exported = path.read_bytes().decode("utf-8")
    assert exported == export_csv(Project.objects.all())
    path.write_bytes(exported.replace(",35,", ",90,").encode("utf-8"))
    call_command("projects", "import", str(path), "--user", "pmo")
    assert "1 changed, 1 unchanged, 0 problems." in capsys.readouterr().out
    assert Project.objects.get(pk=projects[1].pk).progress == 90
