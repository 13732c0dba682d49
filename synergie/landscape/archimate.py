"""The application landscape in the ArchiMate Model Exchange File Format 3.1 (The Open Group),
the XML that Archi and other modelling tools import: pure computation, no Django.

`write_model` turns a `Model` into the exchange XML; `read_model` reads such a file back and
checks what the format requires of its structure (unique identifiers, relationships between
existing elements, a type and a name on everything), so that a round trip can be tested.
"""

from dataclasses import dataclass, field
from xml.etree import ElementTree

NAMESPACE = "http://www.opengroup.org/xsd/archimate/3.0/"
XSI = "http://www.w3.org/2001/XMLSchema-instance"
XML_LANG = "{http://www.w3.org/XML/1998/namespace}lang"
SCHEMA_LOCATION = (f"{NAMESPACE} "
                   "http://www.opengroup.org/xsd/archimate/3.1/archimate3_Model.xsd")

# The element and relationship types this module writes; the reader accepts any ArchiMate
# type, since a model edited in Archi may come back with more.
APPLICATION_COMPONENT = "ApplicationComponent"
BUSINESS_ACTOR = "BusinessActor"
CAPABILITY = "Capability"
SERVING = "Serving"
REALIZATION = "Realization"
ASSIGNMENT = "Assignment"

ElementTree.register_namespace("", NAMESPACE)
ElementTree.register_namespace("xsi", XSI)


class ArchimateError(ValueError):
    """The file is not an ArchiMate exchange model this module can read."""


@dataclass
class Element:
    identifier: str
    type: str
    names: dict[str, str]  # language code -> name
    documentation: str = ""
    properties: dict[str, str] = field(default_factory=dict)  # property name -> value


@dataclass
class Relationship:
    identifier: str
    type: str
    source: str
    target: str
    names: dict[str, str] = field(default_factory=dict)


@dataclass
class Model:
    identifier: str
    names: dict[str, str]
    elements: list[Element] = field(default_factory=list)
    relationships: list[Relationship] = field(default_factory=list)
    documentation: str = ""


def _tag(name: str) -> str:
    return f"{{{NAMESPACE}}}{name}"


def _add_names(parent: ElementTree.Element, names: dict[str, str], tag: str = "name") -> None:
    for language, text in names.items():
        if text:
            # A name without a language (an application's own name) has no xml:lang.
            attributes = {XML_LANG: language} if language else {}
            ElementTree.SubElement(parent, _tag(tag), attributes).text = text


def write_model(model: Model) -> bytes:
    """The exchange XML of `model`, UTF-8, with its XML declaration."""
    if not any(model.names.values()):
        raise ArchimateError("a model needs a name")
    property_ids = {name: f"propid-{index}" for index, name in enumerate(sorted(
        {key for element in model.elements for key in element.properties}), 1)}
    root = ElementTree.Element(_tag("model"), {
        "identifier": model.identifier, f"{{{XSI}}}schemaLocation": SCHEMA_LOCATION})
    _add_names(root, model.names)
    if model.documentation:
        ElementTree.SubElement(root, _tag("documentation")).text = model.documentation
    # The schema's order: name, documentation, elements, relationships, propertyDefinitions.
    if model.elements:
        elements = ElementTree.SubElement(root, _tag("elements"))
        for element in model.elements:
            node = ElementTree.SubElement(elements, _tag("element"), {
                "identifier": element.identifier, f"{{{XSI}}}type": element.type})
            _add_names(node, element.names)
            if element.documentation:
                ElementTree.SubElement(node, _tag("documentation")).text = element.documentation
            if element.properties:
                properties = ElementTree.SubElement(node, _tag("properties"))
                for key, value in element.properties.items():
                    prop = ElementTree.SubElement(properties, _tag("property"),
                                                  {"propertyDefinitionRef": property_ids[key]})
                    ElementTree.SubElement(prop, _tag("value")).text = value
    if model.relationships:
        relationships = ElementTree.SubElement(root, _tag("relationships"))
        for relationship in model.relationships:
            node = ElementTree.SubElement(relationships, _tag("relationship"), {
                "identifier": relationship.identifier, "source": relationship.source,
                "target": relationship.target, f"{{{XSI}}}type": relationship.type})
            _add_names(node, relationship.names)
    if property_ids:
        definitions = ElementTree.SubElement(root, _tag("propertyDefinitions"))
        for name, identifier in property_ids.items():
            definition = ElementTree.SubElement(definitions, _tag("propertyDefinition"),
                                                {"identifier": identifier, "type": "string"})
            ElementTree.SubElement(definition, _tag("name")).text = name
    ElementTree.indent(root)
    return ElementTree.tostring(root, encoding="utf-8", xml_declaration=True)


def _names(node: ElementTree.Element, where: str) -> dict[str, str]:
    names = {child.get(XML_LANG, ""): (child.text or "") for child in node.findall(_tag("name"))}
    if not names:
        raise ArchimateError(f"{where} has no name")
    return names


def _required(node: ElementTree.Element, attribute: str, where: str) -> str:
    value = node.get(attribute)
    if not value:
        raise ArchimateError(f"{where} has no {attribute.rsplit('}', 1)[-1]}")
    return value


def read_model(data: bytes) -> Model:
    """The model in an exchange file; ArchimateError says what is wrong with it."""
    try:
        root = ElementTree.fromstring(data)
    except ElementTree.ParseError as error:
        raise ArchimateError(f"not well-formed XML: {error}") from None
    if root.tag != _tag("model"):
        raise ArchimateError(f"the root element is {root.tag}, not an ArchiMate model")
    seen: set[str] = set()

    def identifier(node, where: str) -> str:
        value = _required(node, "identifier", where)
        if value in seen:
            raise ArchimateError(f"the identifier {value} is used twice")
        seen.add(value)
        return value

    model_id = identifier(root, "the model")
    definitions = {
        _required(node, "identifier", "a property definition"):
            (node.findtext(_tag("name")) or "")
        for node in root.iterfind(f"{_tag('propertyDefinitions')}/{_tag('propertyDefinition')}")
    }
    elements = []
    for node in root.iterfind(f"{_tag('elements')}/{_tag('element')}"):
        element_id = identifier(node, "an element")
        where = f"the element {element_id}"
        properties = {}
        for prop in node.iterfind(f"{_tag('properties')}/{_tag('property')}"):
            ref = _required(prop, "propertyDefinitionRef", f"a property of {where}")
            if ref not in definitions:
                raise ArchimateError(f"{where} has a property of the undefined {ref}")
            properties[definitions[ref]] = prop.findtext(_tag("value")) or ""
        elements.append(Element(
            identifier=element_id, type=_required(node, f"{{{XSI}}}type", where),
            names=_names(node, where), documentation=node.findtext(_tag("documentation")) or "",
            properties=properties))
    element_ids = {element.identifier for element in elements}
    relationships = []
    for node in root.iterfind(f"{_tag('relationships')}/{_tag('relationship')}"):
        relationship_id = identifier(node, "a relationship")
        where = f"the relationship {relationship_id}"
        source = _required(node, "source", where)
        target = _required(node, "target", where)
        for end in (source, target):
            if end not in element_ids:
                raise ArchimateError(f"{where} points at {end}, which is no element")
        relationships.append(Relationship(
            identifier=relationship_id, type=_required(node, f"{{{XSI}}}type", where),
            source=source, target=target,
            names={child.get(XML_LANG, ""): child.text or ""
                   for child in node.findall(_tag("name"))}))
    return Model(identifier=model_id, names=_names(root, "the model"), elements=elements,
                 relationships=relationships,
                 documentation=root.findtext(_tag("documentation")) or "")
