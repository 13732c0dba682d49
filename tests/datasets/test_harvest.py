"""Harvesting DCAT-AP catalogues: created, updated, withdrawn, rejected with the reason; the real
Belgian samples (bundled in synergie/datasets/data) read whole, including the two rdflib refuses."""

import json
from io import StringIO

import pytest
from django.core.management import call_command

from synergie.audit.models import AuditEntry
from synergie.datasets.harvest import HarvestError, harvest
from synergie.datasets.models import Dataset, DatasetStatus, HarvestSource
from synergie.demo.datasets import DATA, HARVESTED
from tests.factories import InstitutionFactory

HEAD = ('<?xml version="1.0" encoding="utf-8"?>\n'
        '<rdf:RDF xmlns:rdf="http://www.w3.org/1999/02/22-rdf-syntax-ns#" '
        'xmlns:dcat="http://www.w3.org/ns/dcat#" xmlns:dct="http://purl.org/dc/terms/" '
        'xmlns:foaf="http://xmlns.com/foaf/0.1/" xmlns:vcard="http://www.w3.org/2006/vcard/ns#">\n'
        '<dcat:Catalog rdf:about="http://example.org/catalog"><dcat:dataset>\n')
TAIL = ('</dcat:dataset></dcat:Catalog>\n'
        '<foaf:Agent rdf:about="https://org.belgif.be/id/CbeRegisteredEntity/0207373429">'
        '<foaf:name xml:lang="fr">Commune d\'Exemple</foaf:name></foaf:Agent>\n</rdf:RDF>\n')


def dataset_xml(name: str, title: str | None = "Titre", description: str = "Desc") -> str:
    title_xml = f'<dct:title xml:lang="fr">{title}</dct:title>' if title else ""
    about = f' rdf:about="http://example.org/ds/{name}"' if name else ""
    return (f'<dcat:Dataset{about}>{title_xml}'
            f'<dct:title xml:lang="nl">{title} NL</dct:title>' if title else
            f'<dcat:Dataset{about}>') + (
        f'<dct:description xml:lang="fr">{description}</dct:description>'
        '<dct:publisher rdf:resource="https://org.belgif.be/id/CbeRegisteredEntity/0207373429"/>'
        '<dcat:theme rdf:resource="http://publications.europa.eu/resource/authority/data-theme/'
        'GOVE"/>'
        '<dct:accrualPeriodicity rdf:resource="http://publications.europa.eu/resource/authority/'
        'frequency/ANNUAL"/>'
        '<dcat:distribution><dcat:Distribution>'
        f'<dcat:accessURL rdf:resource="http://example.org/files/{name}"/>'
        '<dct:format rdf:resource="http://publications.europa.eu/resource/authority/file-type/'
        'CSV"/></dcat:Distribution></dcat:distribution></dcat:Dataset>\n')


def write(tmp_path, *datasets: str):
    path = tmp_path / "catalog.rdf"
    path.write_text(HEAD + "".join(datasets) + TAIL, encoding="utf-8")
    return path


def test_harvest_creates_updates_withdraws_and_rejects(db, tmp_path):
    institution = InstitutionFactory(code="EX", enterprise_number="0207.373.429")
    path = write(tmp_path, dataset_xml("a"), dataset_xml("b"), dataset_xml("c"))
    report = harvest(str(path))
    assert (report.seen, report.created, report.updated, report.withdrawn) == (3, 3, 0, 0)
    assert report.rejected == []
    a = Dataset.objects.get(identifier="http://example.org/ds/a")
    assert (a.title_fr, a.title_nl, a.description_fr) == ("Titre", "Titre NL", "Desc")
    assert a.themes == ["GOVE"] and a.update_frequency == "ANNUAL"
    assert a.publisher == institution and a.publisher_name == "Commune d'Exemple"
    assert a.distributions.get().format == "CSV"
    assert AuditEntry.objects.filter(object_repr__contains="catalog.rdf").count() == 1

    # b changes, c disappears, d is new, two bad records.
    path = write(tmp_path, dataset_xml("a"), dataset_xml("b", description="Nouvelle"),
                 dataset_xml("d"), dataset_xml("e", title=None), dataset_xml(""))
    report = harvest(str(path))
    assert (report.seen, report.created, report.updated, report.withdrawn) == (5, 1, 2, 1)
    assert report.rejected == [
        {"subject": "http://example.org/ds/e", "reason": "the dataset has no title (dct:title)"},
        {"subject": "", "reason": "the dataset has no URI (rdf:about)"},
    ]
    assert Dataset.objects.get(identifier="http://example.org/ds/b").description_fr == "Nouvelle"
    c = Dataset.objects.get(identifier="http://example.org/ds/c")
    assert c.status == DatasetStatus.WITHDRAWN  # kept, not deleted
    assert Dataset.objects.filter(status=DatasetStatus.ACTIVE).count() == 3

    # c comes back.
    path = write(tmp_path, dataset_xml("a"), dataset_xml("c"))
    report = harvest(str(path))
    assert (report.created, report.updated, report.withdrawn) == (0, 2, 2)
    c.refresh_from_db()
    assert c.status == DatasetStatus.ACTIVE
    assert HarvestSource.objects.count() == 1


