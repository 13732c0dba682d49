"""The efficient frontier as a small server-rendered SVG (no chart library, no JavaScript)."""

WIDTH, HEIGHT, MARGIN = 560, 260, 48


def frontier_chart(points: list[tuple[float, float, float, str]]) -> dict:
    """SVG coordinates for (budget, best value) points: a polyline and its axis ticks."""
    if not points:
        return {"width": WIDTH, "height": HEIGHT, "polyline": "", "dots": []}
    budgets = [p[1] for p in points]
    values = [p[2] for p in points]
    low_b, high_b = min(budgets), max(budgets) or 1
    high_v = max(values) or 1

    def x(budget):
        span = (high_b - low_b) or 1
        return MARGIN + (budget - low_b) / span * (WIDTH - 2 * MARGIN)

    def y(value):
        return HEIGHT - MARGIN - value / high_v * (HEIGHT - 2 * MARGIN)

    dots = [{"x": round(x(b), 1), "y": round(y(v), 1), "budget": b, "value": v}
            for _, b, v, _ in points]
    return {
        "width": WIDTH, "height": HEIGHT, "margin": MARGIN,
        "bottom": HEIGHT - MARGIN, "right": WIDTH - MARGIN,
        "polyline": " ".join(f"{d['x']},{d['y']}" for d in dots),
        "dots": dots,
    }
