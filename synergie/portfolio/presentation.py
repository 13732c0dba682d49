"""Stored figures made readable: an optimiser result (titles, years, budget and capacity use,
the conflicts that leave no plan) and people per skill pool, in the reader's language.

The optimiser stores each conflict as a code with plain parameters (candidate ids, years,
amounts, axis codes); `describe_conflict` writes it at display time from a sentence per code,
with the candidates' titles, so a French reader reads French whatever language it was solved in.
A result stored before conflicts had codes shows its English message."""

from collections.abc import Callable
from dataclasses import dataclass

from django.utils import formats
from django.utils.html import conditional_escape, format_html
from django.utils.safestring import SafeString, mark_safe
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy, ngettext, pgettext

from synergie.needs.models import Need
from synergie.needs.permissions import visible_needs
from synergie.opportunities.models import Opportunity
from synergie.portfolio.engine import result as codes
from synergie.portfolio.models import Axis


@dataclass(frozen=True, order=True)
class Title:
    """A candidate's title and the language it is written in (a need's own language), so that
    a Dutch or English title on a French page is marked as such."""

    text: str
    lang: str = ""

    def __str__(self) -> str:
        return self.text

    @property
    def html(self) -> str:
        if self.lang:
            return format_html('<span lang="{}">{}</span>', self.lang, self.text)
        return conditional_escape(self.text)


def subject_title(candidate) -> Title:
    return Title(str(candidate.subject), candidate.need.language if candidate.need_id else "")


def candidate_titles(scenario) -> dict[str, Title]:
    """The titles of the candidates in the scenario's stored optimiser input, by key."""
    items = (scenario.instance or {}).get("candidates", [])
    need_ids = [int(item["id"].split("-", 1)[1]) for item in items
                if item["id"].startswith("need-")]
    languages = {f"need-{pk}": language for pk, language in
                 Need.objects.filter(pk__in=need_ids).values_list("pk", "language")}
    return {item["id"]: Title(item.get("title") or item["id"], languages.get(item["id"], ""))
            for item in items}


def localised_number(value) -> str:
    if isinstance(value, bool) or not isinstance(value, int | float):
        return str(value)
    if float(value).is_integer():
        return formats.number_format(int(value), 0, use_l10n=True, force_grouping=True)
    return formats.number_format(round(value, 3), None, use_l10n=True, force_grouping=True)


def describe_pools(pools: dict | None) -> str:
    """{"Chefs de projet": [1, 0.5]} → "Chefs de projet 1 · 0,5" (in French)."""
    return "; ".join(f"{pool} {' · '.join(localised_number(v) for v in values)}"
                     for pool, values in (pools or {}).items())


def describe_result(result: dict, scenario, user) -> dict:
    """The stored `result` of `scenario` for the page of `user` (who may or may not open the
    candidates' own pages)."""
    titles = candidate_titles(scenario)
    years = result.get("years", [])
    spend = result.get("spend", [])
    budget = result.get("budget", [])
    capacity = result.get("capacity", {})
    capacity_use = result.get("capacity_use", {})
    return {
        "status": result.get("status"),
        "message": status_message(result),
        "objective": result.get("objective"),
        "gap": result.get("gap"),
        "gap_percent": None if result.get("gap") is None else 100 * result["gap"],
        "greedy_value": result.get("greedy_value"),
        "selected": sorted(
            ({**item, "title": titles.get(item["id"], Title(item.get("title") or item["id"])),
              "axis_label": Axis(item["axis"]).label if item.get("axis") else ""}
             for item in result.get("selected", [])),
            key=lambda item: (item["start_year"], -item["score"])),
        "budget_rows": list(zip(years, spend, budget)),
        # Results stored before costs after the horizon counted have no such figures.
        "beyond_horizon": None if not years or "beyond_horizon_spend" not in result else {
            "after": years[-1], "used": result["beyond_horizon_spend"],
            "budget": result.get("beyond_horizon_budget")},
        "capacity_rows": [
            (pool, list(zip(capacity_use.get(pool, []), capacity.get(pool, []))))
            for pool in capacity
        ],
        "years": years,
        "conflicts": describe_conflicts(result.get("conflicts", []), scenario, user, titles),
    }


