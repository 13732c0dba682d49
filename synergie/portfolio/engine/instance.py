"""A portfolio instance (candidates, years, budget, capacities, constraints) and its JSON loader.

The loader never lets a malformed file surface as a traceback: every problem is collected into an
`InstanceError` whose messages name the field, e.g. ``candidates[12].cost: expected a list of
numbers, got a string (candidate 'P-12')``. The format is documented in
``docs/optimiser-instance.md``.
"""

from __future__ import annotations

import json
import math
from dataclasses import dataclass, field, replace
from pathlib import Path
from typing import Any

AXES: tuple[str, ...] = ("continuity", "new_service", "improvement", "policy", "regulatory")
FORCED_VALUES: tuple[str, ...] = ("in", "out")
MAX_YEARS = 50
# Planning years are calendar years: [1, 2, 3] is a mistake (offsets, not years), and so is a
# year a portfolio of public projects will never plan for.
FIRST_YEAR, LAST_YEAR = 2000, 2100
# Amounts, scores and FTE beyond this are typing mistakes, and the solver's arithmetic on them
# overflows (1e308 summed over a few years is infinite) or loses every smaller figure.
MAX_MAGNITUDE = 1e12

TOP_LEVEL_FIELDS = {"format", "name", "description", "years", "budget", "capacity", "candidates",
                    "dependencies", "exclusions", "axis_bounds", "beyond_horizon_budget"}
CANDIDATE_FIELDS = {"id", "title", "description", "score", "cost", "demand", "start_years", "axis",
                    "mandatory", "forced", "reason"}
DEPENDENCY_FIELDS = {"candidate", "needs", "lag"}
AXIS_BOUND_FIELDS = {"min", "max"}


class InstanceError(ValueError):
    """An instance that cannot be optimised as given; `errors` lists every problem found."""

    def __init__(self, errors: list[str]):
        self.errors = errors
        super().__init__("; ".join(errors))


@dataclass(frozen=True)
class Candidate:
    """An opportunity or single need that may start in one of its allowed years."""

    id: str
    score: float
    cost: tuple[float, ...]  # cost[k]: spend in the k-th year after the start (k = 0: start year)
    demand: dict[str, tuple[float, ...]] = field(default_factory=dict)  # pool -> FTE from start
    start_years: tuple[int, ...] = ()  # absolute years
    axis: str | None = None
    mandatory: bool = False
    forced: str | None = None  # "in", "out" or None
    reason: str = ""
    title: str = ""


@dataclass(frozen=True)
class Dependency:
    """`candidate` needs `needs`: it can only be selected if `needs` is, starting `lag` years or
    more before it (lag 0: the same year or earlier)."""

    candidate: str
    needs: str
    lag: int = 0


@dataclass(frozen=True)
class AxisBound:
    """Share of the total planning budget (sum over the years) spent on one strategic axis."""

    min_share: float = 0.0
    max_share: float = 1.0


@dataclass(frozen=True)
class Instance:
    years: tuple[int, ...]
    budget: tuple[float, ...]
    capacity: dict[str, tuple[float, ...]]
    candidates: tuple[Candidate, ...]
    dependencies: tuple[Dependency, ...] = ()
    exclusions: tuple[tuple[str, str], ...] = ()
    axis_bounds: dict[str, AxisBound] = field(default_factory=dict)
    name: str = ""
    # What the selected candidates may cost, together, after the last planning year. None (the
    # default): nothing may fall after it, so a candidate only starts where its whole cost
    # profile fits inside the horizon (a late start would otherwise look cheap).
    beyond_horizon_budget: float | None = None

    def index_of(self, candidate_id: str) -> int:
        for index, candidate in enumerate(self.candidates):
            if candidate.id == candidate_id:
                return index
        raise KeyError(candidate_id)

    def with_forced(self, candidate_id: str, forced: str | None, reason: str = "") -> Instance:
        """A copy with one candidate forced in, forced out, or released (None)."""
        index = self.index_of(candidate_id)
        candidates = list(self.candidates)
        candidates[index] = replace(candidates[index], forced=forced, reason=reason)
        return replace(self, candidates=tuple(candidates))