def test_broken_xml_is_a_harvest_error_and_withdraws_nothing(db, tmp_path):
    path = write(tmp_path, dataset_xml("a"))
    harvest(str(path))
    path.write_text(HEAD + dataset_xml("b") + "<dcat:Dataset", encoding="utf-8")
    with pytest.raises(HarvestError, match="not well-formed XML"):
        harvest(str(path))
    assert Dataset.objects.get(identifier="http://example.org/ds/a").status == "active"


def test_missing_file_is_a_harvest_error(db, tmp_path):
    with pytest.raises(HarvestError, match="cannot read"):
        harvest(str(tmp_path / "nothing.rdf"))


@pytest.mark.parametrize("name", HARVESTED)
def test_every_bundled_belgian_sample_is_read_whole(db, name):
    report = harvest(str(DATA / name))
    assert report.seen >= 1 and report.rejected == [] and report.created == report.seen
    for dataset in Dataset.objects.all():
        assert dataset.title and dataset.identifier.startswith("http")


def test_samples_give_the_expected_datasets(db):
    for name in HARVESTED:
        harvest(str(DATA / name))
    assert Dataset.objects.count() == 12
    smileys = Dataset.objects.get(identifier="http://data.gov.be/dataset/fasfc/smileys")
    assert smileys.title_fr == "Liste Smileys" and smileys.title_nl == "Lijst Smileys"
    assert smileys.update_frequency == "WEEKLY" and smileys.access_rights == "PUBLIC"
    assert smileys.publisher_name  # the agent described after the datasets
    distribution = smileys.distributions.get()
    assert distribution.media_type == "text/csv" and distribution.format == "CSV"
    assert distribution.download_url.endswith("inter_liste_smiley.csv")
    # High-value datasets keep the sub-category the source gives.
    assert set(Dataset.objects.exclude(hvd_category="").values_list(
        "hvd_category", flat=True)) == {"c_c3de25e4", "c_56a1bf47", "c_4ac557e7"}


def test_command_json_has_exactly_the_promised_keys(db, tmp_path):
    path = write(tmp_path, dataset_xml("a"), dataset_xml("z", title=None))
    out = StringIO()
    call_command("data", "harvest", str(path), "--json", stdout=out)
    report = json.loads(out.getvalue())
    assert list(report) == ["seen", "created", "updated", "withdrawn", "rejected", "seconds",
                            "peak_mb"]
    assert (report["seen"], report["created"]) == (2, 1)
    assert report["rejected"] == [{"subject": "http://example.org/ds/z",
                                   "reason": "the dataset has no title (dct:title)"}]
    assert report["peak_mb"] > 0


def test_command_exits_1_on_an_unreadable_source(db, tmp_path, capsys):
    with pytest.raises(SystemExit) as exit_:
        call_command("data", "harvest", str(tmp_path / "missing.rdf"))
    assert exit_.value.code == 1


def test_own_export_harvests_back(db, tmp_path):
    from synergie.datasets import dcat

    for name in HARVESTED[:2]:
        harvest(str(DATA / name))
    before = {d.identifier: d.title_fr for d in Dataset.objects.all()}
    for fmt, suffix in (("ttl", ".ttl"), ("jsonld", ".jsonld"), ("xml", ".rdf")):
        path = tmp_path / f"export{suffix}"
        path.write_bytes(dcat.export(dcat.exported_datasets(), fmt, base="https://s.example"))
        report = harvest(str(path))
        assert report.rejected == [] and report.seen == len(before), fmt
        assert {d.identifier: d.title_fr for d in Dataset.objects.filter(
            identifier__in=before)} == before