def status_message(result: dict) -> str:
    """Why a result has no plan, when it says nothing more (no conflict isolated)."""
    if result.get("selected") or result.get("conflicts"):
        return ""
    if result.get("status") == codes.INFEASIBLE:
        return _("No plan meets every constraint, but the constraints that conflict could not "
                 "be isolated in time.")
    if result.get("status") == codes.NOT_SOLVED:
        return _("No plan was found within the time limit, and it could not be proven that "
                 "none exists.")
    return ""


def candidate_urls(scenario, user) -> dict[str, str]:
    """The pages of the scenario's candidates that `user` may open, by key."""
    keys = [item["id"] for item in (scenario.instance or {}).get("candidates", [])]
    numbers = {kind: [int(key.split("-", 1)[1]) for key in keys if key.startswith(f"{kind}-")]
               for kind in ("need", "opportunity")}
    urls = {f"need-{need.pk}": need.get_absolute_url()
            for need in visible_needs(user).filter(pk__in=numbers["need"]).only("pk")}
    urls.update({f"opportunity-{pk}": Opportunity(pk=pk).get_absolute_url() for pk in
                 Opportunity.objects.visible_to(user).filter(pk__in=numbers["opportunity"])
                 .values_list("pk", flat=True)})
    return urls


def describe_conflicts(conflicts: list[dict], scenario, user,
                       titles: dict[str, Title] | None = None) -> list[SafeString]:
    """Each stored conflict as a sentence (HTML) in the active language."""
    if not conflicts:
        return []
    names = CandidateNames(titles if titles is not None else candidate_titles(scenario),
                           candidate_urls(scenario, user))
    return [describe_conflict(conflict, names) for conflict in conflicts]


def describe_conflict(conflict: dict, names: "CandidateNames") -> SafeString:
    write = CONFLICT_SENTENCES.get(conflict.get("code", ""))
    if write is not None:
        try:
            return write(conflict["params"], names)
        except (KeyError, TypeError, ValueError):
            pass  # parameters of another shape: the message still says it, in English
    return format_html('<span lang="en">{}</span>', conflict.get("message", ""))


class CandidateNames:
    """A candidate id written for the reader: its title, quoted, marked with its language, and a
    link to its page when the reader may open it."""

    def __init__(self, titles: dict[str, Title], urls: dict[str, str]):
        self.titles, self.urls = titles, urls

    def __call__(self, candidate_id: str) -> SafeString:
        title = self.titles.get(candidate_id, Title(candidate_id))
        text = title.html
        if candidate_id in self.urls:
            text = format_html('<a href="{}">{}</a>', self.urls[candidate_id], text)
        return _fill(_("“%(title)s”"), title=text)

    def listing(self, candidate_ids) -> SafeString:
        return _join(", ", [self(candidate_id) for candidate_id in candidate_ids])


def _fill(template: str, **values) -> SafeString:
    """A translated sentence with its named placeholders filled, escaped for HTML."""
    return mark_safe(conditional_escape(template)
                     % {name: conditional_escape(value) for name, value in values.items()})


def _join(separator: str, parts) -> SafeString:
    return mark_safe(separator.join(conditional_escape(part) for part in parts))


def _clauses(parts) -> SafeString:
    """Clauses one after the other, separated as the language separates them ("; ")."""
    return _join(pgettext("between the clauses of a sentence", "; "), parts)


def _number(value) -> str:
    return localised_number(round(float(value), 2))


def _euros(value) -> str:
    # Whole euros, as in the result's tables.
    return _("%(amount)s EUR") % {"amount": localised_number(round(float(value)))}


def _fte(value) -> str:
    return _("%(amount)s FTE") % {"amount": _number(value)}


def _percent(share) -> str:
    return _("%(percent)s %%") % {"percent": localised_number(round(100 * float(share), 1))}


def _year(value) -> str:
    return str(int(value))  # never grouped: 2027, not 2 027


def _axis(code: str) -> str:
    return str(Axis(code).label)


def _requirement(requirement: dict, names: CandidateNames) -> SafeString:
    """Why an item is required: "“A” is mandatory and needs “C” (through “B”)"."""
    chain = requirement["chain"]
    mandatory = requirement["root"] == "mandatory"
    root = names(chain[0])
    if len(chain) == 1:
        return _fill(_("%(candidate)s is mandatory") if mandatory else
                     _("%(candidate)s is forced in"), candidate=root)
    needed = names(chain[-1])
    if len(chain) == 2:
        return _fill(_("%(candidate)s is mandatory and needs %(needed)s") if mandatory else
                     _("%(candidate)s is forced in and needs %(needed)s"),
                     candidate=root, needed=needed)
    through = _join(" → ", [names(c) for c in chain[1:-1]])
    return _fill(_("%(candidate)s is mandatory and needs %(needed)s (through %(through)s)")
                 if mandatory else
                 _("%(candidate)s is forced in and needs %(needed)s (through %(through)s)"),
                 candidate=root, needed=needed, through=through)


