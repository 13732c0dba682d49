"""The inputs of a regional business case and their validation.

Conventions (the web page, the explanations and the XLSX export all follow them):

- Money is EUR as ``float``; every cost is a positive amount (a cost, not a cash outflow sign).
  Comparisons that decide something (payback, break-even, the label criterion) are made to the
  cent, so that float noise far below a cent never flips a decision.
- Years are indexed 0..H-1, year 0 being the first year; H (the horizon) is at most 10.
- Each member joins the pool in ``joins_in_year`` (0 by default). Before that year it still
  works alone, so in the pooled scenario it keeps its own separate costs for those years.
- Onboarding is a one-off cost per member, paid in the year it joins.
- Change support is a per-member profile by year *since joining*: element k is paid k years
  after the member joins (``(5000,)`` is a one-off in the joining year, ``(5000, 2000, 2000)``
  spreads it over three years). Amounts falling after the horizon are not counted.
- The orchestrator's overhead is an amount per year (the pool's coordination staff and tools),
  not a percentage: it does not change with the number of participants, which is what the
  break-even number of participants assumes.
- Net present value: Σ_t C_t / (1 + r)^t, costs positive, year 0 undiscounted. Regional gain
  G = NPV(separate) − NPV(pooled). Payback: the first year from which the cumulative
  discounted pooled cost stays at or below the separate one to the end of the horizon (None if
  never, so always None when the gain is negative).
- The split key divides the shared costs and the overhead of year t among the members already
  joined in year t, in proportion to their key value (1 each for "equal"); onboarding, change
  support and costs alone before joining stay with the member they belong to.
- Sensitivity: each driver times (1 − v) and (1 + v); the discount rate too (relative: 4 %
  becomes 3.2 % and 4.8 %). Break-even: see compute.BreakEven.
"""

from __future__ import annotations

import math
from collections.abc import Iterable
from dataclasses import dataclass, field, replace
from decimal import Decimal
from enum import StrEnum

MAX_HORIZON = 10
# A rate above 25 % is almost always a percentage typed as a whole number (4 for 4 %).
MAX_DISCOUNT_RATE = 0.25
DEFAULT_SENSITIVITY_VARIATION = 0.2
# Amounts within half a cent of each other are equal for every decision the engine takes.
HALF_CENT = 0.005


class SplitKey(StrEnum):
    """How the shared costs and the overhead are divided between the members."""

    EQUAL = "equal"
    POPULATION = "population"
    USERS = "users"
    DECLARED_USAGE = "declared_usage"


@dataclass(frozen=True)
class Member:
    """A member institution, with what it would spend doing it alone (the separate scenario)."""

    id: str
    name: str
    population: float
    users: float
    declared_usage: float
    separate_one_off: tuple[float, ...]
    separate_recurring: tuple[float, ...]
    joins_in_year: int = 0

    @property
    def separate_costs(self) -> tuple[float, ...]:
        return tuple(a + b for a, b in zip(self.separate_one_off, self.separate_recurring))

    def key_value(self, key: SplitKey) -> float:
        if key is SplitKey.EQUAL:
            return 1.0
        return float(getattr(self, key.value))


@dataclass(frozen=True)
class PooledScenario:
    """The costs of doing it together. Per-year tuples have one amount per year of the horizon;
    ``change_support_per_member`` is indexed by years since joining (see the module docstring)."""

    shared_one_off: tuple[float, ...]
    shared_recurring: tuple[float, ...]
    onboarding_per_member: float
    change_support_per_member: tuple[float, ...]
    orchestrator_overhead: tuple[float, ...]


@dataclass(frozen=True)
class BusinessCaseInputs:
    horizon: int
    discount_rate: float
    members: tuple[Member, ...]
    pooled: PooledScenario
    split_key: SplitKey = SplitKey.EQUAL
    sensitivity_variation: float = DEFAULT_SENSITIVITY_VARIATION


@dataclass(frozen=True)
class InputProblem:
    """One thing wrong with the inputs. ``field`` is a path such as ``members[1].users`` or
    ``pooled.shared_recurring[3]``; ``code`` is stable for the web layer to translate."""

    field: str
    code: str
    message: str

    def __str__(self) -> str:
        return f"{self.field}: {self.message}"


class InvalidBusinessCase(ValueError):
    def __init__(self, problems: list[InputProblem]):
        self.problems = problems
        super().__init__("invalid business case inputs: " + "; ".join(map(str, problems)))

    @property
    def fields(self) -> list[str]:
        return [problem.field for problem in self.problems]


@dataclass
class _Checker:
    problems: list[InputProblem] = field(default_factory=list)

    def add(self, path: str, code: str, message: str) -> None:
        self.problems.append(InputProblem(path, code, message))

    def number(self, path: str, value: object, *, minimum: float = 0.0) -> bool:
        """A finite number at least ``minimum`` (costs and counts: not negative)."""
        if isinstance(value, bool) or not isinstance(value, (int, float, Decimal)):
            self.add(path, "not_a_number", f"must be a number (got {value!r})")
            return False
        if not math.isfinite(float(value)):
            self.add(path, "not_a_number", f"must be a finite number (got {value!r})")
            return False
        if float(value) < minimum:
            code = "negative" if minimum == 0 else "out_of_range"
            self.add(path, code, f"must be at least {minimum:g} (got {value})")
            return False
        return True

    def amounts(self, path: str, values: object, length: int | None,
                max_length: int | None = None) -> None:
        """A sequence of non-negative amounts, of exactly ``length`` (one per year) or at most
        ``max_length`` items."""
        if isinstance(values, (str, bytes)) or not isinstance(values, Iterable):
            self.add(path, "not_a_sequence", "must be a list of amounts, one per year")
            return
        values = list(values)
        if length is not None and len(values) != length:
            self.add(path, "wrong_length",
                     f"must have one amount per year of the horizon ({length}), got {len(values)}")
        if max_length is not None and len(values) > max_length:
            self.add(path, "wrong_length",
                     f"must have at most {max_length} amounts (the horizon), got {len(values)}")
        for index, value in enumerate(values):
            self.number(f"{path}[{index}]", value)


