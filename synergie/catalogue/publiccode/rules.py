"""The struct rules of the reference parser (its go-playground `validate` tags), with its
messages: required keys, allowed values, formats."""

from . import checks

CATEGORIES_LIST = ("https://github.com/publiccodeyml/publiccode.yml/blob/main/docs/standard/"
                   "categories-list.rst")
SCOPE_LIST = ("https://github.com/publiccodeyml/publiccode.yml/blob/main/docs/standard/"
              "scope-list.rst")
ALIASES_LIST = ("https://github.com/publiccodeyml/publiccode.yml/blob/main/docs/standard/"
                "aliases-list.rst")
IPA_VOCABULARY = "https://github.com/publiccodeyml/italian-organizations-ipa-vocabulary"


def _one_of(name: str, values: list[str]) -> str:
    quoted = [f'"{value}"' for value in values]
    return f"{name} must be one of the following: {', '.join(quoted[:-1])} or {quoted[-1]}"


def _name(key: str) -> str:
    """The field's own name as the messages give it: `countries[2]` for `a.countries[2]`."""
    return key.rsplit(".", 1)[-1]


def _language_key(language: str) -> str:
    return f"description.{language}" if language.isalpha() else f"description[{language}]"


class _Rules:
    def __init__(self, ipa_codes):
        self.problems: list[tuple[str, str]] = []
        self.ipa_codes = ipa_codes

    def add(self, key: str, message: str) -> None:
        self.problems.append((key, message))

    def required(self, key: str, value) -> bool:
        if value in (None, "", [], {}):
            self.add(key, f"{_name(key)} is a required field")
            return False
        return True

    def not_empty(self, key: str, value) -> bool:
        if not value:
            self.add(key, f"{_name(key)} must contain more than 0 items")
            return False
        return True

    def each(self, key: str, values, test, message: str) -> None:
        for index, value in enumerate(values or []):
            if value is not None and not test(value):
                self.add(f"{key}[{index}]", f"{_name(key)}[{index}] {message}")

    def http_url(self, key: str, value) -> None:
        if value and not checks.is_http_url(value):
            self.add(key, f"{_name(key)} must be an HTTP URL")

    def date(self, key: str, value) -> None:
        if value is not None and not checks.is_date(value):
            self.add(key, f"{_name(key)} must be a date with format 'YYYY-MM-DD'")

    def email(self, key: str, value) -> None:
        if value and not checks.is_email(value):
            self.add(key, f"{_name(key)} must be a valid email address")

    def organisation_uri(self, key: str, uri) -> None:
        if not self.required(key, uri):
            return
        if not checks.is_uri(uri):
            self.add(key, f"{_name(key)} is not a valid URI")
        elif uri.lower().startswith("urn:x-italian-pa:"):
            code = uri[len("urn:x-italian-pa:"):]
            if not self.is_ipa(code):
                self.add(key, f"{_name(key)} must be a valid Italian Public Administration Code "
                         "(iPA) with format 'urn:x-italian-pa:[codiceIPA]' (see "
                         f"{IPA_VOCABULARY})")

    def is_ipa(self, code: str) -> bool:
        return is_ipa_code(code, self.ipa_codes)


def is_ipa_code(code: str, ipa_codes=None) -> bool:
    if ipa_codes is not None:
        return code in ipa_codes or code.upper() in ipa_codes
    return checks.is_ipa_code_format(code)


def struct_problems(doc: dict, ipa_codes=None) -> list[tuple[str, str]]:
    rules = _Rules(ipa_codes)
    rules.required("name", doc.get("name"))
    if rules.required("url", doc.get("url")) and not checks.is_url(doc["url"]):
        rules.add("url", "url must be a valid URL")
    rules.http_url("landingURL", doc.get("landingURL"))
    rules.each("isBasedOn", doc.get("isBasedOn"), checks.is_url, "must be a valid URL")
    rules.date("releaseDate", doc.get("releaseDate"))
    for key in ("inputTypes", "outputTypes"):
        rules.each(key, doc.get(key), checks.is_mime_type, "is not a valid MIME type")
    rules.not_empty("platforms", doc.get("platforms"))
    rules.each("categories", doc.get("categories"), checks.is_category,
               f"must be a valid category (see {CATEGORIES_LIST})")
    for index, funder in enumerate(doc.get("fundedBy") or []):
        rules.organisation_uri(f"fundedBy[{index}].uri", (funder or {}).get("uri"))
    rules.http_url("roadmap", doc.get("roadmap"))
    for key, allowed in (("developmentStatus", checks.DEVELOPMENT_STATUSES),
                         ("softwareType", checks.SOFTWARE_TYPES)):
        if rules.required(key, doc.get(key)) and doc[key] not in allowed:
            rules.add(key, _one_of(key, allowed))
    audience = doc.get("intendedAudience") or {}
    for key in ("countries", "unsupportedCountries"):
        rules.each(f"intendedAudience.{key}", audience.get(key), checks.is_country,
                   "must be a valid ISO 3166-1 alpha-2 two-letter country code")
    rules.each("intendedAudience.scope", audience.get("scope"), checks.is_scope,
               f"must be a valid scope (see {SCOPE_LIST})")
    description = doc.get("description")
    if description is None:
        rules.required("description", None)
    elif rules.not_empty("description", description):
        for language, entry in description.items():
            if not checks.is_bcp47(language):
                rules.add("description", "description must be a valid BCP 47 language")
            _description_rules(rules, _language_key(language), entry or {})
    legal = doc.get("legal") or {}
    if rules.required("legal.license", legal.get("license")) \
            and not checks.is_spdx_expression(legal["license"]):
        rules.add("legal.license",
                  "license must be a valid license (see https://spdx.org/licenses)")
    _maintenance_rules(rules, doc.get("maintenance") or {})
    localisation = doc.get("localisation") or {}
    rules.required("localisation.localisationReady", localisation.get("localisationReady"))
    languages = localisation.get("availableLanguages")
    if languages is None:
        rules.required("localisation.availableLanguages", None)
    elif rules.not_empty("localisation.availableLanguages", languages):
        rules.each("localisation.availableLanguages", languages, checks.is_bcp47,
                   "must be a valid BCP 47 language")
    depends = doc.get("dependsOn") or {}
    for kind in ("open", "proprietary", "hardware"):
        for index, dependency in enumerate(depends.get(kind) or []):
            rules.required(f"dependsOn.{kind}[{index}].name", (dependency or {}).get("name"))
    if doc.get("organisation") is not None:
        rules.organisation_uri("organisation.uri", doc["organisation"].get("uri"))
    for index, support in enumerate(doc.get("supports") or []):
        key, value = f"supports[{index}].id", (support or {}).get("id")
        if rules.required(key, value) and value.startswith("alias:") \
                and not checks.is_alias(value[len("alias:"):]):
            rules.add(key, f"id contains an unknown alias (see {ALIASES_LIST})")
    for section in ("IT", "it"):
        if doc.get(section) is not None:
            _italy_rules(rules, "IT", doc[section])
    return rules.problems