def _mandatory_forced_out(params: dict, names: CandidateNames) -> SafeString:
    return _fill(_("%(candidate)s is mandatory but forced out (reason given: “%(reason)s”)."),
                 candidate=names(params["candidate"]), reason=params["reason"])


def _needs_forced_out(params: dict, names: CandidateNames) -> SafeString:
    return _fill(_("%(requirement)s, but %(candidate)s is forced out (reason given: "
                   "“%(reason)s”)."),
                 requirement=_requirement(params["requirement"], names),
                 candidate=names(params["candidate"]), reason=params["reason"])


def _starts_too_late(params: dict, names: CandidateNames) -> SafeString:
    lag = int(params["lag"])
    if lag == 0:
        template = _("%(requirement)s; %(needed)s cannot start after %(candidate)s, but "
                     "%(needed)s can start in %(earliest)s at the earliest and %(candidate)s "
                     "in %(latest)s at the latest.")
    else:
        template = ngettext(
            "%(requirement)s; %(needed)s must start at least %(lag)s year before "
            "%(candidate)s, but %(needed)s can start in %(earliest)s at the earliest and "
            "%(candidate)s in %(latest)s at the latest.",
            "%(requirement)s; %(needed)s must start at least %(lag)s years before "
            "%(candidate)s, but %(needed)s can start in %(earliest)s at the earliest and "
            "%(candidate)s in %(latest)s at the latest.", lag)
    return _fill(template, requirement=_requirement(params["requirement"], names),
                 needed=names(params["needs"]), candidate=names(params["candidate"]),
                 lag=lag, earliest=_year(params["earliest"]), latest=_year(params["latest"]))


def _required_exclude_each_other(params: dict, names: CandidateNames) -> SafeString:
    first, second = params["candidates"]
    return _fill(_("%(first_requirement)s; %(second_requirement)s; but %(first)s and "
                   "%(second)s exclude each other."),
                 first_requirement=_requirement(params["first"], names),
                 second_requirement=_requirement(params["second"], names),
                 first=names(first), second=names(second))


def _start_that_does_not_fit(start: dict) -> SafeString:
    if start["limit"] == "budget":
        return _fill(_("starting in %(start)s, it needs %(need)s of the %(year)s budget "
                       "(available: %(available)s)"),
                     start=_year(start["start_year"]), need=_euros(start["need"]),
                     year=_year(start["year"]), available=_euros(start["available"]))
    if start["limit"] == "capacity":
        return _fill(_("starting in %(start)s, it needs %(need)s of “%(pool)s” in %(year)s "
                       "(available: %(available)s)"),
                     start=_year(start["start_year"]), need=_fte(start["need"]),
                     pool=start["pool"], year=_year(start["year"]),
                     available=_fte(start["available"]))
    if start["limit"] == "beyond_horizon":
        return _fill(_("starting in %(start)s, %(need)s of its costs fall after %(year)s "
                       "(available for the years after: %(available)s)"),
                     start=_year(start["start_year"]), need=_euros(start["need"]),
                     year=_year(start["year"]), available=_euros(start["available"]))
    if start["limit"] == "axis_max":
        return _fill(_("starting in %(start)s, it needs %(need)s of the maximum for the "
                       "“%(axis)s” axis (available: %(available)s)"),
                     start=_year(start["start_year"]), need=_euros(start["need"]),
                     axis=_axis(start["axis"]), available=_euros(start["available"]))
    raise ValueError(start["limit"])


def _every_start_that_does_not_fit(starts: list[dict]) -> SafeString | None:
    """One clause for every start year when each start year lacks the same in its own year
    (the usual case: too big for any year's budget), else None."""
    first = starts[0]
    same = all((s["limit"], s["need"], s["available"], s.get("pool"), s.get("axis"))
               == (first["limit"], first["need"], first["available"], first.get("pool"),
                   first.get("axis"))
               and s.get("year", s["start_year"]) == s["start_year"] for s in starts)
    if len(starts) < 2 or not same:
        return None
    years = ", ".join(_year(s["start_year"]) for s in starts)
    if first["limit"] == "budget":
        return _fill(_("in each of them (%(years)s), it needs %(need)s of that year's budget "
                       "(available: %(available)s)"), years=years,
                     need=_euros(first["need"]), available=_euros(first["available"]))
    if first["limit"] == "capacity":
        return _fill(_("in each of them (%(years)s), it needs %(need)s of “%(pool)s” that "
                       "year (available: %(available)s)"), years=years,
                     need=_fte(first["need"]), pool=first["pool"],
                     available=_fte(first["available"]))
    return None


