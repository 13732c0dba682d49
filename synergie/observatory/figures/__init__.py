"""The observatory's figures without Django: plain records in, table rows and chart series out.

Every figure has two steps, both pure:

- ``<figure>_rows(records, ...)``: the figure's data table, one tuple per row, in the order of
  ``COLUMNS[<figure>]``. The page shows these rows beside the chart and the CSV download is
  exactly these rows, so anyone can redo the sums;
- ``<figure>_summary(rows)``: what the chart draws, computed from the rows only (the test
  recomputes each chart from its CSV through this function).

The adapters (``synergie/observatory/adapters.py``) read the database and decide what each reader
may see; nothing here knows about permissions. Amounts are Decimal (EUR, cents), dates are
``datetime.date``, durations whole days."""

from __future__ import annotations

import calendar
from collections import defaultdict
from dataclasses import dataclass
from datetime import date
from decimal import ROUND_HALF_UP, Decimal
from statistics import median

CENT = Decimal("0.01")
ZERO = Decimal("0")

# The column codes of each figure's table and CSV (the page puts words on them).
COLUMNS = {
    "investment": ("institution", "year", "estimated", "approved", "project_planned",
                   "project_spent"),
    "pooled": ("year", "pooled", "total", "pooled_share"),
    "savings": ("kind", "subject", "institution", "year", "amount"),
    "adoption": ("solution", "month", "institutions_live"),
    "service_levels": ("solution", "incidents", "within_target", "compliance", "goal"),
    "lead_time": ("subject", "institution", "filed", "decided", "delivered", "days_to_decision",
                  "days_to_delivery"),
    "experiments": ("experiment", "year", "outcome", "budget", "rollout_at_stake",
                    "not_risked"),
}
INVESTMENT_KINDS = ("estimated", "approved", "project_planned", "project_spent")
PROJECTED, REALISED = "projected", "realised"


def cents(value) -> Decimal:
    return Decimal(value).quantize(CENT, rounding=ROUND_HALF_UP)


@dataclass(frozen=True)
class YearRange:
    """The years a reader asked for; either end may be open."""

    first: int | None = None
    last: int | None = None

    def __contains__(self, year: int) -> bool:
        return ((self.first is None or year >= self.first)
                and (self.last is None or year <= self.last))


EVERY_YEAR = YearRange()


# --- Investment per institution and year -------------------------------------------------------

@dataclass(frozen=True)
class InvestmentLine:
    """One amount of one kind (INVESTMENT_KINDS) for one institution and year."""

    institution: str
    year: int
    kind: str
    amount: Decimal


def split_project_budget(budget: list[tuple[int, Decimal, Decimal]],
                         weights: dict[str, Decimal]) -> list[InvestmentLine]:
    """A project's yearly (year, planned, spent) shared out among its member institutions in
    proportion to `weights` (their approved needs' cost; equal shares when every weight is 0).
    Each year's parts add up to the cent: the last institution takes the rounding."""
    names = sorted(weights)
    if not names:
        return []
    total = sum(weights.values(), ZERO)
    shares = ({name: weights[name] / total for name in names} if total > 0
              else {name: Decimal(1) / len(names) for name in names})
    lines = []
    for year, planned, spent in budget:
        for kind, amount in (("project_planned", planned), ("project_spent", spent)):
            given = ZERO
            for index, name in enumerate(names):
                part = (amount - given if index == len(names) - 1
                        else cents(amount * shares[name]))
                given += part
                lines.append(InvestmentLine(name, year, kind, part))
    return lines


def investment_rows(lines: list[InvestmentLine], *, by_institution: bool = True,
                    years: YearRange = EVERY_YEAR) -> list[tuple]:
    """(institution, year, estimated, approved, project planned, project spent); without
    `by_institution` one row per year, its institution empty."""
    table: dict[tuple[str, int], dict[str, Decimal]] = defaultdict(
        lambda: dict.fromkeys(INVESTMENT_KINDS, ZERO))
    for line in lines:
        if line.year not in years:
            continue
        key = (line.institution if by_institution else "", line.year)
        table[key][line.kind] += line.amount
    return [(name, year, *(cents(amounts[kind]) for kind in INVESTMENT_KINDS))
            for (name, year), amounts in sorted(table.items(), key=lambda item: (
                item[0][1], item[0][0].casefold()))]


