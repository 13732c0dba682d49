"""`synergie catalogue import-publiccode FILE... [--check] [--json]` and
`synergie catalogue export-publiccode ID [--output FILE]`."""

import json
from io import StringIO

import pytest
from django.core.management import call_command

from synergie.audit.log import history_of
from synergie.catalogue.models import Solution
from synergie.catalogue.publiccode import parse
from tests.catalogue.test_publiccode_import import DOCUMENT

pytestmark = pytest.mark.django_db


def run(*args) -> tuple[int, str, str]:
    out, err = StringIO(), StringIO()
    try:
        call_command("catalogue", *args, stdout=out, stderr=err)
        code = 0
    except SystemExit as stop:
        code = stop.code
    return code, out.getvalue(), err.getvalue()


@pytest.fixture
def files(tmp_path):
    good = tmp_path / "good.yml"
    good.write_text(DOCUMENT, encoding="utf-8")
    bad = tmp_path / "bad.yml"
    bad.write_text(DOCUMENT.replace("license: EUPL-1.2", "license: Whatever")
                   .replace("softwareType: \"standalone/web\"\n", ""), encoding="utf-8")
    return str(good), str(bad)


def test_json_reports_each_file_and_fails_when_one_is_invalid(files):
    good, bad = files
    code, out, _ = run("import-publiccode", good, bad, "--json")
    assert code == 1
    report = json.loads(out)
    assert [entry["file"] for entry in report["files"]] == [good, bad]
    first, second = report["files"]
    solution = Solution.objects.get()
    assert first == {"file": good, "valid": True, "errors": [], "warnings": [],
                     "solution": solution.pk}
    assert second["valid"] is False and second["solution"] is None
    assert sorted(error["key"] for error in second["errors"]) == ["legal.license",
                                                                  "softwareType"]
    assert all(error["message"] for error in second["errors"])


def test_the_command_line_acts_as_synergie_itself(files):
    code, out, _ = run("import-publiccode", files[0])
    assert code == 0
    solution = Solution.objects.get()
    assert out.strip() == f"{files[0]}: created solution {solution.pk}"
    entry = history_of(solution).get()
    assert entry.actor is None and entry.actor_name == ""


def test_check_writes_nothing_and_says_what_would_happen(files):
    good, bad = files
    code, out, err = run("import-publiccode", good, bad, "--check")
    assert code == 1
    assert not Solution.objects.exists()
    assert f"{good}: valid; would create a solution" in out
    assert f"{bad}: invalid, nothing imported" in err
    assert "error: legal.license (line 23): license must be a valid license" in err


def test_all_valid_exits_zero_and_a_second_import_updates(files):
    assert run("import-publiccode", files[0], "--json")[0] == 0
    code, out, _ = run("import-publiccode", files[0], "--json")
    assert code == 0
    assert json.loads(out)["files"][0]["solution"] == Solution.objects.get().pk


def test_an_unreadable_file_is_an_invalid_file(tmp_path):
    code, out, _ = run("import-publiccode", str(tmp_path / "missing.yml"), "--json")
    assert code == 1
    entry = json.loads(out)["files"][0]
    assert entry["valid"] is False and entry["errors"][0]["key"] == ""


def test_export_writes_the_solutions_publiccode_yml(files, tmp_path):
    run("import-publiccode", files[0])
    solution = Solution.objects.get()
    code, out, _ = run("export-publiccode", str(solution.pk))
    assert code == 0
    assert parse(out).document["url"] == solution.code_url
    target = tmp_path / "out" / "publiccode.yml"
    target.parent.mkdir()
    run("export-publiccode", str(solution.pk), "--output", str(target))
    assert target.read_text(encoding="utf-8") == out


def test_export_of_an_unknown_solution_fails():
    from django.core.management.base import CommandError

    with pytest.raises(CommandError, match="no solution 999"):
        call_command("catalogue", "export-publiccode", "999", stdout=StringIO())
