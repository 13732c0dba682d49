"""Harvesting DCAT-AP catalogues into the data catalogue, incrementally and at flat memory.

RDF/XML (what the Belgian federal portals publish) is streamed: ElementTree's iterparse hands
over one dcat:Dataset element at a time, which is turned into a record and dropped, so a
100,000-dataset file never sits in memory (benchmarks/dcat_harvest.py). The parser is lenient
where real exports are not valid RDF/XML (several datasets inside one dcat:dataset property, a
stray rdf:datatype attribute). N-Triples, Turtle and JSON-LD are read with rdflib, whole: they
are meant for small files (the samples, the catalogue's own export).

Records are written in batches: a dataset seen again is updated (only when its description
changed; its `last_seen_at` always), a new one created, and once the whole source was read, the
datasets of that source not seen in this run are withdrawn (never deleted). A record that cannot
be a dataset (no URI, no title, ...) is reported with the reason and skipped; the others are kept.
"""

import hashlib
import io
import json
import re
import resource
import time
import urllib.request
import xml.etree.ElementTree as ET
from dataclasses import dataclass, field
from datetime import date
from pathlib import Path

from django.db import transaction
from django.db.models import Q
from django.utils import timezone

from synergie.audit.log import record_change
from synergie.audit.models import AuditAction
from synergie.datasets.dcat import EU_FILE_TYPE, file_type_code, is_iri, media_type_code
from synergie.datasets.models import (
    EU_ACCESS_RIGHT,
    EU_FREQUENCY,
    EU_THEME,
    HVD_CATEGORY,
    AccessRights,
    Dataset,
    DatasetStatus,
    Distribution,
    Frequency,
    HarvestSource,
    Theme,
)
from synergie.institutions.models import Institution
from synergie.kernel.text import strip_unwanted_characters

RDF = "http://www.w3.org/1999/02/22-rdf-syntax-ns#"
DCAT = "http://www.w3.org/ns/dcat#"
DCT = "http://purl.org/dc/terms/"
FOAF = "http://xmlns.com/foaf/0.1/"
VCARD = "http://www.w3.org/2006/vcard/ns#"
DCATAP = "http://data.europa.eu/r5r/"
SKOS = "http://www.w3.org/2004/02/skos/core#"
XML_LANG = "{http://www.w3.org/XML/1998/namespace}lang"
DATASET = DCAT + "Dataset"
AGENT_TYPES = {FOAF + "Agent", FOAF + "Organization", FOAF + "Person"}
BATCH = 1000
LANGUAGES = ("fr", "nl", "en")
HVD_CODE = re.compile(r"^c_[0-9a-f]{8}$")
ENTERPRISE_NUMBER = re.compile(r"CbeRegisteredEntity/(\d{10})")
FIELDS = ["title_fr", "title_nl", "title_en", "description_fr", "description_nl",
          "description_en", "publisher_uri", "publisher_name", "themes", "keywords", "licence",
          "access_rights", "contact_name", "contact_email", "contact_url", "update_frequency",
          "hvd_category", "issued", "modified", "landing_page"]
MAX_LENGTHS = {name: Dataset._meta.get_field(name).max_length for name in FIELDS
               if getattr(Dataset._meta.get_field(name), "max_length", None)}
DISTRIBUTION_FIELDS = ["uri", "title", "access_url", "download_url", "format", "media_type",
                       "licence"]
DISTRIBUTION_MAX = {name: Distribution._meta.get_field(name).max_length
                    for name in DISTRIBUTION_FIELDS}


class HarvestError(Exception):
    """The source cannot be read at all (unreachable, not RDF, broken XML)."""


class Rejected(Exception):  # noqa: N818 - a record's fate, not a failure of the harvest
    pass


class Iri(str):
    pass


@dataclass
class Lit:
    text: str
    lang: str = ""


@dataclass
class Node:
    about: str | None
    types: list[str] = field(default_factory=list)
    props: list[tuple[str, object]] = field(default_factory=list)

    def values(self, predicate: str) -> list:
        return [value for name, value in self.props if name == predicate]

    def first(self, predicate: str):
        values = self.values(predicate)
        return values[0] if values else None


# --- Reading RDF/XML, one dataset at a time ---

def _uri(tag: str) -> str:
    return tag[1:].replace("}", "", 1) if tag.startswith("{") else tag