def load_instance(path: str | Path) -> Instance:
    """Read and validate a JSON instance file."""
    try:
        text = Path(path).read_text(encoding="utf-8")
    except OSError as error:
        raise InstanceError([f"{path}: cannot read the file ({error.strerror or error})"]) from None
    except UnicodeDecodeError:
        raise InstanceError([f"{path}: not UTF-8 text"]) from None
    try:
        data = json.loads(text)
    except json.JSONDecodeError as error:
        raise InstanceError(
            [f"{path}: invalid JSON at line {error.lineno}, column {error.colno}: {error.msg}"]
        ) from None
    except ValueError as error:  # e.g. an integer of more than 4,300 digits
        raise InstanceError([f"{path}: invalid JSON: {error}"]) from None
    except RecursionError:
        # Python's decoder recurses once per nesting level; no instance nests more than four.
        raise InstanceError([f"{path}: the JSON is nested too deeply to be an instance"]) from None
    return parse_instance(data)


def parse_instance(data: Any) -> Instance:
    """Validate a decoded JSON document; raise `InstanceError` listing every problem."""
    return _Parser().parse(data)


def _type_name(value: Any) -> str:
    if value is None:
        return "null"
    if isinstance(value, bool):
        return "a boolean"
    if isinstance(value, (int, float)):
        return "a number"
    if isinstance(value, str):
        return "a string"
    if isinstance(value, list):
        return "a list"
    if isinstance(value, dict):
        return "an object"
    return type(value).__name__


def _number_problem(value: Any) -> str | None:
    """Why `value` is not a usable number, or None when it is one."""
    if not isinstance(value, (int, float)) or isinstance(value, bool):
        return f"expected a number, got {_type_name(value)}"
    if isinstance(value, float) and not math.isfinite(value):
        # Python's JSON decoder accepts NaN and Infinity, and 1e400 decodes to infinity.
        return f"not a finite number (got {value})"
    if abs(value) > MAX_MAGNITUDE:  # compared as is: a huge int does not convert to a float
        return f"too large (at most {MAX_MAGNITUDE:g})"
    return None


def _is_number(value: Any) -> bool:
    # JSON booleans decode to Python bools, which are ints: a `true` cost is a mistake, not 1.
    return isinstance(value, (int, float)) and not isinstance(value, bool) and math.isfinite(value)


