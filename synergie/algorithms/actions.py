"""Every write to the algorithm register, audited: describe, edit, the workflow, publication
with its version, imports, citizens' feedback and its moderation."""

import hashlib
from dataclasses import dataclass, field
from datetime import timedelta

from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.db.models import Max
from django.utils import timezone
from django.utils.translation import gettext as _

from synergie.algorithms import permissions, standard
from synergie.algorithms.models import (
    Algorithm,
    AlgorithmStatus,
    AlgorithmVersion,
    Feedback,
    FeedbackStatus,
    RiskCategory,
)
from synergie.audit.log import diff, locked, record_change
from synergie.audit.models import AuditAction

# How many messages one sender may leave in an hour, over the whole register.
FEEDBACK_PER_HOUR = 3


def state(algorithm: Algorithm) -> dict:
    """The audited values: the standard's fields, the risk category and the institution."""
    values = {name: value for name, value in standard.view(algorithm.entry).items()}
    values["risk_category"] = algorithm.risk_category
    values["institution"] = algorithm.institution_id
    return values


def _created(algorithm: Algorithm) -> dict:
    return diff({}, {name: value for name, value in state(algorithm).items()
                     if value not in ("", [], None)})


def _save(algorithm: Algorithm) -> None:
    algorithm.refresh_columns()
    algorithm.full_clean()
    algorithm.save()


def _next_position() -> int:
    return (Algorithm.objects.aggregate(last=Max("position"))["last"] or 0) + 1


@transaction.atomic
def do_describe_algorithm(*, acting_user, institution, values: dict,
                          risk_category: str = RiskCategory.UNASSESSED,
                          language: str = standard.LANGUAGE) -> Algorithm:
    """A new draft entry, in the standard's v1.0.0 shape, written in `language` (ISO 639-2:
    "nld", "fra", "eng")."""
    if not permissions.can_describe_for(acting_user, institution):
        raise PermissionDenied(_("You may describe algorithms only for your own institution."))
    entry = {name: values.get(name, [] if name == "theme" else "")
             for name in standard.FIELD_NAMES}
    entry["language"] = entry["language"] or language
    entry["schema"] = entry["schema"] or standard.SCHEMA
    algorithm = Algorithm(institution=institution, entry=entry, risk_category=risk_category,
                          position=_next_position())
    _check(entry)
    _save(algorithm)
    record_change(algorithm, action=AuditAction.CREATED, acting_user=acting_user,
                  changes=_created(algorithm))
    return algorithm


def _check(entry: dict) -> None:
    try:
        standard.check(entry)
    except standard.EntryError as error:
        raise ValidationError({error.field or "entry": error.message}) from error


@transaction.atomic
def do_change_algorithm(algorithm: Algorithm, *, acting_user, values: dict | None = None,
                        risk_category: str | None = None) -> Algorithm:
    algorithm = locked(algorithm)
    if not permissions.can_edit(acting_user, algorithm):
        raise PermissionDenied(_("Only a draft is edited, by its institution."))
    before = state(algorithm)
    if values:
        algorithm.entry = standard.apply(algorithm.entry, values)
        _check(algorithm.entry)
    if risk_category is not None:
        algorithm.risk_category = risk_category
    _save(algorithm)
    changed = diff(before, state(algorithm))
    if changed:
        record_change(algorithm, action=AuditAction.UPDATED, acting_user=acting_user,
                      changes=changed)
    return algorithm


def _published_changes(algorithm: Algorithm) -> dict:
    previous = algorithm.versions.order_by("-number").first()
    after = {**standard.view(algorithm.entry), "risk_category": algorithm.risk_category}
    if previous is None:
        before = {}
    else:
        before = {**standard.view(previous.entry), "risk_category": previous.risk_category}
    return {name: {"before": before.get(name), "after": value} for name, value in after.items()
            if before.get(name) != value and (before or value not in ("", []))}


