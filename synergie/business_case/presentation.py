"""The engine's English labels in the reader's language (the texts are listed in texts.py)."""

from dataclasses import dataclass

from django.utils.translation import gettext as _

from synergie.business_case.engine import DRIVER_LABELS, LABELS


@dataclass
class ShownFormula:
    label: str
    symbolic: str
    substituted: str
    group: str


def translated_formulas(formulas) -> list[ShownFormula]:
    shown = []
    for formula in formulas:
        params = {key: _(str(value)) if isinstance(value, str) else value
                  for key, value in formula.params.items()}
        label = _(LABELS[formula.label_key]).format(**params)
        shown.append(ShownFormula(label, formula.symbolic, formula.substituted, formula.group))
    return shown


def translated_sensitivity(result) -> list[dict]:
    return [
        {"driver": _(DRIVER_LABELS[row.driver]), "low": row.gain_low, "high": row.gain_high,
         "swing": row.swing}
        for row in result.sensitivity.rows
    ]
