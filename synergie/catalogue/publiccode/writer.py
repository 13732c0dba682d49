"""Writing a publiccode.yml from what the catalogue knows of a solution, over the document last
imported (so the keys the catalogue does not model are written back as they came)."""

import copy
import datetime

import yaml

LANGUAGES = ("fr", "nl", "en")
DEFAULT_VERSION = "0.4"

# Solution field -> publiccode.yml key, for the fields kept at the top of the document.
TOP_LEVEL = {"code_url": "url", "landing_url": "landingURL",
             "software_version": "softwareVersion", "development_status": "developmentStatus",
             "software_type": "softwareType"}
# Solution field prefix -> key in description.<language>.
PER_LANGUAGE = {"name": "localisedName", "summary": "shortDescription",
                "description": "longDescription"}


def language_key(description: dict, language: str) -> str | None:
    """The key of `description` written in `language`: `fr` itself, else the first `fr-XX`."""
    if language in description:
        return language
    for key in description:
        if str(key).lower().split("-")[0] == language:
            return key
    return None


def merge(solution: dict, stored: dict | None = None) -> dict:
    """The publiccode.yml document of a solution (a dict with the Solution's field names):
    the stored document with the modelled fields written over it; a modelled field left empty
    removes its key, since the catalogue is where it is kept now. A language gets a description
    when it has a summary or a description (the standard requires them); the French name goes to
    `name` when French has none."""
    document = copy.deepcopy(stored) if isinstance(stored, dict) else {}
    document.setdefault("publiccodeYmlVersion", DEFAULT_VERSION)
    if not document.get("name"):
        document["name"] = solution.get("name_fr") or solution.get("name_en") or \
            solution.get("name_nl") or ""
    for field, key in TOP_LEVEL.items():
        _put(document, key, solution.get(field))
    release = solution.get("release_date")
    if isinstance(release, datetime.date):
        release = release.isoformat()
    _put(document, "releaseDate", release)
    _put(document, "platforms", list(solution.get("platforms") or []))
    legal = document.get("legal") if isinstance(document.get("legal"), dict) else {}
    _put(legal, "license", solution.get("licence"))
    if legal:
        document["legal"] = legal
    else:
        document.pop("legal", None)
    description = document.get("description")
    description = description if isinstance(description, dict) else {}
    for language in LANGUAGES:
        values = {key: solution.get(f"{prefix}_{language}") or ""
                  for prefix, key in PER_LANGUAGE.items()}
        key = language_key(description, language)
        if key is None and not (values["shortDescription"] or values["longDescription"]):
            continue  # a name alone does not make a description (it would lack the rest)
        entry = description.get(key) if isinstance(description.get(key), dict) else {}
        for name, value in values.items():
            _put(entry, name, value)
        description[key or language] = entry
    if description:
        document["description"] = description
    if solution.get("name_fr") and language_key(description, "fr") is None:
        document["name"] = solution["name_fr"]  # its only place when French is not described
    return document


def _put(mapping: dict, key: str, value) -> None:
    if value in (None, "", []):
        mapping.pop(key, None)
    else:
        mapping[key] = value


def _order(document: dict) -> dict:
    """The standard's order for the first keys, the others after them as they were."""
    first = ["publiccodeYmlVersion", "name", "applicationSuite", "url", "landingURL",
             "isBasedOn", "softwareVersion", "releaseDate", "logo", "platforms", "categories",
             "developmentStatus", "softwareType", "description", "legal", "maintenance",
             "localisation"]
    ordered = {key: document[key] for key in first if key in document}
    ordered.update((key, value) for key, value in document.items() if key not in ordered)
    return ordered


def to_yaml(document: dict) -> str:
    return yaml.safe_dump(_order(document), allow_unicode=True, sort_keys=False,
                          default_flow_style=False, width=100)


def write_publiccode(solution: dict, stored: dict | None = None) -> str:
    return to_yaml(merge(solution, stored))
