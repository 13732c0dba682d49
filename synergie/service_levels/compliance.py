"""Service-level compliance per solution, month and priority, added up by the database.

An incident counts in the month it was resolved (closed, when the export gives no resolution);
open and cancelled ones count nowhere. It is within target when the hours it took — business
hours or calendar hours, as its solution's agreement says — are no more than the agreement's
resolution target for its priority. A priority without a target is listed, without compliance."""

from dataclasses import dataclass
from datetime import date
from decimal import Decimal

from django.db import connection
from django.db.models import F, OuterRef, Subquery

from synergie.catalogue.models import ServiceTarget, Solution, SupportHours
from synergie.service_levels.models import Incident, Service


@dataclass(frozen=True)
class ComplianceRow:
    solution_id: int
    solution: str
    month: str  # "YYYY-MM"
    priority: str
    incidents: int
    within_target: int | None  # None: the agreement sets no target for this priority
    target_hours: Decimal | None
    goal: Decimal | None

    @property
    def breaches(self) -> int | None:
        return None if self.within_target is None else self.incidents - self.within_target

    @property
    def compliance(self) -> float | None:
        """Share resolved within target, in percent."""
        if self.within_target is None:
            return None
        return round(100 * self.within_target / self.incidents, 2)

    @property
    def meets_goal(self) -> bool | None:
        if self.compliance is None or self.goal is None:
            return None
        return Decimal(str(self.compliance)) >= self.goal

    def as_json(self) -> dict:
        return {"solution": self.solution, "month": self.month, "priority": self.priority,
                "incidents": self.incidents, "within_target": self.within_target,
                "compliance": self.compliance}


def compliance_rows(*, solution_id: int | None = None) -> list[ComplianceRow]:
    """Every mapped solution's months and priorities (or one solution's), oldest month first."""
    incident, service = Incident._meta.db_table, Service._meta.db_table
    solution_table, target = Solution._meta.db_table, ServiceTarget._meta.db_table
    where, params = "", [SupportHours.BUSINESS]
    if solution_id is not None:
        where, params = " AND s.solution_id = %s", [*params, solution_id]
    sql = f"""
        SELECT s.solution_id, i.month, i.priority, COUNT(*),
               SUM(CASE WHEN (CASE WHEN sol.support_hours = %s THEN i.business_hours
                                   ELSE i.calendar_hours END) <= t.resolution_hours
                        THEN 1 ELSE 0 END),
               MAX(t.resolution_hours), MAX(t.compliance_goal)
        FROM {incident} i
        JOIN {service} s ON s.id = i.service_id
        JOIN {solution_table} sol ON sol.id = s.solution_id
        LEFT JOIN {target} t ON t.solution_id = s.solution_id AND t.priority = i.priority
        WHERE i.month IS NOT NULL{where}
        GROUP BY s.solution_id, i.month, i.priority
        ORDER BY s.solution_id, i.month, i.priority"""
    with connection.cursor() as cursor:
        cursor.execute(sql, params)
        found = cursor.fetchall()
    names = {pk: str(solution) for pk, solution in
             Solution.objects.in_bulk({row[0] for row in found}).items()}
    rows = [ComplianceRow(
        solution_id=solution, solution=names[solution], month=str(month)[:7], priority=priority,
        incidents=count, within_target=None if hours is None else int(within or 0),
        target_hours=_decimal(hours), goal=_decimal(goal))
        for solution, month, priority, count, within, hours, goal in found]
    rows.sort(key=lambda row: (row.solution.casefold(), row.solution_id, row.month,
                               row.priority))
    return rows


def _decimal(value) -> Decimal | None:
    if value is None:
        return None
    number = Decimal(str(value))
    # 90, not 9E+1 nor 90.00: as the agreement reads
    return number.quantize(Decimal(1)) if number == number.to_integral() else number.normalize()


def hours_field(solution: Solution) -> str:
    return ("business_hours" if solution.support_hours == SupportHours.BUSINESS
            else "calendar_hours")


def breaches(solution: Solution, month: date):
    """The incidents of `solution` resolved in `month` later than its target, longest first."""
    counted = hours_field(solution)
    target = ServiceTarget.objects.filter(solution=solution, priority=OuterRef("priority"))
    return (Incident.objects.filter(service__solution=solution, month=month)
            .annotate(target_hours=Subquery(target.values("resolution_hours")[:1]),
                      hours_taken=F(counted))
            .filter(target_hours__isnull=False, hours_taken__gt=F("target_hours"))
            .select_related("service").order_by("priority", "-hours_taken", "number"))


def unmapped_services():
    return Service.objects.filter(solution__isnull=True).order_by("name")
