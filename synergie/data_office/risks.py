"""What the data verdicts say about a set of needs, for the apps above (the business case)."""

from dataclasses import dataclass, field

from synergie.data_office.models import NeedDataDependency, Verdict


@dataclass
class DataRisks:
    counts: dict = field(default_factory=dict)  # verdict ("" = waiting) -> number
    # The dependencies that stand in the way: missing data, personal data without legal basis.
    blocking: list = field(default_factory=list)

    @property
    def total(self) -> int:
        return sum(self.counts.values())

    @property
    def missing(self) -> int:
        return self.counts.get(Verdict.MISSING, 0)

    @property
    def personal(self) -> int:
        return self.counts.get(Verdict.PERSONAL, 0)

    @property
    def conditions(self) -> int:
        return self.counts.get(Verdict.CONDITIONS, 0)

    @property
    def waiting(self) -> int:
        return self.counts.get("", 0)


def data_risks_for_needs(needs) -> DataRisks:
    """Counts per verdict of the needs' data dependencies, and the missing or personal ones."""
    risks = DataRisks()
    rows = NeedDataDependency.objects.filter(need__in=needs).select_related("dataset", "need")
    for dependency in rows:
        risks.counts[dependency.verdict] = risks.counts.get(dependency.verdict, 0) + 1
        if dependency.verdict in (Verdict.MISSING, Verdict.PERSONAL):
            risks.blocking.append(dependency)
    return risks