def validate(inputs: BusinessCaseInputs) -> list[InputProblem]:
    """Every problem with the inputs (an empty list when they are usable)."""
    check = _Checker()
    horizon = inputs.horizon
    horizon_ok = (isinstance(horizon, int) and not isinstance(horizon, bool)
                  and 1 <= horizon <= MAX_HORIZON)
    if not horizon_ok:
        check.add("horizon", "out_of_range",
                  f"must be a whole number of years from 1 to {MAX_HORIZON} (got {horizon!r})")
    # Per-year lengths can only be checked against a usable horizon.
    years = horizon if horizon_ok else None

    if check.number("discount_rate", inputs.discount_rate) and (
            float(inputs.discount_rate) > MAX_DISCOUNT_RATE):
        check.add("discount_rate", "out_of_range",
                  f"must be at most {MAX_DISCOUNT_RATE:g}, a fraction (0.04 for 4 %), "
                  f"got {inputs.discount_rate}")
    variation = inputs.sensitivity_variation
    if check.number("sensitivity_variation", variation) and not 0 < float(variation) < 1:
        check.add("sensitivity_variation", "out_of_range",
                  f"must be a fraction between 0 and 1 (0.2 for ±20 %), got {variation}")

    try:
        key = SplitKey(inputs.split_key)
    except ValueError:
        key = None
        check.add("split_key", "not_a_choice",
                  "must be one of " + ", ".join(k.value for k in SplitKey)
                  + f" (got {inputs.split_key!r})")

    pooled = inputs.pooled
    check.amounts("pooled.shared_one_off", pooled.shared_one_off, years)
    check.amounts("pooled.shared_recurring", pooled.shared_recurring, years)
    check.amounts("pooled.orchestrator_overhead", pooled.orchestrator_overhead, years)
    check.number("pooled.onboarding_per_member", pooled.onboarding_per_member)
    check.amounts("pooled.change_support_per_member", pooled.change_support_per_member,
                  None, max_length=years)

    members = list(inputs.members) if isinstance(inputs.members, Iterable) else []
    if not members:
        check.add("members", "empty", "at least one member institution is needed")
    _validate_members(check, members, years, key)
    return check.problems


def _validate_members(check: _Checker, members: list[Member], years: int | None,
                      key: SplitKey | None) -> None:
    seen_ids: set[str] = set()
    for index, member in enumerate(members):
        path = f"members[{index}]"
        if not str(member.id).strip():
            check.add(f"{path}.id", "required", "must not be empty")
        elif member.id in seen_ids:
            check.add(f"{path}.id", "duplicate", f"{member.id!r} is used by another member")
        seen_ids.add(member.id)
        for name in ("population", "users", "declared_usage"):
            value = getattr(member, name)
            if check.number(f"{path}.{name}", value) and key is not None and (
                    key.value == name and float(value) <= 0):
                # A zero weight would hand this member the shared costs for free.
                check.add(f"{path}.{name}", "out_of_range",
                          f"must be above 0 to split costs by {name}")
        check.amounts(f"{path}.separate_one_off", member.separate_one_off, years)
        check.amounts(f"{path}.separate_recurring", member.separate_recurring, years)
        joins = member.joins_in_year
        last_year = (years - 1) if years is not None else MAX_HORIZON - 1
        if isinstance(joins, bool) or not isinstance(joins, int) or not 0 <= joins <= last_year:
            check.add(f"{path}.joins_in_year", "out_of_range",
                      f"must be a year index from 0 to {last_year} (got {joins!r})")
    joins_years = [m.joins_in_year for m in members if isinstance(m.joins_in_year, int)]
    if joins_years and min(joins_years) != 0:
        # Someone must carry the shared costs from year 0, or they could not be split.
        check.add("members", "nobody_in_year_0", "at least one member must join in year 0")


def validated(inputs: BusinessCaseInputs) -> BusinessCaseInputs:
    """The inputs with every amount as a float and every sequence as a tuple; raises
    InvalidBusinessCase naming each faulty field."""
    problems = validate(inputs)
    if problems:
        raise InvalidBusinessCase(problems)

    def floats(values: Iterable) -> tuple[float, ...]:
        return tuple(float(value) for value in values)

    pooled = inputs.pooled
    return replace(
        inputs,
        discount_rate=float(inputs.discount_rate),
        sensitivity_variation=float(inputs.sensitivity_variation),
        split_key=SplitKey(inputs.split_key),
        pooled=PooledScenario(
            shared_one_off=floats(pooled.shared_one_off),
            shared_recurring=floats(pooled.shared_recurring),
            onboarding_per_member=float(pooled.onboarding_per_member),
            change_support_per_member=floats(pooled.change_support_per_member),
            orchestrator_overhead=floats(pooled.orchestrator_overhead),
        ),
        members=tuple(
            replace(member, id=str(member.id), name=str(member.name),
                    population=float(member.population), users=float(member.users),
                    declared_usage=float(member.declared_usage),
                    separate_one_off=floats(member.separate_one_off),
                    separate_recurring=floats(member.separate_recurring))
            for member in inputs.members
        ),
    )
