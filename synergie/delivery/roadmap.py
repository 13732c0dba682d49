"""The roadmap of projects: a server-side SVG timeline (no JavaScript) and the rows of its
equivalent table. Coordinates are written with a decimal point (never localised); labels a
person reads are localised by the template."""

import datetime
from dataclasses import dataclass, field

WIDTH = 800
# The projects' names (at most 28 characters, about 240 px) have their own column, so that
# no name runs into a bar, a diamond or a grid line.
LABEL_WIDTH = 260
RIGHT = 16
TOP = 34  # the years' names sit above, where no line crosses them
ROW = 30


@dataclass
class Bar:
    project: object
    start: datetime.date
    end: datetime.date
    y: str
    label_y: str
    x: str = ""
    width: str = ""
    milestones: list = field(default_factory=list)  # [(x, y, milestone)]


def _month_start(day: datetime.date) -> datetime.date:
    return day.replace(day=1)


def _year_after(day: datetime.date) -> datetime.date:
    return datetime.date(day.year + 1, 1, 1)


def roadmap_chart(projects) -> dict | None:
    """Geometry for the projects that have milestones; None when none has."""
    spans = [(project, project.span()) for project in projects]
    spans = [(project, span) for project, span in spans if span]
    if not spans:
        return None
    first = datetime.date(min(span[0] for _, span in spans).year, 1, 1)
    last = _year_after(max(span[1] for _, span in spans))
    days = (last - first).days
    plot = WIDTH - LABEL_WIDTH - RIGHT

    def x(day: datetime.date) -> float:
        return LABEL_WIDTH + (day - first).days / days * plot

    bars = []
    for row, (project, (start, end)) in enumerate(spans):
        top = TOP + row * ROW
        bar = Bar(project, start, end, y=f"{top + 6:.1f}", label_y=f"{top + 15:.1f}",
                  x=f"{x(start):.1f}", width=f"{max(x(end) - x(start), 3):.1f}")
        for milestone in project.milestones.all():
            bar.milestones.append((f"{x(milestone.actual_date or milestone.planned_date):.1f}",
                                   f"{top + 15:.1f}", milestone))
        bars.append(bar)
    years = []
    year = first
    while year <= last:
        years.append({"x": f"{x(year):.1f}", "label": year.year, "label_x": f"{x(year) + 4:.1f}"})
        year = _year_after(year)
    height = TOP + len(bars) * ROW + 10
    today = datetime.date.today()
    return {
        "width": WIDTH, "height": height, "bars": bars, "years": years[:-1],
        "grid": years, "left": LABEL_WIDTH, "lines_top": TOP - 4, "right": WIDTH - RIGHT,
        "bottom": height - 6,
        "today_x": f"{x(today):.1f}" if first <= today <= last else "",
    }
