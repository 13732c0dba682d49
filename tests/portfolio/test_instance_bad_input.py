"""Whatever a file holds, the optimiser says what is wrong with it, field by field: no traceback,
no number that is not one, no plan for years that are not calendar years."""

import copy
import json
import math

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from synergie.portfolio.engine.instance import (
    MAX_MAGNITUDE,
    Instance,
    InstanceError,
    load_instance,
    parse_instance,
)
from tests.portfolio.engine_cases import base_instance, candidate
from tests.portfolio.test_optimise_command import run, write

VALID = base_instance(candidates=[
    candidate("A", 5, [10, 5], demand={"dev": [1]}, axis="continuity"),
    candidate("B", 3, [20]),
])


def errors_of(data) -> list[str]:
    with pytest.raises(InstanceError) as raised:
        parse_instance(data)
    return raised.value.errors


def test_a_deeply_nested_file_is_a_message_not_a_traceback(tmp_path):
    code, out, err = run("--instance", write(tmp_path, "[" * 100_000 + "]" * 100_000))
    assert code == 1
    assert "nested too deeply" in err
    assert "Traceback" not in out + err


def test_an_integer_of_thousands_of_digits_is_a_message(tmp_path):
    text = json.dumps(base_instance()).replace("[100, 100, 100]", "[1" + "0" * 5000 + ", 1, 1]")
    with pytest.raises(InstanceError) as raised:
        load_instance(write(tmp_path, text))
    assert "invalid JSON" in raised.value.errors[0]


@pytest.mark.parametrize("literal", ["NaN", "Infinity", "-Infinity", "1e400"])
def test_a_number_that_is_not_finite_is_named_so(tmp_path, literal):
    text = json.dumps(base_instance()).replace("[100, 100, 100]", f"[100, {literal}, 100]")
    with pytest.raises(InstanceError) as raised:
        load_instance(write(tmp_path, text))
    assert raised.value.errors == [f"budget[1]: not a finite number (got {float(literal)})"]


def test_a_score_that_is_not_finite_is_named_so():
    data = copy.deepcopy(VALID)
    data["candidates"][0]["score"] = math.nan
    assert errors_of(data) == ["candidates[0].score: not a finite number (got nan) "
                               "(candidate 'A')"]


@pytest.mark.parametrize("path", [["budget", 0], ["capacity", "dev", 2],
                                  ["candidates", 1, "cost", 0], ["candidates", 0, "score"]])
def test_huge_magnitudes_are_refused(path):
    data = copy.deepcopy(VALID)
    target = data
    for key in path[:-1]:
        target = target[key]
    target[path[-1]] = 1e308
    errors = errors_of(data)
    assert len(errors) == 1 and f"too large (at most {MAX_MAGNITUDE:g})" in errors[0], errors


def test_one_bad_candidate_is_reported_once_not_as_unknown_elsewhere():
    data = copy.deepcopy(VALID)
    data["candidates"][1]["cost"] = ["x"]
    data["dependencies"] = [{"candidate": "A", "needs": "B"}]
    data["exclusions"] = [["B", "A"]]
    assert errors_of(data) == ["candidates[1].cost[0]: expected a number, got a string "
                               "(candidate 'B')"]


@pytest.mark.parametrize("years", [[1, 2, 3], [0], [1999, 2000], [2100, 2101]])
def test_years_must_be_calendar_years(years):
    data = base_instance(years=years, budget=[1] * len(years), capacity={})
    assert errors_of(data) == ["years: expected calendar years between 2000 and 2100, "
                               "e.g. [2027, 2028]"]


def test_a_pool_needs_a_name():
    data = base_instance(capacity={" ": [1, 1, 1]})
    assert "capacity: a skill pool needs a name" in errors_of(data)


# Any JSON document at all, and documents shaped like instances with any values in them.
JSON = st.recursive(
    st.none() | st.booleans() | st.integers() | st.floats() | st.text(max_size=5),
    lambda children: st.lists(children, max_size=4)
    | st.dictionaries(st.text(max_size=5), children, max_size=4),
    max_leaves=20,
)
NUMBER = (st.integers(min_value=-10, max_value=10**20) | st.floats()
          | st.sampled_from([1e308, -0.0, 2.5]))
YEARS = st.lists(st.integers(min_value=-5, max_value=2200), min_size=0, max_size=4)
INSTANCE_LIKE = st.fixed_dictionaries({
    "years": YEARS | JSON,
    "budget": st.lists(NUMBER, max_size=4) | JSON,
    "capacity": st.dictionaries(st.sampled_from(["dev", "", "ops"]),
                                st.lists(NUMBER, max_size=4) | JSON, max_size=2),
    "candidates": st.lists(st.fixed_dictionaries(
        {"id": st.sampled_from(["A", "B", "", 3]), "score": NUMBER | JSON,
         "cost": st.lists(NUMBER, max_size=3) | JSON},
        optional={"demand": st.dictionaries(st.sampled_from(["dev", "ops"]),
                                            st.lists(NUMBER, max_size=3)),
                  "start_years": YEARS | JSON, "axis": JSON | st.just("policy"),
                  "forced": st.sampled_from(["in", "out", None, "x"]),
                  "reason": JSON | st.just("because"), "mandatory": JSON}),
        max_size=3),
}, optional={
    "dependencies": st.lists(st.lists(st.sampled_from(["A", "B", "Z"]), min_size=2, max_size=2)
                             | JSON, max_size=2) | JSON,
    "exclusions": st.lists(st.lists(st.sampled_from(["A", "B"]), min_size=2, max_size=2)
                           | JSON, max_size=2) | JSON,
    "axis_bounds": st.dictionaries(st.sampled_from(["policy", "fun"]), JSON, max_size=2) | JSON,
})


def _valid(instance: Instance) -> None:
    """What a parsed instance promises the solver: calendar years, finite bounded numbers."""
    assert all(2000 <= year <= 2100 for year in instance.years)
    numbers = list(instance.budget) + [v for c in instance.capacity.values() for v in c]
    for item in instance.candidates:
        numbers += [item.score, *item.cost, *(v for d in item.demand.values() for v in d)]
    assert all(math.isfinite(v) and 0 <= v <= MAX_MAGNITUDE for v in numbers)


@settings(max_examples=300, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(st.one_of(JSON, INSTANCE_LIKE))
def test_any_document_gives_a_valid_instance_or_field_errors(data):
    try:
        instance = parse_instance(data)
    except InstanceError as error:
        assert error.errors and all(isinstance(message, str) and ": " in message
                                    for message in error.errors)
    else:
        _valid(instance)
