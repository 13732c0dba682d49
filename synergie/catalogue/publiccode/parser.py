"""Parsing and validating a publiccode.yml as the reference parser (publiccode-parser-go) does,
every problem named by its key (`description.en.shortDescription`, `maintenance.contacts[0].email`).

Network checks (is a URL reachable, does an oEmbed provider serve a video) run only when the
caller gives an `http_get`; the product never does, like the reference parser with
DisableNetwork. Files named by relative paths (logo, screenshots, authorsFile) are looked for
only when `base_dir` says where the repository is checked out."""

from collections.abc import Callable
from dataclasses import dataclass, field
from pathlib import Path
from urllib.parse import urlsplit

from yaml.nodes import MappingNode

from . import checks
from .decode import decode
from .rules import is_ipa_code, struct_problems
from .yamlnodes import YamlSyntaxError, compose, mapping_get, position_of

DEPRECATED = "This key is DEPRECATED and will be removed in the future. It's safe to drop it"


@dataclass(frozen=True)
class Issue:
    key: str
    message: str
    line: int = 0
    column: int = 0
    severity: str = "error"

    def as_dict(self) -> dict:
        return {"key": self.key, "message": self.message, "line": self.line,
                "column": self.column}


@dataclass
class ParseResult:
    document: dict | None
    errors: list[Issue] = field(default_factory=list)
    warnings: list[Issue] = field(default_factory=list)

    @property
    def valid(self) -> bool:
        return not self.errors


@dataclass(frozen=True)
class ParserConfig:
    # Where the repository holding the file is, to check the files it names; None skips that.
    base_dir: Path | None = None
    # url -> HTTP status; None means no network (the reference parser's DisableNetwork).
    http_get: Callable[[str], int] | None = None
    # The Italian public administrations' codes (iPA); None checks only their form.
    ipa_codes: frozenset | None = None


def parse(text: str | bytes, config: ParserConfig = ParserConfig()) -> ParseResult:
    if isinstance(text, bytes):
        try:
            text = text.decode("utf-8")
        except UnicodeDecodeError:
            return ParseResult(None, [Issue("", "Invalid UTF-8")])
    try:
        root = compose(text)
    except YamlSyntaxError as error:
        return ParseResult(None, [Issue("", str(error), error.line, error.column)])
    if not isinstance(root, MappingNode):
        return ParseResult(None, [Issue("", "the document is not a mapping of keys to values")])
    return _Validation(root, config).run()


