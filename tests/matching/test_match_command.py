"""`synergie match` for the operator: confidential results say so, and bad arguments are
refused with a message and exit status 2, as a command line tool is expected to."""

import json
from io import StringIO

import pytest
from django.core.management import call_command

from synergie.cli import main

PAYROLL = "logiciel de paie et fiches de salaire du personnel"


def test_institution_only_results_are_marked_in_the_listing(indexed_needs):
    needs, _ = indexed_needs
    out = StringIO()
    call_command("match", PAYROLL, "--top", "2", stdout=out)
    lines = {line.split("]")[0].split("[")[-1]: line for line in out.getvalue().splitlines()
             if line[:3].strip().rstrip(".").isdigit()}
    # The French payroll need is institution-only, its Dutch twin regional.
    assert lines[str(needs["payroll_fr"].pk)].endswith("[confidential: institution only]")
    assert "confidential" not in lines[str(needs["payroll_nl"].pk)]


def test_institution_only_results_are_marked_in_json(indexed_needs):
    needs, _ = indexed_needs
    out = StringIO()
    call_command("match", PAYROLL, "--top", "2", "--json", stdout=out)
    flags = {r["need_id"]: (r["confidential"], r["confidentiality"])
             for r in json.loads(out.getvalue())}
    assert flags == {needs["payroll_fr"].pk: (True, "institution"),
                     needs["payroll_nl"].pk: (False, "regional")}


@pytest.mark.parametrize("arguments,message", [
    (["paie", "--top", "-5"], "between 1 and 1000, got -5"),
    (["paie", "--top", "0"], "between 1 and 1000, got 0"),
    (["paie", "--top", "cinq"], "expected a whole number of matches"),
    (["", "--top", "3"], "the text of the need is empty"),
    (["   \t ", "--top", "3"], "the text of the need is empty"),
])
def test_bad_arguments_are_refused_with_a_message_and_status_2(db, capsys, arguments, message):
    with pytest.raises(SystemExit) as stopped:
        main(["match", *arguments])
    assert stopped.value.code == 2
    error = capsys.readouterr().err
    assert "match: error: argument" in error and message in error
