"""The DCAT-AP 3.0 export: its formats and public addresses, and zero SHACL violations against
the official SEMIC shapes (DCAT-AP 3.0.1 and 2.1.1 split files) in every format, on the demo's
catalogue (real Belgian datasets harvested, regional ones described by hand) and on a dataset
with only its mandatory fields."""

from io import StringIO

import pytest
from django.core.management import call_command
from rdflib import Graph, URIRef
from rdflib.namespace import DCAT, RDF

from synergie.datasets import dcat
from synergie.datasets.models import Dataset, DatasetStatus
from synergie.demo import datasets as demo_datasets
from tests.datasets.shacl_sets import RDFLIB_FORMATS, available, check

pytestmark = pytest.mark.django_db


@pytest.fixture
def demo_catalogue(db):
    demo_datasets.load()
    Dataset.objects.create(identifier="urn:uuid:0b7c5f57-4f5c-4d7e-9b8f-0c7b1d5b0a01",
                           title_nl="Alleen een titel")
    Dataset.objects.filter(identifier__endswith="population-communes").update(
        status=DatasetStatus.WITHDRAWN)


@pytest.mark.parametrize("fmt", ["ttl", "xml", "jsonld"])
def test_export_formats_parse_back_with_every_active_dataset(demo_catalogue, fmt):
    data = dcat.export(dcat.exported_datasets(), fmt, base="https://synergie.example")
    graph = Graph().parse(data=data, format=RDFLIB_FORMATS[fmt])
    exported = set(graph.subjects(RDF.type, DCAT.Dataset))
    active = Dataset.objects.filter(status=DatasetStatus.ACTIVE)
    assert len(exported) == active.count() == Dataset.objects.count() - 1
    assert URIRef("http://data.gov.be/dataset/fasfc/smileys") in exported
    assert not any("population-communes" in str(subject) for subject in exported)


@pytest.mark.skipif(not available(), reason="../shared/data/dcat-ap is not there")
@pytest.mark.parametrize("fmt", ["ttl", "xml", "jsonld"])
def test_export_has_zero_shacl_violations(demo_catalogue, fmt):
    data = dcat.export(dcat.exported_datasets(), fmt, base="https://synergie.example")
    results = check(data, fmt)
    assert set(results) == {"3.0.1", "2.1.1"}
    violations = {f"{release} {name}": lines for release, files in results.items()
                  for name, lines in files.items() if lines}
    assert violations == {}


@pytest.mark.parametrize("suffix,media_type", [("ttl", "text/turtle"),
                                               ("rdf", "application/rdf+xml"),
                                               ("jsonld", "application/ld+json")])
def test_public_addresses(client, demo_catalogue, suffix, media_type):
    response = client.get(f"/data/catalogue.{suffix}")
    assert response.status_code == 200
    assert response["Content-Type"].startswith(media_type)
    assert b"fasfc/smileys" in response.content
    assert client.get("/data/catalogue.csv").status_code in (302, 404)  # not a format


def test_command_writes_to_stdout_or_a_file(demo_catalogue, tmp_path, capsysbinary):
    call_command("data", "export-dcat", "--format", "jsonld")
    out = capsysbinary.readouterr().out
    assert Graph().parse(data=out, format="json-ld")
    target = tmp_path / "catalogue.rdf"
    call_command("data", "export-dcat", "--format", "xml", "--output", str(target),
                 stdout=StringIO())
    assert set(Graph().parse(target, format="xml").subjects(RDF.type, DCAT.Catalog))
