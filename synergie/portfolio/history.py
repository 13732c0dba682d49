"""A scenario's history made readable: its own entries and its candidates', each naming what it
is about, with only the fields (and, in ratings or weights, only the criteria) that changed."""

from dataclasses import dataclass, field

from django.contrib.contenttypes.models import ContentType
from django.core.exceptions import FieldDoesNotExist
from django.db.models import Q
from django.utils.html import conditional_escape
from django.utils.translation import gettext as _

from synergie.audit.models import AuditAction, AuditEntry
from synergie.portfolio.forms import CRITERION_LABELS
from synergie.portfolio.models import Axis, FrontierStatus, RunStatus, Scenario, ScenarioCandidate
from synergie.portfolio.presentation import (
    Title,
    describe_pools,
    localised_number,
    subject_title,
)


@dataclass
class ChangeLine:
    label: str
    before: str | Title
    after: str | Title

    @property
    def before_html(self) -> str:
        return self.before.html if isinstance(self.before, Title) else conditional_escape(
            self.before)

    @property
    def after_html(self) -> str:
        return self.after.html if isinstance(self.after, Title) else conditional_escape(
            self.after)


@dataclass
class HistoryLine:
    timestamp: object
    actor_name: str
    action: str
    subject: Title | None  # the candidate's title; None for the scenario itself
    changes: list[ChangeLine] = field(default_factory=list)


def _numbers(values) -> str:
    return " · ".join(localised_number(v) for v in values or []) or "—"


def _share(bound) -> str:
    if not bound:
        return "—"
    return _("%(low)s %% to %(high)s %%") % {
        "low": localised_number(round(100 * bound["min"], 1)),
        "high": localised_number(round(100 * bound["max"], 1))}


def _per_key(label: str, before: dict | None, after: dict | None, labels: dict, show) -> list:
    """A dict field (ratings, weights, axis shares): one line per key whose value changed;
    `label` has a %(name)s for the key's name."""
    before, after = before or {}, after or {}
    return [ChangeLine(label % {"name": labels.get(key, key)}, show(before.get(key)),
                       show(after.get(key)))
            for key in list(dict.fromkeys([*labels, *before, *after]))
            if before.get(key) != after.get(key)]


def _plain(value) -> str:
    if value in (None, "", [], {}):
        return "—"
    if isinstance(value, bool):
        return _("yes") if value else _("no")
    return localised_number(value)


def describe_change(name: str, change: dict, titles: dict[str, Title]) -> list[ChangeLine]:
    before, after = change.get("before"), change.get("after")
    axes = dict(Axis.choices)
    if name == "ratings":
        return _per_key(_("Rating on “%(name)s”"), before, after, CRITERION_LABELS, _plain)
    if name == "weights":
        return _per_key(_("Weight of “%(name)s”"), before, after, CRITERION_LABELS, _plain)
    if name == "axis_bounds":
        return _per_key(_("Budget share of “%(name)s”"), before, after, axes, _share)
    if name == "budget":
        return [ChangeLine(_("Budget per year (EUR)"), _numbers(before), _numbers(after))]
    if name in ("capacity", "demand"):
        label = _("People available") if name == "capacity" else _("People needed")
        return [ChangeLine(label, describe_pools(before) or "—", describe_pools(after) or "—")]
    if name in ("depends_on", "depends", "excludes"):
        label = _("Depends on") if name != "excludes" else _("Cannot go with")
        return [ChangeLine(label, titles.get(before, "—") if before else "—",
                           titles.get(after, "—") if after else "—")]
    if name in ("optimisation", "frontier_status"):
        label, choices = ((_("Optimisation"), dict(RunStatus.choices)) if name == "optimisation"
                          else (_("Efficient frontier"), dict(FrontierStatus.choices)))
        return [ChangeLine(label, str(choices.get(before, "—")), str(choices.get(after, "—")))]
    if name == "axis":
        return [ChangeLine(_("Strategic axis"), str(axes.get(before, "—")),
                           str(axes.get(after, "—")))]
    if name == "forced":
        forced = {"in": _("forced in"), "out": _("forced out")}
        return [ChangeLine(_("Forced"), forced.get(before, "—"), forced.get(after, "—"))]
    model = ScenarioCandidate if name in ("mandatory", "forced_reason") else Scenario
    try:
        label = str(model._meta.get_field(name).verbose_name)
    except FieldDoesNotExist:  # a field since removed: say its stored name rather than fail
        label = name
    return [ChangeLine(label[:1].upper() + label[1:], _plain(before), _plain(after))]


def scenario_history(scenario: Scenario, candidates: list[ScenarioCandidate],
                     limit: int = 10) -> list[HistoryLine]:
    by_pk = {str(c.pk): c for c in candidates}
    titles = {c.key: subject_title(c) for c in candidates}
    entries = AuditEntry.objects.filter(
        Q(content_type=ContentType.objects.get_for_model(Scenario), object_id=str(scenario.pk))
        | Q(content_type=ContentType.objects.get_for_model(ScenarioCandidate),
            object_id__in=list(by_pk))
    ).order_by("-timestamp", "-pk")[:limit]
    scenario_type = ContentType.objects.get_for_model(Scenario).pk
    lines = []
    for entry in entries:
        changes = dict(entry.changes or {})
        subject = None
        if entry.content_type_id != scenario_type:
            candidate = by_pk.get(entry.object_id)
            subject = subject_title(candidate) if candidate else Title(entry.object_repr)
        else:
            # Older entries kept a candidate's changes on the scenario, keyed "need-12.ratings".
            prefixes = {key.split(".", 1)[0] for key in changes if "." in key}
            if len(prefixes) == 1 and all("." in key for key in changes):
                key = prefixes.pop()
                subject = titles.get(key, Title(key))
                changes = {name.split(".", 1)[1]: change for name, change in changes.items()}
        described = [] if entry.action == AuditAction.CREATED else [
            line for name, change in changes.items()
            for line in describe_change(name, change, titles)]
        lines.append(HistoryLine(entry.timestamp, entry.who, entry.get_action_display(),
                                 subject, described))
    return lines
