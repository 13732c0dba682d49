"""A solution's monthly compliance as a server-side SVG line chart (one line per priority,
0–100 %); the page puts the same figures in a table beside it."""

WIDTH, HEIGHT = 720, 300
LEFT, RIGHT, TOP, BOTTOM = 56, 700, 20, 250


def compliance_chart(rows) -> dict | None:
    """`rows`: one solution's ComplianceRows. None when no month has a compliance."""
    months = sorted({row.month for row in rows})
    measured = [row for row in rows if row.compliance is not None]
    if not measured:
        return None
    step = (RIGHT - LEFT) / max(len(months) - 1, 1)
    x_of = {month: round(LEFT + index * step, 1) for index, month in enumerate(months)}

    def y_of(percent: float) -> float:
        return round(BOTTOM - (BOTTOM - TOP) * percent / 100, 1)

    lines = []
    for priority in sorted({row.priority for row in measured}):
        points = [(x_of[row.month], y_of(row.compliance), row) for row in measured
                  if row.priority == priority]
        lines.append({
            "priority": priority,
            "polyline": " ".join(f"{x},{y}" for x, y, _ in points),
            "dots": [{"x": x, "y": y, "row": row} for x, y, row in points],
            "goal_y": y_of(float(points[0][2].goal)) if points[0][2].goal is not None else None,
        })
    return {
        "width": WIDTH, "height": HEIGHT, "left": LEFT, "right": RIGHT, "top": TOP,
        "bottom": BOTTOM, "lines": lines,
        "y_ticks": [{"label": f"{value} %", "position": y_of(value)} for value in (0, 25, 50,
                                                                                   75, 100)],
        "x_ticks": [{"label": month, "position": x_of[month]} for month in months],
        "x_label_y": BOTTOM + 18, "y_label_x": LEFT - 8,
    }
