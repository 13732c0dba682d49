"""The catalogue as DCAT-AP 3.0 (Turtle, RDF/XML, JSON-LD), built with rdflib.

Every object the profile expects to be typed is typed (agents, licence documents, rights
statements, frequencies, concepts with their scheme), so that the export passes the SEMIC shapes of
DCAT-AP 3.0.1 and 2.1.1 (shapes, recommended, ranges, controlled vocabularies, deprecated URIs)
without a violation: tests/datasets/test_shacl.py checks it, benchmarks/dcat_shacl.py prints it."""

import re

from rdflib import BNode, Graph, Literal, Namespace, URIRef
from rdflib.namespace import DCAT, DCTERMS, FOAF, RDF, SKOS, XSD

from synergie.datasets.models import (
    EU_ACCESS_RIGHT,
    EU_FREQUENCY,
    EU_THEME,
    HVD_CATEGORY,
    Dataset,
    DatasetStatus,
)

DCATAP = Namespace("http://data.europa.eu/r5r/")
VCARD = Namespace("http://www.w3.org/2006/vcard/ns#")
ELI = Namespace("http://data.europa.eu/eli/ontology#")
EU_FILE_TYPE = "http://publications.europa.eu/resource/authority/file-type/"
EU_LANGUAGE = "http://publications.europa.eu/resource/authority/language/"
IANA_MEDIA_TYPES = "https://www.iana.org/assignments/media-types/"
HVD_REGULATION = URIRef("http://data.europa.eu/eli/reg_impl/2023/138/oj")
HVD_CATEGORY_SCHEME = URIRef("http://data.europa.eu/bna/asd487ae75")
SCHEME_TITLES = {
    EU_THEME.rstrip("/"): "Data theme",
    EU_FREQUENCY.rstrip("/"): "Frequency",
    EU_ACCESS_RIGHT.rstrip("/"): "Access right",
    EU_FILE_TYPE.rstrip("/"): "File type",
    EU_LANGUAGE.rstrip("/"): "Language",
    str(HVD_CATEGORY_SCHEME): "High-value dataset categories",
}

FORMATS = {"ttl": "turtle", "xml": "xml", "jsonld": "json-ld"}
MEDIA_TYPES = {"ttl": "text/turtle", "xml": "application/rdf+xml",
               "jsonld": "application/ld+json"}
LANGUAGES = ("fr", "nl", "en")
EU_LANGUAGE_CODES = {"fr": "FRA", "nl": "NLD", "en": "ENG"}

# An IRI rdflib writes and reads back in every format: a scheme, no space, quote or angle bracket.
_IRI = re.compile(r"^[a-zA-Z][a-zA-Z0-9+.-]*:[^\s<>\"{}|\\^`]+$")
_FILE_TYPE_CODE = re.compile(r"^[A-Z0-9_]{2,30}$")
_MEDIA_TYPE = re.compile(r"^[a-z]+/[A-Za-z0-9.+_-]+$")


def is_iri(value: str) -> bool:
    return bool(value) and bool(_IRI.match(value))


def file_type_code(value: str) -> str:
    """The EU file-type code of a format given as a URI or a name ("CSV"); "" if not one."""
    value = (value or "").strip()
    if value.startswith(EU_FILE_TYPE):
        value = value[len(EU_FILE_TYPE):]
    code = value.upper().replace("-", "_")
    return code if _FILE_TYPE_CODE.match(code) else ""


def media_type_code(value: str) -> str:
    value = (value or "").strip()
    if value.startswith(("http://", "https://")) and "/media-types/" in value:
        value = value.split("/media-types/", 1)[1]
    return value if _MEDIA_TYPE.match(value) else ""


def _concept(graph: Graph, uri: str, scheme: str, *extra_types, label: str = "") -> URIRef:
    node = URIRef(uri)
    graph.add((node, RDF.type, SKOS.Concept))
    graph.add((node, SKOS.prefLabel, Literal(label or uri.rstrip("/").rsplit("/", 1)[-1],
                                             lang="en")))
    for kind in extra_types:
        graph.add((node, RDF.type, kind))
    graph.add((node, SKOS.inScheme, URIRef(scheme)))
    _scheme(graph, scheme)
    return node


