"""A solution's monthly compliance as a server-side SVG line chart (one line per priority,
0–100 %); the page puts the same figures in a table beside it.

Coordinates are strings written with a decimal point: an SVG attribute must never be
localised ("250,0" is no length to a browser)."""

import math

WIDTH, HEIGHT = 760, 300
LEFT, RIGHT, TOP, BOTTOM = 56, 700, 20, 250
MONTH_LABEL_SPACE = 72  # a "2026-01" label is about 60 px wide at the chart's font size
LINE_LABEL_SPACE = 20  # the "P1" labels right of the lines must not touch one another


def _coordinate(value: float) -> str:
    return f"{value:.1f}"


def _spread(positions: list[float], space: float, low: float, high: float) -> list[float]:
    """Move sorted label positions apart by at least `space`, keeping them within bounds."""
    placed: list[float] = []
    for position in positions:
        placed.append(max(position, placed[-1] + space) if placed else position)
    overflow = placed[-1] - high if placed else 0
    if overflow > 0:
        placed = [max(position - overflow, low) for position in placed]
    return placed


def compliance_chart(rows) -> dict | None:
    """`rows`: one solution's ComplianceRows. None when no month has a compliance."""
    months = sorted({row.month for row in rows})
    measured = [row for row in rows if row.compliance is not None]
    if not measured:
        return None
    step = (RIGHT - LEFT) / max(len(months) - 1, 1)
    x_of = {month: LEFT + index * step for index, month in enumerate(months)}

    def y_of(percent: float) -> float:
        return BOTTOM - (BOTTOM - TOP) * percent / 100

    lines = []
    for priority in sorted({row.priority for row in measured}):
        points = [(x_of[row.month], y_of(row.compliance), row) for row in measured
                  if row.priority == priority]
        goal = points[0][2].goal
        lines.append({
            "priority": priority,
            "polyline": " ".join(f"{_coordinate(x)},{_coordinate(y)}" for x, y, _ in points),
            "dots": [{"x": _coordinate(x), "y": _coordinate(y), "row": row}
                     for x, y, row in points],
            "goal_y": _coordinate(y_of(float(goal))) if goal is not None else None,
            "last": points[-1],
        })
    by_end = sorted(lines, key=lambda line: line["last"][1])
    label_ys = _spread([line["last"][1] for line in by_end], LINE_LABEL_SPACE, TOP, BOTTOM)
    # Each line is named right of the plotting area, level with its last point: a line that
    # stops early would otherwise have its name drawn across the other lines.
    for line, label_y in zip(by_end, label_ys):
        del line["last"]
        line["label_x"], line["label_y"] = _coordinate(RIGHT + 10), _coordinate(label_y)
    # Every month has a dot; only every `every`-th is named, so that the names never overlap.
    every = max(1, math.ceil(MONTH_LABEL_SPACE / step))
    return {
        "width": WIDTH, "height": HEIGHT, "left": LEFT, "right": RIGHT, "top": TOP,
        "bottom": BOTTOM, "lines": lines,
        "y_ticks": [{"label": f"{value} %", "position": _coordinate(y_of(value))}
                    for value in (0, 25, 50, 75, 100)],
        "x_ticks": [{"label": month, "position": _coordinate(x_of[month])}
                    for index, month in enumerate(months) if index % every == 0],
        "x_label_y": BOTTOM + 22, "y_label_x": LEFT - 8,
    }