def investment_summary(rows: list[tuple]) -> dict[int, dict[str, Decimal]]:
    """{year: {kind: the region's total}} from the table's rows."""
    totals: dict[int, dict[str, Decimal]] = defaultdict(lambda: dict.fromkeys(INVESTMENT_KINDS,
                                                                               ZERO))
    for _name, year, *amounts in rows:
        for kind, amount in zip(INVESTMENT_KINDS, amounts, strict=True):
            totals[int(year)][kind] += Decimal(amount)
    return dict(sorted(totals.items()))


# --- Pooled share of digital spending ----------------------------------------------------------

@dataclass(frozen=True)
class SpendingLine:
    year: int
    amount: Decimal
    pooled: bool


def share(part: Decimal, whole: Decimal) -> Decimal | None:
    """`part` in percent of `whole`, to one decimal; None when the whole is nothing."""
    if not whole:
        return None
    return (Decimal(100) * Decimal(part) / Decimal(whole)).quantize(Decimal("0.1"),
                                                                    rounding=ROUND_HALF_UP)


def pooled_rows(lines: list[SpendingLine], *, years: YearRange = EVERY_YEAR) -> list[tuple]:
    """(year, pooled, total, pooled share in %) per year."""
    pooled: dict[int, Decimal] = defaultdict(lambda: ZERO)
    total: dict[int, Decimal] = defaultdict(lambda: ZERO)
    for line in lines:
        if line.year not in years:
            continue
        total[line.year] += line.amount
        if line.pooled:
            pooled[line.year] += line.amount
    return [(year, cents(pooled[year]), cents(total[year]), share(pooled[year], total[year]))
            for year in sorted(total) if total[year] > 0]


def pooled_summary(rows: list[tuple]) -> dict[int, Decimal | None]:
    """{year: pooled share in %}, recomputed from the pooled and total columns."""
    return {int(year): share(Decimal(pooled), Decimal(total)) for year, pooled, total, _ in rows}


# --- Adoption periods: what an institution used, when ------------------------------------------

USING_STAGES = ("live", "leaving")


@dataclass(frozen=True)
class AdoptionStep:
    solution: str
    institution: str
    stage: str
    on: date


def live_periods(steps: list[AdoptionStep], today: date) -> list[tuple[str, str, date, date]]:
    """(solution, institution, from, until) for each stretch an institution used a solution
    (live, or leaving but not gone yet); a stretch still running ends `today`."""
    by_pair: dict[tuple[str, str], list[AdoptionStep]] = defaultdict(list)
    for step in steps:
        by_pair[(step.solution, step.institution)].append(step)
    periods = []
    for (solution, institution), pair_steps in sorted(by_pair.items()):
        start = None
        for step in sorted(pair_steps, key=lambda step: step.on):
            using = step.stage in USING_STAGES
            if using and start is None:
                start = step.on
            elif not using and start is not None:
                periods.append((solution, institution, start, step.on))
                start = None
        if start is not None and start <= today:
            periods.append((solution, institution, start, today))
    return periods


def days_in_year(year: int) -> int:
    return 366 if calendar.isleap(year) else 365


def yearly_fractions(start: date, until: date) -> dict[int, Decimal]:
    """{year: the share of the year between start (included) and until (excluded)}."""
    fractions = {}
    for year in range(start.year, until.year + 1):
        first = max(start, date(year, 1, 1))
        end = min(until, date(year + 1, 1, 1))
        days = (end - first).days
        if days > 0:
            fractions[year] = Decimal(days) / days_in_year(year)
    return fractions


# --- Savings: projected by the business cases, realised by adoption ----------------------------

@dataclass(frozen=True)
class ProjectedSaving:
    """What a business case expects one member to save in one year (separate minus pooled)."""

    subject: str
    institution: str
    year: int
    amount: Decimal