_ABOUT, _RESOURCE, _PARSE_TYPE = f"{{{RDF}}}about", f"{{{RDF}}}resource", f"{{{RDF}}}parseType"
_DESCRIPTION, _TYPE = f"{{{RDF}}}Description", RDF + "type"
_SKIPPED_ATTRIBUTES = (f"{{{RDF}}}", "{http://www.w3.org/XML/1998/namespace}")


def _xml_node(elem, lang: str = "") -> Node:
    lang = elem.get(XML_LANG, lang)
    node = Node(elem.get(_ABOUT) or None)
    if elem.tag != _DESCRIPTION:
        node.types.append(_uri(elem.tag))
    for key, value in elem.attrib.items():
        if not key.startswith(_SKIPPED_ATTRIBUTES):
            node.props.append((_uri(key), Lit(value, lang)))
    for child in elem:
        predicate = _uri(child.tag)
        child_lang = child.get(XML_LANG, lang)
        resource_ = child.get(_RESOURCE)
        if resource_ is not None:
            value = Iri(resource_)
            if predicate == _TYPE:
                node.types.append(value)
            else:
                node.props.append((predicate, value))
        elif child.get(_PARSE_TYPE) == "Resource":
            inner = _xml_node(child, child_lang)
            inner.types = []
            node.props.append((predicate, inner))
        elif len(child):
            # Real exports repeat node elements inside one property element: each one is a value.
            for grandchild in child:
                node.props.append((predicate, _xml_node(grandchild, child_lang)))
        else:
            node.props.append((predicate, Lit((child.text or "").strip(), child_lang)))
    return node


def _is_dataset_element(elem, depth: int) -> bool:
    if elem.tag == f"{{{DCAT}}}Dataset":
        return True
    if depth == 1 and elem.tag == f"{{{RDF}}}Description":
        return any(child.tag == f"{{{RDF}}}type" and child.get(f"{{{RDF}}}resource") == DATASET
                   for child in elem)
    return False


def iter_rdfxml(stream):
    """Yield ("dataset", Node) and ("other", Node) from RDF/XML, dropping each element once read."""
    stack = []
    try:
        for event, elem in ET.iterparse(stream, events=("start", "end")):
            if event == "start":
                stack.append(elem)
                continue
            stack.pop()
            depth = len(stack)
            parent = stack[-1] if stack else None
            if _is_dataset_element(elem, depth):
                yield "dataset", _xml_node(elem)
            elif depth == 1:
                yield "other", _xml_node(elem)
            elif depth != 2 or parent.tag != f"{{{DCAT}}}Catalog":
                continue  # a property of a node not read yet: kept until the node ends
            if parent is not None:
                parent.remove(elem)
    except ET.ParseError as error:
        raise HarvestError(f"not well-formed XML: {error}") from error


# --- Reading the other RDF syntaxes with rdflib (small files) ---

def iter_rdflib(data: bytes, rdf_format: str):
    from rdflib import BNode, Graph, Literal, URIRef
    from rdflib.namespace import RDF as RDF_NS

    try:
        graph = Graph().parse(data=data, format=rdf_format)
    except Exception as error:  # rdflib raises many kinds
        raise HarvestError(f"cannot read the {rdf_format} document: {error}") from error

    def node(subject, depth=0) -> Node:
        result = Node(str(subject) if isinstance(subject, URIRef) else None)
        for predicate, value in graph.predicate_objects(subject):
            if predicate == RDF_NS.type:
                result.types.append(str(value))
            elif isinstance(value, Literal):
                result.props.append((str(predicate), Lit(str(value), value.language or "")))
            elif depth < 3 and (isinstance(value, BNode) or (value, None, None) in graph):
                described = node(value, depth + 1)
                result.props.append((str(predicate), described))
            else:
                result.props.append((str(predicate), Iri(str(value))))
        return result

    datasets = set(graph.subjects(RDF_NS.type, URIRef(DATASET)))
    for subject in sorted(datasets, key=str):
        yield "dataset", node(subject)
    for subject in set(graph.subjects()) - datasets:
        if isinstance(subject, URIRef):
            yield "other", node(subject, 3)


# --- From a node to a record ---

def _text(value) -> str:
    if isinstance(value, Lit):
        return value.text
    if isinstance(value, Node):
        return value.about or ""
    return str(value or "")


def _ref(value) -> str:
    """An IRI given as rdf:resource, as a described node, or (in bad exports) as text."""
    if isinstance(value, Node):
        return value.about or ""
    return _text(value).strip()