def _too_big_alone(params: dict, names: CandidateNames) -> SafeString:
    starts = (_every_start_that_does_not_fit(params["starts"])
              or _clauses([_start_that_does_not_fit(start) for start in params["starts"]]))
    requirement = _requirement(params["requirement"], names)
    if len(params["requirement"]["chain"]) == 1:  # required itself: name it once
        return _fill(_("%(requirement)s, but does not fit on its own in any allowed start "
                       "year: %(starts)s."), requirement=requirement, starts=starts)
    return _fill(_("%(requirement)s, but %(candidate)s does not fit on its own in any allowed "
                   "start year: %(starts)s."),
                 requirement=requirement, candidate=names(params["candidate"]), starts=starts)


def _needs_listing(items, names: CandidateNames, unit: Callable[[float], str]) -> SafeString:
    return _join(", ", [_fill(_("%(candidate)s (%(amount)s)"), candidate=names(candidate_id),
                              amount=unit(amount)) for candidate_id, amount in items])


def _budget_exceeded(params: dict, names: CandidateNames) -> SafeString:
    return _fill(_("Mandatory and forced-in items (with what they need) alone need at least "
                   "%(need)s of the %(year)s budget, but only %(available)s is available: "
                   "%(items)s."),
                 need=_euros(params["need"]), year=_year(params["year"]),
                 available=_euros(params["available"]),
                 items=_needs_listing(params["items"], names, _euros))


def _capacity_exceeded(params: dict, names: CandidateNames) -> SafeString:
    return _fill(_("Mandatory and forced-in items (with what they need) alone need at least "
                   "%(need)s of “%(pool)s” in %(year)s, but only %(available)s is available: "
                   "%(items)s."),
                 need=_fte(params["need"]), pool=params["pool"], year=_year(params["year"]),
                 available=_fte(params["available"]),
                 items=_needs_listing(params["items"], names, _fte))


def _beyond_horizon_exceeded(params: dict, names: CandidateNames) -> SafeString:
    return _fill(_("Mandatory and forced-in items (with what they need) alone leave at least "
                   "%(need)s of costs after %(year)s, but only %(available)s is available for "
                   "the years after: %(items)s."),
                 need=_euros(params["need"]), year=_year(params["year"]),
                 available=_euros(params["available"]),
                 items=_needs_listing(params["items"], names, _euros))


def _axis_shares_above_total(params: dict, names: CandidateNames) -> SafeString:
    shares = [_fill(_("“%(axis)s”: %(share)s"), axis=_axis(axis), share=_percent(share))
              for axis, share in params["shares"]]
    return _fill(_("The minimum shares of the strategic axes add up to more than 100 %% of the "
                   "budget: %(shares)s."), shares=_join(", ", shares))


def _axis_min_unreachable(params: dict, names: CandidateNames) -> SafeString:
    count = int(params["candidate_count"])
    values = {"axis": _axis(params["axis"]), "share": _percent(params["min_share"]),
              "amount": _euros(params["min_amount"])}
    if count == 0:
        return _fill(_("The “%(axis)s” axis must get at least %(share)s of the total budget "
                       "(%(amount)s), but no candidate that can still be chosen is on this "
                       "axis."), **values)
    return _fill(ngettext(
        "The “%(axis)s” axis must get at least %(share)s of the total budget (%(amount)s), but "
        "even its only candidate spends at most %(reachable)s in the planning years.",
        "The “%(axis)s” axis must get at least %(share)s of the total budget (%(amount)s), but "
        "even selecting all its %(count)s candidates spends at most %(reachable)s in the "
        "planning years.", count), count=count, reachable=_euros(params["reachable"]), **values)