@dataclass(frozen=True)
class UsedSolution:
    """A stretch during which an institution used a solution, at the agreed yearly price, with
    what running its own application for the same capabilities cost it per year (None: not
    known, so no saving is claimed)."""

    solution: str
    institution: str
    start: date
    until: date
    agreed_price: Decimal
    separate_cost: Decimal | None


def realised_savings(used: list[UsedSolution]) -> list[ProjectedSaving]:
    """(separate cost − agreed price) × the share of each year the solution was used."""
    savings = []
    for stretch in used:
        if stretch.separate_cost is None:
            continue
        yearly = stretch.separate_cost - stretch.agreed_price
        for year, fraction in yearly_fractions(stretch.start, stretch.until).items():
            savings.append(ProjectedSaving(stretch.solution, stretch.institution, year,
                                           cents(yearly * fraction)))
    return savings


def savings_rows(projected: list[ProjectedSaving], realised: list[ProjectedSaving], *,
                 years: YearRange = EVERY_YEAR) -> list[tuple]:
    """(kind, subject, institution, year, amount): every business case member's yearly
    projection and every adoption's yearly realisation."""
    rows = [(kind, saving.subject, saving.institution, saving.year, cents(saving.amount))
            for kind, savings in ((PROJECTED, projected), (REALISED, realised))
            for saving in savings if saving.year in years]
    return sorted(rows, key=lambda row: (row[3], row[0], row[1].casefold(), row[2].casefold()))


def savings_summary(rows: list[tuple]) -> dict[int, dict[str, Decimal]]:
    """{year: {"projected": total, "realised": total}}."""
    totals: dict[int, dict[str, Decimal]] = defaultdict(lambda: {PROJECTED: ZERO, REALISED: ZERO})
    for kind, _subject, _institution, year, amount in rows:
        totals[int(year)][kind] += Decimal(amount)
    return dict(sorted(totals.items()))


# --- Adoption growth of each solution ----------------------------------------------------------

def month_ends(first: date, last: date) -> list[date]:
    """The last day of every month from `first`'s month to `last`'s (the last one is `last`
    itself, the day the figure is read)."""
    ends, year, month = [], first.year, first.month
    while (year, month) <= (last.year, last.month):
        day = calendar.monthrange(year, month)[1]
        ends.append(min(date(year, month, day), last))
        year, month = (year + 1, 1) if month == 12 else (year, month + 1)
    return ends


def adoption_rows(steps: list[AdoptionStep], today: date, *,
                  years: YearRange = EVERY_YEAR) -> list[tuple]:
    """(solution, month "YYYY-MM", institutions using it at the month's end) for every month
    from the solution's first step to today."""
    periods = live_periods(steps, today)
    rows = []
    for solution in sorted({step.solution for step in steps}, key=str.casefold):
        first = min(step.on for step in steps if step.solution == solution)
        mine = [period for period in periods if period[0] == solution]
        for end in month_ends(first, today):
            if end.year not in years:
                continue
            using = sum(1 for _s, _i, start, until in mine
                        if start <= end and (until > end or until == today))
            rows.append((solution, f"{end:%Y-%m}", using))
    return rows


def adoption_summary(rows: list[tuple]) -> dict[str, dict[str, int]]:
    """{solution: {month: institutions using it}}."""
    lines: dict[str, dict[str, int]] = defaultdict(dict)
    for solution, month, count in rows:
        lines[solution][month] = int(count)
    return dict(lines)


# --- Service-level compliance per solution -----------------------------------------------------

@dataclass(frozen=True)
class ComplianceCount:
    """A solution's incidents of one month and priority (the service levels' rows)."""

    solution: str
    month: str  # "YYYY-MM"
    incidents: int
    within_target: int | None  # None: no target for this priority
    goal: Decimal | None


def service_level_rows(counts: list[ComplianceCount], *,
                       years: YearRange = EVERY_YEAR) -> list[tuple]:
    """(solution, incidents with a target, resolved within target, compliance %, the lowest
    agreed share of its priorities)."""
    table: dict[str, list] = {}
    for count in counts:
        if count.within_target is None or int(count.month[:4]) not in years:
            continue
        row = table.setdefault(count.solution, [0, 0, None])
        row[0] += count.incidents
        row[1] += count.within_target
        if count.goal is not None:
            row[2] = count.goal if row[2] is None else min(row[2], count.goal)
    return [(solution, incidents, within, share(within, incidents), goal)
            for solution, (incidents, within, goal) in sorted(
                table.items(), key=lambda item: item[0].casefold()) if incidents]