def _by_language(values: list) -> dict[str, str]:
    found, others = {}, []
    for value in values:
        if not isinstance(value, Lit) or not value.text.strip():
            continue
        language = value.lang.lower()[:2]
        if language in LANGUAGES and language not in found:
            found[language] = value.text.strip()
        else:
            others.append(value.text.strip())
    if not found and others:  # untagged or only German: kept rather than lost
        found["en"] = others[0]
    return found


CODES = {choices: frozenset(choices.values)
         for choices in (Theme, AccessRights, Frequency)}


def _code(value, prefix: str, choices) -> str:
    uri = _ref(value)
    code = uri[len(prefix):] if uri.startswith(prefix) else ""
    return code if code in CODES[choices] else ""


def _date(value) -> date | None:
    text = _text(value).strip()[:10]
    try:
        return date.fromisoformat(text)
    except ValueError:
        return None


def _one_line(text: str, limit: int) -> str:
    return strip_unwanted_characters(text, multiline=False)[:limit]


def _agent_name(node: Node) -> str:
    names = _by_language(node.values(FOAF + "name") or node.values(VCARD + "fn")
                         or node.values(SKOS + "prefLabel"))
    return next((names[language] for language in LANGUAGES if names.get(language)), "")


def _contact(value) -> dict:
    if not isinstance(value, Node):
        return {"contact_url": _ref(value)}
    names = _by_language(value.values(VCARD + "fn") + value.values(VCARD + "organization-name"))
    email = _ref(value.first(VCARD + "hasEmail"))
    return {"contact_name": next((names[lang] for lang in LANGUAGES if names.get(lang)), ""),
            "contact_email": email.removeprefix("mailto:"),
            "contact_url": _ref(value.first(VCARD + "hasURL")) or (value.about or "")}


def _distribution(node: Node) -> dict | None:
    access = next((url for url in map(_ref, node.values(DCAT + "accessURL")) if is_iri(url)), "")
    download = next((url for url in map(_ref, node.values(DCAT + "downloadURL")) if is_iri(url)),
                    "")
    access = access or download
    if not access:
        return None
    titles = _by_language(node.values(DCT + "title"))
    fmt = _ref(node.first(DCT + "format"))
    licence = _ref(node.first(DCT + "license"))
    record = {
        "uri": node.about if is_iri(node.about or "") else "",
        "title": next((titles[lang] for lang in LANGUAGES if titles.get(lang)), ""),
        "access_url": access, "download_url": download,
        "format": file_type_code(fmt) if fmt.startswith(EU_FILE_TYPE) else fmt,
        "media_type": media_type_code(_ref(node.first(DCAT + "mediaType"))),
        "licence": licence if is_iri(licence) else "",
    }
    return {name: _one_line(value, DISTRIBUTION_MAX[name]) for name, value in record.items()}


def to_record(node: Node) -> tuple[dict, list[dict]]:
    """The dataset's fields and distributions, or Rejected with the reason."""
    if not node.about:
        raise Rejected("the dataset has no URI (rdf:about)")
    if not is_iri(node.about):
        raise Rejected("the dataset's URI is not a valid IRI")
    if len(node.about) > Dataset._meta.get_field("identifier").max_length:
        raise Rejected("the dataset's URI is longer than 500 characters")
    titles = _by_language(node.values(DCT + "title"))
    if not titles:
        raise Rejected("the dataset has no title (dct:title)")
    descriptions = _by_language(node.values(DCT + "description"))
    record = {f"title_{lang}": titles.get(lang, "") for lang in LANGUAGES}
    record.update({f"description_{lang}": strip_unwanted_characters(descriptions.get(lang, ""))
                   for lang in LANGUAGES})
    publisher = node.first(DCT + "publisher")
    record["publisher_uri"] = _ref(publisher) if is_iri(_ref(publisher)) else ""
    record["publisher_name"] = _agent_name(publisher) if isinstance(publisher, Node) else ""
    themes = (_code(value, EU_THEME, Theme) for value in node.values(DCAT + "theme"))
    record["themes"] = sorted({code for code in themes if code})
    keywords = []
    for value in node.values(DCAT + "keyword"):
        keyword = _one_line(_text(value).strip(), 100)
        if keyword and keyword not in keywords:
            keywords.append(keyword)
    record["keywords"] = keywords[:50]
    licence = _ref(node.first(DCT + "license"))
    record["licence"] = licence if is_iri(licence) else ""
    record["access_rights"] = _code(node.first(DCT + "accessRights"), EU_ACCESS_RIGHT,
                                    AccessRights)
    record.update({"contact_name": "", "contact_email": "", "contact_url": ""})
    contact = node.first(DCAT + "contactPoint")
    if contact is not None:
        record.update(_contact(contact))
    record["update_frequency"] = _code(node.first(DCT + "accrualPeriodicity"), EU_FREQUENCY,
                                       Frequency)
    # The six categories are the form's choices; a harvest keeps any code of the HVD vocabulary
    # (the Belgian exports give sub-categories, e.g. c_c3de25e4).
    hvd = _ref(node.first(DCATAP + "hvdCategory"))
    hvd = hvd[len(HVD_CATEGORY):] if hvd.startswith(HVD_CATEGORY) else ""
    record["hvd_category"] = hvd if HVD_CODE.match(hvd) else ""
    record["issued"] = _date(node.first(DCT + "issued"))
    record["modified"] = _date(node.first(DCT + "modified"))
    landing = next((url for url in map(_ref, node.values(DCAT + "landingPage")) if is_iri(url)),
                   "")
    record["landing_page"] = landing
    for name, limit in MAX_LENGTHS.items():
        record[name] = _one_line(record[name], limit)
    distributions = [_distribution(value) for value in node.values(DCAT + "distribution")
                     if isinstance(value, Node)]
    distributions = [distribution for distribution in distributions if distribution]
    return record, distributions


