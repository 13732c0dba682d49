"""Stored figures made readable: an optimiser result (titles, years, budget and capacity use)
and people per skill pool, in the reader's language."""

from django.utils import formats

from synergie.portfolio.models import Axis


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
    titles = {c["id"]: c.get("title", c["id"]) for c in (scenario.instance or {}).get(
        "candidates", [])}
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
            ({**item, "title": titles.get(item["id"], item.get("title") or item["id"]),
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
