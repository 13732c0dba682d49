"""Reading YAML the way the reference parser's library (go-yaml v3) does: YAML 1.2 core schema
(so `yes`, `on` and dates stay strings), and with the line of every node kept, because the
reference parser names the key of a decoding error by the line it happened on."""

import re

import yaml
from yaml.composer import Composer
from yaml.nodes import MappingNode, Node, ScalarNode, SequenceNode
from yaml.parser import Parser
from yaml.reader import Reader
from yaml.resolver import BaseResolver
from yaml.scanner import Scanner

STR = "tag:yaml.org,2002:str"
INT = "tag:yaml.org,2002:int"
FLOAT = "tag:yaml.org,2002:float"
BOOL = "tag:yaml.org,2002:bool"
NULL = "tag:yaml.org,2002:null"


class Core12Resolver(BaseResolver):
    """The YAML 1.2 core schema: only true/false are booleans, no timestamps, no sexagesimals."""

    yaml_implicit_resolvers: dict = {}


Core12Resolver.add_implicit_resolver(
    BOOL, re.compile(r"^(?:true|True|TRUE|false|False|FALSE)$"), list("tTfF"))
Core12Resolver.add_implicit_resolver(
    INT, re.compile(r"^(?:[-+]?[0-9]+|0o[0-7]+|0x[0-9a-fA-F]+)$"), list("-+0123456789"))
Core12Resolver.add_implicit_resolver(
    FLOAT, re.compile(r"^(?:[-+]?(?:\.[0-9]+|[0-9]+(?:\.[0-9]*)?)(?:[eE][-+]?[0-9]+)?"
                      r"|[-+]?\.(?:inf|Inf|INF)|\.(?:nan|NaN|NAN))$"), list("-+0123456789."))
Core12Resolver.add_implicit_resolver(
    NULL, re.compile(r"^(?:~|null|Null|NULL|)$"), ["~", "n", "N", ""])


class _Loader(Reader, Scanner, Parser, Composer, Core12Resolver):
    def __init__(self, stream):
        Reader.__init__(self, stream)
        Scanner.__init__(self)
        Parser.__init__(self)
        Composer.__init__(self)
        Core12Resolver.__init__(self)


class YamlSyntaxError(ValueError):
    def __init__(self, message: str, line: int, column: int):
        super().__init__(message)
        self.line, self.column = line, column


def compose(text: str) -> Node | None:
    """The document's node tree, or None when the text holds no document."""
    try:
        root = yaml.compose(text, Loader=_Loader)
    except yaml.MarkedYAMLError as error:
        mark = error.problem_mark or error.context_mark
        message = " ".join(str(part) for part in (error.context, error.problem) if part)
        raise YamlSyntaxError(message, mark.line + 1 if mark else 0,
                              mark.column + 1 if mark else 0) from error
    except yaml.YAMLError as error:
        raise YamlSyntaxError(str(error), 0, 0) from error
    if root is not None:
        _reject_duplicate_keys(root, [MAX_NODES])
    return root


# Aliases let a small text stand for a huge tree ("billion laughs"); a publiccode.yml has a few
# hundred nodes, so a document that expands past this is refused before it is walked further.
MAX_NODES = 100_000


def _reject_duplicate_keys(node: Node, budget: list[int]) -> None:
    budget[0] -= 1
    if budget[0] < 0:
        raise YamlSyntaxError(f"the document expands to more than {MAX_NODES} values "
                              "(aliases)", line_of(node), column_of(node))
    if isinstance(node, MappingNode):
        seen: dict[str, int] = {}
        for key, value in node.value:
            if isinstance(key, ScalarNode):
                if key.value in seen:
                    raise YamlSyntaxError(
                        f'mapping key "{key.value}" already defined at line {seen[key.value]}',
                        line_of(key), column_of(key))
                seen[key.value] = line_of(key)
            _reject_duplicate_keys(value, budget)
    elif isinstance(node, SequenceNode):
        for item in node.value:
            _reject_duplicate_keys(item, budget)


def line_of(node: Node) -> int:
    return node.start_mark.line + 1


def column_of(node: Node) -> int:
    return node.start_mark.column + 1


def mapping_get(node: Node | None, key: str) -> tuple[Node | None, Node | None]:
    """The key node and the value node of `key` in a mapping node."""
    if isinstance(node, MappingNode):
        for key_node, value_node in node.value:
            if isinstance(key_node, ScalarNode) and key_node.value == key:
                return key_node, value_node
    return None, None


def key_at_line(node: Node, line: int, path: str = "") -> str:
    """The key the reference parser names for a decoding error on `line`: the first key (or
    list item) met on that line, depth first, written `a.b[0].c`."""
    if isinstance(node, MappingNode):
        for key_node, value_node in node.value:
            key = f"{path}.{key_node.value}" if path else str(key_node.value)
            if isinstance(key_node, ScalarNode) and line_of(key_node) == line:
                return key
            if not isinstance(value_node, ScalarNode):
                found = key_at_line(value_node, line, key)
                if found:
                    return found
    elif isinstance(node, SequenceNode):
        for index, item in enumerate(node.value):
            key = f"{path}[{index}]"
            if line_of(item) == line:
                return key
            if not isinstance(item, ScalarNode):
                found = key_at_line(item, line, key)
                if found:
                    return found
    return ""


_PATH_PART = re.compile(r"([^.\[\]]+)|\[([^\]]+)\]")


def position_of(root: Node | None, key: str) -> tuple[int, int]:
    """Line and column of `key` (`a.b[0].c`, or `description[en-US].x`), or of the deepest
    existing parent; (0, 0) when even the first part is missing."""
    node, found = root, (0, 0)
    for name, inside in _PATH_PART.findall(key):
        part = name or inside
        if isinstance(node, SequenceNode) and part.isdigit() and int(part) < len(node.value):
            node = node.value[int(part)]
            found = (line_of(node), column_of(node))
            continue
        key_node, value_node = mapping_get(node, part)
        if key_node is None:
            break
        found, node = (line_of(key_node), column_of(key_node)), value_node
    return found