def _description_rules(rules: _Rules, prefix: str, entry: dict) -> None:
    generic = entry.get("genericName")
    if generic and checks.grapheme_length(generic) > 35:
        rules.add(f"{prefix}.genericName",
                  "genericName must be a maximum of 35 characters in length")
    short = entry.get("shortDescription")
    if rules.required(f"{prefix}.shortDescription", short) \
            and checks.grapheme_length(short) > 150:
        rules.add(f"{prefix}.shortDescription",
                  "shortDescription must be a maximum of 150 characters in length")
    long = entry.get("longDescription")
    if rules.required(f"{prefix}.longDescription", long):
        if checks.grapheme_length(long) < 150:
            rules.add(f"{prefix}.longDescription",
                      "longDescription must be at least 150 characters in length")
        elif checks.grapheme_length(long) > 10000:
            rules.add(f"{prefix}.longDescription",
                      "longDescription must be a maximum of 10000 characters in length")
    rules.http_url(f"{prefix}.documentation", entry.get("documentation"))
    rules.http_url(f"{prefix}.apiDocumentation", entry.get("apiDocumentation"))
    rules.not_empty(f"{prefix}.features", entry.get("features"))
    rules.each(f"{prefix}.videos", entry.get("videos"), checks.is_http_url,
               "must be an HTTP URL")


def _maintenance_rules(rules: _Rules, maintenance: dict) -> None:
    kind = maintenance.get("type")
    if rules.required("maintenance.type", kind) and kind not in checks.MAINTENANCE_TYPES:
        rules.add("maintenance.type", _one_of("type", checks.MAINTENANCE_TYPES))
    contractors, contacts = maintenance.get("contractors"), maintenance.get("contacts")
    if kind == "contract" and not contractors:
        rules.add("maintenance.contractors",
                  'contractors is a required field when "type" is "contract"')
    if kind in ("internal", "community") and not contacts:
        rules.add("maintenance.contacts",
                  f'contacts is a required field when "type" is "{kind}"')
    if contractors and kind and kind != "contract":
        # Like the reference parser, the contractors of a non-contract are not looked into.
        rules.add("maintenance.contractors",
                  'contractors must not be present unless "type" is "contract"')
        contractors = []
    for index, contractor in enumerate(contractors or []):
        prefix, contractor = f"maintenance.contractors[{index}]", contractor or {}
        rules.required(f"{prefix}.name", contractor.get("name"))
        if rules.required(f"{prefix}.until", contractor.get("until")):
            rules.date(f"{prefix}.until", contractor["until"])
        rules.email(f"{prefix}.email", contractor.get("email"))
        rules.http_url(f"{prefix}.website", contractor.get("website"))
    for index, contact in enumerate(contacts or []):
        prefix, contact = f"maintenance.contacts[{index}]", contact or {}
        rules.required(f"{prefix}.name", contact.get("name"))
        rules.email(f"{prefix}.email", contact.get("email"))


def _italy_rules(rules: _Rules, prefix: str, italy: dict) -> None:
    version = italy.get("countryExtensionVersion")
    if version and version not in checks.IT_EXTENSION_VERSIONS:
        rules.add(f"{prefix}.countryExtensionVersion",
                  _one_of("countryExtensionVersion", checks.IT_EXTENSION_VERSIONS))
    code = (italy.get("riuso") or {}).get("codiceIPA")
    if code and not rules.is_ipa(code):
        rules.add(f"{prefix}.riuso.codiceIPA", "codiceIPA must be a valid Italian Public "
                  f"Administration Code (iPA) (see {IPA_VOCABULARY})")
