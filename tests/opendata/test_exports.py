"""The exports: the same records in CSV and JSON, streamed, with stable columns; the command
line writes the same bytes as the public download."""

import csv
import io
import json
from decimal import Decimal

import pytest
from django.core.management import CommandError, call_command
from django.http import StreamingHttpResponse
from django.urls import reverse

from synergie.opendata.resources import all_resources, get_resource

RESOURCES = ["needs", "opportunities", "decisions", "solutions", "adoption", "projects",
             "algorithms", "datasets"]


def download(client, name, fmt):
    response = client.get(reverse("opendata:export", args=[name, fmt]))
    assert response.status_code == 200
    assert isinstance(response, StreamingHttpResponse)
    return b"".join(response.streaming_content)


def csv_records(body: bytes) -> list[dict]:
    return list(csv.DictReader(io.StringIO(body.decode("utf-8"), newline="")))


def as_text(value) -> str:
    if value is None:
        return ""
    if value is True:
        return "true"
    if value is False:
        return "false"
    return str(value)


def test_every_resource_is_offered():
    assert [resource.name for resource in all_resources()] == RESOURCES


@pytest.mark.parametrize("name", RESOURCES)
def test_csv_and_json_give_the_same_records(client, world, name):
    from_csv = csv_records(download(client, name, "csv"))
    from_json = json.loads(download(client, name, "json"), parse_float=Decimal)
    assert from_csv, name
    assert len(from_csv) == len(from_json)
    columns = get_resource(name).column_names
    for row_csv, row_json in zip(from_csv, from_json, strict=True):
        assert list(row_csv) == columns == list(row_json)
        assert row_csv == {key: as_text(value) for key, value in row_json.items()}


def test_csv_header_quoting_and_types(client, world):
    body = download(client, "needs", "csv")
    assert body.startswith(b"need_id,title,description,language,institution_code,")
    records = {int(row["need_id"]): row for row in csv_records(body)}
    assert set(records) == {world.public_need.pk, world.grouped_public_need.pk}
    row = records[world.public_need.pk]
    assert row["description"] == world.public_need.description.replace("\r\n", "\n")
    assert row["total_cost_eur"] == "120000.00"
    assert row["deadline_is_legal"] == "false"
    assert row["desired_start"] == "2027-01-01"
    assert row["updated_at"].endswith("Z")
    assert row["institution_name_nl"] == "Gemeente Alpha"
    assert row["url"] == f"/en/needs/{world.public_need.pk}/"


def test_json_is_one_array_with_one_object_per_line(client, world):
    body = download(client, "needs", "json").decode()
    lines = body.strip().split("\n")
    assert lines[0] == "[" and lines[-1] == "]"
    assert len(lines) == 4
    records = json.loads(body)
    assert isinstance(records[0]["total_cost_eur"], float)
    assert records[0]["deadline"] is None


def test_an_empty_export_is_valid(client, db):
    assert json.loads(download(client, "needs", "json")) == []
    assert csv_records(download(client, "needs", "csv")) == []


def test_decisions_and_projects_name_an_unpublished_need_by_its_kind(client, world):
    decisions = {int(row["decision_id"]): row for row in csv_records(
        download(client, "decisions", "csv"))}
    alone = decisions[world.decisions[1].pk]
    assert alone["subject"] == "A need of a police zone"
    assert alone["need_id"] == ""
    group = decisions[world.decisions[0].pk]
    assert group["subject"] == "Paie mutualisée"
    assert group["opportunity_id"] == str(world.opportunity.pk)
    assert "Commune d'Alpha" in group["institutions"]
    assert "a police zone" in group["institutions"]
    projects = csv_records(download(client, "projects", "csv"))
    assert [row["subject"] for row in projects] == ["A need of a police zone"]
    assert projects[0]["next_milestone"] == "Marché attribué"
    assert projects[0]["next_milestone_date"] == "2027-06-01"


def test_in_french_the_export_writes_french(client, world):
    response = client.get("/fr/open-data/decisions.csv")
    rows = csv_records(b"".join(response.streaming_content))
    assert "Un besoin d'une zone de police" in {row["subject"] for row in rows}
    assert rows[0]["url"].startswith("/fr/decisions/")