class _Parser:
    def __init__(self) -> None:
        self.errors: list[str] = []
        # Every id a candidate declares, even when the candidate itself is invalid: a link to it
        # is not "unknown" (its own errors are reported once, at the candidate).
        self.declared_ids: set[str] = set()

    def error(self, path: str, message: str, candidate_id: str | None = None) -> None:
        suffix = f" (candidate {candidate_id!r})" if candidate_id else ""
        self.errors.append(f"{path}: {message}{suffix}")

    def parse(self, data: Any) -> Instance:
        if not isinstance(data, dict):
            raise InstanceError([f"instance: expected a JSON object, got {_type_name(data)}"])
        for key in sorted(set(data) - TOP_LEVEL_FIELDS):
            self.error(key, "unknown field")
        for key in ("years", "budget", "candidates"):
            if key not in data:
                self.error(key, "required field is missing")
        years = self.years(data.get("years"))
        budget = self.yearly_numbers("budget", data.get("budget"), len(years))
        capacity = self.capacity(data.get("capacity", {}), len(years))
        candidates = self.candidates(data.get("candidates", []), years, capacity)
        ids = {candidate.id for candidate in candidates} | self.declared_ids
        dependencies = self.dependencies(data.get("dependencies", []), ids)
        exclusions = self.exclusions(data.get("exclusions", []), ids)
        axis_bounds = self.axis_bounds(data.get("axis_bounds", {}))
        beyond = self.beyond_horizon_budget(data.get("beyond_horizon_budget"))
        name = data.get("name", "")
        if not isinstance(name, str):
            self.error("name", f"expected a string, got {_type_name(name)}")
        if self.errors:
            raise InstanceError(self.errors)
        return Instance(
            years=years, budget=budget, capacity=capacity, candidates=tuple(candidates),
            dependencies=tuple(dependencies), exclusions=tuple(exclusions),
            axis_bounds=axis_bounds, name=name if isinstance(name, str) else "",
            beyond_horizon_budget=beyond,
        )

    def years(self, value: Any) -> tuple[int, ...]:
        if value is None:
            return ()
        if (not isinstance(value, list) or not value
                or not all(isinstance(y, int) and not isinstance(y, bool) for y in value)):
            self.error("years", "expected a non-empty list of whole years, e.g. [2027, 2028]")
            return ()
        if not all(FIRST_YEAR <= year <= LAST_YEAR for year in value):
            self.error("years", f"expected calendar years between {FIRST_YEAR} and {LAST_YEAR}, "
                                f"e.g. [2027, 2028]")
            return ()
        if any(b != a + 1 for a, b in zip(value, value[1:])):
            self.error("years", "years must be consecutive and increasing, e.g. [2027, 2028]")
            return ()
        if len(value) > MAX_YEARS:
            self.error("years", f"at most {MAX_YEARS} planning years")
            return ()
        return tuple(value)

    def beyond_horizon_budget(self, value: Any) -> float | None:
        if value is None:
            return None
        if (problem := _number_problem(value)) is not None:
            self.error("beyond_horizon_budget", problem.replace("a number", "a number ≥ 0 (what "
                       "the costs after the last planning year may add up to) or null"))
            return None
        if value < 0:
            self.error("beyond_horizon_budget", f"must not be negative (got {value}); 0 or null: "
                                                f"no cost may fall after the last planning year")
            return None
        return float(value)

    def number_list(self, path: str, value: Any, candidate_id: str | None = None,
                    length: int | None = None) -> tuple[float, ...]:
        if not isinstance(value, list):
            self.error(path, f"expected a list of numbers, got {_type_name(value)}", candidate_id)
            return ()
        for position, item in enumerate(value):
            if (problem := _number_problem(item)) is not None:
                self.error(f"{path}[{position}]", problem, candidate_id)
                return ()
            if item < 0:
                self.error(f"{path}[{position}]", f"must not be negative (got {item})",
                           candidate_id)
                return ()
        if length is not None and len(value) != length:
            self.error(path, f"expected {length} values, one per planning year, got {len(value)}",
                       candidate_id)
            return ()
        return tuple(float(item) for item in value)

    def yearly_numbers(self, path: str, value: Any, n_years: int) -> tuple[float, ...]:
        if value is None:
            return ()
        return self.number_list(path, value, length=n_years if n_years else None)

    def capacity(self, value: Any, n_years: int) -> dict[str, tuple[float, ...]]:
        if not isinstance(value, dict):
            self.error("capacity", f"expected an object (skill pool -> list of FTE per year), "
                                   f"got {_type_name(value)}")
            return {}
        for pool in value:
            if not pool.strip():
                self.error("capacity", "a skill pool needs a name")
        return {pool: self.yearly_numbers(f"capacity.{pool}", fte, n_years)
                for pool, fte in value.items()}

    def candidates(self, value: Any, years: tuple[int, ...],
                   capacity: dict[str, tuple[float, ...]]) -> list[Candidate]:
        if not isinstance(value, list):
            self.error("candidates", f"expected a list, got {_type_name(value)}")
            return []
        parsed: list[Candidate] = []
        first_position: dict[str, int] = {}
        for position, item in enumerate(value):
            candidate = self.candidate(f"candidates[{position}]", item, years, capacity)
            if candidate is None:
                continue
            if candidate.id in first_position:
                self.error(f"candidates[{position}].id", f"duplicate id {candidate.id!r} "
                           f"(also candidates[{first_position[candidate.id]}])")
                continue
            first_position[candidate.id] = position
            parsed.append(candidate)
        return parsed

    def candidate(self, path: str, item: Any, years: tuple[int, ...],
                  capacity: dict[str, tuple[float, ...]]) -> Candidate | None:
        if not isinstance(item, dict):
            self.error(path, f"expected an object, got {_type_name(item)}")
            return None
        raw_id = item.get("id")
        if not isinstance(raw_id, str) or not raw_id.strip():
            self.error(f"{path}.id", "required: a non-empty string")
            return None
        cid = raw_id
        self.declared_ids.add(cid)
        errors_before = len(self.errors)
        for key in sorted(set(item) - CANDIDATE_FIELDS):
            self.error(f"{path}.{key}", "unknown field", cid)
        score = item.get("score")
        if "score" not in item:
            self.error(f"{path}.score", "required field is missing", cid)
        elif (problem := _number_problem(score)) is not None:
            self.error(f"{path}.score", problem.replace("a number", "a number ≥ 0"), cid)
        elif score < 0:
            self.error(f"{path}.score", f"must not be negative (got {score})", cid)
        cost = self.number_list(f"{path}.cost", item.get("cost", []), cid)
        demand = self.demand(f"{path}.demand", item.get("demand", {}), capacity, cid)
        start_years = self.start_years(f"{path}.start_years", item.get("start_years"), years, cid)
        axis = item.get("axis")
        if axis is not None and axis not in AXES:
            self.error(f"{path}.axis", f"expected one of {', '.join(AXES)} or null, "
                       f"got {axis!r}", cid)
        mandatory = item.get("mandatory", False)
        if not isinstance(mandatory, bool):
            self.error(f"{path}.mandatory", f"expected true or false, got {_type_name(mandatory)}",
                       cid)
        forced = item.get("forced")
        if forced is not None and forced not in FORCED_VALUES:
            self.error(f"{path}.forced", f'expected "in", "out" or null, got {forced!r}', cid)
        reason = item.get("reason", "")
        if not isinstance(reason, str):
            self.error(f"{path}.reason", f"expected a string, got {_type_name(reason)}", cid)
        elif forced in FORCED_VALUES and not reason.strip():
            self.error(f"{path}.reason", "required when the candidate is forced in or out", cid)
        title = item.get("title", "")
        if not isinstance(title, str):
            self.error(f"{path}.title", f"expected a string, got {_type_name(title)}", cid)
        if len(self.errors) > errors_before:
            return None
        return Candidate(id=cid, score=float(score), cost=cost, demand=demand,
                         start_years=start_years, axis=axis, mandatory=mandatory, forced=forced,
                         reason=reason, title=title)

    def demand(self, path: str, value: Any, capacity: dict[str, tuple[float, ...]],
               cid: str) -> dict[str, tuple[float, ...]]:
        if not isinstance(value, dict):
            self.error(path, f"expected an object (skill pool -> list of FTE per year from the "
                             f"start), got {_type_name(value)}", cid)
            return {}
        demand = {}
        for pool, fte in value.items():
            if pool not in capacity:
                self.error(f"{path}.{pool}", "unknown skill pool (not declared in capacity)", cid)
                continue
            demand[pool] = self.number_list(f"{path}.{pool}", fte, cid)
        return demand

    def start_years(self, path: str, value: Any, years: tuple[int, ...],
                    cid: str) -> tuple[int, ...]:
        if value is None:
            return years
        if (not isinstance(value, list) or not value
                or not all(isinstance(y, int) and not isinstance(y, bool) for y in value)):
            self.error(path, "expected a non-empty list of whole years (omit it to allow every "
                             "planning year)", cid)
            return ()
        outside = [year for year in value if year not in years]
        if outside and years:
            self.error(path, f"{outside[0]} is not a planning year "
                             f"({years[0]}–{years[-1]})", cid)
            return ()
        if len(set(value)) != len(value):
            self.error(path, "a year is listed twice", cid)
            return ()
        return tuple(sorted(value))

    def candidate_ref(self, path: str, value: Any, ids: set[str]) -> str | None:
        if not isinstance(value, str):
            self.error(path, f"expected a candidate id (string), got {_type_name(value)}")
            return None
        if value not in ids:
            self.error(path, f"unknown candidate {value!r}")
            return None
        return value

    def dependencies(self, value: Any, ids: set[str]) -> list[Dependency]:
        if not isinstance(value, list):
            self.error("dependencies", f"expected a list, got {_type_name(value)}")
            return []
        parsed = []
        for position, item in enumerate(value):
            path = f"dependencies[{position}]"
            lag: Any = 0
            if isinstance(item, list) and len(item) == 2:
                raw_candidate, raw_needs = item
            elif isinstance(item, dict):
                for key in sorted(set(item) - DEPENDENCY_FIELDS):
                    self.error(f"{path}.{key}", "unknown field")
                raw_candidate, raw_needs = item.get("candidate"), item.get("needs")
                lag = item.get("lag", 0)
            else:
                self.error(path, 'expected {"candidate": A, "needs": B} or a pair [A, B]')
                continue
            candidate = self.candidate_ref(f"{path}.candidate", raw_candidate, ids)
            needs = self.candidate_ref(f"{path}.needs", raw_needs, ids)
            if not isinstance(lag, int) or isinstance(lag, bool) or not 0 <= lag <= MAX_YEARS:
                self.error(f"{path}.lag", f"expected a whole number of years ≥ 0, got {lag!r}")
                continue
            if candidate and needs and candidate == needs:
                self.error(path, f"{candidate!r} cannot depend on itself")
                continue
            if candidate and needs:
                parsed.append(Dependency(candidate, needs, lag))
        return parsed

    def exclusions(self, value: Any, ids: set[str]) -> list[tuple[str, str]]:
        if not isinstance(value, list):
            self.error("exclusions", f"expected a list of pairs, got {_type_name(value)}")
            return []
        parsed = []
        for position, item in enumerate(value):
            path = f"exclusions[{position}]"
            if not isinstance(item, list) or len(item) != 2:
                self.error(path, "expected a pair of candidate ids [A, B]")
                continue
            first = self.candidate_ref(f"{path}[0]", item[0], ids)
            second = self.candidate_ref(f"{path}[1]", item[1], ids)
            if first and second and first == second:
                self.error(path, f"{first!r} cannot exclude itself")
            elif first and second:
                parsed.append((first, second))
        return parsed

    def axis_bounds(self, value: Any) -> dict[str, AxisBound]:
        if not isinstance(value, dict):
            self.error("axis_bounds", f"expected an object (axis -> {{min, max}}), "
                                      f"got {_type_name(value)}")
            return {}
        bounds = {}
        for axis, item in value.items():
            path = f"axis_bounds.{axis}"
            if axis not in AXES:
                self.error(path, f"unknown axis (expected one of {', '.join(AXES)})")
                continue
            if not isinstance(item, dict):
                self.error(path, f"expected an object {{\"min\": share, \"max\": share}}, "
                                 f"got {_type_name(item)}")
                continue
            for key in sorted(set(item) - AXIS_BOUND_FIELDS):
                self.error(f"{path}.{key}", "unknown field")
            shares = {}
            for key, default in (("min", 0.0), ("max", 1.0)):
                share = item.get(key, default)
                if not _is_number(share) or not 0 <= share <= 1:
                    self.error(f"{path}.{key}", f"expected a share between 0 and 1, got {share!r}")
                    break
                shares[key] = float(share)
            else:
                if shares["min"] > shares["max"]:
                    self.error(path, f"min ({shares['min']}) is above max ({shares['max']})")
                    continue
                bounds[axis] = AxisBound(shares["min"], shares["max"])
        return bounds