@transaction.atomic
def do_transition_algorithm(algorithm: Algorithm, name: str, *, acting_user,
                            comment: str = "", system: bool = False) -> Algorithm:
    """Move an entry through its workflow (`permissions.TRANSITIONS`). `system`: Synergie
    itself acts (the command line), as the other commands that write."""
    algorithm = locked(algorithm)
    if name not in permissions.TRANSITIONS:
        raise ValueError(name)
    sources, target, _who = permissions.TRANSITIONS[name]
    if algorithm.status not in sources:
        raise ValidationError(_("This step is not possible from the entry's present status."))
    if not system and not permissions.can_transition(acting_user, algorithm, name):
        raise PermissionDenied(_("You may not take this step on this entry."))
    before = algorithm.status
    now = timezone.now()
    if name in ("publish", "confirm"):
        algorithm.last_reviewed_at = now
    if name == "publish":
        changes = _published_changes(algorithm)
        algorithm.version += 1
        algorithm.published_at = algorithm.published_at or now
        actor = acting_user if acting_user is not None and acting_user.pk else None
        AlgorithmVersion.objects.create(
            algorithm=algorithm, number=algorithm.version, published_at=now, published_by=actor,
            published_by_name=(actor.get_full_name() or actor.get_username()) if actor else "",
            changes=changes, entry=algorithm.entry, risk_category=algorithm.risk_category)
    algorithm.status = target
    algorithm.save()
    changes = {"status": {"before": before, "after": target}} if before != target else {
        "last_reviewed_at": {"before": None, "after": now.isoformat()}}
    record_change(algorithm, action=AuditAction.STATUS_CHANGED if before != target
                  else AuditAction.UPDATED, acting_user=acting_user, changes=changes,
                  comment=comment)
    return algorithm


# ---- imports ------------------------------------------------------------------------------


@dataclass
class ImportReport:
    entries: int = 0
    created: list[int] = field(default_factory=list)
    updated: list[int] = field(default_factory=list)
    unchanged: list[int] = field(default_factory=list)
    rejected: list[dict] = field(default_factory=list)

    def as_json(self) -> dict:
        return {"entries": self.entries, "created": len(self.created),
                "updated": len(self.updated), "unchanged": len(self.unchanged),
                "rejected": self.rejected}


def _entry_name(entry) -> str:
    return entry.get("name", "") if isinstance(entry, dict) and isinstance(
        entry.get("name"), str) else ""


def do_import_register(entries, *, acting_user, institution=None, publish: bool = False,
                       institutions_by_name: dict | None = None) -> ImportReport:
    """Import a list of entries in the standard's JSON. Each entry is stored whole or not at
    all (its own transaction); a bad one is reported with its index (from 0), its name and the
    field, and the others are kept. An entry whose source identifier is already in the register
    for the same institution updates it. Without `institution`, an entry goes to the institution
    named by its `organization` (`institutions_by_name`: folded name → institution)."""
    from synergie.kernel.text import fold

    report = ImportReport()
    if not isinstance(entries, list):
        report.rejected.append({"index": None, "name": "", "field": "",
                                "message": "the file must hold a JSON list of entries"})
        return report
    report.entries = len(entries)
    for index, entry in enumerate(entries):
        try:
            standard.check(entry)
            target = institution
            if target is None:
                organization = standard.view(entry)["organization"]
                target = (institutions_by_name or {}).get(fold(organization.strip()))
                if target is None:
                    raise standard.EntryError(
                        "organization", f"no institution named {organization!r} in Synergie; "
                                        "give the institution (--institution CODE)")
            with transaction.atomic():
                outcome, algorithm = _import_one(entry, target, acting_user, publish)
        except standard.EntryError as error:
            report.rejected.append({"index": index, "name": _entry_name(entry),
                                    "field": error.field, "message": error.message})
            continue
        except (ValidationError, PermissionDenied) as error:
            report.rejected.append({"index": index, "name": _entry_name(entry), "field": "",
                                    "message": "; ".join(getattr(error, "messages",
                                                                 [str(error)]))})
            continue
        getattr(report, outcome).append(algorithm.pk)
    return report