def _scheme(graph: Graph, uri: str) -> URIRef:
    node = URIRef(uri)
    graph.add((node, RDF.type, SKOS.ConceptScheme))
    graph.add((node, DCTERMS.title, Literal(SCHEME_TITLES.get(uri, uri.rsplit("/", 1)[-1]),
                                            lang="en")))
    return node


def _texts(graph: Graph, subject, predicate, values: dict[str, str]) -> None:
    for language, text in values.items():
        if text:
            graph.add((subject, predicate, Literal(text, lang=language)))


def _agent(graph: Graph, uri: str, name: str, base: str, key: str) -> URIRef:
    node = URIRef(uri) if is_iri(uri) else URIRef(f"{base}/data/agents/{key}")
    graph.add((node, RDF.type, FOAF.Agent))
    graph.add((node, FOAF.name, Literal(name or uri or key)))
    return node


def _licence(graph: Graph, uri: str):
    if not is_iri(uri):
        return None
    node = URIRef(uri)
    graph.add((node, RDF.type, DCTERMS.LicenseDocument))
    return node


def dataset_iri(dataset: Dataset, base: str) -> URIRef:
    if is_iri(dataset.identifier):
        return URIRef(dataset.identifier)
    return URIRef(f"{base}/data/datasets/{dataset.pk}")


def build_graph(datasets, *, base: str, region_name: str = "Région de Bruxelles-Capitale") -> Graph:
    """The catalogue and `datasets` (active ones; distributions prefetched) as one graph."""
    base = base.rstrip("/")
    graph = Graph()
    for prefix, namespace in (("dcat", DCAT), ("dct", DCTERMS), ("foaf", FOAF), ("skos", SKOS),
                              ("vcard", VCARD), ("dcatap", DCATAP), ("eli", ELI)):
        graph.bind(prefix, namespace)
    catalog = URIRef(f"{base}/data/catalogue")
    graph.add((catalog, RDF.type, DCAT.Catalog))
    _texts(graph, catalog, DCTERMS.title, {
        "fr": "Catalogue des données régionales", "nl": "Catalogus van de gewestelijke data",
        "en": "Catalogue of the region's data"})
    _texts(graph, catalog, DCTERMS.description, {
        "fr": "Les jeux de données décrits et moissonnés par le Bureau de la Donnée.",
        "nl": "De datasets die het Databureau beschrijft en oogst.",
        "en": "The datasets described and harvested by the region's data office."})
    graph.add((catalog, DCTERMS.publisher, _agent(graph, "", region_name, base, "region")))
    graph.add((catalog, FOAF.homepage, URIRef(f"{base}/data/")))
    graph.add((URIRef(f"{base}/data/"), RDF.type, FOAF.Document))
    graph.add((catalog, DCAT.themeTaxonomy, _scheme(graph, EU_THEME.rstrip("/"))))
    for code in EU_LANGUAGE_CODES.values():
        graph.add((catalog, DCTERMS.language,
                   _concept(graph, EU_LANGUAGE + code, EU_LANGUAGE.rstrip("/"),
                            DCTERMS.LinguisticSystem)))
    for dataset in datasets:
        if dataset.status != DatasetStatus.ACTIVE:
            continue
        graph.add((catalog, DCAT.dataset, add_dataset(graph, dataset, base)))
    return graph


