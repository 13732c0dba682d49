"""Small business cases worked out by hand, shared by the tests.

Notation: E_t separate cost of year t, P_t pooled cost, V_E and V_P their present values
(year t divided by (1 + r)^t), G = V_E − V_P.
"""

from dataclasses import replace

from synergie.business_case.engine import BusinessCaseInputs, Member, PooledScenario


def member(member_id: str, one_off, recurring, *, population=1, users=1, declared_usage=1,
           joins_in_year=0, name=None) -> Member:
    return Member(id=member_id, name=name or member_id.title(), population=population,
                  users=users, declared_usage=declared_usage,
                  separate_one_off=tuple(one_off), separate_recurring=tuple(recurring),
                  joins_in_year=joins_in_year)


def pooling_wins(split_key: str = "population") -> BusinessCaseInputs:
    """Case A, r = 10 %, three years, two members joining in year 0.

    Alpha alone: 100,000 + 20,000 in year 0, 20,000 a year after (population 30,000, users 100,
    declared usage 600). Beta alone: 80,000 + 10,000, then 10,000 (population 10,000, users 300,
    declared usage 400). E = (210,000, 30,000, 30,000).
    V_E = 210,000 + 30,000/1.1 + 30,000/1.1² = 210,000 + 63,000/1.21 = 262,066.12

    Pooled: shared one-off 60,000 in year 0, shared recurring 12,000 and overhead 2,000 a year,
    onboarding 5,000 per member, change support 3,000 in the joining year and 1,000 the year after.
    P_0 = 60,000 + 12,000 + 2,000 + 2×5,000 + 2×3,000 = 90,000; P_1 = 12,000 + 2,000 + 2×1,000
    = 16,000; P_2 = 14,000.
    V_P = 90,000 + 16,000/1.1 + 14,000/1.1² = 90,000 + 31,600/1.21 = 116,115.70
    G = 145,950.41; payback in year 0 (90,000 ≤ 210,000).

    By population (¾, ¼) of the shared costs and overhead (74,000, 14,000, 14,000):
    Alpha pays 55,500 + 8,000 = 63,500, then 10,500 + 1,000 = 11,500, then 10,500:
    V_P,Alpha = 63,500 + 23,150/1.21 = 82,632.23; V_E,Alpha = 120,000 + 42,000/1.21 = 154,710.74;
    G_Alpha = 72,078.51. Beta pays 26,500, 4,500, 3,500: V_P,Beta = 26,500 + 8,450/1.21
    = 33,483.47; V_E,Beta = 90,000 + 21,000/1.21 = 107,355.37; G_Beta = 73,871.90.
    """
    return BusinessCaseInputs(
        horizon=3, discount_rate=0.10, split_key=split_key,
        members=(
            member("alpha", (100_000, 0, 0), (20_000, 20_000, 20_000),
                   population=30_000, users=100, declared_usage=600),
            member("beta", (80_000, 0, 0), (10_000, 10_000, 10_000),
                   population=10_000, users=300, declared_usage=400),
        ),
        pooled=PooledScenario(
            shared_one_off=(60_000, 0, 0), shared_recurring=(12_000, 12_000, 12_000),
            onboarding_per_member=5_000, change_support_per_member=(3_000, 1_000),
            orchestrator_overhead=(2_000, 2_000, 2_000)),
    )


def pooling_loses() -> BusinessCaseInputs:
    """Case B, r = 5 %, two years, two equal members: the pool costs more than it saves.

    Each member alone: 10,000 + 1,000 in year 0, 1,000 in year 1. E = (22,000, 2,000).
    V_E = 22,000 + 2,000/1.05 = 23,904.76
    Pooled: shared one-off 30,000, shared recurring 2,000 a year, overhead 1,000 a year,
    onboarding 500 and change support 500 (one-off) per member.
    P_0 = 30,000 + 2,000 + 1,000 + 2×500 + 2×500 = 35,000; P_1 = 3,000.
    V_P = 35,000 + 3,000/1.05 = 37,857.14;  G = −13,952.38.
    Cumulative: 35,000 > 22,000 then 37,857.14 > 23,904.76: no payback.
    Equal split: each pays 16,500 + 1,000 = 17,500 then 1,500: V_P,i = 18,928.57,
    V_E,i = 11,000 + 1,000/1.05 = 11,952.38, G_i = −6,976.19.
    Break-even: V_M = 2×500 + 2×500 = 2,000; V_F = 30,000 + (2,000 + 2,000/1.05)
    + (1,000 + 1,000/1.05) = 35,857.14; per participant (23,904.76 − 2,000)/2 = 10,952.38;
    n ≥ 35,857.14 / 10,952.38 = 3.27, so 4 (G(3) = −3,000, G(4) = 7,952.38).
    """
    return BusinessCaseInputs(
        horizon=2, discount_rate=0.05, split_key="equal",
        members=(member("a", (10_000, 0), (1_000, 1_000)),
                 member("b", (10_000, 0), (1_000, 1_000))),
        pooled=PooledScenario(
            shared_one_off=(30_000, 0), shared_recurring=(2_000, 2_000),
            onboarding_per_member=500, change_support_per_member=(500,),
            orchestrator_overhead=(1_000, 1_000)),
    )


