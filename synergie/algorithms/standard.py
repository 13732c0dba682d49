"""The Dutch algorithm-register publication standard v1.0.0 ("Algoritmeregister
Publicatiestandaard", MinBZK, EUPL-1.2), without Django.

An entry is kept exactly as it came (the lossless source of truth). It comes in one of two
shapes: the standard's v1.0.0 shape (flat, 32 properties) or the register's earlier shape, in
which the 90 example entries were published (groups `toepassing`, `toezicht`, `juridisch`,
`inzet`, `metadata`). `view` reads either as the v1.0.0 fields; `apply` writes changed v1.0.0
fields back where that shape keeps them; `check` names what is wrong with an entry.
"""

import re
from typing import Any

# The standard's properties, in the schema's order (also the CSV columns).
FIELD_NAMES = (
    "name", "description_short", "organization", "theme", "status", "start_date", "end_date",
    "contact", "link", "publication_category", "source_link", "purpose_and_impact",
    "considerations", "human_intervention", "risk_management", "legal_basis",
    "legal_basis_link", "legal_basis_title", "processing_register_link", "impact_assessments",
    "impact_assessment_link", "impact_assessment_explanation", "data", "data_source_link",
    "data_source_title", "technical_operation", "supplier", "source_code_link", "language",
    "schema", "source_id", "search_terms",
)
REQUIRED = (
    "name", "description_short", "organization", "theme", "status", "start_date", "contact",
    "publication_category", "purpose_and_impact", "considerations", "human_intervention",
    "risk_management", "impact_assessments", "data", "technical_operation", "supplier",
    "language", "schema",
)
MAX_LENGTH = {
    "name": 99, "description_short": 399, "organization": 99, "purpose_and_impact": 2499,
    "considerations": 2499, "human_intervention": 2499, "risk_management": 2499,
    "legal_basis": 2499, "legal_basis_title": 99, "impact_assessment_explanation": 2499,
    "data": 2499, "data_source_title": 499, "technical_operation": 4999, "supplier": 199,
}
STATUSES = ("In ontwikkeling", "In gebruik", "Buiten gebruik")
PUBLICATION_CATEGORIES = (
    "Hoog-risico AI-systeem (Categorie A)", "Impactvolle algoritmes (Categorie B)",
    "Overige algoritmes (Categorie C)",
)
MONTH = re.compile(r"^[0-9]{4}-[0-9]{2}$")
LANGUAGE = "nld"
LANGUAGE_CODE = re.compile(r"^[a-z]{3}$")
# ISO 639 codes (and the earlier shape's language names) → the code a page's `lang` takes.
PAGE_LANGUAGES = {"nld": "nl", "dut": "nl", "nl": "nl", "nederlands": "nl", "fra": "fr",
                  "fre": "fr", "fr": "fr", "français": "fr", "eng": "en", "en": "en",
                  "english": "en", "deu": "de", "ger": "de"}
SCHEMA = "1.0.0"

# Where the earlier shape keeps each v1.0.0 field (a path of keys).
LEGACY_PATHS: dict[str, tuple[str, ...]] = {
    "name": ("name",),
    "description_short": ("description_short",),
    "organization": ("organization",),
    "theme": ("category",),
    "status": ("status",),
    "contact": ("metadata", "contact_email"),
    "link": ("website",),
    "source_link": ("metadata", "url"),
    "purpose_and_impact": ("inzet", "goal"),
    "considerations": ("inzet", "proportionality"),
    "human_intervention": ("toezicht", "human_intervention"),
    "risk_management": ("toezicht", "risks"),
    "legal_basis": ("juridisch", "lawful_basis"),
    "impact_assessments": ("juridisch", "dpia_description"),
    "data": ("toepassing", "source_data"),
    "technical_operation": ("toepassing", "description"),
    "source_code_link": ("toepassing", "publiccode"),
    "language": ("metadata", "lang"),
    "schema": ("metadata", "schema"),
    "source_id": ("id",),
}
LEGACY_GROUPS = ("toepassing", "toezicht", "juridisch", "inzet", "metadata")
# Fields a person does not type: fixed by the standard or given by the source register.
NOT_EDITED = ("language", "schema", "source_id")


class EntryError(ValueError):
    """What is wrong with an entry: the field (a dotted path; "" for the entry) and why."""

    def __init__(self, field: str, message: str):
        super().__init__(f"{field}: {message}" if field else message)
        self.field = field
        self.message = message


def is_legacy(entry: dict) -> bool:
    return any(isinstance(entry.get(group), dict) for group in LEGACY_GROUPS)


def _get(entry: dict, path: tuple[str, ...]) -> Any:
    value: Any = entry
    for key in path:
        if not isinstance(value, dict):
            return None
        value = value.get(key)
    return value


def _text(value: Any) -> str:
    if value is None:
        return ""
    if isinstance(value, list):
        return ", ".join(_text(item) for item in value)
    return str(value)