def add_dataset(graph: Graph, dataset: Dataset, base: str) -> URIRef:
    node = dataset_iri(dataset, base)
    graph.add((node, RDF.type, DCAT.Dataset))
    graph.add((node, DCTERMS.identifier, Literal(dataset.identifier)))
    titles = {language: getattr(dataset, f"title_{language}") for language in LANGUAGES}
    if not any(titles.values()):
        titles = {"en": dataset.identifier}
    _texts(graph, node, DCTERMS.title, titles)
    descriptions = {language: getattr(dataset, f"description_{language}")
                    for language in LANGUAGES}
    # DCAT-AP makes a description mandatory; a source without one gets its title.
    _texts(graph, node, DCTERMS.description, descriptions if any(descriptions.values())
           else titles)
    if dataset.publisher_id or dataset.publisher_name or dataset.publisher_uri:
        graph.add((node, DCTERMS.publisher, _agent(
            graph, dataset.publisher_uri, dataset.publisher_label, base,
            f"institution-{dataset.publisher_id}" if dataset.publisher_id
            else f"dataset-{dataset.pk}-publisher")))
    for code in dataset.themes or []:
        graph.add((node, DCAT.theme, _concept(graph, EU_THEME + code, EU_THEME.rstrip("/"))))
    for keyword in dataset.keywords or []:
        if keyword:
            graph.add((node, DCAT.keyword, Literal(keyword)))
    if dataset.access_rights:
        graph.add((node, DCTERMS.accessRights, _concept(
            graph, EU_ACCESS_RIGHT + dataset.access_rights, EU_ACCESS_RIGHT.rstrip("/"),
            DCTERMS.RightsStatement)))
    if dataset.update_frequency:
        graph.add((node, DCTERMS.accrualPeriodicity, _concept(
            graph, EU_FREQUENCY + dataset.update_frequency, EU_FREQUENCY.rstrip("/"),
            DCTERMS.Frequency)))
    if dataset.hvd_category:
        graph.add((node, DCATAP.hvdCategory, _concept(
            graph, HVD_CATEGORY + dataset.hvd_category, str(HVD_CATEGORY_SCHEME))))
        graph.add((node, DCATAP.applicableLegislation, HVD_REGULATION))
        graph.add((HVD_REGULATION, RDF.type, ELI.LegalResource))
    if dataset.contact_name or dataset.contact_email or dataset.contact_url:
        contact = BNode()
        graph.add((node, DCAT.contactPoint, contact))
        graph.add((contact, RDF.type, VCARD.Kind))
        graph.add((contact, VCARD.fn, Literal(dataset.contact_name or dataset.publisher_label
                                              or dataset.contact_email or dataset.contact_url)))
        email = dataset.contact_email.removeprefix("mailto:")
        if email and is_iri(f"mailto:{email}"):
            graph.add((contact, VCARD.hasEmail, URIRef(f"mailto:{email}")))
        if is_iri(dataset.contact_url):
            graph.add((contact, VCARD.hasURL, URIRef(dataset.contact_url)))
    if dataset.issued:
        graph.add((node, DCTERMS.issued, Literal(dataset.issued, datatype=XSD.date)))
    if dataset.modified:
        graph.add((node, DCTERMS.modified, Literal(dataset.modified, datatype=XSD.date)))
    if is_iri(dataset.landing_page):
        page = URIRef(dataset.landing_page)
        graph.add((node, DCAT.landingPage, page))
        graph.add((page, RDF.type, FOAF.Document))
    for position, distribution in enumerate(dataset.distributions.all(), start=1):
        if not is_iri(distribution.access_url):
            continue
        dist = URIRef(distribution.uri) if is_iri(distribution.uri) else \
            URIRef(f"{node}/distribution/{position}") if str(node).startswith("http") else \
            URIRef(f"{base}/data/datasets/{dataset.pk}/distribution/{position}")
        graph.add((node, DCAT.distribution, dist))
        graph.add((dist, RDF.type, DCAT.Distribution))
        graph.add((dist, DCAT.accessURL, URIRef(distribution.access_url)))
        if is_iri(distribution.download_url):
            graph.add((dist, DCAT.downloadURL, URIRef(distribution.download_url)))
        if distribution.title:
            graph.add((dist, DCTERMS.title, Literal(distribution.title)))
        code = file_type_code(distribution.format)
        if code:
            graph.add((dist, DCTERMS.format, _concept(
                graph, EU_FILE_TYPE + code, EU_FILE_TYPE.rstrip("/"),
                DCTERMS.MediaTypeOrExtent)))
        media = media_type_code(distribution.media_type)
        if media:
            media_node = URIRef(IANA_MEDIA_TYPES + media)
            graph.add((dist, DCAT.mediaType, media_node))
            graph.add((media_node, RDF.type, DCTERMS.MediaType))
        licence = _licence(graph, distribution.licence or dataset.licence)
        if licence is not None:
            graph.add((dist, DCTERMS.license, licence))
    return node


def export(datasets, fmt: str, *, base: str) -> bytes:
    """The catalogue serialised in `fmt` (ttl, xml or jsonld)."""
    graph = build_graph(datasets, base=base)
    return graph.serialize(format=FORMATS[fmt], encoding="utf-8")


def exported_datasets():
    return (Dataset.objects.filter(status=DatasetStatus.ACTIVE)
            .select_related("publisher").prefetch_related("distributions").order_by("pk"))
