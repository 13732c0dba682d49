"""Every figure of the business case as a formula a reader can reproduce: a language-neutral
symbolic form (symbols are listed in SYMBOLS) and the same formula with the actual numbers.

    for formula in explain(result):
        formula.label, formula.symbolic, formula.substituted, formula.value

Labels are English templates keyed by ``label_key`` (LABELS) with their ``params``; the web layer
translates them by key. Numbers are written with a NumberStyle (English by default).
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass, field

from synergie.business_case.engine.compute import BusinessCaseResult
from synergie.business_case.engine.flows import MemberShare
from synergie.business_case.engine.model import HALF_CENT
from synergie.business_case.engine.sensitivity import Driver, SensitivityRow

SYMBOLS = {
    "t": "year index, 0 for the first year",
    "r": "discount rate",
    "N": "number of member institutions",
    "a_{i,t}": "member i's one-off cost alone in year t",
    "b_{i,t}": "member i's recurring cost alone in year t",
    "E_{i,t}": "member i's cost alone in year t",
    "E_t": "separate scenario's cost in year t",
    "S_t": "shared one-off cost in year t",
    "R_t": "shared recurring cost in year t",
    "O_t": "orchestrator overhead in year t",
    "J": "onboarding cost per member, in its joining year",
    "j_i": "the year member i joins",
    "C_k": "change support per member, k years after joining",
    "L_{i,t}": "member i's costs alone in year t, before it joins",
    "P_t": "pooled scenario's cost in year t",
    "k_i": "member i's value for the split key",
    "w_{i,t}": "member i's share of shared costs and overhead in year t",
    "P_{i,t}": "member i's pooled cost in year t",
    "V_X": "present value of X: Σ_t X_t / (1 + r)^t",
    "V_E": "net present value of the separate scenario",
    "V_P": "net present value of the pooled scenario",
    "V_M": "present value of the members' own pooled costs (onboarding, change, alone)",
    "V_F": "present value of the shared costs and the overhead",
    "G": "regional gain",
    "G_i": "member i's own gain",
    "s_i": "member i's part of the pooled scenario's present value",
    "T": "payback year",
    "n*": "break-even number of participants",
    "v": "sensitivity variation",
    "∅": "never (no payback, no break-even within the bound)",
}

LABELS = {
    "separate.yearly": "Separate scenario cost in year {year}",
    "separate.cumulative": "Cumulative discounted separate cost up to year {year}",
    "pooled.yearly": "Pooled scenario cost in year {year}",
    "pooled.cumulative": "Cumulative discounted pooled cost up to year {year}",
    "separate.present_value": "Net present value of the separate scenario",
    "pooled.present_value": "Net present value of the pooled scenario",
    "component.present_value": "Present value of {component}",
    "regional_gain": "Regional gain",
    "payback_year": "Payback year",
    "member.weight": "Share of {member} in shared costs and overhead",
    "member.weight_in_year": "Share of {member} in shared costs and overhead in year {year}",
    "member.pooled_yearly": "Pooled cost of {member} in year {year}",
    "member.separate_present_value": "Net present value of {member} alone",
    "member.pooled_present_value": "Share of {member} in the pooled net present value",
    "member.pooled_share": "Part of {member} in the pooled net present value",
    "member.gain": "Own gain of {member}",
    "sensitivity.low": "Regional gain with {driver} lowered",
    "sensitivity.high": "Regional gain with {driver} raised",
    "sensitivity.swing": "Swing of the regional gain for {driver}",
    "break_even.own": "Present value of the members' own pooled costs",
    "break_even.fixed": "Present value of shared costs and overhead",
    "break_even.participants": "Break-even number of participants",
    "label.positive_business_case": "Positive regional business case",
}

# The present values the XLSX and the explanations build on, with their symbols.
COMPONENTS = {
    "shared_one_off": ("V_S", "S_t", "shared one-off costs"),
    "shared_recurring": ("V_R", "R_t", "shared recurring costs"),
    "overhead": ("V_O", "O_t", "orchestrator overhead"),
    "onboarding": ("V_J", "J_t", "onboarding costs"),
    "change_support": ("V_C", "C_t", "change support"),
    "alone_before_joining": ("V_L", "L_t", "costs alone before joining"),
}


@dataclass(frozen=True)
class NumberStyle:
    """How numbers are written: English by default; the web layer passes its locale's."""

    decimal_separator: str = "."
    group_separator: str = ","

    def amount(self, value: float) -> str:
        """Euros to the cent, without decimals when whole: 120,000 or 24,793.39."""
        cents = round(value * 100)
        whole, fraction = divmod(abs(cents), 100)
        text = f"{whole:,}".replace(",", self.group_separator)
        if fraction:
            text += f"{self.decimal_separator}{fraction:02d}"
        return ("-" if cents < 0 else "") + text

    def quantity(self, value: float) -> str:
        """A count or key value, grouped, with at most two decimals: 30,000 or 12.5."""
        text = self.amount(value)
        # amount() writes decimals only when there are cents, and always two of them.
        return text.rstrip("0") if self.decimal_separator in text else text

    def number(self, value: float, places: int = 6) -> str:
        """A rate, factor or share with at most ``places`` decimals: 1.04, 0.75."""
        text = f"{value:.{places}f}".rstrip("0").rstrip(".")
        if text in ("-0", ""):
            text = "0"
        return text.replace(".", self.decimal_separator)


