"""The engine's results in the reader's words and language: labels, calendar years, what a
break-even number means and what is still missing (the engine's texts are listed in texts.py)."""

from dataclasses import dataclass

from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy, ngettext

from synergie.business_case.engine import DRIVER_LABELS, LABELS

# The engine's MISSING_INPUTS, as the page says them.
MISSING_TEXTS = {
    "pooled_costs": gettext_lazy(
        "the costs of the pooled scenario: enter at least one shared cost, the overhead, "
        "onboarding or change support"),
    "separate_costs": gettext_lazy(
        "what each institution would spend alone: none of the opportunity's needs has a cost "
        "estimate within the horizon"),
}


@dataclass
class ShownFormula:
    label: str
    symbolic: str
    substituted: str
    group: str


def translated_formulas(formulas, first_year: int) -> list[ShownFormula]:
    """Labels name calendar years ("cost in 2027"), where the engine counts from year 0."""
    shown = []
    for formula in formulas:
        params = {}
        for key, value in formula.params.items():
            if key == "year":
                value = first_year + value
            params[key] = _(str(value)) if isinstance(value, str) else value
        label = _(LABELS[formula.label_key]).format(**params)
        shown.append(ShownFormula(label, formula.symbolic, formula.substituted, formula.group))
    return shown


def translated_sensitivity(result) -> list[dict]:
    return [
        {"driver": _(DRIVER_LABELS[row.driver]), "low": row.gain_low, "high": row.gain_high,
         "swing": row.swing}
        for row in result.sensitivity.rows
    ]


def missing_inputs(result) -> list[str]:
    return [str(MISSING_TEXTS[key]) for key in result.missing_inputs]


def break_even_sentence(break_even) -> str:
    """What the break-even number means, against the opportunity's current members."""
    needed, members = break_even.participants, break_even.member_count
    if needed is None:
        return ngettext(
            "Even with %(bound)d institution like the average member, pooling would cost more "
            "than each institution working alone.",
            "Even with %(bound)d institutions like the average member, pooling would cost "
            "more than each institution working alone.", break_even.bound,
        ) % {"bound": break_even.bound}
    if needed > members:
        return ngettext(
            "Pooling would cost less than each institution working alone from %(needed)d "
            "institutions like the average member; there is only %(members)d.",
            "Pooling would cost less than each institution working alone from %(needed)d "
            "institutions like the average member; there are only %(members)d.", members,
        ) % {"needed": needed, "members": members}
    return ngettext(
        "From %(needed)d institution like the average member, pooling costs less than each "
        "institution working alone; the opportunity has %(members)d.",
        "From %(needed)d institutions like the average member, pooling costs less than each "
        "institution working alone; the opportunity has %(members)d.", needed,
    ) % {"needed": needed, "members": members}
