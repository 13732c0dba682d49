"""People per skill pool and month: what all projects take against what the pool has."""

from collections import defaultdict
from dataclasses import dataclass, field
from decimal import Decimal

from django.db.models import Sum

from synergie.delivery.models import Allocation, PoolCapacity
from synergie.portfolio.models import Scenario


@dataclass
class PoolMonth:
    pool: str
    month: object
    capacity: Decimal | None  # None: the PMO entered none for that month
    demand: Decimal
    projects: list = field(default_factory=list)  # [(project title, FTE)]

    @property
    def free(self) -> Decimal:
        return (self.capacity or Decimal(0)) - self.demand

    @property
    def over_allocated(self) -> bool:
        return self.demand > (self.capacity or Decimal(0))


def capacity_against_demand(pool: str = "") -> list[PoolMonth]:
    """Every pool and month with a capacity or a demand, by pool then month."""
    allocations = Allocation.objects.select_related("project")
    capacities = PoolCapacity.objects.all()
    if pool:
        allocations, capacities = allocations.filter(pool=pool), capacities.filter(pool=pool)
    cells: dict = {}
    for row in capacities:
        cells[(row.pool, row.month)] = PoolMonth(row.pool, row.month, row.fte, Decimal(0))
    for row in allocations.order_by("project__title", "pk"):
        cell = cells.setdefault((row.pool, row.month),
                                PoolMonth(row.pool, row.month, None, Decimal(0)))
        cell.demand += row.fte
        cell.projects.append((row.project.title, row.fte))
    return [cells[key] for key in sorted(cells)]


def over_allocations() -> list[PoolMonth]:
    return [cell for cell in capacity_against_demand() if cell.over_allocated]


def over_allocated_pools_of(project) -> list[str]:
    """The pools this project draws on in a month where the pool is over-allocated."""
    demand = defaultdict(Decimal)
    for row in Allocation.objects.filter(
            pool__in=project.allocations.values("pool")).values("pool", "month").annotate(
            total=Sum("fte")):
        demand[(row["pool"], row["month"])] = row["total"]
    capacity = {(row.pool, row.month): row.fte for row in PoolCapacity.objects.filter(
        pool__in=project.allocations.values("pool"))}
    return sorted({pool for pool, month in project.allocations.values_list("pool", "month")
                   if demand[(pool, month)] > capacity.get((pool, month), Decimal(0))})


def known_pools() -> list[str]:
    """Pool names in use: the PMO's and those of the portfolio scenarios, so both speak of the
    same pools."""
    names = set(PoolCapacity.objects.values_list("pool", flat=True))
    names |= set(Allocation.objects.values_list("pool", flat=True))
    for capacity in Scenario.objects.values_list("capacity", flat=True):
        names |= set((capacity or {}).keys())
    return sorted(names)


@dataclass
class Run:
    """Consecutive months of one pool with the same figure, read as one line."""

    pool: str
    first: object
    last: object
    fte: Decimal


def _next_month(month):
    return month.replace(year=month.year + 1, month=1) if month.month == 12 else month.replace(
        month=month.month + 1)


def month_runs(rows) -> list[Run]:
    """`rows` of (pool, month, FTE), sorted by pool then month, as runs of equal FTE."""
    runs: list[Run] = []
    for pool, month, fte in rows:
        last = runs[-1] if runs else None
        if last and last.pool == pool and last.fte == fte and _next_month(last.last) == month:
            last.last = month
        else:
            runs.append(Run(pool, month, month, fte))
    return runs


def over_allocated_runs() -> list[Run]:
    """The over-allocated months, as runs per pool (the FTE is what is missing)."""
    return month_runs((cell.pool, cell.month, -cell.free) for cell in over_allocations())