@dataclass(frozen=True)
class Formula:
    key: str
    group: str
    label_key: str
    symbolic: str
    substituted: str
    value: float | int | bool | None
    unit: str  # "EUR", "year", "participants", "share", "flag"
    params: dict[str, object] = field(default_factory=dict)

    @property
    def label(self) -> str:
        return LABELS[self.label_key].format(**self.params)


@dataclass
class _Writer:
    result: BusinessCaseResult
    style: NumberStyle

    def money(self, value: float) -> str:
        text = self.style.amount(value)
        return f"({text})" if text.startswith("-") else text

    def growth(self, rate: float) -> str:
        return self.style.number(1 + rate)

    def discounted_terms(self, costs: Sequence[float], rate: float) -> str:
        """120,000 + 30,000 / 1.04 + 30,000 / 1.04^2 ..."""
        terms = []
        for t, cost in enumerate(costs):
            if t == 0:
                terms.append(self.money(cost))
            elif t == 1:
                terms.append(f"{self.money(cost)} / {self.growth(rate)}")
            else:
                terms.append(f"{self.money(cost)} / {self.growth(rate)}^{t}")
        return " + ".join(terms)

    def present_value(self, name: str, costs: Sequence[float], value: float) -> str:
        rate = self.result.inputs.discount_rate
        return f"{name} = {self.discounted_terms(costs, rate)} = {self.style.amount(value)}"

    def total(self, terms: Sequence[str]) -> str:
        return " + ".join(terms) if terms else "0"


def explain(result: BusinessCaseResult, style: NumberStyle | None = None) -> list[Formula]:
    writer = _Writer(result, style or NumberStyle())
    return [*_scenario_formulas(writer), *_result_formulas(writer), *_split_formulas(writer),
            *_sensitivity_formulas(writer), *_break_even_formulas(writer)]


