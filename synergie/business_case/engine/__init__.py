"""The regional business case without Django: cash flows, NPV, cost split, sensitivity.

    from synergie.business_case.engine import (
        BusinessCaseInputs, Member, PooledScenario, compute_business_case, explain,
        positive_business_case)
    from synergie.business_case.engine.xlsx import business_case_xlsx   # needs openpyxl

Conventions are in model.py's docstring.
"""

from synergie.business_case.engine.compute import (
    BREAK_EVEN_BOUND,
    MISSING_INPUTS,
    BreakEven,
    BusinessCaseResult,
    compute_business_case,
)
from synergie.business_case.engine.explain import LABELS, SYMBOLS, Formula, NumberStyle, explain
from synergie.business_case.engine.flows import MemberShare, PooledComponents, ScenarioFlows
from synergie.business_case.engine.label import LabelCriterion, positive_business_case
from synergie.business_case.engine.model import (
    MAX_DISCOUNT_RATE,
    MAX_HORIZON,
    BusinessCaseInputs,
    InputProblem,
    InvalidBusinessCase,
    Member,
    PooledScenario,
    SplitKey,
    validate,
)
from synergie.business_case.engine.sensitivity import (
    DRIVER_LABELS,
    Driver,
    SensitivityRow,
    SensitivityTable,
)

__all__ = [
    "BREAK_EVEN_BOUND", "DRIVER_LABELS", "LABELS", "MAX_DISCOUNT_RATE", "MAX_HORIZON",
    "MISSING_INPUTS", "SYMBOLS",
    "BreakEven", "BusinessCaseInputs", "BusinessCaseResult", "Driver", "Formula", "InputProblem",
    "InvalidBusinessCase", "LabelCriterion", "Member", "MemberShare", "NumberStyle",
    "PooledComponents", "PooledScenario", "ScenarioFlows", "SensitivityRow", "SensitivityTable",
    "SplitKey", "compute_business_case", "explain", "positive_business_case", "validate",
]
