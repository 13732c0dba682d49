"""The observatory's figures as the page and the CSV show them: title, what it measures, column
headings in the reader's language, the rows, and the chart drawn from the rows."""

from dataclasses import dataclass, field
from datetime import date

from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from synergie.observatory import adapters
from synergie.observatory import figures as f
from synergie.observatory.figures.charts import bar_chart, line_chart

SLUGS = ("investment", "pooled", "savings", "adoption", "service_levels", "lead_time",
         "experiments")

HEADINGS = {
    "institution": gettext_lazy("Institution"),
    "year": gettext_lazy("Year"),
    "estimated": gettext_lazy("Estimated in needs (EUR)"),
    "approved": gettext_lazy("Approved by the committee (EUR)"),
    "project_planned": gettext_lazy("Project budget planned (EUR)"),
    "project_spent": gettext_lazy("Project budget spent (EUR)"),
    "pooled": gettext_lazy("Pooled (EUR)"),
    "total": gettext_lazy("Total (EUR)"),
    "pooled_share": gettext_lazy("Pooled share (%)"),
    "kind": gettext_lazy("Kind"),
    "subject": gettext_lazy("Opportunity or solution"),
    "amount": gettext_lazy("Saving (EUR)"),
    "solution": gettext_lazy("Solution"),
    "month": gettext_lazy("Month"),
    "institutions_live": gettext_lazy("Institutions using it"),
    "incidents": gettext_lazy("Incidents with a target"),
    "within_target": gettext_lazy("Resolved within target"),
    "compliance": gettext_lazy("Compliance (%)"),
    "goal": gettext_lazy("Lowest agreed share (%)"),
    "filed": gettext_lazy("Filed"),
    "decided": gettext_lazy("Decided"),
    "delivered": gettext_lazy("Delivered"),
    "days_to_decision": gettext_lazy("Days to decision"),
    "days_to_delivery": gettext_lazy("Days from decision to delivery"),
    "experiment": gettext_lazy("Experiment"),
    "outcome": gettext_lazy("Result"),
    "budget": gettext_lazy("Budget (EUR)"),
    "rollout_at_stake": gettext_lazy("Roll-out cost at stake (EUR)"),
    "not_risked": gettext_lazy("Investment not risked (EUR)"),
}
NUMERIC = {"year", "estimated", "approved", "project_planned", "project_spent", "pooled",
           "total", "pooled_share", "amount", "institutions_live", "incidents", "within_target",
           "compliance", "goal", "days_to_decision", "days_to_delivery", "budget",
           "rollout_at_stake", "not_risked"}


def value_words(code: str, value) -> str:
    """The few coded values a table holds, in the reader's language."""
    words = {"projected": _("Projected"), "realised": _("Realised"), "go": _("Go"),
             "no_go": _("No-go: stopped")}
    return words.get(value, value) if code in ("kind", "outcome") else value


@dataclass
class Figure:
    slug: str
    title: str
    explanation: str
    columns: tuple[str, ...]
    rows: list[tuple]
    chart: dict | None = None
    chart_kind: str = "bars"
    empty: str = ""
    note: str = ""
    hidden_columns: tuple[str, ...] = field(default_factory=tuple)

    @property
    def headings(self):
        return [{"code": code, "label": HEADINGS[code], "numeric": code in NUMERIC}
                for code in self.shown_columns]

    @property
    def shown_columns(self):
        return [code for code in self.columns if code not in self.hidden_columns]

    @property
    def table(self):
        positions = [self.columns.index(code) for code in self.shown_columns]
        return [[{"value": value_words(self.columns[i], row[i]), "code": self.columns[i],
                  "label": HEADINGS[self.columns[i]], "numeric": self.columns[i] in NUMERIC}
                 for i in positions] for row in self.rows]


def _numbers(values):
    return [None if value is None else float(value) for value in values]


def investment(audience, years) -> Figure:
    rows = f.investment_rows(adapters.investment_lines(audience), by_institution=audience.staff,
                             years=years)
    summary = f.investment_summary(rows)
    labels = {"estimated": _("Estimated in needs"), "approved": _("Approved"),
              "project_planned": _("Project budget planned"),
              "project_spent": _("Project budget spent")}
    kinds = f.INVESTMENT_KINDS if audience.staff else ("estimated", "approved")
    chart = bar_chart([str(year) for year in summary],
                      [(labels[kind], _numbers(totals[kind] for totals in summary.values()))
                       for kind in kinds], unit=" €")
    return Figure(
        "investment", _("Investment per institution and year"),
        _("What institutions estimated in their needs' yearly costs, what the steering "
          "committee approved, and what the projects planned and spent (a project's budget is "
          "shared among its member institutions in proportion to their approved needs)."),
        f.COLUMNS["investment"], rows, chart,
        empty=_("No need with estimated costs in these years."),
        hidden_columns=() if audience.staff else ("institution", "project_planned",
                                                   "project_spent"),
        note="" if audience.staff else _("Built from public needs only; project budgets are "
                                         "not published."))


