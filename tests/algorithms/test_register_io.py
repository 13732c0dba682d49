"""`synergie register import|export`: the 90 example entries of the Dutch register come back
exactly as they went in; a bad file or entry is named and nothing of that entry is stored."""

import json
from pathlib import Path

import pytest
from django.core.management import call_command

from synergie.algorithms import standard
from synergie.algorithms.models import Algorithm, AlgorithmStatus
from tests.factories import InstitutionFactory

SHARED = Path(__file__).resolve().parents[2] / ".." / "shared" / "data" / "algorithm-register"
EXAMPLES = SHARED / "init_testdata_algorithms.json"
SCHEMA = SHARED / "schemas" / "algoritmeregister-publicatiestandaard-v1.0.0.schema.json"

needs_shared = pytest.mark.skipif(not EXAMPLES.exists(), reason="../shared is not here")


def run(*args):
    """(exit status, standard output, standard error) of `synergie register ...`."""
    import io

    out, err = io.StringIO(), io.StringIO()
    try:
        call_command("register", *args, stdout=out, stderr=err)
        status = 0
    except SystemExit as stop:
        status = stop.code
    return status, out.getvalue(), err.getvalue()


@needs_shared
def test_the_90_example_entries_round_trip_exactly(db, tmp_path, capsys):
    InstitutionFactory(code="COM-NL")
    status, out, _ = run("import", str(EXAMPLES), "--institution", "COM-NL", "--json")
    assert status == 0
    report = json.loads(out)
    assert report["entries"] == 90 and report["created"] == 90 and report["rejected"] == []
    exported = tmp_path / "register.json"
    run("export", "--output", str(exported))
    original = json.loads(EXAMPLES.read_text(encoding="utf-8"))
    back = json.loads(exported.read_text(encoding="utf-8"))
    assert back == original
    assert json.dumps(back, sort_keys=True) == json.dumps(original, sort_keys=True)
    with capsys.disabled():
        print(f"\nregister round trip: {len(original)} entries in, {len(back)} out, exact")
    # Importing the same file again changes nothing.
    status, out, _ = run("import", str(EXAMPLES), "--institution", "COM-NL", "--json")
    assert json.loads(out)["unchanged"] == 90
    assert Algorithm.objects.count() == 90
    # The columns read from the entries: what the list shows and searches.
    parking = Algorithm.objects.get(source_key="1")
    assert parking.organization == "Gemeente Rotterdam"
    assert parking.theme == "Veiligheid en handhaving"
    assert parking.usage_status == "In gebruik"
    assert parking.fields["human_intervention"].startswith("Medewerkers van de gemeente")


@needs_shared
def test_the_csv_columns_are_the_standards_fields():
    schema = json.loads(SCHEMA.read_text(encoding="utf-8"))
    assert list(standard.FIELD_NAMES) == list(schema["properties"])
    assert list(standard.REQUIRED) == schema["required"]


def test_an_unreadable_file_is_named(db, tmp_path):
    bad = tmp_path / "bad.json"
    bad.write_text('[{"name": "A"},', encoding="utf-8")
    from django.core.management.base import CommandError

    with pytest.raises(CommandError, match=r"bad.json: not valid JSON \(line 1"):
        run("import", str(bad))


def test_a_bad_entry_is_named_by_index_name_and_field_and_the_others_are_kept(db, tmp_path):
    InstitutionFactory(code="COM-NL")
    entries = [
        {"name": "Goed", "status": "In gebruik", "theme": ["Verkeer"]},
        {"name": "Fout", "status": "Kapot"},
        {"name": "", "status": "In gebruik"},
        {"name": "Ook fout", "start_date": "januari"},
        "not an object",
    ]
    source = tmp_path / "entries.json"
    source.write_text(json.dumps(entries), encoding="utf-8")
    status, out, err = run("import", str(source), "--institution", "COM-NL")
    assert status == 1
    assert "1 created" in out and "4 rejected" in out
    assert "entry 1 (Fout): status: 'Kapot' is not one of" in err
    assert "entry 2 (no name): name: missing or empty" in err
    assert "entry 3 (Ook fout): start_date: 'januari' is not a month written YYYY-MM" in err
    assert "entry 4 (no name): an entry is a JSON object" in err
    assert list(Algorithm.objects.values_list("name", flat=True)) == ["Goed"]

    status, out, _ = run("import", str(source), "--institution", "COM-NL", "--json")
    rejected = json.loads(out)["rejected"]
    assert rejected[0] == {"index": 1, "name": "Fout", "field": "status",
                           "message": rejected[0]["message"]}


def test_without_institution_the_organisation_names_it(db, tmp_path):
    InstitutionFactory(code="COM-A", name_fr="Commune d'Alpha", name_nl="Gemeente Alpha")
    source = tmp_path / "entries.json"
    source.write_text(json.dumps([{"name": "A", "organization": "Gemeente Alpha"},
                                  {"name": "B", "organization": "Gemeente Nergens"}]),
                      encoding="utf-8")
    status, _out, err = run("import", str(source))
    assert status == 1
    assert "entry 1 (B): organization: no institution named 'Gemeente Nergens'" in err
    assert Algorithm.objects.get().institution.code == "COM-A"


def test_import_with_publish_publishes_a_first_version(db, tmp_path):
    InstitutionFactory(code="COM-NL")
    source = tmp_path / "entries.json"
    source.write_text(json.dumps([{"name": "A", "description_short": "Iets"}]),
                      encoding="utf-8")
    run("import", str(source), "--institution", "COM-NL", "--publish")
    algorithm = Algorithm.objects.get()
    assert algorithm.status == AlgorithmStatus.PUBLISHED
    assert algorithm.versions.get().number == 1
    status, out, _ = run("export", "--published")
    assert json.loads(out) == [{"name": "A", "description_short": "Iets"}]
