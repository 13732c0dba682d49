"""A stored optimiser result made readable: titles, years, budget and capacity use."""

from synergie.portfolio.models import Axis


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