def late_joiner() -> BusinessCaseInputs:
    """Case D, r = 0, three years; Beta joins in year 1 and works alone in year 0.

    Alpha alone: 1,000 + 100, then 100, 100. Beta alone: 2,000 + 200, then 200, 200.
    E = (3,300, 300, 300), V_E = 3,900.
    Pooled: shared one-off 600, shared recurring 90 a year, overhead 10 a year, onboarding 50,
    change support 20 in the joining year and 5 the year after.
    P_0 = 600 + 90 + 10 + 50 (Alpha joins) + 20 (Alpha's change) + 2,200 (Beta alone) = 2,970
    P_1 = 90 + 10 + 50 (Beta joins) + 5 (Alpha) + 20 (Beta) = 175;  P_2 = 100 + 5 = 105.
    V_P = 3,250, G = 650, payback year 0 (2,970 ≤ 3,300).
    Equal key among members already joined: Alpha carries all of year 0, half after.
    Alpha: 700 + 70 = 770, 50 + 5 = 55, 50 → 875; alone 1,300 → G_Alpha = 425.
    Beta: 2,200, 50 + 50 + 20 = 120, 50 + 5 = 55 → 2,375; alone 2,600 → G_Beta = 225.
    """
    return BusinessCaseInputs(
        horizon=3, discount_rate=0.0, split_key="equal",
        members=(member("alpha", (1_000, 0, 0), (100, 100, 100)),
                 member("beta", (2_000, 0, 0), (200, 200, 200), joins_in_year=1)),
        pooled=PooledScenario(
            shared_one_off=(600, 0, 0), shared_recurring=(90, 90, 90),
            onboarding_per_member=50, change_support_per_member=(20, 5),
            orchestrator_overhead=(10, 10, 10)),
    )


def late_payback(last_pooled_recurring: float = 20) -> BusinessCaseInputs:
    """Case E, r = 0, one member: the pool catches up in the last year.

    E = (100, 100, 100); P = (250, 20, x) with shared one-off 230 and recurring (20, 20, x).
    Cumulative: 250 > 100, 270 > 200, 270 + x against 300: with x = 20, 290 ≤ 300 → year 2,
    G = 10; with x = 30, exactly 300 ≤ 300 → still year 2, but G = 0 (label not met).
    """
    return BusinessCaseInputs(
        horizon=3, discount_rate=0.0,
        members=(member("solo", (0, 0, 0), (100, 100, 100)),),
        pooled=PooledScenario(
            shared_one_off=(230, 0, 0), shared_recurring=(20, 20, last_pooled_recurring),
            onboarding_per_member=0, change_support_per_member=(),
            orchestrator_overhead=(0, 0, 0)),
    )


def nothing_costs_anything() -> BusinessCaseInputs:
    """Every amount zero: G = 0, payback in year 0 (0 ≤ 0), break-even at 1 participant, no
    division by zero anywhere."""
    inputs = pooling_loses()
    zero = (0, 0)
    return replace(
        inputs, members=tuple(replace(m, separate_one_off=zero, separate_recurring=zero)
                              for m in inputs.members),
        pooled=PooledScenario(shared_one_off=zero, shared_recurring=zero,
                              onboarding_per_member=0, change_support_per_member=(),
                              orchestrator_overhead=zero))


def ten_year_region() -> BusinessCaseInputs:
    """A fuller case for the XLSX check: ten years, six members joining over three years,
    uneven costs, split by users."""
    members = []
    for index in range(6):
        scale = 1 + index * 0.37
        members.append(member(
            f"m{index}", [round(40_000 * scale, 2) if t == 0 else (5_000 if t == 6 else 0)
                          for t in range(10)],
            [round(7_500 * scale + 130.25 * t, 2) for t in range(10)],
            population=12_000 + 3_500 * index, users=40 + 17 * index,
            declared_usage=1.5 + index, joins_in_year=index // 2,
            name=f"Commune {index} d'Essai"))
    return BusinessCaseInputs(
        horizon=10, discount_rate=0.035, split_key="users", sensitivity_variation=0.25,
        members=tuple(members),
        pooled=PooledScenario(
            shared_one_off=(150_000, 25_000) + (0,) * 8,
            shared_recurring=tuple(18_000 + 250 * t for t in range(10)),
            onboarding_per_member=4_250.5, change_support_per_member=(6_000, 2_500, 1_000),
            orchestrator_overhead=(9_000,) * 10),
    )