def service_level_summary(rows: list[tuple]) -> dict[str, Decimal | None]:
    return {solution: share(int(within), int(incidents))
            for solution, incidents, within, _compliance, _goal in rows}


# --- Decision lead time ------------------------------------------------------------------------

@dataclass(frozen=True)
class Journey:
    """One need's way: filed (submitted), decided (its meeting's date), delivered."""

    subject: str
    institution: str
    filed: date
    decided: date | None
    delivered: date | None


def lead_time_rows(journeys: list[Journey], *, years: YearRange = EVERY_YEAR) -> list[tuple]:
    """(subject, institution, filed, decided, delivered, days filed→decided, days
    decided→delivered) for each decided need, by the year it was decided."""
    rows = []
    for journey in journeys:
        if journey.decided is None or journey.decided.year not in years:
            continue
        to_decision = (journey.decided - journey.filed).days
        to_delivery = (journey.delivered - journey.decided).days if journey.delivered else None
        rows.append((journey.subject, journey.institution, journey.filed, journey.decided,
                     journey.delivered, to_decision, to_delivery))
    return sorted(rows, key=lambda row: (row[3], row[0].casefold()))


def lead_time_summary(rows: list[tuple]) -> dict[int, dict[str, object]]:
    """{year decided: {"needs": n, "to_decision": median days, "to_delivery": median days or
    None while nothing is delivered}}."""
    by_year: dict[int, list[tuple]] = defaultdict(list)
    for row in rows:
        by_year[_as_date(row[3]).year].append(row)
    summary = {}
    for year, found in sorted(by_year.items()):
        delivered = [int(row[6]) for row in found if row[6] not in (None, "")]
        summary[year] = {"needs": len(found),
                         "to_decision": _median([int(row[5]) for row in found]),
                         "to_delivery": _median(delivered) if delivered else None}
    return summary


def _median(values: list[int]) -> Decimal:
    return Decimal(str(median(values))).quantize(Decimal("0.1"), rounding=ROUND_HALF_UP)


def _as_date(value) -> date:
    return value if isinstance(value, date) else date.fromisoformat(str(value))


# --- Experiments stopped -----------------------------------------------------------------------

@dataclass(frozen=True)
class ExperimentResult:
    title: str
    concluded: date
    go: bool
    budget: Decimal
    rollout_at_stake: Decimal | None


def experiment_rows(results: list[ExperimentResult], *,
                    years: YearRange = EVERY_YEAR) -> list[tuple]:
    """(experiment, year concluded, "go" or "no_go", budget, roll-out at stake, investment
    not risked: the roll-out cost a no-go kept from being committed)."""
    rows = []
    for result in results:
        if result.concluded.year not in years:
            continue
        at_stake = result.rollout_at_stake
        not_risked = ZERO if result.go or at_stake is None else at_stake
        rows.append((result.title, result.concluded.year, "go" if result.go else "no_go",
                     cents(result.budget), None if at_stake is None else cents(at_stake),
                     cents(not_risked)))
    return sorted(rows, key=lambda row: (row[1], row[0].casefold()))


def experiment_summary(rows: list[tuple]) -> dict[int, dict[str, Decimal]]:
    """{year: {"stopped": count, "stopped_budget": spent on stopped ones, "not_risked": …}}."""
    totals: dict[int, dict[str, Decimal]] = defaultdict(
        lambda: {"stopped": ZERO, "stopped_budget": ZERO, "not_risked": ZERO})
    for _title, year, outcome, budget, _at_stake, not_risked in rows:
        year_totals = totals[int(year)]
        if outcome == "no_go":
            year_totals["stopped"] += 1
            year_totals["stopped_budget"] += Decimal(budget)
        year_totals["not_risked"] += Decimal(not_risked)
    return dict(sorted(totals.items()))