def _hash(record: dict, distributions: list[dict]) -> str:
    payload = json.dumps([record, distributions], sort_keys=True, default=str,
                         ensure_ascii=False)
    return hashlib.sha256(payload.encode()).hexdigest()


# --- Opening a source ---

RDFLIB_BY_SUFFIX = {".nt": "nt", ".ttl": "turtle", ".jsonld": "json-ld", ".json": "json-ld",
                    ".n3": "n3"}


def _open(location: str):
    if location.startswith(("http://", "https://")):
        request = urllib.request.Request(location, headers={
            "Accept": "application/rdf+xml, text/turtle;q=0.9, application/n-triples;q=0.9, "
                      "application/ld+json;q=0.8"})
        try:
            return io.BufferedReader(urllib.request.urlopen(request, timeout=60))  # noqa: S310
        except OSError as error:
            raise HarvestError(f"cannot fetch {location}: {error}") from error
    try:
        return open(location, "rb")  # noqa: SIM115 - closed by the caller
    except OSError as error:
        raise HarvestError(f"cannot read {location}: {error.strerror}") from error


def read_source(location: str, stream):
    """The events of the source, streamed when it is RDF/XML."""
    head = stream.peek(512)[:512].lstrip()
    suffix = Path(location.split("?", 1)[0]).suffix.lower()
    if head.startswith(b"<") and suffix not in (".nt", ".ttl", ".n3"):
        return iter_rdfxml(stream)
    rdf_format = RDFLIB_BY_SUFFIX.get(suffix)
    if rdf_format is None:
        rdf_format = "json-ld" if head.startswith((b"{", b"[")) else "turtle"
    return iter_rdflib(stream.read(), rdf_format)


# --- Writing ---

@dataclass
class HarvestReport:
    seen: int = 0
    created: int = 0
    updated: int = 0
    withdrawn: int = 0
    rejected: list = field(default_factory=list)
    seconds: float = 0.0
    peak_mb: float = 0.0

    def as_json(self) -> dict:
        return {"seen": self.seen, "created": self.created, "updated": self.updated,
                "withdrawn": self.withdrawn, "rejected": self.rejected,
                "seconds": round(self.seconds, 3), "peak_mb": round(self.peak_mb, 1)}