def pooled(audience, years, today) -> Figure:
    rows = f.pooled_rows(adapters.spending_lines(audience, today), years=years)
    summary = f.pooled_summary(rows)
    chart = bar_chart([str(year) for year in summary],
                      [(_("Pooled share"), _numbers(summary.values()))], unit=" %")
    return Figure(
        "pooled", _("Pooled share of digital spending"),
        _("Pooled: the needs approved within a pooling opportunity and the agreed price of the "
          "regional solutions institutions use; total: every estimated need plus that price."),
        f.COLUMNS["pooled"], rows, chart, empty=_("No spending recorded in these years."))


def savings(audience, years, today) -> Figure:
    rows = f.savings_rows(adapters.projected_savings(audience),
                          adapters.realised_savings(audience, today), years=years)
    summary = f.savings_summary(rows)
    chart = bar_chart([str(year) for year in summary], [
        (_("Projected"), _numbers(totals["projected"] for totals in summary.values())),
        (_("Realised"), _numbers(totals["realised"] for totals in summary.values()))],
        unit=" €")
    return Figure(
        "savings", _("Projected and realised savings"),
        _("Projected: each member's separate cost minus its pooled cost in the business cases "
          "of approved opportunities. Realised: for each institution using a regional "
          "solution, the yearly cost of its own applications for the same capabilities minus "
          "the agreed price, for the part of the year it used the solution."),
        f.COLUMNS["savings"], rows, chart,
        empty=(_("No saving projected or realised in these years.") if audience.staff else
               _("Savings rest on business cases and on institutions' own costs, which are not "
                 "public.")))


def adoption(audience, years, today) -> Figure:
    rows = f.adoption_rows(adapters.adoption_steps(audience), today, years=years)
    summary = f.adoption_summary(rows)
    months = sorted({month for counts in summary.values() for month in counts})
    chart = line_chart(months, [(solution, [counts.get(month) for month in months])
                                for solution, counts in summary.items()], whole=True)
    return Figure(
        "adoption", _("Adoption of the regional solutions"),
        _("Institutions using each solution (live, or leaving but not gone yet) at the end of "
          "each month, from the catalogue's adoption steps."),
        f.COLUMNS["adoption"], rows, chart, chart_kind="lines",
        empty=_("No institution has adopted a solution in these years."))


def service_levels(audience, years) -> Figure:
    rows = f.service_level_rows(adapters.compliance_counts(audience), years=years)
    summary = f.service_level_summary(rows)
    chart = bar_chart(list(summary), [(_("Compliance"), _numbers(summary.values()))],
                      unit=" %")
    return Figure(
        "service_levels", _("Service-level compliance per solution"),
        _("Share of the incidents resolved within the agreement's target, over the months "
          "chosen (the service levels' own computation)."),
        f.COLUMNS["service_levels"], rows, chart,
        empty=(_("No incident counted in these years.") if audience.staff else
               _("Incident figures are read by the orchestrator; they are not public.")))


def lead_time(audience, years) -> Figure:
    rows = f.lead_time_rows(adapters.journeys(audience), years=years)
    summary = f.lead_time_summary(rows)
    chart = bar_chart([str(year) for year in summary], [
        (_("Filed to decided (median days)"),
         _numbers(totals["to_decision"] for totals in summary.values())),
        (_("Decided to delivered (median days)"),
         _numbers(totals["to_delivery"] for totals in summary.values()))])
    return Figure(
        "lead_time", _("Decision lead time"),
        _("Days from a need's filing to the committee meeting that decided it, and from there "
          "to its delivery, per year of decision (medians in the chart, every need below)."),
        f.COLUMNS["lead_time"], rows, chart,
        empty=_("No need was decided in these years."),
        hidden_columns=() if audience.staff else ())


def experiments(audience, years) -> Figure:
    rows = f.experiment_rows(adapters.experiment_results(audience), years=years)
    summary = f.experiment_summary(rows)
    chart = bar_chart([str(year) for year in summary], [
        (_("Budget of stopped experiments"),
         _numbers(totals["stopped_budget"] for totals in summary.values())),
        (_("Investment not risked"),
         _numbers(totals["not_risked"] for totals in summary.values()))], unit=" €")
    return Figure(
        "experiments", _("Experiments stopped and the investment they did not risk"),
        _("Concluded experiments of the innovation lab: a no-go keeps the roll-out cost at "
          "stake from being committed, for the price of the experiment."),
        f.COLUMNS["experiments"], rows, chart,
        empty=(_("No experiment concluded in these years.") if audience.staff else
               _("The innovation lab's experiments are read by the orchestrator; they are not "
                 "public.")))


def build(slug: str, audience, years, today: date) -> Figure:
    if slug == "investment":
        return investment(audience, years)
    if slug == "pooled":
        return pooled(audience, years, today)
    if slug == "savings":
        return savings(audience, years, today)
    if slug == "adoption":
        return adoption(audience, years, today)
    if slug == "service_levels":
        return service_levels(audience, years)
    if slug == "lead_time":
        return lead_time(audience, years)
    return experiments(audience, years)
