"""Stored figures made readable: an optimiser result (titles, years, budget and capacity use)
and people per skill pool, in the reader's language."""

from dataclasses import dataclass

from django.utils import formats
from django.utils.html import conditional_escape, format_html

from synergie.needs.models import Need
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


def describe_result(result: dict, scenario) -> dict:
    titles = candidate_titles(scenario)
    years = result.get("years", [])
    spend = result.get("spend", [])
    budget = result.get("budget", [])
    capacity = result.get("capacity", {})
    capacity_use = result.get("capacity_use", {})
    return {
        "status": result.get("status"),
        "message": result.get("message", ""),
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
        "capacity_rows": [
            (pool, list(zip(capacity_use.get(pool, []), capacity.get(pool, []))))
            for pool in capacity
        ],
        "years": years,
        "conflicts": result.get("conflicts", []),
    }