class _Validation:
    def __init__(self, root: MappingNode, config: ParserConfig):
        self.root, self.config = root, config
        self.issues: list[Issue] = []

    def add(self, key: str, message: str, severity: str = "error") -> None:
        line, column = position_of(self.root, key)
        self.issues.append(Issue(key, message, line, column, severity))

    def warn(self, key: str, message: str) -> None:
        self.add(key, message, "warning")

    def result(self, document: dict | None) -> ParseResult:
        return ParseResult(document, [i for i in self.issues if i.severity == "error"],
                           [i for i in self.issues if i.severity == "warning"])

    def run(self) -> ParseResult:
        key_node, version_node = mapping_get(self.root, "publiccodeYmlVersion")
        if version_node is None:
            self.add("publiccodeYmlVersion", "publiccodeYmlVersion is a required field")
            return self.result(None)
        version = getattr(version_node, "value", None)
        if isinstance(version, str):
            if version not in checks.SUPPORTED_VERSIONS:
                self.issues.append(Issue(
                    "publiccodeYmlVersion", f"unsupported version: '{version}'. Supported "
                    f"versions: {', '.join(checks.SUPPORTED_VERSIONS)}"))
                return self.result(None)
            if version != "0":
                self.warn("publiccodeYmlVersion",
                          f"v{version} is not the latest version, use '0'. Parsing this file as "
                          f"v{checks.LATEST_VERSION}.")
        document, type_problems = decode(self.root)
        for problem in type_problems:
            self.issues.append(Issue(problem.key, problem.message, problem.line, 1))
        for key, message in struct_problems(document, self.config.ipa_codes):
            self.add(key, message)
        self.field_checks(document)
        return self.result(document)

    # The checks the reference parser runs after the struct rules (validateFields).
    def field_checks(self, doc: dict) -> None:
        network = self.config.http_get is not None
        if network and doc.get("url") and checks.is_url(doc["url"]):
            self.reachable("url", doc["url"])
            if not checks.is_code_repository(doc["url"]):
                self.add("url", "is not a valid code repository")
        elif network and doc.get("url"):
            self.reachable("url", doc["url"])
            self.add("url", "is not a valid code repository")
        for key in ("landingURL", "roadmap"):
            if network and doc.get(key):
                self.reachable(key, doc[key])
        if doc.get("logo"):
            self.check_logo("logo", doc["logo"])
        if doc.get("monochromeLogo"):
            self.warn("monochromeLogo", "This key is DEPRECATED and will be removed in the "
                      "future. Use 'logo' instead")
            self.check_logo("monochromeLogo", doc["monochromeLogo"])
        legal = doc.get("legal") or {}
        if legal.get("authorsFile"):
            self.warn("legal.authorsFile", DEPRECATED)
            path = self.local_path(legal["authorsFile"])
            if path is not None and not path.exists():
                self.add("legal.authorsFile", f"'{path}' does not exist: no such file: {path}")
        if legal.get("repoOwner"):
            self.warn("legal.repoOwner", "This key is DEPRECATED and will be removed in the "
                      "future. Use 'organisation.name' instead")
        for key in ("inputTypes", "outputTypes"):
            if doc.get(key):
                self.warn(key, DEPRECATED)
        for language, entry in (doc.get("description") or {}).items():
            self.description_checks(f"description.{language}", entry or {}, network)
        audience = doc.get("intendedAudience") or {}
        for key in ("countries", "unsupportedCountries"):
            for index, code in enumerate(audience.get(key) or []):
                if code and code.islower() and checks.is_country(code):
                    self.warn(f"intendedAudience.{key}[{index}]", "Lowercase country codes are "
                              f"DEPRECATED. Use uppercase instead ('{code.upper()}')")
        if "it" in doc:
            self.warn("it", "Lowercase country codes are DEPRECATED and will be removed in the "
                      "future. Use 'IT' instead")
            if "IT" in doc:
                self.add("it", "'IT' key already present. Remove this key")
        italy = doc.get("IT") or doc.get("it") or {}
        if italy.get("conforme"):
            self.warn("IT.conforme", DEPRECATED)
        code = (italy.get("riuso") or {}).get("codiceIPA")
        # An invalid code is an error (rules.py); only a valid one gets the deprecation note.
        if code and is_ipa_code(code, self.config.ipa_codes):
            self.warn("IT.riuso.codiceIPA", "This key is DEPRECATED and will be removed in the "
                      f"future. Use 'organisation.uri' and set it to 'urn:x-italian-pa:{code}' "
                      "instead")

    def description_checks(self, prefix: str, entry: dict, network: bool) -> None:
        if entry.get("genericName"):
            self.warn(f"{prefix}.genericName", DEPRECATED)
        for key in ("documentation", "apiDocumentation"):
            if network and entry.get(key):
                self.reachable(f"{prefix}.{key}", entry[key])
        for index, screenshot in enumerate(entry.get("screenshots") or []):
            problem = self.file_problem(screenshot or "", checks.SCREENSHOT_EXTENSIONS)
            if problem:
                self.add(f"{prefix}.screenshots[{index}]",
                         f"'{screenshot}' is not an image: {problem}")
        for index, video in enumerate(entry.get("videos") or []):
            if network and video and not checks.is_oembed_video(video):
                self.add(f"{prefix}.videos[{index}]", f"'{video}' is not a valid video URL "
                         f"supporting oEmbed: invalid oEmbed link: {video}")

    def reachable(self, key: str, url: str) -> None:
        if not _scheme(url):
            self.add(key, f"'{url}' not reachable: missing URL scheme")
            return
        status = self.config.http_get(url)
        if not 200 <= status < 300:
            self.add(key, f"'{url}' not reachable: HTTP status {status}")

    def local_path(self, value: str) -> Path | None:
        if self.config.base_dir is None:
            return None
        return (Path(self.config.base_dir) / value).resolve()

    def check_logo(self, key: str, value: str) -> None:
        problem = self.file_problem(value, checks.LOGO_EXTENSIONS)
        if problem:
            self.add(key, problem)

    def file_problem(self, value: str, extensions: tuple) -> str | None:
        """What is wrong with a file named by a relative path or an HTTP(S) URL."""
        scheme = _scheme(value)
        if scheme == "file":
            return "is a file:// URL. Only relative paths or HTTP(s) URLs allowed"
        if scheme in ("http", "https"):
            if self.config.http_get is not None:
                status = self.config.http_get(value)
                if status == 404:
                    return f"HTTP GET failed for {value}: not found"
                if not 200 <= status < 300:
                    return f"HTTP GET failed for {value}: HTTP status {status}"
            return None
        if value.startswith("/"):
            return "is an absolute path. Only relative paths or HTTP(s) URLs allowed"
        path = self.local_path(value)
        if path is None:
            return None
        if not path.name.lower().endswith(extensions):
            return f"invalid file extension for: {path}"
        if not path.is_file():
            return f"no such file: {path}"
        return checks.image_problem(path.read_bytes()[:16], path.name)


def _scheme(value: str) -> str:
    try:
        return urlsplit(value).scheme.lower()
    except ValueError:  # e.g. an unclosed IPv6 bracket
        return ""