def view(entry: dict) -> dict[str, Any]:
    """The entry's v1.0.0 fields: text, and `theme` as a list of text."""
    legacy = is_legacy(entry)
    values: dict[str, Any] = {}
    for name in FIELD_NAMES:
        if legacy:
            path = LEGACY_PATHS.get(name)
            raw = _get(entry, path) if path else entry.get(name)
        else:
            raw = entry.get(name)
        if name == "theme":
            if isinstance(raw, list):
                values[name] = [_text(item) for item in raw if _text(item)]
            else:
                values[name] = [raw] if raw else []
        else:
            values[name] = _text(raw)
    return values


def other_fields(entry: dict) -> list[tuple[str, Any]]:
    """What an entry of the earlier shape holds beyond the v1.0.0 fields: (dotted path, value)."""
    if not is_legacy(entry):
        return [(key, value) for key, value in entry.items() if key not in FIELD_NAMES]
    mapped = {".".join(path) for path in LEGACY_PATHS.values()}
    found = []
    for key, value in entry.items():
        if isinstance(value, dict) and key in LEGACY_GROUPS:
            found.extend((f"{key}.{inner}", item) for inner, item in value.items()
                         if f"{key}.{inner}" not in mapped)
        elif key not in mapped:
            found.append((key, value))
    return found


def apply(entry: dict, values: dict[str, Any]) -> dict:
    """A copy of `entry` with the v1.0.0 fields in `values` written where its shape keeps them;
    a field whose value did not change is left exactly as it was."""
    import copy

    result = copy.deepcopy(entry)
    legacy = is_legacy(entry)
    current = view(entry)
    for name, value in values.items():
        if name not in FIELD_NAMES:
            raise KeyError(name)
        if value == current.get(name):
            continue
        path = LEGACY_PATHS.get(name) if legacy else None
        if path is None:
            result[name] = value
            continue
        if name == "theme" and legacy:
            value = ", ".join(value)
        target = result
        for key in path[:-1]:
            if not isinstance(target.get(key), dict):
                target[key] = {}
            target = target[key]
        target[path[-1]] = value
    return result


def missing(entry: dict) -> list[str]:
    """The standard's mandatory fields this entry leaves empty."""
    values = view(entry)
    return [name for name in REQUIRED if not values.get(name)]


def check(entry: Any) -> None:
    """Raise EntryError on the first thing that makes `entry` unreadable as a register entry.

    An entry of the v1.0.0 shape is held to the schema's types, lengths, enumerations and
    patterns (not to its mandatory fields: a draft may be incomplete); one of the earlier shape
    to its types."""
    if not isinstance(entry, dict):
        raise EntryError("", f"an entry is a JSON object, not {type(entry).__name__}")
    name = entry.get("name")
    if not isinstance(name, str) or not name.strip():
        raise EntryError("name", "missing or empty: every entry needs a name")
    if is_legacy(entry):
        for group in LEGACY_GROUPS:
            if group in entry and not isinstance(entry[group], dict):
                raise EntryError(group, "must be a JSON object")
        for field, path in LEGACY_PATHS.items():
            value = _get(entry, path)
            if value is not None and field != "source_id" and not isinstance(value, str):
                raise EntryError(".".join(path), f"must be text, not {type(value).__name__}")
        return
    for field in FIELD_NAMES:
        value = entry.get(field)
        if value is None:
            continue
        if field == "theme":
            if not isinstance(value, list) or not all(isinstance(item, str) for item in value):
                raise EntryError(field, "must be a list of text")
            continue
        if not isinstance(value, str):
            raise EntryError(field, f"must be text, not {type(value).__name__}")
        limit = MAX_LENGTH.get(field)
        if limit and len(value) > limit:
            raise EntryError(field, f"{len(value)} characters, at most {limit}")
        if field == "status" and value and value not in STATUSES:
            raise EntryError(field, f"{value!r} is not one of {', '.join(STATUSES)}")
        if field == "publication_category" and value and value not in PUBLICATION_CATEGORIES:
            raise EntryError(field, f"{value!r} is not one of "
                                    f"{', '.join(PUBLICATION_CATEGORIES)}")
        if field in ("start_date", "end_date") and value and not MONTH.match(value):
            raise EntryError(field, f"{value!r} is not a month written YYYY-MM")
        if field == "language" and value and not LANGUAGE_CODE.match(value):
            # The Dutch standard fixes "nld"; a bilingual region writes "fra" too.
            raise EntryError(field, f"{value!r} is not a language code such as {LANGUAGE!r}")
        if field == "schema" and value and value != SCHEMA:
            raise EntryError(field, f"must be {SCHEMA!r}")


def page_language(entry: dict) -> str:
    """The language the entry is written in, as an HTML `lang` ("" when unknown)."""
    return PAGE_LANGUAGES.get(view(entry)["language"].strip().lower(), "")


def source_key(entry: dict) -> str:
    """What identifies an entry across imports: its source id (or, in the earlier shape, its
    id), else its name."""
    key = _get(entry, ("id",)) if is_legacy(entry) else entry.get("source_id")
    return str(key) if key not in (None, "") else str(entry.get("name", ""))