def _scenario_formulas(w: _Writer) -> list[Formula]:
    result, amount = w.result, w.style.amount
    inputs, components = result.inputs, result.pooled_components
    formulas = []
    for t in result.years:
        separate_terms = [f"({w.money(m.separate_one_off[t])} + {w.money(m.separate_recurring[t])})"
                          for m in inputs.members]
        formulas.append(Formula(
            f"separate.yearly[{t}]", "separate", "separate.yearly",
            "E_t = Σ_i (a_{i,t} + b_{i,t})",
            f"E_{t} = {w.total(separate_terms)} = {amount(result.separate.yearly[t])}",
            result.separate.yearly[t], "EUR", {"year": t}))
    for t in result.years:
        joining = sum(1 for m in inputs.members if m.joins_in_year == t)
        change = [w.money(share.change_support[t]) for share in result.members
                  if share.change_support[t]]
        alone = [w.money(share.alone_before_joining[t]) for share in result.members
                 if share.alone_before_joining[t]]
        formulas.append(Formula(
            f"pooled.yearly[{t}]", "pooled", "pooled.yearly",
            "P_t = S_t + R_t + O_t + J × #{i : j_i = t} + Σ_i C_{t−j_i} + Σ_i L_{i,t}",
            f"P_{t} = {w.money(components.shared_one_off[t])} + "
            f"{w.money(components.shared_recurring[t])} + {w.money(components.overhead[t])} + "
            f"{w.money(inputs.pooled.onboarding_per_member)} × {joining} + "
            f"({w.total(change)}) + ({w.total(alone)}) = {amount(result.pooled.yearly[t])}",
            result.pooled.yearly[t], "EUR", {"year": t}))
    for scenario, letter in (("separate", "E"), ("pooled", "P")):
        flows = getattr(result, scenario)
        for t in result.years:
            formulas.append(Formula(
                f"{scenario}.cumulative[{t}]", scenario, f"{scenario}.cumulative",
                f"Σ_(s≤t) {letter}_s / (1 + r)^s",
                f"Σ_(s≤{t}) {letter}_s / (1 + r)^s = "
                f"{w.discounted_terms(flows.yearly[:t + 1], inputs.discount_rate)} = "
                f"{amount(flows.cumulative_discounted[t])}",
                flows.cumulative_discounted[t], "EUR", {"year": t}))
    return formulas


def _result_formulas(w: _Writer) -> list[Formula]:
    result, amount = w.result, w.style.amount
    separate, pooled = result.separate, result.pooled
    formulas = [
        Formula("separate.present_value", "results", "separate.present_value",
                "V_E = Σ_t E_t / (1 + r)^t",
                w.present_value("V_E", separate.yearly, separate.present_value),
                separate.present_value, "EUR"),
        Formula("pooled.present_value", "results", "pooled.present_value",
                "V_P = Σ_t P_t / (1 + r)^t",
                w.present_value("V_P", pooled.yearly, pooled.present_value),
                pooled.present_value, "EUR"),
        Formula("regional_gain", "results", "regional_gain", "G = V_E − V_P",
                f"G = {w.money(separate.present_value)} − {w.money(pooled.present_value)} = "
                f"{amount(result.regional_gain)}", result.regional_gain, "EUR"),
        _payback_formula(w),
    ]
    present_values = result.flows.component_present_values
    for name, (symbol, yearly_symbol, description) in COMPONENTS.items():
        formulas.append(Formula(
            f"component.{name}", "results", "component.present_value",
            f"{symbol} = Σ_t {yearly_symbol} / (1 + r)^t",
            w.present_value(symbol, getattr(result.pooled_components, name),
                            present_values[name]),
            present_values[name], "EUR", {"component": description}))
    return formulas


def _payback_formula(w: _Writer) -> Formula:
    result, amount = w.result, w.style.amount
    steps = []
    for t in result.years:
        pooled = result.pooled.cumulative_discounted[t]
        separate = result.separate.cumulative_discounted[t]
        at_or_below = pooled - separate < HALF_CENT
        steps.append(f"t = {t}: {amount(pooled)} {'≤' if at_or_below else '>'} {amount(separate)}")
    outcome = "∅" if result.payback_year is None else str(result.payback_year)
    return Formula(
        "payback_year", "results", "payback_year",
        "T = min{t : ∀u ≥ t, Σ_(s≤u) P_s / (1 + r)^s ≤ Σ_(s≤u) E_s / (1 + r)^s}",
        "; ".join(steps) + f" ⇒ T = {outcome}", result.payback_year, "year")


def _weights_vary(result: BusinessCaseResult) -> bool:
    return any(share.joins_in_year for share in result.members)


