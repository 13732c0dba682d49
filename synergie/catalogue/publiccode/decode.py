"""Decoding the YAML nodes into plain Python values by the shape of a publiccode.yml (v0), with
the type errors the reference parser reports ("wrong type for this field", unknown fields)."""

from dataclasses import dataclass

from yaml.nodes import MappingNode, Node, ScalarNode, SequenceNode

from .yamlnodes import BOOL, NULL, key_at_line, line_of


@dataclass(frozen=True)
class Str:
    pass


@dataclass(frozen=True)
class Bool:
    pass


@dataclass(frozen=True)
class ListOf:
    item: object


@dataclass(frozen=True)
class MapOf:
    value: object


@dataclass(frozen=True)
class StrOrList:
    """isBasedOn: one URL or a list of them."""


class Struct:
    def __init__(self, **fields):
        self.fields = fields


S, B = Str(), Bool()
STRINGS = ListOf(S)
ORGANISATION = Struct(name=S, uri=S)
DEPENDENCY = Struct(name=S, versionMin=S, versionMax=S, version=S, optional=B)
DESCRIPTION = Struct(
    localisedName=S, genericName=S, shortDescription=S, longDescription=S, documentation=S,
    apiDocumentation=S, features=STRINGS, screenshots=STRINGS, videos=STRINGS, awards=STRINGS)
ITALY = Struct(
    countryExtensionVersion=S,
    conforme=Struct(lineeGuidaDesign=B, modelloInteroperabilita=B, misureMinimeSicurezza=B,
                    gdpr=B),
    riuso=Struct(codiceIPA=S),
    piattaforme=Struct(spid=B, cie=B, anpr=B, pagopa=B, io=B))
PUBLICCODE = Struct(
    publiccodeYmlVersion=S, name=S, applicationSuite=S, url=S, landingURL=S,
    isBasedOn=StrOrList(), softwareVersion=S, releaseDate=S, logo=S, monochromeLogo=S,
    inputTypes=STRINGS, outputTypes=STRINGS, platforms=STRINGS, categories=STRINGS,
    usedBy=STRINGS, fundedBy=ListOf(ORGANISATION), roadmap=S, developmentStatus=S,
    softwareType=S,
    intendedAudience=Struct(countries=STRINGS, unsupportedCountries=STRINGS, scope=STRINGS),
    description=MapOf(DESCRIPTION),
    legal=Struct(license=S, mainCopyrightOwner=S, repoOwner=S, authorsFile=S),
    maintenance=Struct(
        type=S,
        contractors=ListOf(Struct(name=S, until=S, email=S, website=S)),
        contacts=ListOf(Struct(name=S, email=S, phone=S, affiliation=S))),
    localisation=Struct(localisationReady=B, availableLanguages=STRINGS),
    dependsOn=Struct(open=ListOf(DEPENDENCY), proprietary=ListOf(DEPENDENCY),
                     hardware=ListOf(DEPENDENCY)),
    organisation=ORGANISATION,
    supports=ListOf(Struct(id=S)),
    IT=ITALY, it=ITALY)


def _key_text(node: Node) -> str:
    return str(node.value) if isinstance(node, ScalarNode) else "?"


@dataclass
class TypeProblem:
    key: str
    message: str
    line: int
    unit: tuple  # what the reference decoder leaves empty: ("name",) or ("description", "en")


class _Decoder:
    def __init__(self, root: Node):
        self.root = root
        self.problems: list[TypeProblem] = []
        self.unit: tuple = ()

    def problem(self, node: Node, message: str = "wrong type for this field") -> None:
        line = line_of(node)
        self.problems.append(TypeProblem(key_at_line(self.root, line), message, line, self.unit))

    def decode(self, node: Node, shape):
        if isinstance(node, ScalarNode) and node.tag == NULL:
            return None
        if isinstance(shape, Str):
            if isinstance(node, ScalarNode):
                return node.value
        elif isinstance(shape, Bool):
            if isinstance(node, ScalarNode) and node.tag == BOOL:
                return node.value.lower() == "true"
        elif isinstance(shape, StrOrList):
            if isinstance(node, ScalarNode):
                return [node.value]
            if isinstance(node, SequenceNode):
                return self.decode(node, STRINGS)
        elif isinstance(shape, ListOf):
            if isinstance(node, SequenceNode):
                return [self.decode(item, shape.item) for item in node.value]
        elif isinstance(shape, MapOf):
            if isinstance(node, MappingNode):
                return {_key_text(key): self.decode(value, shape.value)
                        for key, value in node.value}
        elif isinstance(shape, Struct):
            if isinstance(node, MappingNode):
                return self.struct(node, shape)
        self.problem(node)
        return None

    def struct(self, node: MappingNode, shape: Struct) -> dict:
        result = {}
        for key_node, value_node in node.value:
            name = _key_text(key_node)
            if name not in shape.fields:
                self.problem(key_node, f'unknown field "{name}"')
                continue
            result[name] = self.decode(value_node, shape.fields[name])
        return result


def decode(root: MappingNode) -> tuple[dict, list[TypeProblem]]:
    """The document as plain values and the type problems found. Like the reference decoder, a
    type problem leaves its top-level field (or its description language) empty, so that the
    checks that follow report it missing too."""
    decoder = _Decoder(root)
    document: dict = {}
    for key_node, value_node in root.value:
        name = _key_text(key_node)
        if name not in PUBLICCODE.fields:
            decoder.unit = (name,)
            decoder.problem(key_node, f'unknown field "{name}"')
            continue
        if name == "description" and isinstance(value_node, MappingNode):
            languages = {}
            for language_node, entry_node in value_node.value:
                language = _key_text(language_node)
                decoder.unit = (name, language)
                languages[language] = decoder.decode(entry_node, DESCRIPTION)
            document[name] = languages
            continue
        decoder.unit = (name,)
        document[name] = decoder.decode(value_node, PUBLICCODE.fields[name])
    for problem in decoder.problems:
        if len(problem.unit) == 2:
            document.get(problem.unit[0], {}).pop(problem.unit[1], None)
        else:
            document.pop(problem.unit[0], None)
    return document, decoder.problems