class _Writer:
    def __init__(self, source: HarvestSource, started, report: HarvestReport):
        self.source, self.started, self.report = source, started, report
        self.batch: dict[str, tuple[dict, list[dict], str]] = {}

    def add(self, identifier: str, record: dict, distributions: list[dict]) -> None:
        self.batch[identifier] = (record, distributions, _hash(record, distributions))
        if len(self.batch) >= BATCH:
            self.flush()

    @transaction.atomic
    def flush(self) -> None:
        if not self.batch:
            return
        batch, self.batch = self.batch, {}
        existing = {dataset.identifier: dataset for dataset in Dataset.objects.filter(
            identifier__in=list(batch)).only("pk", "identifier", "content_hash", "status",
                                             "harvest_source_id")}
        created, changed, unchanged = [], [], []
        for identifier, (record, distributions, digest) in batch.items():
            dataset = existing.get(identifier)
            if dataset is None:
                created.append((Dataset(identifier=identifier, content_hash=digest,
                                        harvest_source=self.source, last_seen_at=self.started,
                                        **record), distributions))
            elif (dataset.content_hash != digest or dataset.status != DatasetStatus.ACTIVE
                  or dataset.harvest_source_id != self.source.pk):
                for name, value in record.items():
                    setattr(dataset, name, value)
                dataset.content_hash, dataset.status = digest, DatasetStatus.ACTIVE
                dataset.harvest_source, dataset.last_seen_at = self.source, self.started
                dataset.updated_at = timezone.now()
                changed.append((dataset, distributions))
            else:
                unchanged.append(dataset.pk)
        Dataset.objects.bulk_create([dataset for dataset, _ in created])
        Dataset.objects.bulk_update(
            [dataset for dataset, _ in changed],
            [*FIELDS, "content_hash", "status", "harvest_source", "last_seen_at", "updated_at"])
        Distribution.objects.filter(dataset__in=[dataset.pk for dataset, _ in changed]).delete()
        Distribution.objects.bulk_create([
            Distribution(dataset=dataset, **distribution)
            for dataset, distributions in created + changed for distribution in distributions])
        if unchanged:
            Dataset.objects.filter(pk__in=unchanged).update(last_seen_at=self.started)
        self.report.created += len(created)
        self.report.updated += len(changed) + len(unchanged)


def _resolve_references(source: HarvestSource, agents: dict, contacts: dict) -> None:
    """Publishers and contact points described apart from the datasets (by URI)."""
    ours = Dataset.objects.filter(harvest_source=source)
    for uri, name in agents.items():
        if name:
            ours.filter(publisher_uri=uri, publisher_name="").update(publisher_name=name[:300])
    for uri, contact in contacts.items():
        ours.filter(contact_url=uri, contact_name="", contact_email="").update(
            contact_name=contact["contact_name"][:300],
            contact_email=contact["contact_email"][:300])
    numbers = {}
    for uri in ours.exclude(publisher_uri="").filter(publisher=None).values_list(
            "publisher_uri", flat=True).distinct():
        match = ENTERPRISE_NUMBER.search(uri)
        if match:
            numbers[uri] = match.group(1)
    if numbers:
        by_number = {}
        for institution in Institution.objects.exclude(enterprise_number=""):
            by_number[re.sub(r"\D", "", institution.enterprise_number).zfill(10)] = institution
        for uri, number in numbers.items():
            if number in by_number:
                ours.filter(publisher_uri=uri, publisher=None).update(
                    publisher=by_number[number])


def harvest(location: str) -> HarvestReport:
    """Harvest the DCAT-AP catalogue at `location` (a URL or a file); HarvestError if unreadable."""
    began = time.monotonic()
    if not location.startswith(("http://", "https://")):
        location = str(Path(location).resolve())
    report = HarvestReport()
    started = timezone.now()
    stream = _open(location)
    with stream:
        source, _ = HarvestSource.objects.get_or_create(location=location[:1000])
        writer = _Writer(source, started, report)
        agents, contacts = {}, {}
        for kind, node in read_source(location, stream):
            if kind == "other":
                if node.about and AGENT_TYPES & set(node.types):
                    agents[node.about] = _agent_name(node)
                elif node.about and any(t.startswith(VCARD) for t in node.types):
                    contacts[node.about] = _contact(node)
                continue
            report.seen += 1
            try:
                record, distributions = to_record(node)
            except Rejected as reason:
                report.rejected.append({"subject": node.about or "", "reason": str(reason)})
                continue
            writer.add(node.about, record, distributions)
        writer.flush()
    _resolve_references(source, agents, contacts)
    report.withdrawn = Dataset.objects.filter(
        harvest_source=source, status=DatasetStatus.ACTIVE).filter(
        Q(last_seen_at__lt=started) | Q(last_seen_at=None)).update(
        status=DatasetStatus.WITHDRAWN, updated_at=timezone.now())
    report.seconds = time.monotonic() - began
    report.peak_mb = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024
    source.last_harvested_at = timezone.now()
    source.last_report = {key: value for key, value in report.as_json().items()
                          if key != "rejected"} | {"rejected": len(report.rejected)}
    source.save(update_fields=["last_harvested_at", "last_report"])
    record_change(source, action=AuditAction.UPDATED, acting_user=None,
                  changes={"harvest": {"before": None, "after": source.last_report}})
    return report