def _split_formulas(w: _Writer) -> list[Formula]:
    result, number, quantity = w.result, w.style.number, w.style.quantity
    formulas = []
    all_from_start = not _weights_vary(result)
    split_costs = result.pooled_components.split_by_key
    for share in result.members:
        params = {"member": share.name}
        if all_from_start:
            keys = " + ".join(quantity(other.key_value) for other in result.members)
            formulas.append(Formula(
                f"member[{share.member_id}].weight", "split", "member.weight",
                "w_i = k_i / Σ_m k_m",
                f"w_{share.member_id} = {quantity(share.key_value)} / ({keys}) = "
                f"{number(share.weights[0], 4)}", share.weights[0], "share", params))
        else:
            for t in result.years:
                keys = " + ".join(quantity(other.active_key_value[t])
                                  for other in result.members)
                formulas.append(Formula(
                    f"member[{share.member_id}].weight[{t}]", "split", "member.weight_in_year",
                    "w_{i,t} = k_i·[t ≥ j_i] / Σ_m k_m·[t ≥ j_m]",
                    f"w_{share.member_id},{t} = {quantity(share.active_key_value[t])} / "
                    f"({keys}) = {number(share.weights[t], 4)}",
                    share.weights[t], "share", {**params, "year": t}))
        formulas.extend(_member_formulas(w, share, split_costs))
    return formulas


def _member_formulas(w: _Writer, share: MemberShare, split_costs: Sequence[float]) -> list[Formula]:
    result, amount, number = w.result, w.style.amount, w.style.number
    params, subscript = {"member": share.name}, share.member_id
    formulas = []
    for t in result.years:
        formulas.append(Formula(
            f"member[{subscript}].pooled[{t}]", "split", "member.pooled_yearly",
            "P_{i,t} = w_{i,t} × (S_t + R_t + O_t) + J·[t = j_i] + C_{t−j_i} + L_{i,t}",
            f"P_{subscript},{t} = {number(share.weights[t], 4)} × {w.money(split_costs[t])} + "
            f"{w.money(share.onboarding[t])} + {w.money(share.change_support[t])} + "
            f"{w.money(share.alone_before_joining[t])} = {amount(share.pooled[t])}",
            share.pooled[t], "EUR", {**params, "year": t}))
    formulas += [
        Formula(f"member[{subscript}].separate_present_value", "split",
                "member.separate_present_value", "V_{E,i} = Σ_t E_{i,t} / (1 + r)^t",
                w.present_value(f"V_E,{subscript}", share.separate, share.separate_present_value),
                share.separate_present_value, "EUR", params),
        Formula(f"member[{subscript}].pooled_present_value", "split",
                "member.pooled_present_value", "V_{P,i} = Σ_t P_{i,t} / (1 + r)^t",
                w.present_value(f"V_P,{subscript}", share.pooled, share.pooled_present_value),
                share.pooled_present_value, "EUR", params),
        Formula(f"member[{subscript}].pooled_share", "split", "member.pooled_share",
                "s_i = V_{P,i} / V_P",
                f"s_{subscript} = {w.money(share.pooled_present_value)} / "
                f"{w.money(result.pooled.present_value)} = "
                f"{number(result.pooled_share(share), 4)}",
                result.pooled_share(share), "share", params),
        Formula(f"member[{subscript}].gain", "split", "member.gain",
                "G_i = V_{E,i} − V_{P,i}",
                f"G_{subscript} = {w.money(share.separate_present_value)} − "
                f"{w.money(share.pooled_present_value)} = {amount(share.gain)}",
                share.gain, "EUR", params),
    ]
    return formulas


# The component whose present value a cost driver scales, in the pooled scenario.
DRIVER_COMPONENTS = {
    Driver.SHARED_ONE_OFF: "shared_one_off",
    Driver.SHARED_RECURRING: "shared_recurring",
    Driver.ONBOARDING: "onboarding",
    Driver.CHANGE_SUPPORT: "change_support",
    Driver.OVERHEAD: "overhead",
    Driver.SEPARATE_COSTS: "alone_before_joining",
}


def _sensitivity_formulas(w: _Writer) -> list[Formula]:
    result, amount, number = w.result, w.style.amount, w.style.number
    table = result.sensitivity
    formulas = []
    for row in table.rows:
        params = {"driver": row.label}
        for side, factor, gain in (("low", row.low_factor, row.gain_low),
                                   ("high", row.high_factor, row.gain_high)):
            symbolic, substituted = _sensitivity_forms(w, row, factor)
            formulas.append(Formula(
                f"sensitivity[{row.driver.value}].{side}", "sensitivity", f"sensitivity.{side}",
                symbolic, f"{substituted} = {amount(gain)}", gain, "EUR",
                {**params, "factor": number(factor)}))
        formulas.append(Formula(
            f"sensitivity[{row.driver.value}].swing", "sensitivity", "sensitivity.swing",
            "|G(X × (1 + v)) − G(X × (1 − v))|",
            f"|{w.money(row.gain_high)} − {w.money(row.gain_low)}| = {amount(row.swing)}",
            row.swing, "EUR", params))
    return formulas