def _import_one(entry: dict, institution, acting_user, publish: bool):
    system = acting_user is None
    if not system and not permissions.can_describe_for(acting_user, institution):
        raise PermissionDenied(_("You may describe algorithms only for your own institution."))
    key = standard.source_key(entry)
    algorithm = (Algorithm.objects.select_for_update()
                 .filter(institution=institution, source_key=key[:200]).first())
    if algorithm is None:
        algorithm = Algorithm(institution=institution, entry=entry, position=_next_position())
        _save(algorithm)
        record_change(algorithm, action=AuditAction.CREATED, acting_user=acting_user,
                      changes=_created(algorithm))
        outcome = "created"
    elif algorithm.entry == entry:
        return "unchanged", algorithm
    else:
        before = state(algorithm)
        algorithm.entry = entry
        _save(algorithm)
        record_change(algorithm, action=AuditAction.UPDATED, acting_user=acting_user,
                      changes=diff(before, state(algorithm)))
        outcome = "updated"
    if publish:
        if algorithm.status in (AlgorithmStatus.PUBLISHED, AlgorithmStatus.ARCHIVED):
            algorithm.status = AlgorithmStatus.DRAFT
            algorithm.save(update_fields=["status"])
        if algorithm.status == AlgorithmStatus.DRAFT:
            do_transition_algorithm(algorithm, "submit", acting_user=acting_user, system=system)
        algorithm = do_transition_algorithm(algorithm, "publish", acting_user=acting_user,
                                            system=system)
    return outcome, algorithm


def export_register(queryset=None) -> list[dict]:
    """The entries in the standard's JSON, as they were imported or described, in order."""
    queryset = Algorithm.objects.all() if queryset is None else queryset
    return [entry for entry in queryset.order_by("position", "pk").values_list("entry",
                                                                                flat=True)]


# ---- feedback -----------------------------------------------------------------------------


def sender_hash(address: str) -> str:
    return hashlib.sha256(f"synergie-feedback:{address}".encode()).hexdigest()


@transaction.atomic
def do_leave_feedback(algorithm: Algorithm, *, message: str, name: str = "", email: str = "",
                      sender: str = "") -> Feedback:
    """A citizen's message on a published entry, waiting for moderation. At most
    FEEDBACK_PER_HOUR messages per sender and hour."""
    if algorithm.status != AlgorithmStatus.PUBLISHED:
        raise PermissionDenied(_("Feedback is left on published entries only."))
    if sender and Feedback.objects.filter(
            sender=sender, created_at__gte=timezone.now() - timedelta(hours=1)
    ).count() >= FEEDBACK_PER_HOUR:
        raise ValidationError(_("You have sent several messages in the last hour: please "
                                "try again later."))
    feedback = Feedback(algorithm=algorithm, message=message.strip(), name=name.strip(),
                        email=email.strip(), sender=sender)
    feedback.full_clean()
    feedback.save()
    record_change(algorithm, action=AuditAction.UPDATED, acting_user=None,
                  changes={"feedback": {"before": None, "after": feedback.pk}})
    return feedback


@transaction.atomic
def do_moderate_feedback(feedback: Feedback, decision: str, *, acting_user) -> Feedback:
    if decision not in (FeedbackStatus.PUBLISHED, FeedbackStatus.REJECTED):
        raise ValueError(decision)
    feedback = locked(feedback)
    if not permissions.can_review(acting_user, feedback.algorithm):
        raise PermissionDenied(_("Only the register's reviewers moderate feedback."))
    if feedback.status != FeedbackStatus.PENDING:
        raise ValidationError(_("This message has already been moderated."))
    feedback.status = decision
    feedback.moderated_at = timezone.now()
    feedback.moderated_by = acting_user
    feedback.save()
    record_change(feedback.algorithm, action=AuditAction.UPDATED, acting_user=acting_user,
                  changes={f"feedback {feedback.pk}": {"before": FeedbackStatus.PENDING,
                                                       "after": decision}})
    return feedback
