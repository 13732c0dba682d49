"""The stored efficient frontier made readable: a small server-rendered SVG (no chart library, no
JavaScript) with labelled axes, and the same figures in words and in a table.

Coordinates are strings written here with a decimal point: numbers inside markup attributes are
never localised (a French "48,0" is not an SVG length). Labels a person reads are localised."""

import math
from dataclasses import dataclass

from django.utils import formats
from django.utils.translation import gettext as _

WIDTH, HEIGHT = 640, 340
LEFT, RIGHT, TOP, BOTTOM = 76, 20, 28, 64  # room for tick labels and axis titles
PLATEAU = 1e-4  # values within this relative distance of the best count as the best
MILLION = 1_000_000


def _coordinate(value: float) -> str:
    return f"{value:.1f}"


def _localised(value: float, decimals: int = 0) -> str:
    return formats.number_format(value, decimals, use_l10n=True, force_grouping=True)


def nice_ticks(high: float, count: int = 5) -> list[float]:
    """0 and round steps (1, 2 or 5 times a power of ten) up to at least `high`."""
    if high <= 0:
        return [0.0, 1.0]
    raw = high / count
    power = 10 ** math.floor(math.log10(raw))
    step = next(m * power for m in (1, 2, 5, 10) if m * power >= raw)
    return [k * step for k in range(math.ceil(high / step - 1e-9) + 1)]


def _decimals(ticks: list[float]) -> int:
    step = ticks[1] - ticks[0] if len(ticks) > 1 else 1
    return 0 if step >= 1 else min(3, math.ceil(-math.log10(step)))


@dataclass
class Tick:
    position: str
    label: str


def frontier_chart(points: list[dict]) -> dict | None:
    """SVG geometry for the points that have a plan: x is the total budget (million EUR), y the
    best value; None when no point has one."""
    drawable = [p for p in points if p.get("value") is not None]
    if not drawable:
        return None
    x_ticks = nice_ticks(max(p["budget"] for p in points) / MILLION)
    y_ticks = nice_ticks(max(p["value"] for p in drawable))
    plot_width, plot_height = WIDTH - LEFT - RIGHT, HEIGHT - TOP - BOTTOM

    def x(budget: float) -> float:
        return LEFT + budget / MILLION / x_ticks[-1] * plot_width

    def y(value: float) -> float:
        return TOP + plot_height - value / y_ticks[-1] * plot_height

    x_decimals, y_decimals = _decimals(x_ticks), _decimals(y_ticks)
    dots = [{"x": _coordinate(x(p["budget"])), "y": _coordinate(y(p["value"])),
             "current": p["factor"] == 1,
             "label": _("%(budget)s EUR: %(value)s points") % {
                 "budget": _localised(p["budget"]), "value": _localised(p["value"], 1)}}
            for p in drawable]
    current = next((p for p in points if p["factor"] == 1), None)
    bottom = TOP + plot_height
    c = _coordinate
    return {
        "width": c(WIDTH), "height": c(HEIGHT),
        "left": c(LEFT), "right": c(WIDTH - RIGHT), "top": c(TOP), "bottom": c(bottom),
        "x_tick_end": c(bottom + 6), "x_label_y": c(bottom + 22), "y_label_x": c(LEFT - 8),
        "current_label_y": c(TOP - 10),
        "x_ticks": [Tick(c(x(t * MILLION)), _localised(t, x_decimals)) for t in x_ticks],
        "y_ticks": [Tick(c(y(t)), _localised(t, y_decimals)) for t in y_ticks],
        "x_title_x": c(LEFT + plot_width / 2), "x_title_y": c(HEIGHT - 14),
        "y_title_x": c(-(TOP + plot_height / 2)), "y_title_y": c(18),
        "current_x": c(x(current["budget"])) if current else None,
        "polyline": " ".join(f"{d['x']},{d['y']}" for d in dots),
        "dots": dots,
    }


def frontier_summary(points: list[dict]) -> list[str]:
    """What the frontier says, in sentences: the text equivalent of the chart."""
    drawable = [p for p in points if p.get("value") is not None]
    sentences = []
    current = next((p for p in drawable if p["factor"] == 1), None)
    if current:
        sentences.append(_("With the scenario's budget (%(budget)s EUR over the period), the "
                           "best value is %(value)s points.") % {
            "budget": _localised(current["budget"]), "value": _localised(current["value"], 1)})
    lacking = [p for p in points if p.get("value") is None]
    if lacking:
        sentences.append(_("With %(budgets)s EUR, no plan meets every constraint (the mandatory "
                           "candidates, for example, do not fit).") % {
            "budgets": ", ".join(_localised(p["budget"]) for p in lacking)})
    if drawable:
        best = max(p["value"] for p in drawable)
        plateau = next(p for p in drawable if p["value"] >= best * (1 - PLATEAU))
        if plateau is not drawable[-1] and plateau["budget"] < drawable[-1]["budget"]:
            sentences.append(_("From %(budget)s EUR on, more budget adds no value: other "
                               "constraints (people per skill pool, dependencies, shares per "
                               "axis) hold the portfolio back.") % {
                "budget": _localised(plateau["budget"])})
        else:
            sentences.append(_("Every budget level shown adds value: the budget is what holds "
                               "the portfolio back."))
    return sentences
