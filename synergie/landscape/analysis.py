"""Reading the landscape for pooling: who runs what for which capability, where the same
capability runs on different products, and when contracts end (the moment to pool)."""

import calendar
from dataclasses import dataclass, field
from datetime import date

from django.db.models import Prefetch

from synergie.institutions.models import Institution
from synergie.landscape.models import Application
from synergie.reference.models import Capability

WINDOW_MONTHS = 24


def add_months(day: date, months: int) -> date:
    """The same day `months` later; the 31st of a shorter month becomes its last day."""
    index = day.month - 1 + months
    year, month = day.year + index // 12, index % 12 + 1
    return date(year, month, min(day.day, calendar.monthrange(year, month)[1]))


@dataclass
class CapabilityRow:
    capability: Capability
    applications: list[Application] = field(default_factory=list)

    @property
    def institutions(self) -> list[Institution]:
        seen = {}
        for application in self.applications:
            seen.setdefault(application.institution_id, application.institution)
        return sorted(seen.values(), key=lambda institution: institution.name)

    @property
    def products(self) -> dict[str, list[Application]]:
        """Applications by product (same product whatever the case or spacing)."""
        groups: dict[str, list[Application]] = {}
        names: dict[str, str] = {}
        for application in self.applications:
            key = " ".join(application.product.lower().split())
            names.setdefault(key, application.product)
            groups.setdefault(names[key], []).append(application)
        return groups


def _applications():
    return Application.objects.select_related("institution").prefetch_related(
        Prefetch("capabilities", queryset=Capability.objects.only("pk")))


def capability_rows() -> list[CapabilityRow]:
    """Every capability of the map, in its order, with the applications realising it."""
    rows = {capability.pk: CapabilityRow(capability)
            for capability in Capability.objects.select_related("domain")}
    for application in _applications():
        for capability in application.capabilities.all():
            rows[capability.pk].applications.append(application)
    return list(rows.values())


@dataclass
class Matrix:
    institutions: list[Institution]
    rows: list[tuple[Capability, list[list[Application]]]]  # one cell per institution


def matrix() -> Matrix:
    """Capabilities down, institutions that run something across, applications in the cells."""
    rows = capability_rows()
    institutions = sorted({application.institution_id: application.institution
                           for application in _applications()}.values(),
                          key=lambda institution: institution.name)
    return Matrix(institutions, [
        (row.capability, [[application for application in row.applications
                           if application.institution_id == institution.pk]
                          for institution in institutions])
        for row in rows])


def pooling_candidates() -> list[CapabilityRow]:
    """Capabilities that two institutions or more run on two products or more: the same job
    done twice, where one shared solution could do."""
    return [row for row in capability_rows()
            if len(row.institutions) >= 2 and len(row.products) >= 2]


@dataclass
class Window:
    capability: Capability
    ending: list[Application]  # contracts ending within the window, soonest first
    others: list[Application]  # the capability's other applications (no end, or later)

    @property
    def institutions(self) -> list[Institution]:
        return CapabilityRow(self.capability, self.ending).institutions


def pooling_windows(today: date, months: int = WINDOW_MONTHS) -> list[Window]:
    """Per capability, the contracts that end from today to `months` months ahead: when
    contracts expire is the moment to pool. Soonest first."""
    until = add_months(today, months)
    windows = []
    for row in capability_rows():
        ending = sorted((application for application in row.applications
                         if application.contract_end and today <= application.contract_end
                         <= until), key=lambda application: application.contract_end)
        if ending:
            windows.append(Window(row.capability, ending,
                                  [application for application in row.applications
                                   if application not in ending]))
    return sorted(windows, key=lambda window: window.ending[0].contract_end)


def capability_row(capability: Capability) -> CapabilityRow:
    return CapabilityRow(capability, list(_applications().filter(capabilities=capability)))
