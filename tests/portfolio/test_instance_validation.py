"""A malformed instance is refused with messages naming the field, never with a traceback."""

import copy

import pytest

from synergie.portfolio.engine.instance import InstanceError, load_instance, parse_instance
from tests.portfolio.engine_cases import base_instance, candidate

VALID = base_instance(candidates=[
    candidate("A", 5, [10, 5], demand={"dev": [1]}, axis="continuity"),
    candidate("B", 3, [20]),
])


def errors_of(data) -> list[str]:
    with pytest.raises(InstanceError) as raised:
        parse_instance(data)
    return raised.value.errors


def changed(path: list, value) -> dict:
    data = copy.deepcopy(VALID)
    target = data
    for key in path[:-1]:
        target = target[key]
    if value is KeyError:
        del target[path[-1]]
    else:
        target[path[-1]] = value
    return data


def test_the_valid_instance_parses():
    instance = parse_instance(VALID)
    assert [c.id for c in instance.candidates] == ["A", "B"]
    assert instance.candidates[0].start_years == (2027, 2028, 2029)  # default: every year


@pytest.mark.parametrize("path, value, message", [
    (["years"], KeyError, "years: required field is missing"),
    (["years"], [2027, 2029], "years: years must be consecutive and increasing"),
    (["years"], "2027", "years: expected a non-empty list of whole years"),
    (["budget"], [100, 100], "budget: expected 3 values, one per planning year, got 2"),
    (["budget"], [100, -1, 100], "budget[1]: must not be negative (got -1)"),
    (["budget"], [100, "x", 100], "budget[1]: expected a number, got a string"),
    (["capacity", "dev"], [1, 2], "capacity.dev: expected 3 values"),
    (["candidates"], {"A": 1}, "candidates: expected a list, got an object"),
    (["candidates", 1, "cost"], "20", "candidates[1].cost: expected a list of numbers, got a "
                                      "string (candidate 'B')"),
    (["candidates", 1, "cost"], [20, True], "candidates[1].cost[1]: expected a number, got a "
                                            "boolean (candidate 'B')"),
    (["candidates", 0, "score"], KeyError, "candidates[0].score: required field is missing "
                                           "(candidate 'A')"),
    (["candidates", 0, "score"], -2, "candidates[0].score: must not be negative"),
    (["candidates", 0, "id"], "", "candidates[0].id: required: a non-empty string"),
    (["candidates", 1, "id"], "A", "candidates[1].id: duplicate id 'A' (also candidates[0])"),
    (["candidates", 0, "demand"], {"ops": [1]}, "candidates[0].demand.ops: unknown skill pool "
                                                "(not declared in capacity) (candidate 'A')"),
    (["candidates", 0, "demand"], [1], "candidates[0].demand: expected an object"),
    (["candidates", 0, "start_years"], [2031], "candidates[0].start_years: 2031 is not a "
                                               "planning year (2027–2029)"),
    (["candidates", 0, "start_years"], [], "candidates[0].start_years: expected a non-empty "
                                           "list"),
    (["candidates", 0, "axis"], "fun", "candidates[0].axis: expected one of continuity"),
    (["candidates", 0, "mandatory"], "yes", "candidates[0].mandatory: expected true or false, "
                                            "got a string"),
    (["candidates", 0, "forced"], "maybe", 'candidates[0].forced: expected "in", "out" or null'),
    (["candidates", 0, "forced"], "in", "candidates[0].reason: required when the candidate is "
                                        "forced in or out (candidate 'A')"),
    (["candidates", 0, "colour"], "red", "candidates[0].colour: unknown field (candidate 'A')"),
    (["budjet"], [1, 2, 3], "budjet: unknown field"),
    (["dependencies"], [{"candidate": "A", "needs": "Z"}], "dependencies[0].needs: unknown "
                                                           "candidate 'Z'"),
    (["dependencies"], [["A", "A"]], "dependencies[0]: 'A' cannot depend on itself"),
    (["dependencies"], [{"candidate": "A", "needs": "B", "lag": -1}], "dependencies[0].lag: "
                                                                      "expected a whole number"),
    (["dependencies"], ["A"], "dependencies[0]: expected"),
    (["exclusions"], [["A"]], "exclusions[0]: expected a pair of candidate ids"),
    (["exclusions"], [["A", 3]], "exclusions[0][1]: expected a candidate id (string), got a "
                                 "number"),
    (["axis_bounds"], {"fun": {"min": 0.1}}, "axis_bounds.fun: unknown axis"),
    (["axis_bounds"], {"policy": {"min": 0.5, "max": 0.2}}, "axis_bounds.policy: min (0.5) is "
                                                            "above max (0.2)"),
    (["axis_bounds"], {"policy": {"max": 1.5}}, "axis_bounds.policy.max: expected a share "
                                                "between 0 and 1"),
])
def test_each_problem_names_its_field(path, value, message):
    errors = errors_of(changed(path, value))
    assert any(error.startswith(message) for error in errors), errors


def test_every_problem_is_reported_at_once():
    data = changed(["candidates", 0, "cost"], "x")
    data["candidates"][1]["score"] = "high"
    data["budget"] = [1]
    errors = errors_of(data)
    assert len(errors) == 3
    assert InstanceError(errors).args[0] == "; ".join(errors)


def test_not_an_object():
    assert errors_of([1, 2]) == ["instance: expected a JSON object, got a list"]


def test_a_file_that_is_not_json_says_where(tmp_path):
    path = tmp_path / "broken.json"
    path.write_text('{"years": [2027,\n  ]}')
    with pytest.raises(InstanceError) as raised:
        load_instance(path)
    assert raised.value.errors[0].startswith(f"{path}: invalid JSON at line 2, column 3")


def test_a_missing_file(tmp_path):
    with pytest.raises(InstanceError) as raised:
        load_instance(tmp_path / "none.json")
    assert "cannot read the file" in raised.value.errors[0]