def test_opportunities_and_adoption(client, world):
    opportunities = csv_records(download(client, "opportunities", "csv"))
    assert [(row["title"], row["needs_count"], row["decision_outcome"])
            for row in opportunities] == [("Paie mutualisée", "2", "approve")]
    adoption = csv_records(download(client, "adoption", "csv"))
    assert [(row["solution_name_fr"], row["institution_code"], row["stage"])
            for row in adoption] == [("Guichet électronique", "COM-A", "live")]
    solutions = csv_records(download(client, "solutions", "csv"))
    assert solutions[0]["institutions_live"] == "1"
    assert solutions[0]["name_nl"] == "Elektronisch loket"


def test_register_and_data_catalogue(client, world):
    algorithms = csv_records(download(client, "algorithms", "csv"))
    assert [row["name"] for row in algorithms] == ["Tri des demandes de prime"]
    assert algorithms[0]["institution_code"] == "COM-A"
    datasets = csv_records(download(client, "datasets", "csv"))
    assert [(row["title_nl"], row["themes"], row["keywords"], row["issued"])
            for row in datasets] == [("Openbare parkings", "TRAN", "parking; mobilité",
                                      "2025-05-01")]


def test_unknown_resource_or_format_is_not_found(client, db):
    """Not found (the site sends an anonymous visitor to log in, as on every missing page)."""
    from tests.factories import user_with_role

    assert client.get("/en/open-data/secrets.csv").status_code == 302
    client.force_login(user_with_role("analyst"))
    assert client.get("/en/open-data/secrets.csv").status_code == 404
    assert client.get("/en/open-data/needs.xml").status_code == 404


def test_exports_refuse_writes(client, db):
    assert client.post(reverse("opendata:export", args=["needs", "csv"])).status_code == 405


@pytest.mark.parametrize("fmt", ["csv", "json"])
def test_the_command_writes_what_the_page_serves(client, world, tmp_path, fmt):
    out = tmp_path / f"needs.{fmt}"
    call_command("opendata", "export", "needs", "--format", fmt, "--output", str(out))
    assert out.read_bytes() == download(client, "needs", fmt)
    printed = io.StringIO()
    call_command("opendata", "export", "needs", "--format", fmt, stdout=printed)
    assert printed.getvalue().encode() == out.read_bytes()


def test_the_command_names_an_unknown_resource(db):
    with pytest.raises(CommandError, match="Unknown resource 'secrets'.*needs"):
        call_command("opendata", "export", "secrets", "--format", "csv")


def test_the_command_names_an_unwritable_file(db, tmp_path):
    with pytest.raises(CommandError, match="Cannot write"):
        call_command("opendata", "export", "needs", "--output", str(tmp_path / "no" / "x.csv"))


def test_the_export_reads_its_rows_lazily(world, django_assert_max_num_queries):
    """Streaming: the response is built without reading a row; a few queries per chunk, none
    per row."""
    from synergie.opendata.streaming import chunks

    for resource in all_resources():
        parts = chunks(resource, "csv")
        with django_assert_max_num_queries(8):
            for _ in parts:
                pass


def test_index_and_dictionary(client, world):
    page = client.get(reverse("opendata:index")).content.decode()
    for name in RESOURCES:
        assert reverse("opendata:export", args=[name, "csv"]) in page
        assert reverse("opendata:export", args=[name, "json"]) in page
    assert "CC0 1.0" in page
    dictionary = client.get(reverse("opendata:dictionary")).content.decode()
    for resource in all_resources():
        for column in resource.column_names:
            assert f"<code>{column}</code>" in dictionary


@pytest.mark.parametrize("language,phrase", [("fr", "Données ouvertes"),
                                             ("nl", "Open data"), ("en", "Open data")])
def test_index_in_each_language(client, db, language, phrase):
    response = client.get(f"/{language}/open-data/")
    assert response.status_code == 200
    assert phrase in response.content.decode()