def _axis_max_exceeded(params: dict, names: CandidateNames) -> SafeString:
    return _fill(_("The “%(axis)s” axis may get at most %(share)s of the total budget "
                   "(%(amount)s), but its mandatory and forced-in items alone spend at least "
                   "%(spend)s: %(items)s."),
                 axis=_axis(params["axis"]), share=_percent(params["max_share"]),
                 amount=_euros(params["max_amount"]), spend=_euros(params["spend"]),
                 items=names.listing(params["candidates"]))


GROUPS = {  # a group of constraints named whole when it is too large to narrow down
    "budget": gettext_lazy("every year's budget (%(count)s)"),
    "capacity": gettext_lazy("“%(pool)s” in every year (%(count)s)"),
    "axis_bounds": gettext_lazy("every bound on the strategic axes (%(count)s)"),
    "dependencies": gettext_lazy("every dependency (%(count)s)"),
    "exclusions": gettext_lazy("every exclusion (%(count)s)"),
    "mandatory": gettext_lazy("every mandatory item (%(count)s)"),
    "forced": gettext_lazy("every forced item (%(count)s)"),
}


def _constraint(spec: dict, names: CandidateNames) -> SafeString:
    kind = spec["type"]
    if kind == "budget":
        return _fill(_("the %(year)s budget"), year=_year(spec["year"]))
    if kind == "capacity":
        return _fill(_("“%(pool)s” in %(year)s"), pool=spec["pool"], year=_year(spec["year"]))
    if kind == "beyond_horizon":
        return _fill(_("the budget for costs after %(year)s"), year=_year(spec["year"]))
    if kind == "axis_min":
        return _fill(_("the minimum of the “%(axis)s” axis"), axis=_axis(spec["axis"]))
    if kind == "axis_max":
        return _fill(_("the maximum of the “%(axis)s” axis"), axis=_axis(spec["axis"]))
    if kind == "dependency":
        return _fill(_("%(candidate)s needs %(needed)s"), candidate=names(spec["candidate"]),
                     needed=names(spec["needs"]))
    if kind == "exclusion":
        return _fill(_("%(first)s and %(second)s exclude each other"),
                     first=names(spec["first"]), second=names(spec["second"]))
    if kind in ("mandatory", "forced_in", "forced_out"):
        template = {"mandatory": _("%(candidate)s is mandatory"),
                    "forced_in": _("%(candidate)s is forced in"),
                    "forced_out": _("%(candidate)s is forced out")}[kind]
        return _fill(template, candidate=names(spec["candidate"]))
    if kind == "group":
        return _fill(str(GROUPS[spec["group"]]), count=_number(spec["count"]),
                     pool=spec.get("pool", ""))
    raise ValueError(kind)


COMBINATION_SHOWN = 30  # constraints; the message cuts the list there too


def _combination(params: dict, names: CandidateNames) -> SafeString:
    specs = params["constraints"]
    listing = _clauses([_constraint(spec, names) for spec in specs[:COMBINATION_SHOWN]])
    if len(specs) > COMBINATION_SHOWN:
        listing = _join("", [listing, "…"])
    ending = {
        "relax_any": _("Relaxing any one of them would allow a plan."),
        "relax_any_or_group": _("Relaxing any one of them (a whole group where a group is "
                                "named) would allow a plan."),
        "incomplete": _("Some checks ran out of time, so the list may be longer than needed."),
    }[params["outcome"]]
    return _fill(_("These constraints cannot all be met together: %(constraints)s. "
                   "%(ending)s"), constraints=listing, ending=ending)


CONFLICT_SENTENCES: dict[str, Callable[[dict, CandidateNames], SafeString]] = {
    codes.MANDATORY_FORCED_OUT: _mandatory_forced_out,
    codes.NEEDS_FORCED_OUT: _needs_forced_out,
    codes.STARTS_TOO_LATE: _starts_too_late,
    codes.REQUIRED_EXCLUDE_EACH_OTHER: _required_exclude_each_other,
    codes.TOO_BIG_ALONE: _too_big_alone,
    codes.BUDGET_EXCEEDED: _budget_exceeded,
    codes.CAPACITY_EXCEEDED: _capacity_exceeded,
    codes.BEYOND_HORIZON_EXCEEDED: _beyond_horizon_exceeded,
    codes.AXIS_SHARES_ABOVE_TOTAL: _axis_shares_above_total,
    codes.AXIS_MIN_UNREACHABLE: _axis_min_unreachable,
    codes.AXIS_MAX_EXCEEDED: _axis_max_exceeded,
    codes.COMBINATION: _combination,
}
