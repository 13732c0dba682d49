"""`synergie optimise --instance FILE.json [--json]` and the engine's independence from Django."""

import ast
import json
import os
import subprocess
import sys
from io import StringIO
from pathlib import Path

import pytest
from django.core.management import call_command

from tests.portfolio.engine_cases import base_instance, candidate

ROOT = Path(__file__).resolve().parents[2]
ENGINE = ROOT / "synergie" / "portfolio" / "engine"
EXAMPLE = json.loads((ROOT / "docs" / "optimiser-instance.md").read_text()
                     .split("```json")[1].split("```")[0])


def write(tmp_path: Path, data) -> str:
    path = tmp_path / "instance.json"
    path.write_text(json.dumps(data) if not isinstance(data, str) else data)
    return str(path)


def run(*args) -> tuple[int, str, str]:
    out, err = StringIO(), StringIO()
    try:
        call_command("optimise", *args, stdout=out, stderr=err)
        code = 0
    except SystemExit as stop:
        code = stop.code
    return code, out.getvalue(), err.getvalue()


def test_json_output_carries_the_plan_value_and_gap(tmp_path):
    code, out, _ = run("--instance", write(tmp_path, EXAMPLE), "--json")
    assert code == 0
    result = json.loads(out)
    assert result["status"] == "optimal" and result["objective"] == 190
    assert result["gap"] == 0 and result["bound"] == 190
    assert {item["id"] for item in result["selected"]} == {"OPP-1", "OPP-2", "OPP-3"}
    assert all(item["start_year"] in (2027, 2028, 2029) for item in result["selected"])
    assert result["greedy_value"] == 190 and len(result["spend"]) == 3
    assert set(result["capacity_use"]) == {"developers", "project_managers"}


def test_text_output_is_readable(tmp_path):
    code, out, _ = run("--instance", write(tmp_path, EXAMPLE), "--time-limit", "5", "--gap",
                       "0.01")
    assert code == 0
    assert "Objective value: 190 (proven gap 0.0000%" in out
    assert "2027  OPP-1" in out and "Greedy baseline: 190" in out


def test_an_invalid_instance_exits_non_zero_with_the_fields_named(tmp_path):
    data = {**EXAMPLE, "candidates": [{**EXAMPLE["candidates"][0], "cost": "lots"}]}
    code, out, err = run("--instance", write(tmp_path, data))
    assert code == 1 and out == ""
    assert "candidates[0].cost: expected a list of numbers, got a string (candidate 'OPP-1')" \
        in err
    code, out, _ = run("--instance", write(tmp_path, data), "--json")
    assert code == 1 and json.loads(out)["status"] == "invalid"


def test_broken_json_and_a_missing_file_are_messages_not_tracebacks(tmp_path):
    code, _, err = run("--instance", write(tmp_path, "{oops"))
    assert code == 1 and "invalid JSON at line 1, column 2" in err
    code, _, err = run("--instance", str(tmp_path / "missing.json"))
    assert code == 1 and "cannot read the file" in err


def test_an_infeasible_instance_prints_its_conflicts(tmp_path):
    data = base_instance(years=[2027], budget=[10], capacity={}, candidates=[
        candidate("A", 1, [8], mandatory=True), candidate("B", 1, [8], mandatory=True)])
    code, out, _ = run("--instance", write(tmp_path, data))
    assert code == 2
    assert "Status: infeasible" in out and "Conflict [budget]" in out and "budget 2027" in out
    code, out, _ = run("--instance", write(tmp_path, data), "--json")
    conflicts = json.loads(out)["conflicts"]
    assert code == 2 and conflicts[0]["kind"] == "budget" and conflicts[0]["items"] == ["A", "B"]
    # The English sentence stays for readers of the JSON; code and params let a page say it in
    # its reader's language.
    assert conflicts[0]["message"] == (
        "Mandatory and forced-in items (with what they need) alone need at least 16 of budget "
        "in 2027, but only 10 is available: A (8), B (8).")
    assert conflicts[0]["code"] == "budget_exceeded"
    assert conflicts[0]["params"] == {"year": 2027, "need": 16.0, "available": 10.0,
                                      "items": [["A", 8.0], ["B", 8.0]]}


def test_bad_options_are_refused(tmp_path):
    from django.core.management.base import CommandError

    with pytest.raises(CommandError):
        call_command("optimise", "--instance", write(tmp_path, EXAMPLE), "--gap", "2")


def test_the_synergie_console_command_prints_pure_json(tmp_path):
    # Through the real entry point: nothing (no solver banner) may precede the JSON.
    env = {**os.environ, "SYNERGIE_DATA_DIR": str(tmp_path / "data")}
    completed = subprocess.run(
        [sys.executable, "-m", "synergie", "optimise", "--instance", write(tmp_path, EXAMPLE),
         "--json"], capture_output=True, text=True, cwd=ROOT, env=env, timeout=120)
    assert completed.returncode == 0, completed.stderr
    assert json.loads(completed.stdout)["objective"] == 190


def test_the_engine_imports_no_django(tmp_path):
    for path in ENGINE.glob("*.py"):
        tree = ast.parse(path.read_text())
        modules = {alias.name for node in ast.walk(tree) if isinstance(node, ast.Import)
                   for alias in node.names}
        modules |= {node.module or "" for node in ast.walk(tree)
                    if isinstance(node, ast.ImportFrom)}
        assert not any(name.split(".")[0] == "django" for name in modules), path.name
    # And at run time: loading an instance and optimising it loads no Django module.
    code = ("import sys\n"
            "from synergie.portfolio.engine.instance import load_instance\n"
            "from synergie.portfolio.engine.optimiser import optimise\n"
            "optimise(load_instance(sys.argv[1]))\n"
            "print(sorted(m for m in sys.modules if m.split('.')[0] == 'django'))\n")
    completed = subprocess.run([sys.executable, "-c", code, write(tmp_path, EXAMPLE)],
                               capture_output=True, text=True, cwd=ROOT, timeout=120)
    assert completed.returncode == 0, completed.stderr
    assert completed.stdout.strip() == "[]"
