"""The observatory's charts as geometry for server-side SVG: grouped bars and lines.

The templates draw what these return. Coordinates are strings with a decimal point (an SVG
attribute is never localised); labels are given already written (the views translate them)."""

from __future__ import annotations

import math
from decimal import Decimal

WIDTH, HEIGHT = 780, 320
LEFT, RIGHT, TOP, BOTTOM = 96, 740, 16, 262
# Colour-blind-safe, each at least 3:1 against white (Okabe–Ito, darkened where needed).
COLOURS = ("#0b4f8a", "#b35900", "#1d6b2f", "#8a2b6e", "#5a5a5a", "#00728f")
X_LABEL_SPACE = 64
X_LABEL_Y = BOTTOM + 20


def _c(value: float) -> str:
    return f"{value:.1f}"


def nice_ceiling(value: float) -> float:
    """The smallest 1, 2, 2.5 or 5 × 10ⁿ at or above `value` (1 for nothing)."""
    if value <= 0:
        return 1.0
    power = 10 ** math.floor(math.log10(value))
    for step in (1, 2, 2.5, 5, 10):
        if step * power >= value:
            return step * power
    return 10 * power


def short_number(value: float) -> str:
    """1 200 000 → "1.2M", 45 000 → "45k": axis ticks stay short in every language."""
    magnitude = abs(value)
    for limit, suffix in ((1e9, "G"), (1e6, "M"), (1e3, "k")):
        if magnitude >= limit:
            text = f"{value / limit:.1f}".rstrip("0").rstrip(".")
            return f"{text}{suffix}"
    return f"{value:.0f}" if value == int(value) else f"{value:.1f}"


def _y_axis(values: list[float], unit: str, *, whole: bool = False):
    """A scale from the lowest value (or 0) to the highest, in four or so round steps; `whole`
    keeps steps of at least 1 (counts of institutions are never 2.5)."""
    low_value, high_value = min(min(values), 0.0), max(max(values), 0.0)
    step = nice_ceiling((high_value - low_value) / 4 or 1)
    if whole:
        step = max(1.0, math.ceil(step))
    low = math.floor(low_value / step) * step
    top = max(math.ceil(high_value / step) * step, low + step)

    def y_of(value: float) -> float:
        return BOTTOM - (BOTTOM - TOP) * (value - low) / (top - low)

    count = round((top - low) / step)
    ticks = [{"label": f"{short_number(low + i * step)}{unit}",
              "position": _c(y_of(low + i * step))} for i in range(count + 1)]
    return y_of, ticks


def wrap(label: str, width: int) -> list[str]:
    """`label` cut at spaces into lines of about `width` characters (three at most)."""
    lines: list[str] = []
    for word in label.split():
        if lines and len(lines[-1]) + 1 + len(word) <= width:
            lines[-1] += " " + word
        else:
            lines.append(word)
    if len(lines) > 3:
        lines = [*lines[:2], lines[2] + "…"]
    return lines or [label]


def _legend(series: list[tuple[str, list]]) -> list[dict]:
    """The series' names and colours, listed under the chart."""
    items = []
    for index, (label, _values) in enumerate(series):
        items.append({"label": label, "colour": COLOURS[index % len(COLOURS)]})
    return items


def bar_chart(categories: list[str], series: list[tuple[str, list]], *,
              unit: str = "") -> dict | None:
    """Grouped bars: one group per category, one bar per series (values may be None: no bar).
    None when there is nothing above zero to draw."""
    values = [float(v) for _label, vs in series for v in vs if v is not None]
    if not categories or not values or not any(values):
        return None
    y_of, ticks = _y_axis(values, unit)
    zero = y_of(0.0)
    group = (RIGHT - LEFT) / len(categories)
    bar = min(48.0, group * 0.8 / max(len(series), 1))
    bars = []
    for c_index, category in enumerate(categories):
        start = LEFT + c_index * group + (group - bar * len(series)) / 2
        for s_index, (label, vs) in enumerate(series):
            value = vs[c_index]
            if value is None:
                continue
            y = y_of(float(value))
            bars.append({"x": _c(start + s_index * bar), "y": _c(min(y, zero)),
                         "width": _c(bar - 2), "height": _c(abs(zero - y)),
                         "colour": COLOURS[s_index % len(COLOURS)],
                         "title": f"{label}, {category}: {_plain(value)}{unit}"})
    every = max(1, math.ceil(X_LABEL_SPACE / group))
    return {"width": WIDTH, "height": HEIGHT, "left": LEFT, "right": RIGHT, "top": TOP,
            "bottom": BOTTOM, "bars": bars, "y_ticks": ticks, "y_label_x": LEFT - 8,
            "x_label_y": BOTTOM + 20, "legend": _legend(series) if len(series) > 1 else [],
            "zero_y": _c(zero),
            "x_ticks": [{"lines": _lines(wrap(category, max(6, int(group * every / 8.5)))),
                         "position": _c(LEFT + (i + 0.5) * group)}
                        for i, category in enumerate(categories) if i % every == 0]}


def line_chart(points: list[str], series: list[tuple[str, list]], *, unit: str = "",
               whole: bool = False) -> dict | None:
    """One line per series over the same points (e.g. months); None when nothing is above 0."""
    values = [float(v) for _label, vs in series for v in vs if v is not None]
    if not points or not values or max(values) <= 0:
        return None
    y_of, ticks = _y_axis(values, unit, whole=whole)
    step = (RIGHT - LEFT) / max(len(points) - 1, 1)
    lines = []
    for index, (label, vs) in enumerate(series):
        placed = [(LEFT + i * step, y_of(float(v)), points[i], v) for i, v in enumerate(vs)
                  if v is not None]
        lines.append({"label": label, "colour": COLOURS[index % len(COLOURS)],
                      "polyline": " ".join(f"{_c(x)},{_c(y)}" for x, y, _p, _v in placed),
                      "dots": [{"x": _c(x), "y": _c(y), "title": f"{label}, {p}: {_plain(v)}"}
                               for x, y, p, v in placed]})
    every = max(1, math.ceil(X_LABEL_SPACE / step)) if len(points) > 1 else 1
    return {"width": WIDTH, "height": HEIGHT, "left": LEFT, "right": RIGHT, "top": TOP,
            "bottom": BOTTOM, "lines": lines, "y_ticks": ticks, "y_label_x": LEFT - 8,
            "x_label_y": BOTTOM + 20, "legend": _legend(series),
            "dot_radius": "3.5" if len(points) <= 24 else "2",
            "x_ticks": [{"lines": _lines([p]), "position": _c(LEFT + i * step)}
                        for i, p in enumerate(points) if i % every == 0]}


def _lines(texts: list[str]) -> list[dict]:
    """Each line of an axis label as its own text, 17 units under the one before."""
    return [{"text": text, "y": X_LABEL_Y + 17 * index} for index, text in enumerate(texts)]


def _plain(value) -> str:
    number = Decimal(str(value))
    return f"{number:,.0f}".replace(",", " ") if number == number.to_integral() or abs(
        number) >= 100 else f"{number:.1f}"
