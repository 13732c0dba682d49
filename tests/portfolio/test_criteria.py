"""Criteria weights from pairwise comparison, and weighted scores."""

import pytest

from synergie.portfolio.engine.criteria import weighted_score, weights_from_pairwise


def test_consistent_comparisons_give_the_implied_weights():
    # a = 2b, b = 2c, a = 4c: perfectly consistent, weights 4:2:1.
    result = weights_from_pairwise(["a", "b", "c"], {("a", "b"): 2, ("b", "c"): 2, ("a", "c"): 4})
    assert result.weights == pytest.approx({"a": 4 / 7, "b": 2 / 7, "c": 1 / 7}, rel=1e-6)
    assert result.consistency_ratio == pytest.approx(0, abs=1e-6)
    assert result.consistent


def test_contradictory_comparisons_are_flagged():
    # a > b, b > c, but c > a strongly: not consistent.
    result = weights_from_pairwise(["a", "b", "c"], {("a", "b"): 5, ("b", "c"): 5, ("c", "a"): 5})
    assert not result.consistent


def test_missing_pairs_count_as_equal_and_bad_values_are_refused():
    assert weights_from_pairwise(["a", "b"], {}).weights == pytest.approx({"a": .5, "b": .5})
    with pytest.raises(ValueError):
        weights_from_pairwise(["a", "b"], {("a", "b"): 0})


def test_weighted_score():
    assert weighted_score({"a": 5, "b": 1}, {"a": 3, "b": 1}) == pytest.approx(4.0)
    assert weighted_score({"a": 5}, {"a": 0}) == 0.0
