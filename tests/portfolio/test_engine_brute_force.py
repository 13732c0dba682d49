"""The optimiser against brute force on small random instances with every kind of constraint."""

from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from synergie.portfolio.engine.instance import AXES, parse_instance
from synergie.portfolio.engine.optimiser import PortfolioOptimiser, SolveOptions
from tests.portfolio.engine_cases import brute_force, plan_is_feasible

EXACT = SolveOptions(time_limit=20, gap=0.0, diagnosis_time=10)


@st.composite
def small_instances(draw) -> dict:
    n_years = draw(st.integers(1, 3))
    years = list(range(2027, 2027 + n_years))
    pools = ["dev", "ops"][:draw(st.integers(0, 2))]
    amounts = st.lists(st.integers(0, 9), max_size=3)
    candidates = []
    for i in range(draw(st.integers(1, 7))):
        item = {"id": f"c{i}", "score": draw(st.integers(0, 20)), "cost": draw(amounts),
                "demand": {pool: draw(st.lists(st.integers(0, 3), max_size=3))
                           for pool in pools if draw(st.booleans())},
                "axis": draw(st.sampled_from([*AXES, None]))}
        if draw(st.booleans()):
            item["start_years"] = draw(st.lists(st.sampled_from(years), min_size=1,
                                                max_size=n_years, unique=True))
        flag = draw(st.integers(0, 14))
        if flag == 0:
            item["mandatory"] = True
        elif flag == 1:
            item.update(forced="in", reason="decided")
        elif flag == 2:
            item.update(forced="out", reason="decided")
        candidates.append(item)
    ids = [item["id"] for item in candidates]
    pairs = st.lists(st.sampled_from(ids), min_size=2, max_size=2, unique=True)
    dependencies = [{"candidate": a, "needs": b, "lag": draw(st.integers(0, 1))}
                    for a, b in draw(st.lists(pairs, max_size=3))] if len(ids) > 1 else []
    exclusions = [list(p) for p in draw(st.lists(pairs, max_size=2))] if len(ids) > 1 else []
    axis_bounds = {}
    for axis in draw(st.lists(st.sampled_from(AXES), max_size=2, unique=True)):
        low = draw(st.sampled_from([0.0, 0.0, 0.1, 0.25]))
        axis_bounds[axis] = {"min": low, "max": draw(st.sampled_from([low, 0.5, 0.8, 1.0]))}
    # Half the instances declare a budget for the costs after the last year (else none may
    # fall there).
    beyond = {"beyond_horizon_budget": draw(st.integers(0, 12))} if draw(st.booleans()) else {}
    return {
        **beyond,
        "years": years,
        "budget": [draw(st.integers(0, 25)) for _ in years],
        "capacity": {pool: [draw(st.integers(0, 5)) for _ in years] for pool in pools},
        "candidates": candidates, "dependencies": dependencies, "exclusions": exclusions,
        "axis_bounds": axis_bounds,
    }


@settings(max_examples=400, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(small_instances())
def test_the_optimiser_matches_brute_force(data):
    instance = parse_instance(data)
    best, _ = brute_force(instance)
    result = PortfolioOptimiser(instance, EXACT).solve()
    if best is None:
        assert result.status == "infeasible"
        assert result.conflicts, "an infeasible instance must say which constraints conflict"
        assert all(conflict.message and conflict.constraints for conflict in result.conflicts)
        return
    assert result.status == "optimal", result.message
    assert abs(result.objective - best) < 1e-6
    plan = {item.id: item.start_year for item in result.selected}
    assert plan_is_feasible(instance, plan)
    assert result.gap is not None and result.gap <= 1e-9
    if result.greedy_value is not None:
        assert result.greedy_value <= result.objective + 1e-9
