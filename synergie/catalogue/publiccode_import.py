"""publiccode.yml in and out of the catalogue: the adapter between the pure parser and writer
(catalogue.publiccode) and the Solution model, and the audited action that imports a file.

A file is imported whole or not at all: any error (the reference parser's rules, or a value the
catalogue cannot hold) leaves the catalogue as it was. The solution is found by its source code
repository (`url`); a new repository makes a new solution."""

import datetime
from dataclasses import dataclass, field

from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.utils.translation import gettext as _

from synergie.audit.log import apply_audited_changes, diff, record_change, snapshot
from synergie.audit.models import AuditAction
from synergie.catalogue import permissions
from synergie.catalogue.models import Solution
from synergie.catalogue.publiccode import Issue, ParserConfig, merge, parse, write_publiccode
from synergie.catalogue.publiccode.writer import LANGUAGES, language_key

IMPORTED_FIELDS = [
    "name_fr", "name_nl", "name_en", "summary_fr", "summary_nl", "summary_en",
    "description_fr", "description_nl", "description_en", "code_url", "landing_url",
    "software_version", "release_date", "licence", "development_status", "software_type",
    "platforms", "publiccode",
]
# Where a Solution field comes from in publiccode.yml, to name a field the model refuses.
SOURCE_KEYS = {"code_url": "url", "landing_url": "landingURL",
               "software_version": "softwareVersion", "release_date": "releaseDate",
               "licence": "legal.license", "development_status": "developmentStatus",
               "software_type": "softwareType", "platforms": "platforms", "name_fr": "name"}
for _language in LANGUAGES:
    SOURCE_KEYS.setdefault(f"name_{_language}", f"description.{_language}.localisedName")
    SOURCE_KEYS[f"summary_{_language}"] = f"description.{_language}.shortDescription"
    SOURCE_KEYS[f"description_{_language}"] = f"description.{_language}.longDescription"


@dataclass
class PubliccodeImport:
    """What happened to one file: its problems by key and the solution it made or changed (or
    would, with `check`)."""

    file: str
    errors: list[Issue] = field(default_factory=list)
    warnings: list[Issue] = field(default_factory=list)
    solution: Solution | None = None
    created: bool = False

    @property
    def valid(self) -> bool:
        return not self.errors

    def as_json(self) -> dict:
        return {"file": self.file, "valid": self.valid,
                "errors": [{"key": i.key, "message": i.message} for i in self.errors],
                "warnings": [{"key": i.key, "message": i.message} for i in self.warnings],
                "solution": self.solution.pk if self.solution and self.solution.pk else None}


def solution_fields(document: dict) -> dict:
    """The Solution's fields from a parsed (valid) publiccode.yml document."""
    description = document.get("description") or {}
    fields = {}
    for language in LANGUAGES:
        key = language_key(description, language)
        entry = (description.get(key) if key else None) or {}
        fields[f"name_{language}"] = entry.get("localisedName") or ""
        fields[f"summary_{language}"] = (entry.get("shortDescription") or "").strip()
        fields[f"description_{language}"] = (entry.get("longDescription") or "").strip()
    fields["name_fr"] = fields["name_fr"] or document.get("name") or ""
    release = document.get("releaseDate")
    fields.update(
        code_url=document.get("url") or "",
        landing_url=document.get("landingURL") or "",
        software_version=document.get("softwareVersion") or "",
        release_date=datetime.date.fromisoformat(release) if release else None,
        licence=(document.get("legal") or {}).get("license") or "",
        development_status=document.get("developmentStatus") or "",
        software_type=document.get("softwareType") or "",
        platforms=[platform for platform in document.get("platforms") or [] if platform],
    )
    # Kept as the export would write it (descriptions trimmed as in the fields above), so that
    # importing an export changes nothing.
    fields["publiccode"] = merge(fields, document)
    return fields


def _model_errors(error: ValidationError) -> list[Issue]:
    """The model's refusals, named by the publiccode.yml key the value came from."""
    if not hasattr(error, "message_dict"):
        return [Issue("", message) for message in error.messages]
    return [Issue(SOURCE_KEYS.get(name, name), message)
            for name, messages in error.message_dict.items() for message in messages]


def do_import_publiccode(document_text: str | bytes, *, acting_user, check: bool = False,
                         file_name: str = "publiccode.yml") -> PubliccodeImport:
    """Create or update the solution a publiccode.yml describes; with `check`, only say what is
    wrong (nothing is written). `acting_user` None is Synergie itself (the command line)."""
    if acting_user is not None and not permissions.can_manage(acting_user):
        raise PermissionDenied(_("Only the orchestrator that runs the catalogue changes it."))
    parsed = parse(document_text, ParserConfig())
    outcome = PubliccodeImport(file_name, list(parsed.errors), list(parsed.warnings))
    if not parsed.valid:
        return outcome
    fields = solution_fields(parsed.document)
    try:
        with transaction.atomic():
            _save(outcome, fields, acting_user, check)
    except ValidationError as error:
        outcome.errors += _model_errors(error)
        outcome.solution, outcome.created = None, False
    return outcome


def _save(outcome: PubliccodeImport, fields: dict, acting_user, check: bool) -> None:
    existing = Solution.objects.select_for_update().filter(code_url=fields["code_url"]).first()
    outcome.solution, outcome.created = existing, existing is None
    if check:
        candidate = existing or Solution()
        for name, value in fields.items():
            setattr(candidate, name, value)
        candidate.full_clean()
        return
    if existing is not None:
        outcome.solution = apply_audited_changes(existing, fields, IMPORTED_FIELDS,
                                                 acting_user=acting_user)
        return
    solution = Solution(**fields)
    solution.full_clean()
    solution.save()
    record_change(solution, action=AuditAction.CREATED, acting_user=acting_user,
                  changes=diff({}, snapshot(solution, IMPORTED_FIELDS)))
    outcome.solution = solution


def export_publiccode(solution: Solution) -> str:
    """The solution's publiccode.yml: its catalogue fields over the document last imported."""
    values = {name: getattr(solution, name) for name in IMPORTED_FIELDS if name != "publiccode"}
    return write_publiccode(values, solution.publiccode)
