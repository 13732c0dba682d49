"""publiccode.yml, read and written the way the reference parser (italia/publiccode-parser-go)
does: pure computation, no Django."""

from .parser import Issue, ParserConfig, ParseResult, parse
from .writer import merge, to_yaml, write_publiccode

__all__ = ["Issue", "ParseResult", "ParserConfig", "merge", "parse", "to_yaml",
           "write_publiccode"]