def _sensitivity_forms(w: _Writer, row: SensitivityRow, factor: float) -> tuple[str, str]:
    result, number = w.result, w.style.number
    separate, pooled = result.separate.present_value, result.pooled.present_value
    change = number(factor - 1)
    if row.driver is Driver.DISCOUNT_RATE:
        rate = result.inputs.discount_rate * factor
        differences = [e - p for e, p in zip(result.separate.yearly, result.pooled.yearly)]
        return (f"G(r × {number(factor)}) = Σ_t (E_t − P_t) / (1 + r × {number(factor)})^t",
                f"G(r = {number(rate)}) = {w.discounted_terms(differences, rate)}")
    name = DRIVER_COMPONENTS[row.driver]
    symbol, yearly_symbol, _ = COMPONENTS[name]
    driver_symbol = yearly_symbol.removesuffix("_t")
    component = result.flows.component_present_values[name]
    if row.driver is Driver.SEPARATE_COSTS:
        # Scaling the separate costs scales what late joiners pay alone in the pooled scenario.
        return (f"G(E × {number(factor)}) = {number(factor)} × V_E − (V_P + ({change}) × V_L)",
                f"{number(factor)} × {w.money(separate)} − ({w.money(pooled)} + ({change}) × "
                f"{w.money(component)})")
    return (f"G({driver_symbol} × {number(factor)}) = V_E − (V_P + ({change}) × {symbol})",
            f"{w.money(separate)} − ({w.money(pooled)} + ({change}) × {w.money(component)})")


def _break_even_formulas(w: _Writer) -> list[Formula]:
    result, amount, number = w.result, w.style.amount, w.style.number
    found = result.break_even
    present_values = result.flows.component_present_values
    per_participant = found.gain_per_participant
    average = (f"({w.money(found.separate_present_value)} − "
               f"{w.money(found.members_own_present_value)}) / {found.member_count}")
    if per_participant > 0:
        needed = found.fixed_present_value / per_participant
        outcome = "∅" if found.participants is None else str(found.participants)
        beyond = f" > {found.bound}" if found.participants is None else ""
        reasoning = (f"n ≥ {w.money(found.fixed_present_value)} / ({average}) = "
                     f"{number(needed, 2)}{beyond} ⇒ n* = {outcome}")
    elif found.participants is not None:
        # Nothing to recover (no shared costs) and nothing lost per participant.
        reasoning = (f"1 × {average} − {w.money(found.fixed_present_value)} = "
                     f"{amount(found.gains[0])} ≥ 0 ⇒ n* = 1")
    else:
        reasoning = f"{average} = {amount(per_participant)} ≤ 0 ⇒ n* = ∅"
    return [
        Formula("break_even.own", "break_even", "break_even.own", "V_M = V_J + V_C + V_L",
                f"V_M = {w.money(present_values['onboarding'])} + "
                f"{w.money(present_values['change_support'])} + "
                f"{w.money(present_values['alone_before_joining'])} = "
                f"{amount(found.members_own_present_value)}",
                found.members_own_present_value, "EUR"),
        Formula("break_even.fixed", "break_even", "break_even.fixed",
                "V_F = V_S + V_R + V_O",
                f"V_F = {w.money(present_values['shared_one_off'])} + "
                f"{w.money(present_values['shared_recurring'])} + "
                f"{w.money(present_values['overhead'])} = {amount(found.fixed_present_value)}",
                found.fixed_present_value, "EUR"),
        Formula("break_even.participants", "break_even", "break_even.participants",
                "n* = min{n ≥ 1 : n × (V_E − V_M) / N − V_F ≥ 0}", reasoning,
                found.participants, "participants"),
    ]
